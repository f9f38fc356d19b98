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

/**
 * A column array filled on first access. Operators pick rows (where, sort, join, mv-expand) for every column, but
 * the rest of the query often reads only a few of them: lazily gathered columns are never built when unused.
 */
export function lazyColumns(count: number, produce: (c: number) => unknown[]): unknown[][] {
  const data: unknown[][] = new Array(count);
  for (let c = 0; c < count; c++) {
    Object.defineProperty(data, c, {
      configurable: true,
      enumerable: true,
      get() {
        const v = produce(c);
        Object.defineProperty(data, c, { value: v, writable: true, enumerable: true, configurable: true });
        return v;
      },
      set(v: unknown[]) {
        Object.defineProperty(data, c, { value: v, writable: true, enumerable: true, configurable: true });
      },
    });
  }
  return data;
}

/** A new column list sharing the input's columns without touching (building) lazy ones. */
export function forwardColumns(data: unknown[][], count = data.length): unknown[][] {
  return lazyColumns(count, (c) => (c < data.length ? data[c]! : []));
}

/** The given rows (by index) of every column, gathered lazily per column. */
export function gatherRows(t: Table, rows: ArrayLike<number>, count = rows.length): Table {
  const data = lazyColumns(t.data.length, (c) => {
    const col = t.data[c]!;
    const out = new Array(count);
    for (let j = 0; j < count; j++) out[j] = col[rows[j]!];
    return out;
  });
  return { columns: t.columns, data, rowCount: count };
}

/** The first `n` rows (sharing nothing with the input). */
export function sliceRows(t: Table, n: number): Table {
  if (n >= t.rowCount) return t;
  return { columns: t.columns, data: lazyColumns(t.data.length, (c) => t.data[c]!.slice(0, n)), rowCount: n };
}
