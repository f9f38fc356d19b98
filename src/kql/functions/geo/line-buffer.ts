/**
 * geo_line_buffer(lineString | multiLineString, radius[, tolerance = 0.1]): a polygon or multipolygon holding every
 * point within `radius` meters of the line: the union (`overlay.ts`) of one stadium per segment, whose round ends
 * have enough vertices that each edge strays at most `tolerance` meters from the circle. Invalid lines, or a radius
 * or tolerance that is not positive, give null.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { toVector, type LngLat } from './sphere.ts';
import { cross, dot, readLines } from './shapes.ts';
import { destination } from './buffer.ts';
import { unionPolygons, type Polygon } from './overlay.ts';

/** Initial bearing from a to b (radians clockwise from north). */
function bearing(a: LngLat, b: LngLat): number {
  const va = toVector(a);
  const vb = toVector(b);
  const north = [0, 0, 1] as [number, number, number];
  const east = cross(north, va);
  const n = cross(east, va); // points north along the meridian at a (up to sign)
  const d = cross(cross(va, vb), va); // direction of b in a's tangent plane
  return Math.atan2(dot(d, east), -dot(d, n));
}

/** The region within r of the segment a-b: half circles around each end joined by the two sides. */
function stadium(a: LngLat, b: LngLat, r: number, steps: number): Polygon {
  const ring: LngLat[] = [];
  const ab = bearing(a, b);
  const ba = bearing(b, a);
  for (let k = 0; k <= steps; k++) ring.push(destination(b, ba + Math.PI / 2 + (Math.PI * k) / steps, r));
  for (let k = 0; k <= steps; k++) ring.push(destination(a, ab + Math.PI / 2 + (Math.PI * k) / steps, r));
  ring.push(ring[0]!);
  return [ring];
}

/** One stadium per segment of the lines: their union is every point within r meters of the lines. */
export function segmentBuffers(lines: LngLat[][], r: number, tol: number): Polygon[] {
  // Edge sagitta r(1 - cos(π/n)) <= tol, as geo_point_buffer; half a circle per end.
  const n = Math.max(8, Math.min(1024, Math.ceil(Math.PI / Math.acos(1 - Math.min(1, tol / r)))));
  const steps = Math.max(4, Math.ceil(n / 2));
  const parts: Polygon[] = [];
  for (const pts of lines) for (let i = 0; i + 1 < pts.length; i++) if (pts[i]![0] !== pts[i + 1]![0] || pts[i]![1] !== pts[i + 1]![1]) parts.push(stadium(pts[i]!, pts[i + 1]!, r, steps));
  return parts;
}

defineScalar((F) => F.GeoLineBuffer, () => (line: unknown, radius: unknown, tolerance?: unknown) => {
  const lines = readLines(line);
  const r = typeof radius === 'string' || radius === null ? null : toNumber(radius);
  const tol = tolerance === undefined ? 0.1 : tolerance === null ? null : toNumber(tolerance);
  if (!lines || r === null || !(r > 0) || tol === null || !(tol > 0)) return null;
  const out = unionPolygons(segmentBuffers(lines, r, tol));
  if (out.length === 0) return null;
  return out.length === 1 ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
});
