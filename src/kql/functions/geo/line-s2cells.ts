/**
 * geo_line_to_s2cells(line | multiLine, level = 11, radius = 0): the S2 cells of one level that cover a line or
 * multiline (every cell of that level that the line meets, or that comes within radius metres of it), as tokens in
 * cell-id order; the covering of `s2-cover.ts` over a shape with edges and no area. Null when the line, level or
 * radius is invalid, or when the covering needs more than 65,536 cells.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { EARTH_RADIUS_M, toVector } from './sphere.ts';
import { readLines, type Vec } from './shapes.ts';
import { coverPolygons } from './s2-cover.ts';
import { toToken } from './s2.ts';

defineScalar((F) => F.GeoLineToS2Cells, () => (line: unknown, level?: unknown, radius?: unknown) => {
  const lines = readLines(line);
  const l = level === undefined ? 11 : level === null ? null : toNumber(level);
  const r = radius === undefined ? 0 : radius === null ? null : toNumber(radius);
  if (!lines || l === null || r === null || !Number.isInteger(l) || l < 0 || l > 30 || !(r >= 0) || !Number.isFinite(r)) return null;
  const cells = coverPolygons({
    polygons: [],
    edges: lines.flatMap((pts) => pts.slice(1).map((p, i) => [toVector(pts[i]!), toVector(p)] as [Vec, Vec])),
    vertices: lines.flat(1),
    radius: r / EARTH_RADIUS_M,
  }, l);
  return cells === null ? null : cells.map(toToken);
});
