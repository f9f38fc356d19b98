/**
 * evaluate geo_line_lookup / geo_polygon_lookup: each input point joined to every lookup row whose shape matches it
 * (line: geo_distance_point_to_line <= radius; polygon: geo_point_in_polygon, or geo_distance_point_to_polygon <=
 * radius when a radius is given). Every match makes a row, in input order. With return_unmatched, a point without
 * a match is kept with empty lookup columns; without it, it is dropped. Invalid points or shapes never match.
 */
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { pairedTable } from './lookup-rows.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { distanceToLine, distanceToPolygon, pointInPolygon } from '../../functions/geo/lines.ts';

export function executeGeoLookup(plan: Extract<Plan, { op: 'geolookup' }>, input: Table, lookup: Table, compile: ExprCompiler): Table {
  const lng = evaluateColumn(compile(plan.lng), input);
  const lat = evaluateColumn(compile(plan.lat), input);
  let radius: number | null = null;
  if (plan.radius) {
    const c = compile(plan.radius);
    const v = c.isConst ? c.value : c.prepare([], 1)(0);
    radius = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  const shapes = lookup.data[plan.key]!;
  const matches = (i: number, j: number): boolean => {
    if (plan.shape === 'line') {
      const d = distanceToLine(lng[i], lat[i], shapes[j]);
      return d !== null && radius !== null && d <= radius;
    }
    if (radius === null) return pointInPolygon(lng[i], lat[i], shapes[j]) === true;
    const d = distanceToPolygon(lng[i], lat[i], shapes[j]);
    return d !== null && d <= radius;
  };
  const pairs: [number, number | null][] = [];
  for (let i = 0; i < input.rowCount; i++) {
    let found = false;
    for (let j = 0; j < lookup.rowCount; j++) {
      if (!matches(i, j)) continue;
      pairs.push([i, j]);
      found = true;
    }
    if (!found && plan.unmatched) pairs.push([i, null]);
  }
  return pairedTable(plan, input, lookup, pairs);
}
