/**
 * summarize: groups rows by key values (nested Maps, no per-row key strings), keeps one state per aggregate and
 * group, then evaluates the output expressions over [keys..., aggregate results...].
 */
import type { CallSite } from '../functions/registry.ts';
import type { Expr, Plan } from '../plan/nodes.ts';
import type { Table } from '../data/table.ts';
import { evaluateColumn, type Compiled } from './compile.ts';
import type { RunContext } from './context.ts';
import { GroupIndex } from './group.ts';
import { compareNonNull } from './order.ts';

type SummarizePlan = Extract<Plan, { op: 'summarize' }>;

export function executeSummarize(plan: SummarizePlan, input: Table, rc: RunContext, compile: (e: Expr) => Compiled): Table {
  const n = input.rowCount;
  const keyCount = plan.keys.length;
  // key values of every row, computed column-wise first (a plain column is shared, not copied)
  const keyCols = plan.keys.map((k) => evaluateColumn(compile(k), input));

  // group number of every row
  const groupOf = new Int32Array(n);
  const groups = new GroupIndex(Math.max(keyCount, 1));
  const keyValues: unknown[][] = plan.keys.map(() => []);
  if (keyCount === 0) {
    groups.count = 1; // one group, even over no rows
  } else if (keyCount === 1 && plan.keys[0]!.type !== 'dynamic' && plan.keys[0]!.type !== 'unknown') {
    // one scalar key: a Map from the value itself
    const col = keyCols[0]!;
    const out = keyValues[0]!;
    const index = new Map<unknown, number>();
    for (let i = 0; i < n; i++) {
      const v = col[i] ?? null;
      let g = index.get(v);
      if (g === undefined) {
        g = out.length;
        index.set(v, g);
        out.push(v);
      }
      groupOf[i] = g;
    }
    groups.count = out.length;
  } else if (keyCount === 2 && plan.keys.every((k) => k.type !== 'dynamic' && k.type !== 'unknown')) {
    // two scalar keys: nested Maps from the values themselves
    const [c0, c1] = keyCols as [unknown[], unknown[]];
    const [o0, o1] = keyValues as [unknown[], unknown[]];
    const index = new Map<unknown, Map<unknown, number>>();
    for (let i = 0; i < n; i++) {
      const a = c0[i] ?? null;
      const b = c1[i] ?? null;
      let inner = index.get(a);
      if (inner === undefined) {
        inner = new Map();
        index.set(a, inner);
      }
      let g = inner.get(b);
      if (g === undefined) {
        g = o0.length;
        inner.set(b, g);
        o0.push(a);
        o1.push(b);
      }
      groupOf[i] = g;
    }
    groups.count = o0.length;
  } else {
    const keys = new Array(keyCount);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < keyCount; k++) keys[k] = keyCols[k]![i];
      const before = groups.count;
      const g = groups.lookup(keys);
      if (g === before) for (let k = 0; k < keyCount; k++) keyValues[k]!.push(keys[k] ?? null);
      groupOf[i] = g;
      if ((i & 0xffff) === 0xffff) rc.check();
    }
  }
  const groupCount = groups.count;

  const resultColumns: unknown[][] = [];
  for (const spec of plan.aggregates) {
    const argFns = spec.args.map((a) => compile(a));
    const site: CallSite = { ...spec.site, constants: argFns.map((a) => (a.isConst ? a.value : undefined)), now: rc.now };
    if (spec.picker) {
      resultColumns.push(...pick(spec.picker, argFns[0], input, groupOf, groupCount, compile));
      continue;
    }
    const impl = spec.impl!;
    const states = new Array(groupCount);
    for (let g = 0; g < groupCount; g++) states[g] = impl.init(site);
    const fns = argFns.map((a) => a.prepare(input.data, n));
    const argc = fns.length;
    const args = new Array(argc);
    if (argc === 0) {
      for (let i = 0; i < n; i++) { const g = groupOf[i]!; states[g] = impl.add(states[g], args, site); }
    } else if (argc === 1) {
      const f0 = fns[0]!;
      for (let i = 0; i < n; i++) {
        const g = groupOf[i]!;
        args[0] = f0(i);
        states[g] = impl.add(states[g], args, site);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const g = groupOf[i]!;
        for (let k = 0; k < argc; k++) args[k] = fns[k]!(i);
        states[g] = impl.add(states[g], args, site);
      }
    }
    rc.tick(n);
    const out = new Array(groupCount);
    for (let g = 0; g < groupCount; g++) out[g] = impl.result(states[g], site);
    if (spec.spread) {
      // one column per element of the aggregate's result array
      for (let k = 0; k < spec.spread; k++) resultColumns.push(out.map((r) => (Array.isArray(r) ? r[k] ?? null : null)));
    } else resultColumns.push(out);
  }

  const inter: Table = { columns: [], data: [...keyValues, ...resultColumns], rowCount: groupCount };
  const data = plan.outputs.map((e) => (e.kind === 'column' ? inter.data[e.index]! : evaluateColumn(compile(e), inter)));
  return { columns: plan.columns, data, rowCount: groupCount };
}

/** arg_max/arg_min/take_any(*): per group the row with the extreme (non-null) value, then the outputs at that row. */
function pick(picker: NonNullable<SummarizePlan['aggregates'][number]['picker']>, by: Compiled | undefined, input: Table,
  groupOf: Int32Array, groupCount: number, compile: (e: Expr) => Compiled): unknown[][] {
  const n = input.rowCount;
  const best = new Int32Array(groupCount).fill(-1);
  const bestVal = new Array(groupCount).fill(null);
  const f = by ? by.prepare(input.data, n) : () => true;
  const sign = picker.kind === 'min' ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const g = groupOf[i]!;
    if (picker.kind === 'any') {
      if (best[g] === -1) best[g] = i;
      continue;
    }
    const v = f(i);
    if (v === null || v === undefined) {
      if (best[g] === -1) best[g] = -2 - i; // remember a row in case every value is null
      continue;
    }
    if (best[g]! < 0 || sign * compareNonNull(v, bestVal[g]) > 0) {
      best[g] = i;
      bestVal[g] = v;
    }
  }
  return picker.outputs.map((e) => {
    const c = compile(e);
    const rowFn = c.prepare(input.data, n);
    const out = new Array(groupCount);
    for (let g = 0; g < groupCount; g++) {
      let r = best[g]!;
      if (r <= -2) r = -2 - r;
      out[g] = r >= 0 ? rowFn(r) : null;
    }
    return out;
  });
}
