/**
 * geo_intersection_2lines, geo_intersection_line_with_polygon, geo_intersection_2polygons,
 * geo_union_lines_array, geo_union_polygons_array, geo_simplify_polygons_array: overlays on the sphere
 * (`overlay.ts`). Invalid shapes give null; shapes that don't meet give an empty GeometryCollection.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import type { LngLat } from './sphere.ts';
import { readLines, readPolygons } from './shapes.ts';
import { clipLines, intersectLines, intersectPolygons, unionLines, unionPolygons, type Polygon } from './overlay.ts';
import { simplifyPolygon } from './simplify-densify.ts';

/** One geometry when all parts have one kind (Point/MultiPoint, LineString/MultiLineString, Polygon/MultiPolygon), else a collection. */
function geometry(points: LngLat[], lines: LngLat[][], polygons: Polygon[]): unknown {
  const kinds = [points.length, lines.length, polygons.length].filter((n) => n > 0).length;
  if (kinds === 0) return { type: 'GeometryCollection', geometries: [] };
  const parts = [
    ...points.map((p) => ({ type: 'Point', coordinates: p })),
    ...lines.map((l) => ({ type: 'LineString', coordinates: l })),
    ...polygons.map((p) => ({ type: 'Polygon', coordinates: p })),
  ];
  if (kinds > 1) return { type: 'GeometryCollection', geometries: parts };
  if (parts.length === 1) return parts[0];
  if (points.length > 0) return { type: 'MultiPoint', coordinates: points };
  if (lines.length > 0) return { type: 'MultiLineString', coordinates: lines };
  return { type: 'MultiPolygon', coordinates: polygons };
}

defineScalar((F) => F.GeoIntersection2Lines, () => (l1: unknown, l2: unknown) => {
  const a = readLines(l1);
  const b = readLines(l2);
  if (!a || !b) return null;
  const r = intersectLines(a, b);
  return geometry(r.points, r.lines, []);
});

defineScalar((F) => F.GeoIntersectionLineWithPolygon, () => (line: unknown, polygon: unknown) => {
  const l = readLines(line);
  const p = readPolygons(polygon);
  if (!l || !p) return null;
  const r = clipLines(l, p);
  return geometry(r.points, r.lines, []);
});

defineScalar((F) => F.GeoIntersection2Polygons, () => (p1: unknown, p2: unknown) => {
  const a = readPolygons(p1);
  const b = readPolygons(p2);
  if (!a || !b) return null;
  const parts = intersectPolygons(a, b) as { type: string; coordinates: unknown }[];
  if (parts.length === 0) return { type: 'GeometryCollection', geometries: [] };
  if (parts.length === 1) return parts[0];
  const types = new Set(parts.map((p) => p.type));
  if (types.size > 1) return { type: 'GeometryCollection', geometries: parts };
  return { type: parts[0]!.type === 'Point' ? 'MultiPoint' : 'MultiPolygon', coordinates: parts.map((p) => p.coordinates) };
});

/** Every element of a dynamic array read by `read`; null when the array is empty or any element is invalid. */
function readAll<T>(arr: unknown, read: (v: unknown) => T[] | null): T[] | null {
  if (!Array.isArray(arr) || arr.length === 0) return null;
  const out: T[] = [];
  for (const v of arr) {
    const r = read(v);
    if (!r) return null;
    out.push(...r);
  }
  return out;
}

const polygonResult = (polys: Polygon[]) =>
  polys.length === 0 ? null : polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };

defineScalar((F) => F.GeoLinesUnion, () => (arr: unknown) => {
  const lines = readAll(arr, readLines);
  if (!lines) return null;
  const out = unionLines(lines);
  return out.length === 1 ? { type: 'LineString', coordinates: out[0] } : { type: 'MultiLineString', coordinates: out };
});

defineScalar((F) => F.GeoPolygonsUnion, () => (arr: unknown) => {
  const polys = readAll(arr, readPolygons);
  return polys ? polygonResult(unionPolygons(polys)) : null;
});

defineScalar((F) => F.GeoSimplifyPolygonsArray, () => (arr: unknown, tol?: unknown) => {
  const polys = readAll(arr, readPolygons);
  const t = tol === undefined ? 10 : tol === null ? null : toNumber(tol);
  if (!polys || t === null || !(t >= 0)) return null;
  // Simplify the union; polygons that collapse under the tolerance disappear.
  const kept = unionPolygons(polys).map((p) => simplifyPolygon(p, t)).filter((p): p is Polygon => p !== null);
  return polygonResult(kept);
});
