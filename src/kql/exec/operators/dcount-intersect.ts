/**
 * evaluate dcount_intersect(hll_1, hll_2 [, ..., hll_n]) (dcount-intersect-plugin): for each input row, the
 * distinct counts s0 = |S1|, s1 = |S1 ∩ S2|, ..., s(n-1) = |S1 ∩ ... ∩ Sn| of the sets its hll() sketches hold.
 * The sketches are exact here (functions/aggregates/hll.ts), so the counts are too. A value that is not a sketch
 * is the empty set.
 */
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { isSketch } from '../../functions/aggregates/hll.ts';

export function executeDcountIntersect(plan: Extract<Plan, { op: 'dcountintersect' }>, input: Table, compile: ExprCompiler): Table {
  const sketches = plan.sketches.map((e) => evaluateColumn(compile(e), input));
  const out = sketches.map(() => new Array<number>(input.rowCount));
  for (let i = 0; i < input.rowCount; i++) {
    let common: Set<string> | null = null;
    sketches.forEach((column, k) => {
      const v = column[i];
      const keys = new Set(isSketch(v) ? v.hll.map(String) : []);
      common = common === null ? keys : new Set([...common].filter((key) => keys.has(key)));
      out[k]![i] = common.size;
    });
  }
  return { columns: plan.columns, data: [...input.data.slice(0, input.columns.length), ...out], rowCount: input.rowCount };
}
