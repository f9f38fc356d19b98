/**
 * geo_line_simplify(line, tolerance = 10 m) / geo_polygon_simplify(polygon, tolerance = 10 m): Douglas-Peucker
 * with geodesic distances; null when the tolerance is negative or the shape collapses to a point.
 * geo_line_densify(line, tolerance = 10 m) / geo_polygon_densify(polygon, tolerance = 10 m): edges given as planar
 * (straight in longitude/latitude) get points added, by halving, until each piece's geodesic strays no more than
 * the tolerance from the planar edge.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { distanceMeters, EARTH_RADIUS_M, toVector, type LngLat } from './sphere.ts';
import { closestOnEdge, norm, readLines, readPolygons, toLngLat } from './shapes.ts';

function tolerance(v: unknown): number | null {
  if (v === undefined) return 10;
  const t = v === null ? null : toNumber(v);
  return t === null || !(t >= 0) ? null : t;
}

function douglasPeucker(pts: LngLat[], tol: number): LngLat[] {
  if (pts.length <= 2) return pts;
  const a = toVector(pts[0]!);
  const b = toVector(pts[pts.length - 1]!);
  let worst = -1;
  let index = 0;
  for (let i = 1; i < pts.length - 1; i++) {
    const d = closestOnEdge(toVector(pts[i]!), a, b).angle * EARTH_RADIUS_M;
    if (d > worst) {
      worst = d;
      index = i;
    }
  }
  if (worst <= tol) return [pts[0]!, pts[pts.length - 1]!];
  return [...douglasPeucker(pts.slice(0, index + 1), tol).slice(0, -1), ...douglasPeucker(pts.slice(index), tol)];
}

const collapsed = (pts: LngLat[], tol: number) => pts.every((p) => distanceMeters(p, pts[0]!) <= tol);

defineScalar((F) => F.GeoLineSimplify, () => (line: unknown, tol?: unknown) => {
  const lines = readLines(line);
  const t = tolerance(tol);
  if (!lines || t === null || lines.some((l) => collapsed(l, t))) return null;
  const out = lines.map((l) => douglasPeucker(l, t));
  return lines.length === 1 && (line as { type: string }).type === 'LineString'
    ? { type: 'LineString', coordinates: out[0] }
    : { type: 'MultiLineString', coordinates: out };
});

/** Douglas-Peucker on each ring of one polygon; null when its shell collapses under the tolerance. */
export function simplifyPolygon(rings: LngLat[][], t: number): LngLat[][] | null {
  const simplified = rings.map((r) => douglasPeucker(r, t));
  if (simplified[0]!.length < 4 || collapsed(rings[0]!, t)) return null;
  return simplified.filter((r) => r.length >= 4);
}

defineScalar((F) => F.GeoPolygonSimplify, () => (polygon: unknown, tol?: unknown) => {
  const polys = readPolygons(polygon);
  const t = tolerance(tol);
  if (!polys || t === null) return null;
  const out: LngLat[][][] = [];
  for (const rings of polys) {
    const simplified = simplifyPolygon(rings, t);
    if (!simplified) return null;
    out.push(simplified);
  }
  return out.length === 1 && (polygon as { type: string }).type === 'Polygon'
    ? { type: 'Polygon', coordinates: out[0] }
    : { type: 'MultiPolygon', coordinates: out };
});

function densifyEdge(a: LngLat, b: LngLat, tol: number, depth = 0): LngLat[] {
  const planar: LngLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const va = toVector(a);
  const vb = toVector(b);
  const geodesic = toLngLat(norm([va[0] + vb[0], va[1] + vb[1], va[2] + vb[2]]));
  if (depth >= 20 || distanceMeters(planar, geodesic) <= tol) return [a];
  return [...densifyEdge(a, planar, tol, depth + 1), ...densifyEdge(planar, b, tol, depth + 1)];
}

function densify(pts: LngLat[], tol: number): LngLat[] {
  const out: LngLat[] = [];
  for (let i = 0; i + 1 < pts.length; i++) out.push(...densifyEdge(pts[i]!, pts[i + 1]!, tol));
  out.push(pts[pts.length - 1]!);
  return out;
}

defineScalar((F) => F.GeoLineDensify, () => (line: unknown, tol?: unknown) => {
  const lines = readLines(line);
  const t = tolerance(tol);
  if (!lines || t === null || t === 0) return null;
  const out = lines.map((l) => densify(l, t));
  return (line as { type: string }).type === 'LineString' ? { type: 'LineString', coordinates: out[0] } : { type: 'MultiLineString', coordinates: out };
});

defineScalar((F) => F.GeoPolygonDensify, () => (polygon: unknown, tol?: unknown) => {
  const polys = readPolygons(polygon);
  const t = tolerance(tol);
  if (!polys || t === null || t === 0) return null;
  const out = polys.map((rings) => rings.map((r) => densify(r, t)));
  return (polygon as { type: string }).type === 'Polygon' ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
});
