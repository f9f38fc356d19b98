/**
 * The in-memory columnar table: one plain JS array per column (values as in values/README.md), all of the same
 * length. Operators never mutate an input table's arrays; they share unchanged columns with their output.
 */
import type { ColumnSchema } from '../schema.ts';

export interface Table {
  columns: ColumnSchema[];
  data: unknown[][];
  rowCount: number;
}

export function emptyTable(columns: ColumnSchema[]): Table {
  return { columns, data: columns.map(() => []), rowCount: 0 };
}

/** Copies the given rows (by index) of every column into a new table. */
export function gatherRows(t: Table, rows: ArrayLike<number>, count = rows.length): Table {
  const data = t.data.map((col) => {
    const out = new Array(count);
    for (let j = 0; j < count; j++) out[j] = col[rows[j]!];
    return out;
  });
  return { columns: t.columns, data, rowCount: count };
}

/** The first `n` rows (sharing nothing with the input). */
export function sliceRows(t: Table, n: number): Table {
  if (n >= t.rowCount) return t;
  return { columns: t.columns, data: t.data.map((c) => c.slice(0, n)), rowCount: n };
}
