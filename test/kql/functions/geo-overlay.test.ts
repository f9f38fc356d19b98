import { describe, expect, it } from 'vitest';
import { scalar } from './harness.ts';

const sq = (x0: number, y0: number, s: number) => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]],
});
const area = scalar('GeoPolygonArea', ['dynamic']);
const intersect = scalar('GeoIntersection2Polygons', ['dynamic', 'dynamic']);
const union = scalar('GeoPolygonsUnion', ['dynamic']);

describe('geo overlays on the sphere', () => {
  it('intersection of overlapping polygons is the shared region, whatever the winding', () => {
    const a = sq(0, 0, 1);
    const b = sq(0.5, 0.5, 1);
    const clockwiseB = { type: 'Polygon', coordinates: [[...b.coordinates[0]!].reverse()] };
    const r = intersect(a, clockwiseB) as { type: string; coordinates: number[][][] };
    expect(r.type).toBe('Polygon');
    // The shared region is the quarter square [0.5,1]x[0.5,1] (edges are geodesics, so corners move a little).
    expect(r.coordinates[0]!.length).toBe(5);
    for (const [x, y] of r.coordinates[0]!) {
      expect(x! >= 0.5 - 1e-9 && x! <= 1 + 1e-9).toBe(true);
      expect(y! >= 0.5 - 1e-9 && y! <= 1.0001).toBe(true);
    }
    const quarter = area(sq(0.5, 0.5, 0.5)) as number;
    expect(Math.abs((area(r) as number) - quarter) / quarter).toBeLessThan(1e-3);
    // A polygon inside the other is its own intersection.
    expect(area(intersect(sq(0, 0, 4), sq(1, 1, 1))) as number).toBeCloseTo(area(sq(1, 1, 1)) as number, 3);
  });
  it('disjoint polygons give an empty collection, touching ones a point, invalid ones null', () => {
    expect(intersect(sq(0, 0, 1), sq(5, 5, 1))).toEqual({ type: 'GeometryCollection', geometries: [] });
    expect(intersect(sq(0, 0, 1), sq(1, 1, 1))).toEqual({ type: 'Point', coordinates: [1, 1] });
    expect(intersect({ type: 'Polygon' }, sq(0, 0, 1))).toBeNull();
  });
  it('union adds areas once: overlapping parts merge, disjoint ones stay a MultiPolygon', () => {
    const a = sq(0, 0, 1);
    const b = sq(0.5, 0.5, 1);
    const u = union([a, b]) as { type: string; coordinates: number[][][] };
    expect(u.type).toBe('Polygon');
    expect(u.coordinates[0]!.length).toBe(9); // 6 corners + 2 crossings + closing point
    const overlap = area(intersect(a, b)) as number;
    expect(area(u) as number).toBeCloseTo((area(a) as number) + (area(b) as number) - overlap, 0);
    expect((union([a, sq(3, 3, 1)]) as { type: string }).type).toBe('MultiPolygon');
    expect(union([a, { type: 'Polygon', coordinates: [[[1, 1]]] }])).toBeNull();
    expect(union([])).toBeNull();
    // geo_polygon_area counts overlapping parts of a MultiPolygon once.
    const multi = { type: 'MultiPolygon', coordinates: [a.coordinates, a.coordinates] };
    expect(area(multi) as number).toBeCloseTo(area(a) as number, 3);
  });
  it('line with polygon keeps the stretch inside; two lines meet at a point or share a stretch', () => {
    const line = { type: 'LineString', coordinates: [[-1, 0.5], [2, 0.5]] };
    const clipped = scalar('GeoIntersectionLineWithPolygon', ['dynamic', 'dynamic'])(line, sq(0, 0, 1)) as { type: string; coordinates: number[][] };
    expect(clipped.type).toBe('LineString');
    expect(clipped.coordinates[0]![0]).toBeCloseTo(0, 9);
    expect(clipped.coordinates[1]![0]).toBeCloseTo(1, 9);
    const far = { type: 'LineString', coordinates: [[10, 10], [11, 11]] };
    expect(scalar('GeoIntersectionLineWithPolygon', ['dynamic', 'dynamic'])(far, sq(0, 0, 1))).toEqual({ type: 'GeometryCollection', geometries: [] });
    const two = scalar('GeoIntersection2Lines', ['dynamic', 'dynamic']);
    const cross = two({ type: 'LineString', coordinates: [[0, -1], [0, 1]] }, { type: 'LineString', coordinates: [[-1, 0], [1, 0]] }) as { type: string; coordinates: number[] };
    expect(cross.type).toBe('Point');
    expect(cross.coordinates[0]).toBeCloseTo(0, 12);
    expect(cross.coordinates[1]).toBeCloseTo(0, 12);
    const shared = two({ type: 'LineString', coordinates: [[0, 0], [2, 0]] }, { type: 'LineString', coordinates: [[1, 0], [3, 0]] });
    expect(shared).toEqual({ type: 'LineString', coordinates: [[1, 0], [2, 0]] });
    expect(two(line, sq(0, 0, 1))).toBeNull();
  });
  it('union of lines keeps shared stretches once and chains them', () => {
    const u = scalar('GeoLinesUnion', ['dynamic'])([
      { type: 'LineString', coordinates: [[0, 0], [1, 0], [2, 0]] },
      { type: 'LineString', coordinates: [[1, 0], [2, 0], [3, 0]] },
    ]);
    expect(u).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 0], [2, 0], [3, 0]] });
    const crossing = scalar('GeoLinesUnion', ['dynamic'])([
      { type: 'LineString', coordinates: [[0, -1], [0, 1]] },
      { type: 'LineString', coordinates: [[-1, 0], [1, 0]] },
    ]) as { type: string; coordinates: unknown[] };
    expect(crossing.type).toBe('MultiLineString');
    expect(crossing.coordinates.length).toBe(4); // cut where they cross
  });
  it('simplify polygons array: small tolerance keeps the union, a large one makes small polygons disappear', () => {
    const simplify = scalar('GeoSimplifyPolygonsArray', ['dynamic', 'real']);
    const kept = simplify([sq(0, 0, 1), sq(0.5, 0.5, 1)], 10) as { type: string; coordinates: number[][][] };
    expect(kept.type).toBe('Polygon');
    expect(kept.coordinates[0]!.length).toBe(9);
    expect(simplify([sq(0, 0, 0.01)], 100000)).toBeNull();
    expect(simplify([sq(0, 0, 1)], -1)).toBeNull();
  });
});

describe('S2 coverings and point in polygon on the whole sphere', () => {
  const nyc = { type: 'Polygon', coordinates: [[[-73.85, 40.857], [-74.16, 40.843], [-74.19, 40.599], [-73.83, 40.618], [-73.85, 40.857]]] };
  it('the antipode of a point inside a polygon is outside it', () => {
    const inPoly = scalar('GeoPointInPolygon', ['real', 'real', 'dynamic']);
    expect(inPoly(-74, 40.7, nyc)).toBe(true);
    expect(inPoly(106, -40.7, nyc)).toBe(false);
  });
  it('covers with every cell of the level that meets the polygon, in id order; too many cells give null', () => {
    const cover = scalar('GeoPolygonToS2Cells', ['dynamic', 'long', 'real']);
    const toCell = scalar('GeoPointToS2Cell', ['real', 'real', 'long']);
    const cells = cover(nyc, 8) as string[];
    expect(cells).toEqual([...cells].sort((a, b) => (BigInt(`0x${a.padEnd(16, '0')}`) < BigInt(`0x${b.padEnd(16, '0')}`) ? -1 : 1)));
    // Every vertex's cell is in the covering, and nothing from the other side of the Earth.
    for (const [lng, lat] of nyc.coordinates[0]!) expect(cells).toContain(toCell(lng, lat, 8));
    expect(cells.every((c) => c.startsWith('89c'))).toBe(true);
    // A radius widens the covering.
    expect((cover(nyc, 8, 50000) as string[]).length).toBeGreaterThan(cells.length);
    expect(cover({ type: 'Polygon', coordinates: [[[0, 0], [0, 50], [100, 50], [0, 0]]] }, 30, 0)).toBeNull();
    expect(cover(nyc, 31, 0)).toBeNull();
    expect(cover({ type: 'Polygon' }, 5, 0)).toBeNull();
  });
});

describe('line buffers', () => {
  const buf = scalar('GeoLineBuffer', ['dynamic', 'real', 'real']);
  it('a segment buffer is a stadium; an L-shaped line joins at the corner', () => {
    const seg = buf({ type: 'LineString', coordinates: [[0, 0], [0.01, 0]] }, 100, 0.1);
    const len = 1111.95; // metres in 0.01° of the equator
    expect(Math.abs((area(seg) as number) - (2 * 100 * len + Math.PI * 100 * 100)) / 250000).toBeLessThan(1e-3);
    const l = buf({ type: 'LineString', coordinates: [[0, 0], [0.01, 0], [0.01, 0.01]] }, 100, 0.1) as { type: string };
    expect(l.type).toBe('Polygon');
    // Two rectangles, two end caps, the outer quarter circle, less the inner overlap square.
    const expected = 4 * 100 * len + Math.PI * 100 * 100 + (Math.PI * 100 * 100) / 4 - 100 * 100;
    expect(Math.abs((area(l) as number) - expected) / expected).toBeLessThan(1e-3);
    const inPoly = scalar('GeoPointInPolygon', ['real', 'real', 'dynamic']);
    expect(inPoly(0.005, 0.0005, l)).toBe(true);
    expect(inPoly(0.005, 0.005, l)).toBe(false);
  });
  it('invalid lines, radius or tolerance give null', () => {
    expect(buf({ type: 'LineString' }, 5, 0.1)).toBeNull();
    expect(buf({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 0, 0.1)).toBeNull();
    expect(buf({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 5, -1)).toBeNull();
  });
});

describe('geo_polygon_buffer', () => {
  const buffer = scalar('GeoPolygonBuffer', ['dynamic', 'real', 'real']);
  const perimeter = scalar('GeoPolygonPerimeter', ['dynamic']);
  const inPolygon = scalar('GeoPointInPolygon', ['real', 'real', 'dynamic']);
  it('holds every point within the radius: area grows by perimeter x r + pi r^2', () => {
    const p = sq(0, 0, 0.1);
    const b = buffer(p, 1000, 1);
    const expected = (area(p) as number) + (perimeter(p) as number) * 1000 + Math.PI * 1000 ** 2;
    expect(Math.abs((area(b) as number) - expected) / expected).toBeLessThan(0.002);
    expect(inPolygon(0.05, 0.1 + 0.0085, b)).toBe(true); // about 945 m north of the edge
    expect(inPolygon(0.05, 0.1 + 0.0095, b)).toBe(false); // about 1056 m
  });
  it('holes shrink, and vanish when narrower than twice the radius', () => {
    const holed = { type: 'Polygon', coordinates: [sq(0, 0, 1).coordinates[0], [[0.4, 0.4], [0.4, 0.6], [0.6, 0.6], [0.6, 0.4], [0.4, 0.4]]] };
    const b = buffer(holed, 1000, 1);
    expect(inPolygon(0.5, 0.5, b)).toBe(false);
    expect(inPolygon(0.405, 0.5, b)).toBe(true);
    expect(inPolygon(0.5, 0.5, buffer(holed, 20000, 10))).toBe(true);
  });
  it('invalid polygons, radii and tolerances give null; a tolerance above the radius is lowered', () => {
    expect(buffer({ type: 'p' }, 1, 10)).toBeNull();
    expect(buffer({ type: 'Polygon', coordinates: [[[10, 10], [0, 10], [0, 0], [10, 10]]] }, 0, 10)).toBeNull();
    expect(buffer(sq(0, 0, 0.1), -5, 10)).toBeNull();
    expect(buffer(sq(0, 0, 0.1), 1000, 0)).toBeNull();
    expect(buffer(sq(0, 0, 0.1), 1000, 0.0001)).toBeNull();
    expect(buffer(sq(0, 0, 0.1), 1000, null)).toBeNull();
    expect((buffer(sq(0, 0, 0.1), 100, 5000) as { type: string }).type).toBe('Polygon');
  });
  it('parts far apart stay apart: a multipolygon', () => {
    const b = buffer({ type: 'MultiPolygon', coordinates: [sq(0, 0, 0.1).coordinates, sq(1, 0, 0.1).coordinates] }, 1000, 10) as { type: string; coordinates: unknown[] };
    expect(b.type).toBe('MultiPolygon');
    expect(b.coordinates).toHaveLength(2);
  });
});
