/**
 * Where each output column of a lookup-shaped plugin (ipv4_lookup, ipv6_lookup, geo_line_lookup,
 * geo_polygon_lookup) comes from: the binder's output is the input's columns, then the lookup table's others, as
 * the lookup operator makes them; each is found by name on the input (`side` 0) or the lookup table (`side` 1), a
 * lookup column that shares an input column's name under that name with a number.
 */
import type { Node } from '../frontend/syntax.ts';
import type { ColumnSchema } from '../schema.ts';
import { columnIndex } from './lower-expr.ts';
import type { TabularLowerer } from './lower-query.ts';

export type LookupOutput = { side: 0 | 1; index: number };

export function lookupOutputs(l: TabularLowerer, op: Node, name: string, columns: ColumnSchema[], input: ColumnSchema[], lookup: ColumnSchema[]): LookupOutput[] {
  return columns.map((c) => {
    const i = columnIndex(input, c.name);
    if (i >= 0) return { side: 0 as const, index: i };
    const j = columnIndex(lookup, c.name);
    if (j >= 0) return { side: 1 as const, index: j };
    // a lookup column named like an input column is renamed with a number, as join does (longitude → longitude1)
    const m = /^(.*?)(\d+)$/.exec(c.name);
    const k = m && columnIndex(input, m[1]!) >= 0 ? columnIndex(lookup, m[1]!) : -1;
    if (k >= 0) return { side: 1 as const, index: k };
    throw l.ctx.runtimeError(`${name}: cannot place output column ${c.name}`, op);
  });
}
