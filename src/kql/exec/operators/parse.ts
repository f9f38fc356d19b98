/** parse / parse-where: the compiled regex's groups into typed columns; parse-where drops rows that fail. */
import { forwardColumns, gatherRows, type Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { evaluateColumn, type ExprCompiler } from '../compile.ts';
import { castValue, nullOf } from '../cast.ts';

export function executeParse(plan: Extract<Plan, { op: 'parse' }>, input: Table, compile: ExprCompiler): Table {
  const src = evaluateColumn(compile(plan.source), input);
  const n = input.rowCount;
  const data = forwardColumns(input.data, plan.columns.length);
  const targetCols = plan.targets.map(() => new Array(n));
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = src[i];
    const text = typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    const m = plan.regex.exec(text);
    let ok = m !== null;
    const values = plan.targets.map((t) => {
      if (!m) return undefined;
      const raw = m[t.group] ?? '';
      const cv = t.type === 'string' ? raw : castValue(raw, t.type);
      if (cv === null && t.type !== 'string') {
        if (plan.kind === 'relaxed') return null;
        ok = false;
      }
      return cv;
    });
    if (!ok && plan.dropFailures) continue;
    keep.push(i);
    plan.targets.forEach((t, k) => {
      targetCols[k]![i] = ok ? values[k] : nullOf(t.type);
    });
  }
  plan.targets.forEach((t, k) => { data[t.index] = targetCols[k]!; });
  const table: Table = { columns: plan.columns, data, rowCount: n };
  if (!plan.dropFailures || keep.length === n) return table;
  return gatherRows(table, keep);
}
