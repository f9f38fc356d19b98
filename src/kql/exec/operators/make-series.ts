/** make-series: per key tuple, one array per aggregate over the bins of the axis (the default where a bin is empty). */
import { KqlError } from '../../engine-api.ts';
import { emptyTable, type Table } from '../../data/table.ts';
import type { CallSite } from '../../functions/registry.ts';
import type { Expr, Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import type { RunContext } from '../context.ts';
import { GroupIndex } from '../group.ts';
import { toDynamicElement } from '../cast.ts';

export function executeMakeSeries(plan: Extract<Plan, { op: 'makeseries' }>, input: Table, rc: RunContext, compile: ExprCompiler): Table {
  const n = input.rowCount;
  const value = (e: Expr | null) => {
    if (!e) return null;
    const c = compile(e);
    return c.isConst ? c.value : c.prepare([], 1)(0);
  };
  const axis = evaluateColumn(compile(plan.axis), input) as (number | null)[];
  let from = value(plan.from) as number | null;
  let to = value(plan.to) as number | null;
  const step = Number(value(plan.step));
  if (!(step > 0)) throw new KqlError('KQL_RUNTIME', 'make-series needs a positive step');
  if (plan.inRange && from !== null && to !== null) {
    // in range(start, stop, step): the bins bin() gives, from start's to stop's (included)
    from = Math.floor(from / step) * step;
    to = from + (Math.floor((to - from) / step) + 1) * step;
  }
  if (from === null || to === null) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of axis) if (typeof v === 'number') { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (from === null) from = Number.isFinite(lo) ? Math.floor(lo / step) * step : 0;
    // without `to`, the series ends with the last bin that has data (no empty bin after it)
    if (to === null) to = Number.isFinite(hi) && hi >= from ? from + (Math.floor((hi - from) / step) + 1) * step : from;
  }
  const bins = Math.max(0, Math.ceil((to - from) / step));
  if (bins > 10_000_000) throw new KqlError('KQL_LIMIT', `make-series would create ${bins} bins; use a larger step`);
  const keyCols = plan.keys.map((e) => evaluateColumn(compile(e), input));
  const groups = new GroupIndex(Math.max(keyCols.length, 1));
  const keyValues: unknown[][] = keyCols.map(() => []);
  const groupOf = new Int32Array(n);
  const keys = new Array(keyCols.length);
  // without `by`, one series even over no rows (when the range is known)
  if (keyCols.length === 0 && (n > 0 || (plan.from && plan.to))) groups.count = 1;
  for (let i = 0; i < n; i++) {
    if (keyCols.length === 0) { groupOf[i] = 0; continue; }
    for (let k = 0; k < keyCols.length; k++) keys[k] = keyCols[k]![i];
    const before = groups.count;
    const g = groups.lookup(keys);
    if (g === before) keyCols.forEach((_, k) => keyValues[k]!.push(keys[k] ?? null));
    groupOf[i] = g;
  }
  const groupCount = groups.count;
  const seriesCols = plan.aggregates.map(({ spec, defaultValue }) => {
    const impl = spec.impl!;
    const argFns = spec.args.map((a) => compile(a));
    const site: CallSite = { ...spec.site, constants: argFns.map((a) => (a.isConst ? a.value : undefined)), now: rc.now };
    const fns = argFns.map((a) => a.prepare(input.data, n));
    // one state slot per (series, bin): an array when small enough, else a Map
    const slots = groupCount * bins;
    const dense = slots <= 4_000_000;
    const arr: unknown[] = dense ? new Array(slots) : [];
    const map = new Map<number, unknown>();
    const states = {
      has: (k: number) => (dense ? arr[k] !== undefined : map.has(k)),
      get: (k: number) => (dense ? arr[k] : map.get(k)),
    };
    const args = new Array(fns.length);
    for (let i = 0; i < n; i++) {
      const t = axis[i];
      if (typeof t !== 'number') continue;
      const b = Math.floor((t - from!) / step);
      if (b < 0 || b >= bins) continue;
      const slot = groupOf[i]! * bins + b;
      for (let k = 0; k < fns.length; k++) args[k] = fns[k]!(i);
      if (dense) {
        const st = arr[slot];
        arr[slot] = impl.add(st === undefined ? impl.init(site) : st, args, site);
      } else map.set(slot, impl.add(map.has(slot) ? map.get(slot) : impl.init(site), args, site));
    }
    const def = value(defaultValue);
    const out = new Array(groupCount);
    for (let g = 0; g < groupCount; g++) {
      const arr = new Array(bins);
      for (let b = 0; b < bins; b++) {
        const slot = g * bins + b;
        arr[b] = states.has(slot) ? toDynamicElement(impl.result(states.get(slot), site), site.resultType) : toDynamicElement(def, site.resultType);
      }
      out[g] = arr;
    }
    rc.tick(n);
    return out;
  });
  const axisIsDatetime = plan.axis.type === 'datetime';
  const axisValues = new Array(bins);
  for (let b = 0; b < bins; b++) axisValues[b] = toDynamicElement(from + b * step, axisIsDatetime ? 'datetime' : plan.axis.type);
  const axisCol = new Array(groupCount).fill(axisValues);
  if (groupCount === 0 && keyCols.length === 0) return emptyTable(plan.columns);
  return { columns: plan.columns, data: [...keyValues, ...seriesCols, axisCol], rowCount: groupCount };
}
