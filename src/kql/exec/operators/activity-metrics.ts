/**
 * evaluate activity_metrics(IdColumn, TimelineColumn, Start, End, Window [, dims...]) (activity-metrics-plugin):
 * rows with their time in [Start, End] are put in windows of Window from Start. For every window and each dimension
 * tuple: dcount_values (distinct ids), dcount_newvalues (distinct ids not in the previous window), retention_rate
 * ((dcount_values - dcount_newvalues) / the previous window's dcount_values: the ids returned, out of those at the
 * start of the window) and churn_rate (the ids lost, out of the same: 1 - retention_rate). Against an empty previous
 * window (the first window among them) both rates are 0/0, NaN, as the reference's example shows. Rows with a null id
 * or time are left out. Output: time, dimensions, dcount_values, dcount_newvalues, retention_rate, churn_rate.
 */
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Expr, Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { idsByBin } from './ids-by-bin.ts';
import { constantOf } from './rolling-percentile.ts';

/** The windows of Window from Start up to End (both constants), shared with new_activity_metrics. */
export function windowsOf(name: string, compile: ExprCompiler, plan: { start: Expr; end: Expr; window: Expr }) {
  const [start, end, window] = [plan.start, plan.end, plan.window].map((e) => constantOf(compile, e)) as [number, number, number];
  if (!(window > 0) || !Number.isFinite(start) || !Number.isFinite(end) || end < start) throw new KqlError('KQL_RUNTIME', `${name} needs a start, an end not before it and a positive window`);
  const count = Math.floor((end - start) / window) + 1;
  if (count > 100_000) throw new KqlError('KQL_LIMIT', `${name} would make ${count} windows; use a larger window`);
  return { start, end, window, count, binOf: (n: number) => (n < start || n > end ? undefined : Math.floor((n - start) / window)) };
}

export function executeActivityMetrics(plan: Extract<Plan, { op: 'activitymetrics' }>, input: Table, compile: ExprCompiler): Table {
  const w = windowsOf('activity_metrics', compile, plan);
  const ids = evaluateColumn(compile(plan.id), input);
  const time = evaluateColumn(compile(plan.time), input);
  const dims = plan.dims.map((d) => evaluateColumn(compile(d), input));
  const groups = idsByBin(input.rowCount, ids, time, dims, w.binOf);
  const rows: { b: number; first: number; dcount: number; fresh: number; retention: number; churn: number }[] = [];
  for (const g of groups.values()) {
    let previous = new Set<string>();
    for (let b = 0; b < w.count; b++) {
      const current = new Set(g.byBin.get(b) ?? []);
      let fresh = 0;
      for (const id of current) if (!previous.has(id)) fresh++;
      const returned = current.size - fresh;
      rows.push({ b, first: g.first, dcount: current.size, fresh, retention: returned / previous.size, churn: (previous.size - returned) / previous.size });
      previous = current;
    }
  }
  const data = [
    rows.map((r) => w.start + r.b * w.window),
    ...dims.map((d) => rows.map((r) => d[r.first])),
    rows.map((r) => r.dcount),
    rows.map((r) => r.fresh),
    rows.map((r) => r.retention),
    rows.map((r) => r.churn),
  ];
  return { columns: plan.columns, data, rowCount: rows.length };
}
