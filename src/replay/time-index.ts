/**
 * Long replays (the noise budget, `content replay`) run a rule thousands of times over the same database; each run
 * only sees the rows of its window. Sorting each table by TimeGenerated once lets every run start from just its
 * window's rows (two binary searches and a slice) instead of the engine scanning the whole table. The engine still
 * applies the run's timeRange, so results are the same with or without the index.
 */
import { Database, type Table } from '../kql/index.ts';
import { datetimeFromUnixMs } from '../kql/values/datetime.ts';

interface SortedTable { table: Table; times: Float64Array }

export class TimeIndex {
  private readonly sorted = new Map<string, SortedTable>();
  private readonly unsorted = new Map<string, Table>();

  constructor(db: Database) {
    for (const name of db.names()) {
      const t = db.get(name)!;
      const ti = t.columns.findIndex((c) => c.name === 'TimeGenerated' && c.type === 'datetime');
      if (ti < 0) {
        this.unsorted.set(name, t);
        continue;
      }
      const col = t.data[ti] as (number | null)[];
      // Rows without a time are never inside a window; they are left out.
      const order: number[] = [];
      for (let i = 0; i < t.rowCount; i++) if (typeof col[i] === 'number') order.push(i);
      order.sort((a, b) => col[a]! - col[b]! || a - b);
      const data = t.data.map((c) => order.map((i) => c[i]));
      this.sorted.set(name, { table: { columns: t.columns, data, rowCount: order.length }, times: Float64Array.from(order, (i) => col[i]!) });
    }
  }

  /** A database holding, for each timed table, only the rows with start <= TimeGenerated < end. */
  window(start: Date, end: Date): Database {
    const lo = datetimeFromUnixMs(start.getTime());
    const hi = datetimeFromUnixMs(end.getTime());
    const db = new Database();
    for (const [name, t] of this.unsorted) db.set(name, t);
    for (const [name, { table, times }] of this.sorted) {
      const a = lowerBound(times, lo);
      const b = lowerBound(times, hi);
      db.set(name, { columns: table.columns, data: lazySlices(table.data, a, b), rowCount: b - a });
    }
    return db;
  }
}

/**
 * Column slices made on first access: a query reads a handful of a wide table's columns (AzureDiagnostics has
 * hundreds), so copying only those keeps thousands of runs from churning the garbage collector.
 */
function lazySlices(columns: unknown[][], a: number, b: number): unknown[][] {
  const data: unknown[][] = new Array(columns.length);
  for (let c = 0; c < columns.length; c++) {
    Object.defineProperty(data, c, {
      configurable: true,
      enumerable: true,
      get() {
        const v = columns[c]!.slice(a, b);
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

function lowerBound(xs: Float64Array, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
