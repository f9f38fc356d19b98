/**
 * Lowers `evaluate geo_line_lookup(LookupTable, LookupLineKey, SourceLongitude, SourceLatitude, Radius
 * [, return_unmatched] [, lookup_area_radius] [, return_lookup_key])` and `evaluate geo_polygon_lookup(LookupTable,
 * LookupPolygonKey, SourceLongitude, SourceLatitude [, radius] [, return_unmatched] [, lookup_area_radius]
 * [, return_lookup_key])`, the optional arguments by position or by name. lookup_area_radius only tunes Kusto's
 * index and does not change the result; return_lookup_key is already in the binder's output columns.
 */
import type { ColumnSchema } from '../schema.ts';
import { kindOf, listOf, type Node } from '../frontend/syntax.ts';
import type { Scope } from './context.ts';
import { columnIndex, lowerExpr } from './lower-expr.ts';
import { lookupOutputs } from './lookup-outputs.ts';
import type { TabularLowerer } from './lower-query.ts';
import type { Expr, Plan } from './nodes.ts';

export function lowerGeoLookup(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope, shape: 'line' | 'polygon'): Plan {
  const name = shape === 'line' ? 'geo_line_lookup' : 'geo_polygon_lookup';
  const args: Node[] = listOf(op.FunctionCall.ArgumentList.Expressions);
  if (args.length < 4 || (shape === 'line' && args.length < 5)) {
    throw l.ctx.runtimeError(`${name}: needs the lookup table, its ${shape} column, the longitude and the latitude${shape === 'line' ? ' and the radius' : ''}`, op);
  }
  const lookup = l.tabular(args[0], scope);
  const keyName = String(args[1].SimpleName ?? '');
  const key = columnIndex(lookup.columns, keyName);
  if (key < 0) throw l.ctx.runtimeError(`${name}: ${keyName || 'the second argument'} is not a column of the lookup table`, args[1]);
  const env = l.env(scope, input.columns);
  const lng = lowerExpr(args[2], env);
  const lat = lowerExpr(args[3], env);
  const optional = ['radius', 'return_unmatched', 'lookup_area_radius', 'return_lookup_key'];
  const given = new Map<string, Node>();
  args.slice(4).forEach((a, i) => {
    if (kindOf(a) === 'SimpleNamedExpression') given.set(String(a.Name.SimpleName).toLowerCase(), a.Expression);
    else if (optional[i]) given.set(optional[i]!, a);
  });
  const constant = (n: Node | undefined): Expr | null => (n ? lowerExpr(n, l.env(scope, [])) : null);
  const radius = constant(given.get('radius'));
  const unmatchedExpr = constant(given.get('return_unmatched'));
  const unmatched = unmatchedExpr?.kind === 'const' && unmatchedExpr.value === true;
  const outputs = lookupOutputs(l, op, name, columns, input.columns, lookup.columns);
  return { op: 'geolookup', columns, input, lookup, shape, key, lng, lat, radius, unmatched, outputs };
}
