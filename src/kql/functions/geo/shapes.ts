/**
 * GeoJSON shapes as the geo_* functions accept them: validated lines and polygons on the sphere, and the vector
 * math on them (closest point on a geodesic edge, interpolation along a line).
 */
import { centralAngle, readPoints, toVector, type LngLat } from './sphere.ts';

export type Vec = [number, number, number];

export const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const norm = (a: Vec): Vec => {
  const l = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / l, a[1] / l, a[2] / l];
};

export function toLngLat(v: Vec): LngLat {
  return [(Math.atan2(v[1], v[0]) * 180) / Math.PI, (Math.atan2(v[2], Math.hypot(v[0], v[1])) * 180) / Math.PI];
}

const samePoint = (a: LngLat, b: LngLat) => a[0] === b[0] && a[1] === b[1];

/** A LineString (or each line of a MultiLineString): at least two points, not all the same. */
export function readLines(shape: unknown): LngLat[][] | null {
  const g = shape as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return null;
  const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' && Array.isArray(g.coordinates) ? g.coordinates : null;
  if (!lines || lines.length === 0) return null;
  const out: LngLat[][] = [];
  for (const l of lines) {
    const pts = readPoints(l);
    if (!pts || pts.length < 2 || pts.every((p) => samePoint(p, pts[0]!))) return null;
    out.push(pts);
  }
  return out;
}

/** A closed ring with at least three distinct vertices (consecutive duplicates collapsed). */
function validRing(ring: LngLat[]): boolean {
  if (ring.length < 4 || !samePoint(ring[0]!, ring[ring.length - 1]!)) return false;
  const distinct = ring.slice(0, -1).filter((p, i, a) => i === 0 || !samePoint(p, a[i - 1]!));
  return new Set(distinct.map((p) => `${p[0]},${p[1]}`)).size >= 3;
}

/** Polygons (outer ring then holes) of a Polygon or MultiPolygon; null when any ring is invalid. */
export function readPolygons(shape: unknown): LngLat[][][] | null {
  const g = shape as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return null;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' && Array.isArray(g.coordinates) ? g.coordinates : null;
  if (!polys || polys.length === 0) return null;
  const out: LngLat[][][] = [];
  for (const p of polys) {
    if (!Array.isArray(p) || p.length === 0) return null;
    const rings: LngLat[][] = [];
    for (const r of p) {
      const pts = readPoints(r);
      if (!pts || !validRing(pts)) return null;
      rings.push(pts);
    }
    out.push(rings);
  }
  return out;
}

/** The closest point to p on the geodesic edge a-b, as a unit vector, and its angular distance from p. */
export function closestOnEdge(p: Vec, a: Vec, b: Vec): { point: Vec; angle: number } {
  const n = cross(a, b);
  const nl = Math.hypot(n[0], n[1], n[2]);
  if (nl > 1e-15) {
    const nn: Vec = [n[0] / nl, n[1] / nl, n[2] / nl];
    const proj: Vec = [p[0] - dot(p, nn) * nn[0], p[1] - dot(p, nn) * nn[1], p[2] - dot(p, nn) * nn[2]];
    if (Math.hypot(proj[0], proj[1], proj[2]) > 1e-15) {
      const q = norm(proj);
      if (dot(cross(a, q), nn) >= 0 && dot(cross(q, b), nn) >= 0) return { point: q, angle: angleBetween(p, q) };
    }
  }
  const da = angleBetween(p, a);
  const db = angleBetween(p, b);
  return da <= db ? { point: a, angle: da } : { point: b, angle: db };
}

export function angleBetween(a: Vec, b: Vec): number {
  const c = cross(a, b);
  return Math.atan2(Math.hypot(c[0], c[1], c[2]), dot(a, b));
}

/** Spherical linear interpolation between unit vectors. */
export function slerp(a: Vec, b: Vec, t: number): Vec {
  const omega = angleBetween(a, b);
  if (omega < 1e-15) return a;
  const s = Math.sin(omega);
  const wa = Math.sin((1 - t) * omega) / s;
  const wb = Math.sin(t * omega) / s;
  return norm([a[0] * wa + b[0] * wb, a[1] * wa + b[1] * wb, a[2] * wa + b[2] * wb]);
}

/** +1 when the ring runs counter-clockwise around the smaller region it bounds, -1 when clockwise (cached per ring). */
const orientations = new WeakMap<LngLat[], number>();
function orientation(ring: LngLat[]): number {
  let o = orientations.get(ring);
  if (o === undefined) {
    const v = ring.map(toVector);
    let excess = 0;
    for (let i = 1; i + 2 < v.length; i++) {
      const [a, b, c] = [v[0]!, v[i]!, v[i + 1]!];
      excess += 2 * Math.atan2(dot(a, cross(b, c)), 1 + dot(a, b) + dot(b, c) + dot(c, a));
    }
    o = excess >= 0 ? 1 : -1;
    orientations.set(ring, o);
  }
  return o;
}

/**
 * Whether p is inside a ring (geodesic edges): by the winding of the ring around p, on the sphere. The winding's sign
 * must match the ring's orientation: seen from the antipode of an inside point the ring winds the other way.
 */
export function insideRing(p: LngLat, ring: LngLat[]): boolean {
  const v = toVector(p);
  let total = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = toVector(ring[i]!);
    const b = toVector(ring[i + 1]!);
    // Signed angle subtended at p by the edge, measured in p's tangent plane.
    const ta = cross(v, a);
    const tb = cross(v, b);
    total += Math.atan2(dot(cross(ta, tb), v), dot(ta, tb));
  }
  return total * orientation(ring) > Math.PI;
}

export function edgeLength(a: LngLat, b: LngLat): number {
  return centralAngle(a, b);
}
