/**
 * geo_point_buffer(lng, lat, radius[, tolerance = 0.1]): a polygon approximating the circle of `radius` meters
 * around the point, with enough vertices that each edge strays at most `tolerance` meters from the circle (at
 * most 1024 vertices). Invalid coordinates, or a radius or tolerance that is not positive, give null.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { EARTH_RADIUS_M, validPoint, type LngLat } from './sphere.ts';

/** The point at `distance` meters from `p` along the initial bearing `bearing` (radians clockwise from north). */
export function destination(p: LngLat, bearing: number, distance: number): LngLat {
  const d = distance / EARTH_RADIUS_M;
  const lat1 = (p[1] * Math.PI) / 180;
  const lng1 = (p[0] * Math.PI) / 180;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
  const lng2 = lng1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  const lng = ((((lng2 * 180) / Math.PI + 540) % 360) + 360) % 360 - 180;
  return [lng, (lat2 * 180) / Math.PI];
}

defineScalar((F) => F.GeoPointBuffer, () => (lng: unknown, lat: unknown, radius: unknown, tolerance?: unknown) => {
  const p = validPoint(toNumber(lng), toNumber(lat));
  const r = typeof radius === 'string' ? null : toNumber(radius);
  const tol = tolerance === undefined ? 0.1 : toNumber(tolerance);
  if (!p || r === null || !(r > 0) || tol === null || !(tol > 0)) return null;
  // Edge sagitta r(1 - cos(π/n)) <= tol.
  const ratio = Math.min(1, tol / r);
  const n = Math.max(8, Math.min(1024, Math.ceil(Math.PI / Math.acos(1 - ratio))));
  // Counter-clockwise ring (bearings decreasing), closed.
  const ring: LngLat[] = [];
  for (let k = 0; k < n; k++) ring.push(destination(p, (-2 * Math.PI * k) / n, r));
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
});
