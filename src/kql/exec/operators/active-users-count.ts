/**
 * evaluate active_users_count(IdColumn, TimelineColumn, Start, End, LookbackWindow, Period, ActivePeriodsCount, Bin
 * [, dims...]): an appearance of an id (a row with its time in [Start, End]) is active when the id appears in at least
 * ActivePeriodsCount distinct periods (bin(time, Period)) of the lookback window (time - LookbackWindow, time]; rows
 * before Start count in that window. For each bin of Bin from Start and each dimension tuple, dcount is the number of
 * distinct ids with an active appearance in the bin; bins without any give no row (active-users-count-plugin).
 * Output: time, dimensions, dcount.
 */
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { valueKey } from '../../functions/common/values.ts';
import { constantOf } from './rolling-percentile.ts';

export function executeActiveUsersCount(plan: Extract<Plan, { op: 'activeusers' }>, input: Table, compile: ExprCompiler): Table {
  const [start, end, lookback, period, active, bin] = [plan.start, plan.end, plan.lookback, plan.period, plan.activePeriods, plan.bin].map((e) => constantOf(compile, e)) as number[] as [number, number, number, number, number, number];
  if (!(bin > 0) || !(period > 0) || !(lookback >= 0) || !Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(active)) {
    throw new KqlError('KQL_RUNTIME', 'active_users_count needs a start and end, a lookback window, and a positive period and bin');
  }
  const bins = Math.floor((end - start) / bin) + 1;
  if (bins > 1_000_000) throw new KqlError('KQL_LIMIT', `active_users_count would make ${bins} bins; use a larger bin`);
  const ids = evaluateColumn(compile(plan.id), input);
  const time = evaluateColumn(compile(plan.time), input);
  const dims = plan.dims.map((d) => evaluateColumn(compile(d), input));
  // per dimension tuple and id: its appearance times, sorted
  const groups = new Map<string, { first: number; byId: Map<string, number[]> }>();
  for (let i = 0; i < input.rowCount; i++) {
    const t = time[i];
    if (t === null || t === undefined || ids[i] === null || ids[i] === undefined) continue;
    const key = dims.map((d) => valueKey(d[i])).join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: i, byId: new Map() }));
    const id = valueKey(ids[i]);
    let list = g.byId.get(id);
    if (!list) g.byId.set(id, (list = []));
    list.push(Number(t));
  }
  const rows: { b: number; first: number; dcount: number }[] = [];
  for (const g of groups.values()) {
    const activeIn = new Map<number, Set<string>>();
    for (const [id, times] of g.byId) {
      times.sort((a, b) => a - b);
      for (const t of times) {
        if (t < start || t > end) continue;
        const periods = new Set<number>();
        for (const u of times) if (u > t - lookback && u <= t) periods.add(Math.floor(u / period));
        if (periods.size < active) continue;
        const b = Math.floor((t - start) / bin);
        let set = activeIn.get(b);
        if (!set) activeIn.set(b, (set = new Set()));
        set.add(id);
      }
    }
    for (let b = 0; b < bins; b++) {
      const n = activeIn.get(b)?.size ?? 0;
      if (n > 0) rows.push({ b, first: g.first, dcount: n });
    }
  }
  const data = [
    rows.map((r) => start + r.b * bin),
    ...dims.map((d) => rows.map((r) => d[r.first])),
    rows.map((r) => r.dcount),
  ];
  return { columns: plan.columns, data, rowCount: rows.length };
}
