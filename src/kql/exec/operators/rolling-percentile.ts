/**
 * evaluate rolling_percentile(ValueColumn, Percentile, IndexColumn, BinSize, BinsPerWindow [, dims...]): the index
 * is put in bins of BinSize (as bin() does); for each dimension tuple and each bin from its first to its last, the
 * percentile (nearest rank, as percentile()) of the values in the window of BinsPerWindow bins ending with that bin
 * (inclusive). Windows without values give no row; rows with a null index or value are left out. Output: index,
 * dimensions, rolling_<BinsPerWindow>_percentile_<ValueColumn>_<Percentile>.
 */
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Expr, Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { valueKey } from '../../functions/common/values.ts';
import { nearestRank } from '../../functions/aggregates/percentile.ts';

export function constantOf(compile: ExprCompiler, e: Expr): number {
  const c = compile(e);
  return Number(c.isConst ? c.value : c.prepare([], 1)(0));
}

export function executeRollingPercentile(plan: Extract<Plan, { op: 'rollingpercentile' }>, input: Table, compile: ExprCompiler): Table {
  const [p, bin, window] = [plan.percentile, plan.bin, plan.window].map((e) => constantOf(compile, e)) as [number, number, number];
  if (!(bin > 0)) throw new KqlError('KQL_RUNTIME', 'rolling_percentile needs a positive bin size');
  if (!(window >= 1) || !Number.isInteger(window)) throw new KqlError('KQL_RUNTIME', 'rolling_percentile needs a whole number of bins per window (1 or more)');
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new KqlError('KQL_RUNTIME', 'rolling_percentile needs a percentile between 0 and 100');
  const values = evaluateColumn(compile(plan.value), input);
  const index = evaluateColumn(compile(plan.index), input);
  const dims = plan.dims.map((d) => evaluateColumn(compile(d), input));
  const groups = new Map<string, { first: number; byBin: Map<number, unknown[]> }>();
  for (let i = 0; i < input.rowCount; i++) {
    const t = index[i];
    const v = values[i];
    if (t === null || t === undefined || v === null || v === undefined) continue;
    const b = Math.floor(Number(t) / bin);
    if (!Number.isFinite(b)) continue;
    const key = dims.map((d) => valueKey(d[i])).join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: i, byBin: new Map() }));
    let list = g.byBin.get(b);
    if (!list) g.byBin.set(b, (list = []));
    list.push(v);
  }
  const rows: { b: number; first: number; value: unknown }[] = [];
  for (const g of groups.values()) {
    const bins = [...g.byBin.keys()];
    const lo = Math.min(...bins);
    const hi = Math.max(...bins);
    if (hi - lo > 1_000_000) throw new KqlError('KQL_LIMIT', `rolling_percentile would make ${hi - lo + 1} bins; use a larger bin size`);
    for (let b = lo; b <= hi; b++) {
      const inWindow: unknown[] = [];
      for (let k = b - window + 1; k <= b; k++) for (const v of g.byBin.get(k) ?? []) inWindow.push(v);
      if (inWindow.length) rows.push({ b, first: g.first, value: nearestRank(inWindow, null, p) });
    }
  }
  const data = [
    rows.map((r) => r.b * bin),
    ...dims.map((d) => rows.map((r) => d[r.first])),
    rows.map((r) => r.value),
  ];
  return { columns: plan.columns, data, rowCount: rows.length };
}
