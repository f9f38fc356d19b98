/**
 * evaluate new_activity_metrics(IdColumn, TimelineColumn, Start, End, Window [, Cohort] [, dims...])
 * (new-activity-metrics-plugin): rows with their time in [Start, End] are put in windows of Window from Start. Per
 * dimension tuple, the cohort of a window is its ids not seen in any earlier window. For each cohort window `from`
 * (only the one holding Cohort, when given) and each window `to` from it on: dcount_new_values (ids of `to` not seen
 * in any window up to `from`, nor before `to`), dcount_retained_values (cohort ids seen in `to`),
 * dcount_churn_values (cohort ids not seen in `to`), retention_rate and churn_rate (those two out of the cohort's
 * size; 0/0, NaN, for an empty cohort). Every window from Start to End is a `to`, with ids or not. Rows with a null
 * id or time are left out. Output: from, to, dimensions, then the five metrics.
 */
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { idsByBin } from './ids-by-bin.ts';
import { constantOf } from './rolling-percentile.ts';
import { windowsOf } from './activity-metrics.ts';

export function executeNewActivityMetrics(plan: Extract<Plan, { op: 'newactivitymetrics' }>, input: Table, compile: ExprCompiler): Table {
  const w = windowsOf('new_activity_metrics', compile, plan);
  const cohortBin = plan.cohort ? w.binOf(constantOf(compile, plan.cohort)) ?? -1 : null;
  const ids = evaluateColumn(compile(plan.id), input);
  const time = evaluateColumn(compile(plan.time), input);
  const dims = plan.dims.map((d) => evaluateColumn(compile(d), input));
  const groups = idsByBin(input.rowCount, ids, time, dims, w.binOf);
  const rows: { from: number; to: number; first: number; fresh: number; retained: number; churned: number; size: number }[] = [];
  for (const g of groups.values()) {
    const windows = Array.from({ length: w.count }, (_, b) => new Set(g.byBin.get(b) ?? []));
    // seenThrough[b]: every id of windows 0..b
    const seenThrough: Set<string>[] = [];
    let seen = new Set<string>();
    for (const ws of windows) seenThrough.push((seen = new Set([...seen, ...ws])));
    for (let from = 0; from < w.count; from++) {
      if (cohortBin !== null && from !== cohortBin) continue;
      const before = from > 0 ? seenThrough[from - 1]! : new Set<string>();
      const cohort = [...windows[from]!].filter((id) => !before.has(id));
      for (let to = from; to < w.count; to++) {
        const known = to > from ? seenThrough[from]! : before;
        let fresh = 0;
        for (const id of windows[to]!) if (!known.has(id)) fresh++;
        const retained = cohort.filter((id) => windows[to]!.has(id)).length;
        rows.push({ from, to, first: g.first, fresh, retained, churned: cohort.length - retained, size: cohort.length });
      }
    }
  }
  const data = [
    rows.map((r) => w.start + r.from * w.window),
    rows.map((r) => w.start + r.to * w.window),
    ...dims.map((d) => rows.map((r) => d[r.first])),
    rows.map((r) => r.fresh),
    rows.map((r) => r.retained),
    rows.map((r) => r.churned),
    rows.map((r) => r.retained / r.size),
    rows.map((r) => r.churned / r.size),
  ];
  return { columns: plan.columns, data, rowCount: rows.length };
}
