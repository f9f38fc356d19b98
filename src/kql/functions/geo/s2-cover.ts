/**
 * geo_polygon_to_s2cells(polygon, level = 11, radius = 0): the S2 cells of one level that cover a polygon or
 * multipolygon (every cell of that level that meets the shape, or comes within radius metres of it), as tokens in
 * cell-id order. Null when the shape, level or radius is invalid, or when the covering needs more than 65,536 cells.
 *
 * Cells are refined level by level from the six faces; a cell wholly inside the shape stands for all its
 * descendants, so the cell-count limit is checked before anything is enumerated.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { EARTH_RADIUS_M, toVector, type LngLat } from './sphere.ts';
import { closestOnEdge, insideRing, readPolygons, toLngLat, type Vec } from './shapes.ts';
import { arcsIntersect } from './intersects.ts';
import { insidePolygons, type Polygon } from './overlay.ts';
import { cellVertices, toToken } from './s2.ts';

const MAX_CELLS = 65536;
const MAX_LEVEL = 30;

export interface Shape {
  polygons: Polygon[];
  edges: [Vec, Vec][];
  vertices: LngLat[];
  radius: number; // radians
}

type Relation = 'outside' | 'partial' | 'inside';

function relate(id: bigint, s: Shape): Relation {
  const cv = cellVertices(id);
  const cellEdges: [Vec, Vec][] = cv.map((v, i) => [v, cv[(i + 1) % 4]!]);
  const cellRing = [...cv, cv[0]!].map(toLngLat);
  if (cellEdges.some(([a, b]) => s.edges.some(([c, d]) => arcsIntersect(a, b, c, d)))) return 'partial';
  const cornersInside = cellRing.slice(0, 4).map((p) => insidePolygons(p, s.polygons));
  const shapeVertexInCell = s.vertices.some((p) => insideRing(p, cellRing));
  if (cornersInside.every(Boolean) && !shapeVertexInCell) return 'inside';
  if (cornersInside.some(Boolean) || shapeVertexInCell) return 'partial';
  if (s.radius > 0) {
    const near =
      s.vertices.some((p) => cellEdges.some(([a, b]) => closestOnEdge(toVector(p), a, b).angle <= s.radius)) ||
      cv.some((v) => s.edges.some(([a, b]) => closestOnEdge(v, a, b).angle <= s.radius));
    if (near) return 'partial';
  }
  return 'outside';
}

function children(id: bigint, level: number): bigint[] {
  const lsb = 1n << BigInt(2 * (MAX_LEVEL - level));
  const step = lsb >> 2n;
  return [0n, 1n, 2n, 3n].map((c) => id - lsb + step * (2n * c + 1n));
}

function descendants(id: bigint, from: number, to: number): bigint[] {
  let cells = [id];
  for (let l = from; l < to; l++) cells = cells.flatMap((c) => children(c, l));
  return cells;
}

/** The covering's cell ids in ascending order, or null when there would be more than MAX_CELLS. */
export function coverPolygons(s: Shape, level: number): bigint[] | null {
  const full: { id: bigint; level: number }[] = []; // cells wholly inside, standing for all their descendants
  let fullCount = 0;
  let frontier = [0n, 1n, 2n, 3n, 4n, 5n].map((f) => (f << 61n) | (1n << 60n));
  for (let l = 0; ; l++) {
    const partial: bigint[] = [];
    for (const id of frontier) {
      const rel = relate(id, s);
      if (rel === 'outside') continue;
      if (rel === 'inside') {
        full.push({ id, level: l });
        fullCount += 4 ** (level - l);
      } else partial.push(id);
      if (fullCount + partial.length > MAX_CELLS) return null;
    }
    if (l === level) {
      const all = [...partial, ...full.flatMap((c) => descendants(c.id, c.level, level))];
      return all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    frontier = partial.flatMap((id) => children(id, l));
  }
}

defineScalar((F) => F.GeoPolygonToS2Cells, () => (polygon: unknown, level?: unknown, radius?: unknown) => {
  const polys = readPolygons(polygon);
  const l = level === undefined ? 11 : level === null ? null : toNumber(level);
  const r = radius === undefined ? 0 : radius === null ? null : toNumber(radius);
  if (!polys || l === null || r === null || !Number.isInteger(l) || l < 0 || l > MAX_LEVEL || !(r >= 0)) return null;
  const shape: Shape = {
    polygons: polys,
    edges: polys.flat(1).flatMap((ring) => ring.slice(1).map((p, i) => [toVector(ring[i]!), toVector(p)] as [Vec, Vec])),
    vertices: polys.flat(2),
    radius: r / EARTH_RADIUS_M,
  };
  const cells = coverPolygons(shape, l);
  return cells === null ? null : cells.map(toToken);
});
