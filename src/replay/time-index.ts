/**
 * Long replays (the noise budget, `content replay`) run a rule thousands of times over the same database; each run
 * only sees the rows of its window. Sorting each table by TimeGenerated once lets every run start from just its
 * window's rows (two binary searches and a slice) instead of the engine scanning the whole table. The engine still
 * applies the run's timeRange and ingestion bound, so results are the same with or without the index. Rows keep
 * their ingestion times (delayed data); derived tables do not carry them, so they are not made for such data.
 */
import { Database, type Table } from '../kql/index.ts';
import { ingestionColumn, lazyColumns, withIngestionColumn } from '../kql/data/table.ts';
import { datetimeFromUnixMs, datetimeToUnixMs } from '../kql/values/datetime.ts';

interface SortedTable { table: Table; times: Float64Array }

/** A table made of consecutive runs of rows, each sorted by time (e.g. a union of sorted tables). */
interface RunsTable { table: Table; times: Float64Array; runEnds: number[] }

export class TimeIndex {
  private readonly sorted = new Map<string, SortedTable>();
  private readonly unsorted = new Map<string, Table>();
  private readonly derived = new Map<string, RunsTable>();

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
      // each column is gathered in time order when a run first reads it (columns no rule reads are never built)
      const data = lazyColumns(t.data.length, (c) => {
        const col = t.data[c]!;
        return order.map((i) => col[i]);
      });
      // Ingestion times (delayed data) stay with their rows: the engine hides rows not yet ingested at each run.
      const ingested = ingestionColumn(t.data);
      if (ingested) withIngestionColumn(data, order.map((i) => ingested[i]));
      this.sorted.set(name, { table: { columns: t.columns, data, rowCount: order.length }, times: Float64Array.from(order, (i) => col[i]!) });
    }
  }

  /** Every timed row (sorted by time) and every untimed table: the database a window covering all time sees. */
  all(): Database {
    const db = new Database();
    for (const [name, t] of this.unsorted) db.set(name, t);
    for (const [name, { table }] of this.sorted) db.set(name, table);
    return db;
  }

  /** The earliest and latest TimeGenerated of any table (what the data covers), or undefined when nothing is timed. */
  span(): { start: Date; end: Date } | undefined {
    let start = Infinity, end = -Infinity;
    for (const { times } of this.sorted.values()) {
      if (!times.length) continue;
      start = Math.min(start, times[0]!);
      end = Math.max(end, times[times.length - 1]!);
    }
    return start <= end ? { start: new Date(datetimeToUnixMs(start)), end: new Date(datetimeToUnixMs(end)) } : undefined;
  }

  /** Whether a derived table of this name was added. */
  hasDerived(name: string): boolean {
    return this.derived.has(name);
  }

  /**
   * Adds a table computed from all() by a row-local function (see row-local-functions.ts): each window then holds
   * its rows with start <= TimeGenerated < end, in the table's own order. Such a table is a sequence of runs
   * sorted by time (one per table of a union), so a window is one binary-searched slice per run.
   */
  addDerived(name: string, t: Table): void {
    const ti = t.columns.findIndex((c) => c.name === 'TimeGenerated' && c.type === 'datetime');
    if (ti < 0) throw new Error(`derived table ${name} has no datetime TimeGenerated`);
    const col = t.data[ti] as (number | null)[];
    // Rows without a time are never inside a window (the engine's time range drops them too).
    const keep: number[] = [];
    for (let i = 0; i < t.rowCount; i++) if (typeof col[i] === 'number') keep.push(i);
    const data = keep.length === t.rowCount ? t.data.map((c) => c.slice(0, t.rowCount)) : t.data.map((c) => keep.map((i) => c[i]));
    const times = Float64Array.from(keep, (i) => col[i]!);
    const runEnds: number[] = [];
    for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]!) runEnds.push(i);
    runEnds.push(times.length);
    this.derived.set(name, { table: { columns: t.columns, data, rowCount: keep.length }, times, runEnds });
  }

  /**
   * A database holding, for each timed table, only the rows with start <= TimeGenerated < end. A table's window is
   * made when the query first reads it (most runs read one or two of the tables).
   */
  window(start: Date, end: Date): Database {
    const lo = datetimeFromUnixMs(start.getTime());
    const hi = datetimeFromUnixMs(end.getTime());
    return new WindowDatabase(this.unsorted, (name) => {
      const sorted = this.sorted.get(name);
      if (sorted) {
        const a = lowerBound(sorted.times, lo);
        const b = lowerBound(sorted.times, hi);
        return { columns: sorted.table.columns, data: lazySlices(sorted.table.data, a, b), rowCount: b - a };
      }
      const derived = this.derived.get(name);
      if (!derived) return undefined;
      const { table, times, runEnds } = derived;
      const ranges: [number, number][] = [];
      let from = 0;
      let count = 0;
      for (const to of runEnds) {
        const a = lowerBound(times, lo, from, to);
        const b = lowerBound(times, hi, a, to);
        if (b > a) {
          ranges.push([a, b]);
          count += b - a;
        }
        from = to;
      }
      const data = ranges.length === 1 ? lazySlices(table.data, ranges[0]![0], ranges[0]![1]) : lazyGather(table.data, ranges, count);
      return { columns: table.columns, data, rowCount: count };
    }, [...this.sorted.keys(), ...this.derived.keys()]);
  }
}

/** A database whose timed tables are windowed on first read. */
class WindowDatabase extends Database {
  private readonly pending: Set<string>;
  private readonly order: string[];

  constructor(untimed: Map<string, Table>, private readonly make: (name: string) => Table | undefined, timed: string[]) {
    super();
    for (const [name, t] of untimed) super.set(name, t);
    this.pending = new Set(timed);
    this.order = [...untimed.keys(), ...timed];
  }

  override get(name: string): Table | undefined {
    if (this.pending.has(name)) {
      this.pending.delete(name);
      const t = this.make(name);
      if (t) super.set(name, t);
    }
    return super.get(name);
  }

  override has(name: string): boolean {
    return this.pending.has(name) || super.has(name);
  }

  override names(): string[] {
    return [...new Set([...this.order, ...super.names()])].filter((n) => this.has(n));
  }

  override set(name: string, table: Table): void {
    this.pending.delete(name);
    super.set(name, table);
  }
}

/**
 * Column slices made on first access: a query reads a handful of a wide table's columns (AzureDiagnostics has
 * hundreds), so copying only those keeps thousands of runs from churning the garbage collector.
 */
function lazySlices(columns: unknown[][], a: number, b: number): unknown[][] {
  return withIngestionColumn(lazyColumns(columns.length, (c) => columns[c]!.slice(a, b)), ingestionColumn(columns)?.slice(a, b));
}

/** Like lazySlices, for the concatenation of several row ranges. */
function lazyGather(columns: unknown[][], ranges: [number, number][], count: number): unknown[][] {
  return lazyColumns(columns.length, (c) => {
    const col = columns[c]!;
    const out = new Array(count);
    let j = 0;
    for (const [a, b] of ranges) for (let i = a; i < b; i++) out[j++] = col[i];
    return out;
  });
}

function lowerBound(xs: Float64Array, v: number, from = 0, to = xs.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
