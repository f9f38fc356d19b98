/**
 * Geohash: geo_point_to_geohash(lng, lat[, accuracy = 5]) (accuracy 1..18), geo_geohash_to_central_point(hash)
 * (a GeoJSON point), geo_geohash_to_polygon(hash) (a GeoJSON polygon), geo_geohash_neighbors(hash) (the 8
 * neighbours). Invalid input gives "" or null.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { validPoint } from './sphere.ts';

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export function encodeGeohash(lng: number, lat: number, length: number): string {
  let lngRange = [-180, 180];
  let latRange = [-90, 90];
  let out = '';
  let bits = 0;
  let ch = 0;
  let even = true;
  while (out.length < length) {
    const range = even ? lngRange : latRange;
    const v = even ? lng : lat;
    const mid = (range[0]! + range[1]!) / 2;
    ch <<= 1;
    if (v >= mid) {
      ch |= 1;
      range[0] = mid;
    } else range[1] = mid;
    if (even) lngRange = range; else latRange = range;
    even = !even;
    if (++bits === 5) {
      out += BASE32[ch];
      bits = 0;
      ch = 0;
    }
  }
  return out;
}

export function decodeGeohash(hash: string): { lng: [number, number]; lat: [number, number] } | null {
  if (hash.length === 0 || hash.length > 18) return null;
  const lng: [number, number] = [-180, 180];
  const lat: [number, number] = [-90, 90];
  let even = true;
  for (const c of hash.toLowerCase()) {
    const idx = BASE32.indexOf(c);
    if (idx < 0) return null;
    for (let b = 4; b >= 0; b--) {
      const range = even ? lng : lat;
      const mid = (range[0] + range[1]) / 2;
      if ((idx >> b) & 1) range[0] = mid; else range[1] = mid;
      even = !even;
    }
  }
  return { lng, lat };
}

defineScalar((F) => F.GeoPointToGeohash, () => (lng: unknown, lat: unknown, accuracy?: unknown) => {
  const p = validPoint(toNumber(lng), toNumber(lat));
  const a = accuracy === undefined ? 5 : accuracy === null ? null : toNumber(accuracy);
  if (!p || a === null || a < 1 || a > 18) return '';
  return encodeGeohash(p[0], p[1], Math.trunc(a));
});

defineScalar((F) => F.GeohashToCentralPoint, () => (hash: unknown) => {
  const box = typeof hash === 'string' ? decodeGeohash(hash) : null;
  if (!box) return null;
  return { type: 'Point', coordinates: [(box.lng[0] + box.lng[1]) / 2, (box.lat[0] + box.lat[1]) / 2] };
});

defineScalar((F) => F.GeohashToPolygon, () => (hash: unknown) => {
  const box = typeof hash === 'string' ? decodeGeohash(hash) : null;
  if (!box) return null;
  const [w, e] = box.lng;
  const [s, n] = box.lat;
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
});

defineScalar((F) => F.GeohashNeighbors, () => (hash: unknown) => {
  const box = typeof hash === 'string' ? decodeGeohash(hash) : null;
  if (!box) return null;
  const len = (hash as string).length;
  const dLng = box.lng[1] - box.lng[0];
  const dLat = box.lat[1] - box.lat[0];
  const cLng = (box.lng[0] + box.lng[1]) / 2;
  const cLat = (box.lat[0] + box.lat[1]) / 2;
  const out: string[] = [];
  // The order Kusto lists them in: south-west, north-west, south-east, north, west, north-east, east, south.
  for (const [dx, dy] of [[-1, -1], [-1, 1], [1, -1], [0, 1], [-1, 0], [1, 1], [1, 0], [0, -1]] as const) {
    const lat = cLat + dy * dLat;
    if (lat > 90 || lat < -90) continue;
    let lng = cLng + dx * dLng;
    if (lng > 180) lng -= 360;
    if (lng < -180) lng += 360;
    out.push(encodeGeohash(lng, lat, len));
  }
  return out;
});
