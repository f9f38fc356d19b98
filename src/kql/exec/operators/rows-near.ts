/**
 * evaluate rows_near(Condition, NumRows [, RowsAfter]) (rows-near-plugin): every input row, in order, that lies at
 * most NumRows rows before or RowsAfter (NumRows when not given) rows after a row whose Condition is true. A null
 * condition is false. The counts are whole numbers of rows, 0 or more.
 */
import { KqlError } from '../../engine-api.ts';
import { gatherRows, type Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { constantOf } from './rolling-percentile.ts';

export function executeRowsNear(plan: Extract<Plan, { op: 'rowsnear' }>, input: Table, compile: ExprCompiler): Table {
  const before = constantOf(compile, plan.before);
  const after = constantOf(compile, plan.after);
  for (const n of [before, after]) {
    if (!Number.isInteger(n) || n < 0) throw new KqlError('KQL_RUNTIME', 'rows_near needs a whole number of rows, 0 or more, before and after the condition');
  }
  const condition = evaluateColumn(compile(plan.condition), input);
  const hits: number[] = [];
  for (let i = 0; i < input.rowCount; i++) if (condition[i] === true) hits.push(i);
  const kept: number[] = [];
  let h = 0; // the first hit at or after row i
  for (let i = 0; i < input.rowCount; i++) {
    while (h < hits.length && hits[h]! < i) h++;
    const previous = h > 0 ? hits[h - 1]! : -Infinity;
    const following = h < hits.length ? hits[h]! : Infinity;
    if (following - i <= before || i - previous <= after) kept.push(i);
  }
  return gatherRows({ ...input, columns: plan.columns }, kept);
}
