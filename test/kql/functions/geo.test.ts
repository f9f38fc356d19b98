import { describe, expect, it } from 'vitest';
import { kql, kql1, scalar } from './harness.ts';

const square = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], [[0.5, 0.5], [0.5, 1.5], [1.5, 1.5], [1.5, 0.5], [0.5, 0.5]]] };

describe('geo on the sphere', () => {
  it('distances and circles; bad coordinates give null', () => {
    expect(kql1('print geo_distance_2points(-122.407628, 47.578557, -118.275287, 34.019056)')).toBeCloseTo(1546754.35197381, 3);
    expect(kql('print isnull(geo_distance_2points(200, 0, 0, 0)), geo_point_in_circle(0, 0, 0, 0.001, 200), geo_point_in_circle(0, 0, 0, 0.01, 200)')[0]).toEqual([true, true, false]);
  });
  it('point in polygon honours holes; degenerate polygons are invalid', () => {
    const inPoly = scalar('GeoPointInPolygon', ['real', 'real', 'dynamic']);
    expect(inPoly(0.25, 0.25, square)).toBe(true);
    expect(inPoly(1, 1, square)).toBe(false);
    expect(inPoly(3, 3, square)).toBe(false);
    expect(inPoly(1, 1, { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 10], [0, 0]]] })).toBeNull();
    expect(scalar('GeoDistancePointToPolygon', ['real', 'real', 'dynamic'])(0.25, 0.25, square)).toBe(0);
  });
  it('a multipolygon is measured as the union of its polygons: a part inside another adds nothing to perimeter or centroid', () => {
    const perimeter = scalar('GeoPolygonPerimeter', ['dynamic']);
    const centroid = scalar('GeoPolygonCentroid', ['dynamic']);
    const ring = (x0: number, x1: number) => [[[x0, 0], [x1, 0], [x1, 1], [x0, 1], [x0, 0]]];
    const overlapping = { type: 'MultiPolygon', coordinates: [ring(0, 1), [[[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.4], [0.2, 0.2]]]] };
    const union = { type: 'Polygon', coordinates: ring(0, 1) };
    expect(perimeter(overlapping)).toBeCloseTo(perimeter(union) as number, 3);
    const [cx, cy] = (centroid(overlapping) as { coordinates: number[] }).coordinates;
    const [ux, uy] = (centroid(union) as { coordinates: number[] }).coordinates;
    expect(cx).toBeCloseTo(ux!, 9);
    expect(cy).toBeCloseTo(uy!, 9);
    const disjoint = { type: 'MultiPolygon', coordinates: [ring(0, 1), ring(2, 3)] };
    expect(perimeter(disjoint)).toBeCloseTo((perimeter({ type: 'Polygon', coordinates: ring(0, 1) }) as number) + (perimeter({ type: 'Polygon', coordinates: ring(2, 3) }) as number), 3);
    expect(perimeter({ type: 'MultiPolygon', coordinates: [ring(0, 1), [[[0, 0], [10, 10], [10, 10], [0, 0]]]] })).toBeNull();
  });
  it('lines: length, interpolation and location agree with each other', () => {
    const line = { type: 'LineString', coordinates: [[0, 0], [1, 0], [1, 1]] };
    const half = scalar('GeoLineInterpolatePoint', ['dynamic', 'real'])(line, 0.5) as { coordinates: number[] };
    expect(half.coordinates[0]).toBeCloseTo(1, 9);
    expect(half.coordinates[1]).toBeCloseTo(0, 9);
    expect(scalar('GeoLineLocatePoint', ['dynamic', 'real', 'real'])(line, 1, 0)).toBeCloseTo(0.5, 9);
    expect(scalar('GeoLineLength', ['dynamic'])({ type: 'LineString', coordinates: [[1, 1]] })).toBeNull();
  });
  it('geohash, H3 and S2 cells round-trip to polygons that contain the point', () => {
    expect(kql1('print geo_point_to_geohash(-80.195829, 25.802215, 8)')).toBe('dhwfz15h');
    expect(kql1('print geo_point_to_h3cell(-74.04450446039874, 40.689250859314974, 6)')).toBe('862a1072fffffff');
    const s2 = kql1('print geo_point_to_s2cell(-73.989148, 40.743273, 10)') as string;
    expect(s2).toBe('89c259');
    for (const q of [
      'print geo_point_in_polygon(-73.989148, 40.743273, geo_s2cell_to_polygon(geo_point_to_s2cell(-73.989148, 40.743273, 12)))',
      'print geo_point_in_polygon(-73.989148, 40.743273, geo_h3cell_to_polygon(geo_point_to_h3cell(-73.989148, 40.743273, 9)))',
      'print geo_point_in_polygon(-73.989148, 40.743273, geo_geohash_to_polygon(geo_point_to_geohash(-73.989148, 40.743273, 7)))',
    ]) expect(kql1(q)).toBe(true);
    expect(kql('print geo_point_to_h3cell(300, 1, 8), geo_point_to_s2cell(1, 1, 35), isnull(geo_h3cell_level("abc"))')[0]).toEqual(['', '', true]);
  });
  it('geo_s2cell_to_central_point is the middle of the cell in S2 (s,t) space; a bad token gives null', () => {
    const [lng, lat] = (kql1('print geo_s2cell_to_central_point("1234567")') as { coordinates: number[] }).coordinates;
    expect(lng).toBeCloseTo(9.86830731850408, 12);
    expect(lat).toBeCloseTo(27.468392925827604, 12);
    expect(kql1('print isnull(geo_s2cell_to_central_point("a"))')).toBe(true);
    expect(kql1('print geo_point_to_s2cell(toreal(geo_s2cell_to_central_point("89c259").coordinates[0]), toreal(geo_s2cell_to_central_point("89c259").coordinates[1]), 10)')).toBe('89c259');
  });
  it('WKT to GeoJSON, invalid text gives null', () => {
    expect(kql1('print geo_from_wkt("POLYGON ((0 0, 1 0, 1 1, 0 0))")')).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
    expect(kql1('print isnull(geo_from_wkt("POINT (1"))')).toBe(true);
  });
  it('point buffer: a ring within tolerance of the circle', () => {
    const poly = scalar('GeoPointBuffer', ['real', 'real', 'real'])(10, 10, 1000) as { coordinates: number[][][] };
    const ring = poly.coordinates[0]!;
    const dist = scalar('GeoDistance2Points', ['real', 'real', 'real', 'real']);
    for (const [lng, lat] of ring) expect(dist(10, 10, lng, lat)).toBeCloseTo(1000, 6);
    expect(scalar('GeoPointBuffer', ['real', 'real', 'real'])(10, 10, -1)).toBeNull();
  });
});

describe('S2 neighbours', () => {
  it('are the 8 cells of the same level sharing a vertex with the cell, across face edges too', () => {
    const toPolygon = scalar('GeoS2CellToPolygon', ['string']);
    const neighbours = scalar('GeoS2CellNeighbors', ['string']);
    const level = scalar('GeoPointToS2Cell', ['real', 'real', 'long']);
    const key = (p: number[]) => `${p[0]!.toFixed(9)},${p[1]!.toFixed(9)}`;
    // A cell inside a face, and one at a face corner (0,0 is near the centre of face 0; 45,35.26 is a cube corner).
    for (const cell of ['89c259', level(0, 0, 5) as string, level(45, 35.26, 4) as string]) {
      const own = new Set((toPolygon(cell) as { coordinates: number[][][] }).coordinates[0]!.map(key));
      const list = neighbours(cell) as string[];
      expect(list.length).toBeGreaterThanOrEqual(7);
      expect(new Set(list).size).toBe(list.length);
      for (const n of list) {
        expect(n.length).toBe(cell.length);
        const verts = (toPolygon(n) as { coordinates: number[][][] }).coordinates[0]!.map(key);
        expect(verts.some((v) => own.has(v))).toBe(true);
      }
    }
    expect(neighbours('a')).toBeNull();
  });
});

describe('geo_line_to_s2cells', () => {
  const cover = scalar('GeoLineToS2Cells', ['dynamic', 'long', 'real']);
  const cell = scalar('GeoPointToS2Cell', ['real', 'real', 'long']);
  const interpolate = scalar('GeoLineInterpolatePoint', ['dynamic', 'real']);
  const line = { type: 'LineString', coordinates: [[-73.95, 40.75], [-73.9, 40.8], [-73.8, 40.8]] };
  it('holds the cell of every point on the line, at one level, in cell-id order', () => {
    const cells = cover(line, 13, 0) as string[];
    for (let k = 0; k <= 50; k++) {
      const p = (interpolate(line, k / 50) as { coordinates: [number, number] }).coordinates;
      expect(cells).toContain(cell(p[0], p[1], 13));
    }
    expect(new Set(cells.map((c) => c.length)).size).toBe(1);
    const ids = cells.map((c) => BigInt(`0x${c.padEnd(16, '0')}`));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(cover({ type: 'LineString', coordinates: [[-73.95, 40.75], [-73.9499, 40.7501]] }, 10, 0)).toEqual([cell(-73.95, 40.75, 10)]);
  });
  it('a radius adds the cells near the line; a multiline covers each line', () => {
    const near = cover(line, 13, 2000) as string[];
    expect(near.length).toBeGreaterThan((cover(line, 13, 0) as string[]).length);
    expect(near).toContain(cell(-73.85, 40.8 + 0.015, 13)); // about 1.7 km north of the last segment
    const multi = cover({ type: 'MultiLineString', coordinates: [[[0, 0], [0.01, 0]], [[10, 10], [10.01, 10]]] }, 12, 0) as string[];
    expect(multi).toContain(cell(0.005, 0, 12));
    expect(multi).toContain(cell(10.005, 10, 12));
  });
  it('invalid lines, levels and radii, and coverings over 65,536 cells, give null', () => {
    expect(cover({ type: 'LineString', coordinates: [[[0, 0], [0, 0]]] }, 11, 0)).toBeNull();
    expect(cover({ type: 'LineString', coordinates: [[1, 1], [1, 1]] }, 11, 0)).toBeNull();
    expect(cover(line, 31, 0)).toBeNull();
    expect(cover(line, 11, -1)).toBeNull();
    expect(cover({ type: 'LineString', coordinates: [[0, 0], [20, 0]] }, 30, 0)).toBeNull();
    expect(kql1('print geo_line_to_s2cells(dynamic({"type":"LineString","coordinates":[[-73.95, 40.75],[-73.9499, 40.7501]]}))')).toEqual([kql1('print geo_point_to_s2cell(-73.95, 40.75)')]);
  });
});
