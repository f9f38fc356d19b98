/** mv-apply: per input row, the subquery runs over that row's mv-expansion; its rows are the output. */
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import type { PlanExecutor } from '../compile.ts';
import type { RunContext } from '../context.ts';
import { executeMvExpand, type MvExpandPlan } from './mv-expand.ts';

export function executeMvApply(plan: Extract<Plan, { op: 'mvapply' }>, rc: RunContext, exec: PlanExecutor): Table {
  const input = exec(plan.input, rc);
  const out: unknown[][] = plan.columns.map(() => []);
  let rows = 0;
  const expandPlan: MvExpandPlan = { columns: plan.rowColumns,
    items: plan.items.map((it) => ({ ...it, bagKind: 'bag' as const })), limit: Number.MAX_SAFE_INTEGER, itemIndex: plan.itemIndex };
  for (let i = 0; i < input.rowCount; i++) {
    const one: Table = { columns: input.columns, data: input.data.map((c) => [c[i]]), rowCount: 1 };
    const rowTable = executeMvExpand(expandPlan, one, rc);
    rc.materialized.set(plan.inputId, rowTable);
    const sub = exec(plan.subquery, rc);
    plan.columns.forEach((c, j) => {
      const si = sub.columns.findIndex((x) => x.name === c.name);
      const ii = input.columns.findIndex((x) => x.name === c.name);
      for (let r = 0; r < sub.rowCount; r++) out[j]!.push(si >= 0 ? sub.data[si]![r] : ii >= 0 ? input.data[ii]![i] : null);
    });
    rows += sub.rowCount;
    rc.tick(sub.rowCount + 1);
  }
  rc.materialized.delete(plan.inputId);
  return { columns: plan.columns, data: out, rowCount: rows };
}
