/**
 * evaluate sliding_window_counts(id, time, start, end, lookback, bin, dims...): rows are put in bins of `bin` from
 * `start`; for each bin from start to end (included) and each dimension tuple with rows, Count is the number of
 * rows and Dcount the number of distinct ids in the lookback window ending with that bin (the bin and the
 * lookback / bin - 1 bins before it; the lookback is rounded down to whole bins, as the reference says). Rows with
 * a null time or id are left out. Output: time, dimensions, Count, Dcount.
 */
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Expr, Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { valueKey } from '../../functions/common/values.ts';

export function executeSlidingWindowCounts(plan: Extract<Plan, { op: 'slidingcounts' }>, input: Table, compile: ExprCompiler): Table {
  const constant = (e: Expr) => {
    const c = compile(e);
    return Number(c.isConst ? c.value : c.prepare([], 1)(0));
  };
  const [start, end, lookback, bin] = [plan.start, plan.end, plan.lookback, plan.bin].map(constant) as [number, number, number, number];
  if (!(bin > 0) || !Number.isFinite(start) || !Number.isFinite(end)) throw new KqlError('KQL_RUNTIME', 'sliding_window_counts needs a positive bin and a start and end');
  const bins = Math.floor((end - start) / bin) + 1;
  if (bins > 1_000_000) throw new KqlError('KQL_LIMIT', `sliding_window_counts would make ${bins} bins; use a larger bin`);
  const span = Math.max(1, Math.floor(lookback / bin));
  const ids = evaluateColumn(compile(plan.id), input);
  const time = evaluateColumn(compile(plan.time), input) as (number | null)[];
  const dims = plan.dims.map((d) => evaluateColumn(compile(d), input));
  // per dimension tuple: the ids of each bin
  const groups = new Map<string, { first: number; byBin: Map<number, string[]> }>();
  for (let i = 0; i < input.rowCount; i++) {
    const t = time[i];
    if (typeof t !== 'number' || ids[i] === null || ids[i] === undefined) continue;
    const b = Math.floor((t - start) / bin);
    if (b >= bins || b <= -span) continue;
    const key = dims.map((d) => valueKey(d[i])).join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: i, byBin: new Map() }));
    let list = g.byBin.get(b);
    if (!list) g.byBin.set(b, (list = []));
    list.push(valueKey(ids[i]));
  }
  const rows: { b: number; first: number; count: number; dcount: number }[] = [];
  for (const g of groups.values()) {
    for (let b = 0; b < bins; b++) {
      let count = 0;
      const distinct = new Set<string>();
      for (let k = b - span + 1; k <= b; k++) {
        for (const id of g.byBin.get(k) ?? []) {
          count++;
          distinct.add(id);
        }
      }
      rows.push({ b, first: g.first, count, dcount: distinct.size });
    }
  }
  const data = [
    rows.map((r) => start + r.b * bin),
    ...dims.map((d) => rows.map((r) => d[r.first])),
    rows.map((r) => r.count),
    rows.map((r) => r.dcount),
  ];
  return { columns: plan.columns, data, rowCount: rows.length };
}
