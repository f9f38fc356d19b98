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
import { idsByBin } from './ids-by-bin.ts';
import { constantOf } from './rolling-percentile.ts';

export function executeSlidingWindowCounts(plan: Extract<Plan, { op: 'slidingcounts' }>, input: Table, compile: ExprCompiler): Table {
  const constant = (e: Expr) => constantOf(compile, e);
  const [start, end, lookback, bin] = [plan.start, plan.end, plan.lookback, plan.bin].map(constant) as [number, number, number, number];
  if (!(bin > 0) || !Number.isFinite(start) || !Number.isFinite(end)) throw new KqlError('KQL_RUNTIME', 'sliding_window_counts needs a positive bin and a start and end');
  const bins = Math.floor((end - start) / bin) + 1;
  if (bins > 1_000_000) throw new KqlError('KQL_LIMIT', `sliding_window_counts would make ${bins} bins; use a larger bin`);
  const span = Math.max(1, Math.floor(lookback / bin));
  const ids = evaluateColumn(compile(plan.id), input);
  const time = evaluateColumn(compile(plan.time), input) as (number | null)[];
  const dims = plan.dims.map((d) => evaluateColumn(compile(d), input));
  // per dimension tuple: the ids of each bin
  const groups = idsByBin(input.rowCount, ids, time, dims, (t) => {
    const b = Math.floor((t - start) / bin);
    return b >= bins || b <= -span ? undefined : b;
  });
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
