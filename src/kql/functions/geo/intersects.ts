/**
 * geo_intersects_2lines, geo_intersects_line_with_polygon, geo_intersects_2polygons: whether the shapes share a
 * point, with geodesic edges (edge crossings, or a vertex of one inside the other polygon). Invalid shapes give null.
 */
import { defineScalar } from '../registry.ts';
import { toVector, type LngLat } from './sphere.ts';
import { cross, dot, insideRing, norm, readLines, readPolygons, type Vec } from './shapes.ts';

const EPS = 1e-15;

/** Whether unit vector x lies on the minor arc a-b (given n = a × b). */
function onArc(x: Vec, a: Vec, b: Vec, n: Vec): boolean {
  return dot(cross(a, x), n) >= -EPS && dot(cross(x, b), n) >= -EPS;
}

export function arcsIntersect(a: Vec, b: Vec, c: Vec, d: Vec): boolean {
  const n1 = cross(a, b);
  const n2 = cross(c, d);
  const x = cross(n1, n2);
  if (Math.hypot(x[0], x[1], x[2]) < EPS) {
    // Same great circle (or degenerate): overlapping if an endpoint of one lies on the other.
    if (Math.abs(dot(n1, c)) > 1e-12) return false;
    return onArc(c, a, b, n1) || onArc(d, a, b, n1) || onArc(a, c, d, n2) || onArc(b, c, d, n2);
  }
  const p = norm(x);
  const q: Vec = [-p[0], -p[1], -p[2]];
  return [p, q].some((y) => onArc(y, a, b, n1) && onArc(y, c, d, n2) && dot(y, a) + dot(y, b) > 0 && dot(y, c) + dot(y, d) > 0);
}

function edges(lines: LngLat[][]): [Vec, Vec][] {
  const out: [Vec, Vec][] = [];
  for (const l of lines) for (let i = 0; i + 1 < l.length; i++) out.push([toVector(l[i]!), toVector(l[i + 1]!)]);
  return out;
}

function anyCrossing(x: [Vec, Vec][], y: [Vec, Vec][]): boolean {
  return x.some(([a, b]) => y.some(([c, d]) => arcsIntersect(a, b, c, d)));
}

const insidePolygons = (p: LngLat, polys: LngLat[][][]) =>
  polys.some(([outer, ...holes]) => insideRing(p, outer!) && !holes.some((h) => insideRing(p, h)));

defineScalar((F) => F.GeoIntersects2Lines, () => (l1: unknown, l2: unknown) => {
  const a = readLines(l1);
  const b = readLines(l2);
  return a && b ? anyCrossing(edges(a), edges(b)) : null;
});

defineScalar((F) => F.GeoIntersectsLineWithPolygon, () => (line: unknown, polygon: unknown) => {
  const l = readLines(line);
  const p = readPolygons(polygon);
  if (!l || !p) return null;
  return anyCrossing(edges(l), edges(p.flat(1))) || l.some((pts) => pts.some((pt) => insidePolygons(pt, p)));
});

defineScalar((F) => F.GeoIntersects2Polygons, () => (p1: unknown, p2: unknown) => {
  const a = readPolygons(p1);
  const b = readPolygons(p2);
  if (!a || !b) return null;
  return anyCrossing(edges(a.flat(1)), edges(b.flat(1))) ||
    a.some((poly) => insidePolygons(poly[0]![0]!, b)) || b.some((poly) => insidePolygons(poly[0]![0]!, a));
});
