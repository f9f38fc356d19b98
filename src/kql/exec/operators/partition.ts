/**
 * partition by Key (subquery): the input's rows grouped by the key's value (null is a value of its own), the
 * subquery run over each group in the order the values first appear, the results appended (columns matched by
 * name to the binder's output). With `partition by Column { query }` the query has its own source and reads the
 * key value as a scalar.
 */
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler, type PlanExecutor } from '../compile.ts';
import type { RunContext } from '../context.ts';
import { gatherRows } from '../../data/table.ts';
import { valueKey } from '../../functions/common/values.ts';

export function executePartition(plan: Extract<Plan, { op: 'partition' }>, rc: RunContext, exec: PlanExecutor, compile: ExprCompiler): Table {
  const input = exec(plan.input, rc);
  const keys = evaluateColumn(compile(plan.key), input);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < input.rowCount; i++) {
    const k = valueKey(keys[i]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(i);
  }
  const out: unknown[][] = plan.columns.map(() => []);
  let rows = 0;
  for (const g of groups.values()) {
    if (plan.keyOnly) {
      // the key as a one-row table, read again (not from the toscalar cache) for each value
      rc.materialized.set(plan.inputId, { columns: plan.keyOnly.columns, data: [[keys[g[0]!]]], rowCount: 1 });
      rc.scalars.delete(plan.keyOnly);
    } else rc.materialized.set(plan.inputId, gatherRows(input, g));
    const sub = exec(plan.subquery, rc);
    plan.columns.forEach((c, j) => {
      const si = sub.columns.findIndex((x) => x.name === c.name);
      for (let r = 0; r < sub.rowCount; r++) out[j]!.push(si >= 0 ? sub.data[si]![r] : null);
    });
    rows += sub.rowCount;
    rc.tick(sub.rowCount + 1);
  }
  rc.materialized.delete(plan.inputId);
  return { columns: plan.columns, data: out, rowCount: rows };
}
