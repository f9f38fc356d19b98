/**
 * Lines and polygons: geo_distance_point_to_line (meters), geo_closest_point_on_line, geo_line_interpolate_point
 * (point at a fraction of the length), geo_line_locate_point (fraction of the length at the closest point),
 * geo_point_in_polygon, geo_distance_point_to_polygon (0 inside), geo_closest_point_on_polygon,
 * geo_polygon_perimeter (meters), geo_angle (clockwise angle at p2 from p1 to p3, radians in [0, 2π)).
 * Edges are geodesics on the sphere; invalid shapes or coordinates give null.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { EARTH_RADIUS_M, toVector, validPoint, type LngLat } from './sphere.ts';
import { closestOnEdge, edgeLength, insideRing, readLines, readPolygons, slerp, toLngLat, angleBetween, type Vec } from './shapes.ts';
import { unionPolygons } from './overlay.ts';

const n = (v: unknown) => (typeof v === 'string' ? null : toNumber(v));
const point = (lng: unknown, lat: unknown) => validPoint(n(lng), n(lat));
const geoPoint = (v: Vec) => ({ type: 'Point', coordinates: toLngLat(v) });

function closestOnLines(p: LngLat, lines: LngLat[][]): { point: Vec; angle: number; line: number; edge: number } {
  const v = toVector(p);
  let best = { point: v, angle: Infinity, line: 0, edge: 0 };
  lines.forEach((pts, li) => {
    for (let i = 0; i + 1 < pts.length; i++) {
      const c = closestOnEdge(v, toVector(pts[i]!), toVector(pts[i + 1]!));
      if (c.angle < best.angle) best = { ...c, line: li, edge: i };
    }
  });
  return best;
}

/** geo_distance_point_to_line: meters from the point to the nearest edge of a LineString or MultiLineString, or null. */
export function distanceToLine(lng: unknown, lat: unknown, line: unknown): number | null {
  const p = point(lng, lat);
  const lines = readLines(line);
  return p && lines ? closestOnLines(p, lines).angle * EARTH_RADIUS_M : null;
}

defineScalar((F) => F.GeoDistancePointToLine, () => distanceToLine);

defineScalar((F) => F.GeoClosestPointOnLine, () => (lng: unknown, lat: unknown, line: unknown) => {
  const p = point(lng, lat);
  const lines = readLines(line);
  return p && lines ? geoPoint(closestOnLines(p, lines).point) : null;
});

function singleLine(shape: unknown): LngLat[] | null {
  const lines = readLines(shape);
  return lines && lines.length === 1 && (shape as { type: string }).type === 'LineString' ? lines[0]! : null;
}

defineScalar((F) => F.GeoLineInterpolatePoint, () => (line: unknown, fraction: unknown) => {
  const pts = singleLine(line);
  const f = n(fraction);
  if (!pts || f === null || f < 0 || f > 1) return null;
  const lengths = pts.slice(1).map((q, i) => edgeLength(pts[i]!, q));
  let target = f * lengths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < lengths.length; i++) {
    if (target <= lengths[i]! || i === lengths.length - 1) {
      const t = lengths[i]! === 0 ? 0 : Math.min(1, target / lengths[i]!);
      return geoPoint(slerp(toVector(pts[i]!), toVector(pts[i + 1]!), t));
    }
    target -= lengths[i]!;
  }
  return null;
});

defineScalar((F) => F.GeoLineLocatePoint, () => (line: unknown, lng: unknown, lat: unknown) => {
  const pts = singleLine(line);
  const p = point(lng, lat);
  if (!pts || !p) return null;
  const c = closestOnLines(p, [pts]);
  const lengths = pts.slice(1).map((q, i) => edgeLength(pts[i]!, q));
  const total = lengths.reduce((a, b) => a + b, 0);
  const before = lengths.slice(0, c.edge).reduce((a, b) => a + b, 0);
  return total === 0 ? 0 : (before + angleBetween(toVector(pts[c.edge]!), c.point)) / total;
});

function inside(p: LngLat, polygons: LngLat[][][]): boolean {
  return polygons.some(([outer, ...holes]) => insideRing(p, outer!) && !holes.some((h) => insideRing(p, h)));
}

/** geo_point_in_polygon: whether a Polygon or MultiPolygon contains the point, or null. */
export function pointInPolygon(lng: unknown, lat: unknown, polygon: unknown): boolean | null {
  const p = point(lng, lat);
  const polys = readPolygons(polygon);
  return p && polys ? inside(p, polys) : null;
}

defineScalar((F) => F.GeoPointInPolygon, () => pointInPolygon);

function closestOnPolygons(p: LngLat, polys: LngLat[][][]) {
  return closestOnLines(p, polys.flat(1));
}

/** geo_distance_point_to_polygon: meters from the point to the polygon (0 inside), or null. */
export function distanceToPolygon(lng: unknown, lat: unknown, polygon: unknown): number | null {
  const p = point(lng, lat);
  const polys = readPolygons(polygon);
  if (!p || !polys) return null;
  return inside(p, polys) ? 0 : closestOnPolygons(p, polys).angle * EARTH_RADIUS_M;
}

defineScalar((F) => F.GeoDistancePointToPolygon, () => distanceToPolygon);

defineScalar((F) => F.GeoClosestPointOnPolygon, () => (lng: unknown, lat: unknown, polygon: unknown) => {
  const p = point(lng, lat);
  const polys = readPolygons(polygon);
  if (!p || !polys) return null;
  return inside(p, polys) ? { type: 'Point', coordinates: p } : geoPoint(closestOnPolygons(p, polys).point);
});

defineScalar((F) => F.GeoPolygonPerimeter, () => (polygon: unknown) => {
  const parts = readPolygons(polygon);
  if (!parts) return null;
  // a multipolygon's boundary is that of the union of its polygons (geo-polygon-perimeter-function#returns)
  const polys = parts.length > 1 ? unionPolygons(parts) : parts;
  let total = 0;
  for (const ring of polys.flat(1)) for (let i = 0; i + 1 < ring.length; i++) total += edgeLength(ring[i]!, ring[i + 1]!);
  return total * EARTH_RADIUS_M;
});

/** Initial bearing (radians clockwise from north) of the geodesic from a to b. */
function bearing(a: LngLat, b: LngLat): number {
  const [l1, p1] = [(a[0] * Math.PI) / 180, (a[1] * Math.PI) / 180];
  const [l2, p2] = [(b[0] * Math.PI) / 180, (b[1] * Math.PI) / 180];
  return Math.atan2(Math.sin(l2 - l1) * Math.cos(p2), Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(l2 - l1));
}

defineScalar((F) => F.GeoAngle, () => (lng1: unknown, lat1: unknown, lng2: unknown, lat2: unknown, lng3: unknown, lat3: unknown) => {
  const a = point(lng1, lat1);
  const b = point(lng2, lat2);
  const c = point(lng3, lat3);
  if (!a || !b || !c || (a[0] === b[0] && a[1] === b[1]) || (c[0] === b[0] && c[1] === b[1])) return null;
  const angle = bearing(b, c) - bearing(b, a);
  return ((angle % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
});
