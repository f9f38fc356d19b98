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

/**
 * A row's ingestion time (datetime ticks, or null) is not a column: like Log Analytics' hidden ingestion time it
 * never shows in `project *` or getschema. It rides on a table's column list under this symbol, aligned with the
 * rows, so that expressions bound to the columns (`ingestion_time()`) can read it. Operators that keep input rows
 * as they are (where, extend, project, sort, take, top, union, parse) carry it; operators that make new rows
 * (summarize, join, mv-expand, ...) drop it, and ingestion_time() is then null.
 */
export const INGESTION_TIME: unique symbol = Symbol('ingestion time');

type WithIngestion = unknown[][] & { [INGESTION_TIME]?: unknown[] };

/** The hidden ingestion-time column of a column list, if it carries one. */
export function ingestionColumn(data: unknown[][]): unknown[] | undefined {
  return (data as WithIngestion)[INGESTION_TIME];
}

/** Attaches the hidden ingestion-time column to a column list (returns the list). */
export function withIngestionColumn<T extends unknown[][]>(data: T, column: unknown[] | undefined): T {
  if (column) (data as WithIngestion)[INGESTION_TIME] = column;
  return data;
}

export function emptyTable(columns: ColumnSchema[]): Table {
  return { columns, data: columns.map(() => []), rowCount: 0 };
}

/**
 * A column array filled on first access. Operators pick rows (where, sort, join, mv-expand) for every column, but
 * the rest of the query often reads only a few of them: lazily gathered columns are never built when unused.
 *
 * An unfilled column is a hole that reads through an index accessor on the shared prototype (installed once per
 * column position for all instances), so making one costs an allocation, not a property definition per column.
 * A column, once read or assigned, is an ordinary element. Array methods (map, slice, ...) return plain arrays.
 */
class LazyColumns extends Array<unknown[]> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Column positions with an accessor on the prototype. */
  static #positions = 0;

  readonly #produce: (c: number) => unknown[];

  constructor(count: number, produce: (c: number) => unknown[]) {
    super(count);
    this.#produce = produce;
  }

  static create(count: number, produce: (c: number) => unknown[]): unknown[][] {
    for (let c = LazyColumns.#positions; c < count; c++) LazyColumns.#definePosition(c);
    LazyColumns.#positions = Math.max(LazyColumns.#positions, count);
    return new LazyColumns(count, produce);
  }

  static #definePosition(c: number): void {
    const own = (target: LazyColumns, value: unknown[]) =>
      Object.defineProperty(target, c, { value, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(LazyColumns.prototype, c, {
      configurable: true,
      enumerable: false,
      get(this: LazyColumns) {
        if (c >= this.length) return undefined;
        const v = this.#produce(c);
        own(this, v);
        return v;
      },
      set(this: LazyColumns, v: unknown[]) {
        own(this, v);
      },
    });
  }
}

export function lazyColumns(count: number, produce: (c: number) => unknown[]): unknown[][] {
  return LazyColumns.create(count, produce);
}

/** A new column list sharing the input's columns without touching (building) lazy ones. */
export function forwardColumns(data: unknown[][], count = data.length): unknown[][] {
  return withIngestionColumn(lazyColumns(count, (c) => (c < data.length ? data[c]! : [])), ingestionColumn(data));
}

/** The given rows (by index) of every column, gathered lazily per column. */
export function gatherRows(t: Table, rows: ArrayLike<number>, count = rows.length): Table {
  const data = lazyColumns(t.data.length, (c) => {
    const col = t.data[c]!;
    const out = new Array(count);
    for (let j = 0; j < count; j++) out[j] = col[rows[j]!];
    return out;
  });
  const ingested = ingestionColumn(t.data);
  if (ingested) {
    const out = new Array(count);
    for (let j = 0; j < count; j++) out[j] = ingested[rows[j]!];
    withIngestionColumn(data, out);
  }
  return { columns: t.columns, data, rowCount: count };
}

/** The first `n` rows (sharing nothing with the input). */
export function sliceRows(t: Table, n: number): Table {
  if (n >= t.rowCount) return t;
  const data = lazyColumns(t.data.length, (c) => t.data[c]!.slice(0, n));
  return { columns: t.columns, data: withIngestionColumn(data, ingestionColumn(t.data)?.slice(0, n)), rowCount: n };
}
