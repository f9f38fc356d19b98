/**
 * geo_azimuth(lng1, lat1, lng2, lat2): the initial bearing of the geodesic from p1 to p2 on the sphere, in radians
 * clockwise from true north, in [0, 2π). Null for invalid coordinates, equal points and antipodal points (no
 * unique geodesic).
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { validPoint } from './sphere.ts';

const rad = (d: number) => (d * Math.PI) / 180;

defineScalar((F) => F.GeoAzimuth, () => (lng1: unknown, lat1: unknown, lng2: unknown, lat2: unknown) => {
  const a = validPoint(toNumber(lng1), toNumber(lat1));
  const b = validPoint(toNumber(lng2), toNumber(lat2));
  if (!a || !b) return null;
  const [l1, p1] = [rad(a[0]), rad(a[1])];
  const [l2, p2] = [rad(b[0]), rad(b[1])];
  const dl = l2 - l1;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  // equal or antipodal points: the direction is undefined
  const cosC = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl);
  if (Math.abs(cosC) > 1 - 1e-15 || (Math.abs(x) < 1e-15 && Math.abs(y) < 1e-15)) return null;
  const az = Math.atan2(y, x);
  return az < 0 ? az + 2 * Math.PI : az;
});
