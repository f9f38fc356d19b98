/**
 * geo_distance_2points(lng1, lat1, lng2, lat2) (meters), geo_point_in_circle(lng, lat, cLng, cLat, radius),
 * geo_line_length(lineString | multiLineString) and geo_polygon_area(polygon | multiPolygon) (m², holes
 * subtracted). Invalid coordinates or shapes give null.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { readPolygons } from './shapes.ts';
import { unionPolygons } from './overlay.ts';
import { distanceMeters, readPoints, ringArea, validPoint, type LngLat } from './sphere.ts';

const n = (v: unknown) => (typeof v === 'string' ? null : toNumber(v));

defineScalar((F) => F.GeoDistance2Points, () => (lng1: unknown, lat1: unknown, lng2: unknown, lat2: unknown) => {
  const a = validPoint(n(lng1), n(lat1));
  const b = validPoint(n(lng2), n(lat2));
  return a && b ? distanceMeters(a, b) : null;
});

defineScalar((F) => F.GeoPointInCircle, () => (lng: unknown, lat: unknown, cLng: unknown, cLat: unknown, radius: unknown) => {
  const p = validPoint(n(lng), n(lat));
  const c = validPoint(n(cLng), n(cLat));
  const r = n(radius);
  if (!p || !c || r === null || !(r >= 0)) return null;
  return distanceMeters(p, c) <= r;
});

function lineLength(points: LngLat[]): number {
  let d = 0;
  for (let i = 0; i + 1 < points.length; i++) d += distanceMeters(points[i]!, points[i + 1]!);
  return d;
}

defineScalar((F) => F.GeoLineLength, () => (shape: unknown) => {
  const g = shape as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return null;
  const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' && Array.isArray(g.coordinates) ? g.coordinates : null;
  if (!lines) return null;
  let total = 0;
  for (const l of lines) {
    const pts = readPoints(l);
    if (!pts || pts.length < 2) return null;
    total += lineLength(pts);
  }
  return total;
});

function polygonArea(rings: unknown): number | null {
  if (!Array.isArray(rings) || rings.length === 0) return null;
  let area = 0;
  for (let i = 0; i < rings.length; i++) {
    const pts = readPoints(rings[i]);
    if (!pts || pts.length < 4) return null;
    area += (i === 0 ? 1 : -1) * ringArea(pts);
  }
  return area;
}

defineScalar((F) => F.GeoPolygonArea, () => (shape: unknown) => {
  const g = shape as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return null;
  // an invalid polygon (a ring with fewer than three distinct points, not closed, ...) has no area
  if (!readPolygons(g)) return null;
  if (g.type === 'Polygon') return polygonArea(g.coordinates);
  if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) {
    // Overlapping parts count once: the area is that of their union.
    const parts = g.coordinates.length > 1 ? readPolygons(g) : null;
    if (parts) return unionPolygons(parts).reduce((sum, p) => sum + (polygonArea(p) ?? 0), 0);
    let total = 0;
    for (const p of g.coordinates) {
      const a = polygonArea(p);
      if (a === null) return null;
      total += a;
    }
    return total;
  }
  return null;
});
