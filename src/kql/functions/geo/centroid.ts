/**
 * geo_line_centroid(line) and geo_polygon_centroid(polygon): the "true centroid" on the sphere (as the S2 library
 * defines it: the length- or area-weighted mean of the shape's points, projected back to the sphere), as a GeoJSON
 * point. Invalid shapes give null.
 */
import { defineScalar } from '../registry.ts';
import { toVector, type LngLat } from './sphere.ts';
import { unionPolygons } from './overlay.ts';
import { angleBetween, cross, dot, readLines, readPolygons, toLngLat, type Vec } from './shapes.ts';

const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];

/** Edge centroid times edge length: a vector toward the edge's midpoint (S2's TrueCentroid(a, b)). */
function edgeCentroid(a: Vec, b: Vec): Vec {
  const diff: Vec = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const sum: Vec = [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
  const sin2 = dot(diff, diff);
  const cos2 = dot(sum, sum);
  if (cos2 === 0) return [0, 0, 0];
  const k = Math.sqrt(sin2 / cos2);
  return [sum[0] * k, sum[1] * k, sum[2] * k];
}

/** Triangle centroid times area, as S2's TrueCentroid(a, b, c). */
function triangleCentroid(a: Vec, b: Vec, c: Vec): Vec {
  const sa = angleBetween(b, c);
  const sb = angleBetween(c, a);
  const sc = angleBetween(a, b);
  const ra = sa === 0 ? 1 : sa / Math.sin(sa);
  const rb = sb === 0 ? 1 : sb / Math.sin(sb);
  const rc = sc === 0 ? 1 : sc / Math.sin(sc);
  const x: Vec = [a[0], b[0] - a[0], c[0] - a[0]];
  const y: Vec = [a[1], b[1] - a[1], c[1] - a[1]];
  const z: Vec = [a[2], b[2] - a[2], c[2] - a[2]];
  const r: Vec = [ra, rb - ra, rc - ra];
  return [0.5 * dot(cross(y, z), r), 0.5 * dot(cross(z, x), r), 0.5 * dot(cross(x, y), r)];
}

const point = (v: Vec) => (Math.hypot(v[0], v[1], v[2]) === 0 ? null : { type: 'Point', coordinates: toLngLat(v) });

defineScalar((F) => F.GeoLineCentroid, () => (line: unknown) => {
  const lines = readLines(line);
  if (!lines) return null;
  let sum: Vec = [0, 0, 0];
  for (const l of lines) for (let i = 0; i + 1 < l.length; i++) sum = add(sum, edgeCentroid(toVector(l[i]!), toVector(l[i + 1]!)));
  return point(sum);
});

function ringCentroid(ring: LngLat[]): Vec {
  const v = ring.slice(0, -1).map(toVector);
  let sum: Vec = [0, 0, 0];
  for (let i = 1; i + 1 < v.length; i++) sum = add(sum, triangleCentroid(v[0]!, v[i]!, v[i + 1]!));
  return sum;
}

defineScalar((F) => F.GeoPolygonCentroid, () => (polygon: unknown) => {
  const parts = readPolygons(polygon);
  if (!parts) return null;
  // a multipolygon's centroid is that of the union of its polygons (overlaps count once)
  const polys = parts.length > 1 ? unionPolygons(parts) : parts;
  let sum: Vec = [0, 0, 0];
  for (const [outer, ...holes] of polys) {
    const o = ringCentroid(outer!);
    // Orient each ring's contribution the same way as the outer ring; holes subtract.
    const sign = dot(o, toVector(outer![0]!)) >= 0 ? 1 : -1;
    sum = add(sum, [o[0] * sign, o[1] * sign, o[2] * sign]);
    for (const h of holes) {
      const c = ringCentroid(h);
      const s = dot(c, toVector(h[0]!)) >= 0 ? -1 : 1;
      sum = add(sum, [c[0] * s, c[1] * s, c[2] * s]);
    }
  }
  return point(sum);
});
