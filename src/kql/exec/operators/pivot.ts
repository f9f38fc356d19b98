/**
 * evaluate pivot(col, agg, keys...): one row per key tuple; the per-value columns are only known at run time, so
 * they travel as one property bag per row (see RUNTIME_COLUMNS in ../../plan/nodes.ts).
 */
import type { Table } from '../../data/table.ts';
import type { CallSite } from '../../functions/registry.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import type { RunContext } from '../context.ts';
import { GroupIndex } from '../group.ts';
import { toDynamicElement } from '../cast.ts';

export function executePivot(plan: Extract<Plan, { op: 'pivot' }>, input: Table, rc: RunContext, compile: ExprCompiler): Table {
  const n = input.rowCount;
  const pivotValues = evaluateColumn(compile(plan.pivot), input);
  const groups = new GroupIndex(Math.max(plan.keys.length, 1));
  const keyValues: unknown[][] = plan.keys.map(() => []);
  const groupOf = new Int32Array(n);
  const keys = new Array(plan.keys.length);
  if (plan.keys.length === 0 && n > 0) groups.count = 1;
  for (let i = 0; i < n; i++) {
    if (plan.keys.length === 0) continue;
    plan.keys.forEach((c, k) => { keys[k] = input.data[c]![i]; });
    const before = groups.count;
    const g = groups.lookup(keys);
    if (g === before) plan.keys.forEach((_, k) => keyValues[k]!.push(keys[k] ?? null));
    groupOf[i] = g;
  }
  const { impl, args: argExprs, site: staticSite } = plan.aggregate;
  const argFns = argExprs.map((a) => compile(a));
  const site: CallSite = { ...staticSite, constants: argFns.map((a) => (a.isConst ? a.value : undefined)), now: rc.now };
  const fns = argFns.map((a) => a.prepare(input.data, n));
  // one column per distinct pivot value (named by its text, in name order), one state per group and column
  const names = new Map<string, Map<number, unknown>>();
  const args = new Array(fns.length);
  for (let i = 0; i < n; i++) {
    const pv = pivotValues[i];
    const name = pv === null || pv === undefined ? '' : typeof pv === 'object' ? JSON.stringify(pv) : String(pv);
    let states = names.get(name);
    if (!states) names.set(name, (states = new Map()));
    const g = groupOf[i]!;
    for (let k = 0; k < fns.length; k++) args[k] = fns[k]!(i);
    states.set(g, impl!.add(states.has(g) ? states.get(g) : impl!.init(site), args, site));
  }
  rc.tick(n);
  const sorted = [...names.keys()].sort();
  const empty = impl!.result(impl!.init(site), site);
  const bags = new Array(groups.count);
  for (let g = 0; g < groups.count; g++) {
    const bag: Record<string, unknown> = {};
    for (const name of sorted) {
      const states = names.get(name)!;
      bag[name] = toDynamicElement(states.has(g) ? impl!.result(states.get(g), site) : empty, site.resultType);
    }
    bags[g] = bag;
  }
  return { columns: plan.columns, data: [...keyValues, bags], rowCount: groups.count };
}
