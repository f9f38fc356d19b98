/**
 * evaluate activity_engagement(IdColumn, TimelineColumn, Start, End, InnerActivityWindow, OuterActivityWindow
 * [, dims...]) (activity-engagement-plugin), the DAU/WAU ratio: rows with their time in [Start, End] count. For
 * every inner window of InnerActivityWindow from Start up to End and each dimension tuple: dcount_activities_inner
 * (distinct ids in the inner window), dcount_activities_outer (distinct ids in the OuterActivityWindow that ends
 * where the inner window ends: for 1d and 7d, the day and the six days before it) and activity_ratio (inner / outer;
 * 0/0, NaN, with no ids in the outer window). Rows with a null id or time are left out. Output: time, dimensions,
 * the two distinct counts, the ratio.
 */
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { idsByBin } from './ids-by-bin.ts';
import { constantOf } from './rolling-percentile.ts';
import { windowsOf } from './activity-metrics.ts';

export function executeActivityEngagement(plan: Extract<Plan, { op: 'activityengagement' }>, input: Table, compile: ExprCompiler): Table {
  const w = windowsOf('activity_engagement', compile, { start: plan.start, end: plan.end, window: plan.inner });
  const outer = constantOf(compile, plan.outer);
  if (!(outer > 0)) throw new KqlError('KQL_RUNTIME', 'activity_engagement needs a positive outer activity window');
  const ids = evaluateColumn(compile(plan.id), input);
  const time = evaluateColumn(compile(plan.time), input);
  const dims = plan.dims.map((d) => evaluateColumn(compile(d), input));
  // bins of the time itself (not of the inner window), so that an outer window need not be a whole number of them
  const events = idsByBin(input.rowCount, ids, time, dims, (n) => (n < w.start || n > w.end ? undefined : n));
  const rows: { b: number; first: number; inner: number; outer: number }[] = [];
  for (const g of events.values()) {
    const times = [...g.byBin.keys()].sort((x, y) => x - y);
    for (let b = 0; b < w.count; b++) {
      const to = w.start + (b + 1) * w.window; // the inner window's end (exclusive)
      const inner = new Set<string>();
      const outerIds = new Set<string>();
      for (const t of times) {
        if (t >= to) break;
        if (t < to - outer) continue;
        for (const id of g.byBin.get(t)!) {
          outerIds.add(id);
          if (t >= to - w.window) inner.add(id);
        }
      }
      rows.push({ b, first: g.first, inner: inner.size, outer: outerIds.size });
    }
  }
  const data = [
    rows.map((r) => w.start + r.b * w.window),
    ...dims.map((d) => rows.map((r) => d[r.first])),
    rows.map((r) => r.inner),
    rows.map((r) => r.outer),
    rows.map((r) => r.inner / r.outer),
  ];
  return { columns: plan.columns, data, rowCount: rows.length };
}
