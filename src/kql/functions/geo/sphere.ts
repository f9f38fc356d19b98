/**
 * Spherical geometry for the geo_* functions. Kusto measures on a sphere (WGS-84 coordinates, edges are geodesics);
 * the radius below reproduces the documented distances to about 1e-9.
 */
export const EARTH_RADIUS_M = 6371010;

export type LngLat = [number, number];

export function validPoint(lng: unknown, lat: unknown): LngLat | null {
  if (typeof lng !== 'number' || typeof lat !== 'number') return null;
  if (!(lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90)) return null;
  return [lng, lat];
}

const rad = (d: number) => (d * Math.PI) / 180;

export function toVector([lng, lat]: LngLat): [number, number, number] {
  const phi = rad(lat);
  const lam = rad(lng);
  return [Math.cos(phi) * Math.cos(lam), Math.cos(phi) * Math.sin(lam), Math.sin(phi)];
}

/** Central angle between two points (radians), numerically stable for small and antipodal distances. */
export function centralAngle(a: LngLat, b: LngLat): number {
  const u = toVector(a);
  const v = toVector(b);
  const cx = u[1] * v[2] - u[2] * v[1];
  const cy = u[2] * v[0] - u[0] * v[2];
  const cz = u[0] * v[1] - u[1] * v[0];
  return Math.atan2(Math.hypot(cx, cy, cz), u[0] * v[0] + u[1] * v[1] + u[2] * v[2]);
}

export function distanceMeters(a: LngLat, b: LngLat): number {
  return centralAngle(a, b) * EARTH_RADIUS_M;
}

/** Signed spherical excess of the triangle (a, b, c) in steradians (positive when counter-clockwise). */
function triangleExcess(a: number[], b: number[], c: number[]): number {
  const triple = a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) + a[1]! * (b[2]! * c[0]! - b[0]! * c[2]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!);
  const dot = (x: number[], y: number[]) => x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!;
  return 2 * Math.atan2(triple, 1 + dot(a, b) + dot(b, c) + dot(c, a));
}

/** Area (m²) of a ring of points (closed or not), as the absolute spherical excess of a triangle fan. */
export function ringArea(ring: LngLat[]): number {
  const pts = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1] ? ring.slice(0, -1) : ring;
  if (pts.length < 3) return 0;
  const v = pts.map(toVector);
  let excess = 0;
  for (let i = 1; i + 1 < v.length; i++) excess += triangleExcess(v[0]!, v[i]!, v[i + 1]!);
  let area = Math.abs(excess);
  if (area > 2 * Math.PI) area = 4 * Math.PI - area; // the smaller of the two regions the ring bounds
  return area * EARTH_RADIUS_M * EARTH_RADIUS_M;
}

/** Reads GeoJSON coordinates as a list of points, validating each. */
export function readPoints(coords: unknown): LngLat[] | null {
  if (!Array.isArray(coords)) return null;
  const out: LngLat[] = [];
  for (const c of coords) {
    if (!Array.isArray(c) || c.length < 2) return null;
    const p = validPoint(c[0], c[1]);
    if (!p) return null;
    out.push(p);
  }
  return out;
}
