/** The columns bag_unpack and pivot create at run time, expanded from their hidden bag column into real columns. */
import type { ColumnSchema, ScalarTypeName } from '../../schema.ts';
import type { Table } from '../../data/table.ts';
import { RUNTIME_COLUMNS } from '../../plan/nodes.ts';

/** The column type of a run-time column: the values' common type (long and real make real), else dynamic. */
function inferType(values: unknown[]): ScalarTypeName {
  let t: ScalarTypeName | null = null;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const vt: ScalarTypeName = typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool'
      : typeof v === 'number' ? (Number.isInteger(v) ? 'long' : 'real') : 'dynamic';
    if (t === null) t = vt;
    else if (t !== vt) t = (t === 'long' && vt === 'real') || (t === 'real' && vt === 'long') ? 'real' : 'dynamic';
  }
  return t ?? 'dynamic';
}

/**
 * Expands a hidden run-time column (see RUNTIME_COLUMNS) into one column per key, in name order, typed by their
 * values; keys that clash with an existing column are left out.
 */
export function expandRuntimeColumns(t: Table): Table {
  const h = t.columns.findIndex((c) => c.name.startsWith(RUNTIME_COLUMNS));
  if (h < 0) return t;
  const prefix = t.columns[h]!.name.slice(RUNTIME_COLUMNS.length);
  const bagCol = t.data[h]!;
  const seen = new Set<string>();
  for (let i = 0; i < t.rowCount; i++) {
    const v = bagCol[i];
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const k of Object.keys(v)) seen.add(k);
  }
  const keptNames = new Set(t.columns.filter((_, i) => i !== h).map((c) => c.name));
  const keys = [...seen].filter((k) => !keptNames.has(prefix + k)).sort();
  const newCols = keys.map((k) => bagCol.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] ?? null : null)));
  const columns: ColumnSchema[] = [];
  const data: unknown[][] = [];
  t.columns.forEach((c, i) => {
    if (i === h) {
      keys.forEach((k, j) => {
        const type = inferType(newCols[j]!);
        columns.push({ name: prefix + k, type });
        data.push(type === 'string' ? newCols[j]!.map((v) => v ?? '') : newCols[j]!);
      });
    } else {
      columns.push(c);
      data.push(t.data[i]!);
    }
  });
  return expandRuntimeColumns({ columns, data, rowCount: t.rowCount });
}
