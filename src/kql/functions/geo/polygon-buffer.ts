/**
 * geo_polygon_buffer(polygon | multiPolygon, radius[, tolerance = 10]): a polygon or multipolygon holding every
 * point within `radius` meters of the input: the union (`overlay.ts`) of the polygons with the buffer of every
 * ring's edges (`line-buffer.ts`), so that shells grow and holes shrink. The round parts stray at most `tolerance`
 * meters from the ideal radius; a tolerance above the radius is lowered to it. An invalid polygon, a radius that
 * is not positive, or a tolerance below 0.0001% of the radius (or not positive) gives null.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { readPolygons } from './shapes.ts';
import { segmentBuffers } from './line-buffer.ts';
import { unionPolygons } from './overlay.ts';

const number = (v: unknown) => (typeof v === 'string' || v === null || v === undefined ? null : toNumber(v));

defineScalar((F) => F.GeoPolygonBuffer, () => (polygon: unknown, radius: unknown, tolerance?: unknown) => {
  const polys = readPolygons(polygon);
  const r = number(radius);
  const tol = tolerance === undefined ? 10 : number(tolerance);
  if (!polys || r === null || !(r > 0) || !Number.isFinite(r) || tol === null || !(tol > 0) || tol < r * 1e-6) return null;
  const out = unionPolygons([...polys, ...segmentBuffers(polys.flat(1), r, Math.min(tol, r))]);
  if (out.length === 0) return null;
  return out.length === 1 ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
});
