/**
 * H3 cells through h3-js (Uber's reference implementation, which Kusto also builds on):
 * geo_point_to_h3cell(lng, lat[, resolution = 6]), geo_h3cell_to_central_point, geo_h3cell_to_polygon,
 * geo_h3cell_level, geo_h3cell_parent(cell[, resolution]), geo_h3cell_children(cell[, resolution]) (null beyond
 * 1,000,000 cells... or more than 5 levels deeper), geo_h3cell_neighbors, geo_h3cell_rings(cell, distance),
 * geo_polygon_to_h3cells(polygon[, resolution = 6]). Invalid cells give null ("" for cell results).
 */
import { createRequire } from 'node:module';
import type * as H3 from 'h3-js';
import { defineScalar } from '../registry.ts';
import { readPolygons } from './shapes.ts';
import { toNumber } from '../common/values.ts';
import { readPoints, validPoint } from './sphere.ts';

/**
 * h3-js allocates its 32 MB emscripten heap when it is loaded, so it is loaded by the first query that calls an H3
 * function rather than by every process that loads the engine.
 */
const load = createRequire(import.meta.url);
let lib: typeof H3 | undefined;
const h3 = (): typeof H3 => (lib ??= load('h3-js') as typeof H3);

const cell = (v: unknown): string | null => (typeof v === 'string' && h3().isValidCell(v) ? v : null);
const int = (v: unknown, fallback: number): number | null => {
  if (v === undefined) return fallback;
  const n = v === null ? null : toNumber(v);
  return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
};

defineScalar((F) => F.GeoPointToH3Cell, () => (lng: unknown, lat: unknown, resolution?: unknown) => {
  const p = validPoint(toNumber(lng), toNumber(lat));
  const r = int(resolution, 6);
  if (!p || r === null || r < 0 || r > 15) return '';
  return h3().latLngToCell(p[1], p[0], r);
});

defineScalar((F) => F.GeoH3CellToCentralPoint, () => (c: unknown) => {
  const h = cell(c);
  if (!h) return null;
  const [lat, lng] = h3().cellToLatLng(h);
  return { type: 'Point', coordinates: [lng, lat] };
});

defineScalar((F) => F.GeoH3CellToPolygon, () => (c: unknown) => {
  const h = cell(c);
  return h ? { type: 'Polygon', coordinates: [h3().cellToBoundary(h, true)] } : null;
});

defineScalar((F) => F.GeoH3CellLevel, () => (c: unknown) => {
  const h = cell(c);
  return h ? h3().getResolution(h) : null;
});

defineScalar((F) => F.GeoH3CellParent, () => (c: unknown, resolution?: unknown) => {
  const h = cell(c);
  if (!h) return '';
  const level = h3().getResolution(h);
  const r = int(resolution, level - 1);
  if (r === null || r < 0 || r > level) return '';
  return h3().cellToParent(h, r);
});

defineScalar((F) => F.GeoH3CellChildren, () => (c: unknown, resolution?: unknown) => {
  const h = cell(c);
  if (!h) return null;
  const level = h3().getResolution(h);
  const r = int(resolution, level + 1);
  if (r === null || r < level || r > 15 || r - level > 5) return null;
  return h3().cellToChildren(h, r);
});

defineScalar((F) => F.GeoH3CellNeighbors, () => (c: unknown) => {
  const h = cell(c);
  return h ? h3().gridDisk(h, 1).filter((x) => x !== h) : null;
});

defineScalar((F) => F.GeoH3CellRings, () => (c: unknown, distance: unknown) => {
  const h = cell(c);
  const k = int(distance, 0);
  if (!h || k === null || k < 0 || k > 142) return null;
  return h3().gridDiskDistances(h, k);
});

defineScalar((F) => F.GeoPolygonToH3Cells, () => (shape: unknown, resolution?: unknown) => {
  const g = shape as { type?: unknown; coordinates?: unknown } | null;
  const r = int(resolution, 6);
  if (!g || typeof g !== 'object' || r === null || r < 0 || r > 15) return null;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' && Array.isArray(g.coordinates) ? g.coordinates : null;
  if (!polygons || !readPolygons(g)) return null; // an invalid polygon covers no cells
  const out = new Set<string>();
  for (const p of polygons) {
    if (!Array.isArray(p)) return null;
    const rings = p.map((ring) => readPoints(ring));
    if (rings.some((x) => !x)) return null;
    for (const c of h3().polygonToCells(rings as [number, number][][], r, true)) out.add(c);
  }
  return [...out];
});
