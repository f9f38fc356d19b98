/**
 * top-nested: the first level groups the input by its expression, aggregates each group and keeps the top N groups
 * by the aggregation (desc by default, asc for the bottom N; nulls last, ties in order of first appearance; every
 * group without N); each kept group's rows go to the next level. `with others = Const` adds, per level, one row with
 * Const for the value and the aggregation over the rows of the groups left out (its deeper levels null). One output
 * row per leaf: per level, the value and the aggregation.
 */
import type { Table } from '../../data/table.ts';
import { gatherRows } from '../../data/table.ts';
import { KqlError } from '../../engine-api.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler, type PlanExecutor } from '../compile.ts';
import type { RunContext } from '../context.ts';
import { valueKey } from '../../functions/common/values.ts';
import { compareValues } from '../../functions/common/compare.ts';
import { constantOf } from './rolling-percentile.ts';

export function executeTopNested(plan: Extract<Plan, { op: 'topnested' }>, rc: RunContext, exec: PlanExecutor, compile: ExprCompiler): Table {
  const input = exec(plan.input, rc);
  const counts = plan.levels.map((L) => {
    if (!L.count) return Infinity;
    const n = constantOf(compile, L.count);
    if (!Number.isFinite(n) || n < 0) throw new KqlError('KQL_RUNTIME', 'top-nested needs a row count of 0 or more');
    return Math.floor(n);
  });
  const others = plan.levels.map((L) => {
    if (!L.others) return null;
    const c = compile(L.others.value);
    return c.isConst ? c.value : c.prepare([], 1)(0);
  });
  const out: unknown[][] = plan.columns.map(() => []);
  let rowCount = 0;
  const prefix: unknown[] = [];
  const emit = () => {
    for (let c = 0; c < out.length; c++) out[c]!.push(c < prefix.length ? prefix[c] : null);
    rowCount++;
  };
  const level = (depth: number, table: Table) => {
    const L = plan.levels[depth]!;
    rc.materialized.set(plan.inputId, table);
    const summary = exec(L.summarize, rc);
    rc.tick(summary.rowCount + 1);
    const keys = evaluateColumn(compile(L.key), table);
    const rowsOf = new Map<string, number[]>();
    for (let i = 0; i < table.rowCount; i++) {
      const k = valueKey(keys[i]);
      let list = rowsOf.get(k);
      if (!list) rowsOf.set(k, (list = []));
      list.push(i);
    }
    const values = summary.data[0]!;
    const aggs = summary.data[1]!;
    const order = Array.from({ length: summary.rowCount }, (_, r) => r).sort((a, b) => {
      const x = aggs[a];
      const y = aggs[b];
      if (x === null || x === undefined) return y === null || y === undefined ? a - b : 1;
      if (y === null || y === undefined) return -1;
      const c = compareValues(x, y);
      return (L.descending ? -c : c) || a - b;
    });
    const kept = order.slice(0, counts[depth]);
    for (const r of kept) {
      prefix.push(values[r], aggs[r]);
      if (depth + 1 === plan.levels.length) emit();
      else level(depth + 1, gatherRows(table, rowsOf.get(valueKey(values[r])) ?? []));
      prefix.length -= 2;
    }
    if (L.others && order.length > kept.length) {
      const rest = order.slice(kept.length).flatMap((r) => rowsOf.get(valueKey(values[r])) ?? []).sort((a, b) => a - b);
      rc.materialized.set(plan.inputId, gatherRows(table, rest));
      const o = exec(L.others.summarize, rc);
      prefix.push(others[depth], o.data[0]![0] ?? null);
      emit();
      prefix.length -= 2;
    }
  };
  if (input.rowCount > 0) level(0, input);
  rc.materialized.delete(plan.inputId);
  return { columns: plan.columns, data: out, rowCount };
}
