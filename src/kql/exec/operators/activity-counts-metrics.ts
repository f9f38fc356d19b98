/**
 * evaluate activity_counts_metrics(IdColumn, TimelineColumn, Start, End, Window [, dims...]): rows with their time in
 * [Start, End] are put in windows of Window from Start; for each window with rows and each dimension tuple: count
 * (rows), dcount (distinct ids), new_dcount (distinct ids not seen in an earlier window) and aggregated_dcount
 * (distinct ids of this and every earlier window) (activity-counts-metrics-plugin). Rows with a null id or time are
 * left out. Output: time, dimensions, count, dcount, new_dcount, aggregated_dcount.
 */
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { idsByBin } from './ids-by-bin.ts';
import { constantOf } from './rolling-percentile.ts';

export function executeActivityCountsMetrics(plan: Extract<Plan, { op: 'activitycounts' }>, input: Table, compile: ExprCompiler): Table {
  const [start, end, window] = [plan.start, plan.end, plan.window].map((e) => constantOf(compile, e)) as [number, number, number];
  if (!(window > 0) || !Number.isFinite(start) || !Number.isFinite(end)) throw new KqlError('KQL_RUNTIME', 'activity_counts_metrics needs a start and end and a positive window');
  const bins = Math.floor((end - start) / window) + 1;
  if (bins > 1_000_000) throw new KqlError('KQL_LIMIT', `activity_counts_metrics would make ${bins} windows; use a larger window`);
  const ids = evaluateColumn(compile(plan.id), input);
  const time = evaluateColumn(compile(plan.time), input);
  const dims = plan.dims.map((d) => evaluateColumn(compile(d), input));
  const groups = idsByBin(input.rowCount, ids, time, dims, (n) => (n < start || n > end ? undefined : Math.floor((n - start) / window)));
  const rows: { b: number; first: number; count: number; dcount: number; fresh: number; total: number }[] = [];
  for (const g of groups.values()) {
    const seen = new Set<string>();
    for (const b of [...g.byBin.keys()].sort((x, y) => x - y)) {
      const list = g.byBin.get(b)!;
      const distinct = new Set(list);
      let fresh = 0;
      for (const id of distinct) if (!seen.has(id)) fresh++;
      for (const id of distinct) seen.add(id);
      rows.push({ b, first: g.first, count: list.length, dcount: distinct.size, fresh, total: seen.size });
    }
  }
  const data = [
    rows.map((r) => start + r.b * window),
    ...dims.map((d) => rows.map((r) => d[r.first])),
    rows.map((r) => r.count),
    rows.map((r) => r.dcount),
    rows.map((r) => r.fresh),
    rows.map((r) => r.total),
  ];
  return { columns: plan.columns, data, rowCount: rows.length };
}
