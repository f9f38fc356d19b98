/**
 * Records of one table typed into compact column stores (columns.ts) as they arrive, one at a time: the one place
 * where a record becomes a row, for inline rows (createDatabase) and for data files read in chunks (read-file.ts).
 * Properties that are not columns of the schema are ignored, except `_IngestionTime` (a datetime): when the row was
 * ingested. Standard columns a record leaves out get the value Log Analytics gives them (standard-columns.ts).
 */
import type { ScalarTypeName, TableSchema } from '../schema.ts';
import { KqlError } from '../engine-api.ts';
import { fromRecordValue, ValueTypeError } from '../values/json.ts';
import { parseIsoDatetime } from '../values/iso-datetime.ts';
import { TICKS_PER_MS } from '../values/datetime.ts';
import { columnStore, type ColumnStore } from './columns.ts';
import { isWorkspaceTable, StandardValues, STANDARD_COLUMNS, withStandardColumns } from './standard-columns.ts';
import { lazyColumns, withIngestionColumn, type Table } from './table.ts';

/** The record field holding a row's ingestion time: not a column (never in `project *` or getschema). */
export const INGESTION_TIME_FIELD = '_IngestionTime';

/** Why a record cannot be a row: the message follows the record's place (`file:line: `). */
export class RowError extends Error {
  constructor(message: string, readonly column?: string) {
    super(message);
  }
}

export interface TableBuilderOptions {
  /**
   * The columns to fill as records are added (TimeGenerated always is); the others are deferred: filled on first
   * use by `refill`, which must add the same records again, in the same order, with addDeferred. Without
   * `columns` every column is filled.
   */
  columns?: ReadonlySet<string>;
  refill?: (builder: TableBuilder) => void;
}

export class TableBuilder {
  readonly schema: TableSchema;
  rowCount = 0;
  /** The column positions filled by add (the others wait for refill). */
  private active: number[];
  private deferred: number[];
  private refill: ((builder: TableBuilder) => void) | undefined;
  private refilled = 0;
  private readonly names: string[];
  private readonly types: ScalarTypeName[];
  private readonly standard: boolean[];
  private readonly standardValues: StandardValues;
  private readonly stores: (ColumnStore | undefined)[];
  /** Columns already built for the engine (shared by every table built from here). */
  private readonly arrays: (unknown[] | undefined)[];
  private readonly scratch: unknown[];
  /** Each row's `_IngestionTime` (ticks or null), kept from the first row that has one. */
  private ingested: ColumnStore | undefined;
  private readonly timeColumn: number;

  constructor(declared: TableSchema, options: TableBuilderOptions = {}) {
    this.schema = withStandardColumns(declared);
    this.names = this.schema.columns.map((c) => c.name);
    this.types = this.schema.columns.map((c) => c.type);
    const workspace = isWorkspaceTable(this.schema);
    this.standard = this.names.map((n) => workspace && STANDARD_COLUMNS.some((c) => c.name === n));
    this.standardValues = new StandardValues(this.schema.name);
    this.stores = this.types.map(columnStore);
    this.arrays = this.names.map(() => undefined);
    this.scratch = new Array(this.names.length);
    this.timeColumn = this.schema.columns.findIndex((c) => c.name === 'TimeGenerated' && c.type === 'datetime');
    const wanted = options.columns;
    const all = this.names.map((_, c) => c);
    this.active = wanted && options.refill ? all.filter((c) => c === this.timeColumn || wanted.has(this.names[c]!)) : all;
    this.deferred = all.filter((c) => !this.active.includes(c));
    this.refill = options.refill;
  }

  /** Whether some columns wait to be filled by refill. */
  get hasDeferredColumns(): boolean {
    return this.deferred.length > 0;
  }

  /**
   * Adds a record as a row, or throws RowError (and adds nothing). `ascii`: the record's text is known to hold
   * only ASCII characters (a reader's hint that makes _BilledSize cheaper).
   */
  add(record: unknown, ascii = false): void {
    const row = this.typed(record, ascii, this.active);
    const { active, stores } = this;
    const scratch = this.scratch;
    for (let k = 0; k < active.length; k++) stores[active[k]!]!.push(scratch[active[k]!]);
    const given = row[INGESTION_TIME_FIELD];
    if (given !== undefined && given !== null && !this.ingested) {
      this.ingested = columnStore('datetime');
      for (let i = 0; i < this.rowCount; i++) this.ingested.push(null);
    }
    this.ingested?.push(this.ingestedAt);
    this.rowCount++;
  }

  /** During refill: a record added again, filling the deferred columns. */
  addDeferred(record: unknown, ascii = false): void {
    if (this.refilled >= this.rowCount) throw new RowError('more rows than when the data was first read; the data changed while it was being used');
    this.typed(record, ascii, this.deferred);
    for (const c of this.deferred) this.stores[c]!.push(this.scratch[c]);
    this.refilled++;
  }

  private ingestedAt: unknown = null;

  /** Types the record's values of the given columns into scratch (and its ingestion time into ingestedAt). */
  private typed(record: unknown, ascii: boolean, columns: number[]): Record<string, unknown> {
    if (!record || typeof record !== 'object' || Array.isArray(record)) throw new RowError('expected an object with column values');
    const row = record as Record<string, unknown>;
    const { names, types, standard, scratch } = this;
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k]!;
      let raw = row[names[c]!];
      if (standard[c] && (raw === undefined || raw === null || raw === '')) raw = this.standardValues.value(names[c]!, row, ascii);
      const type = types[c]!;
      if (type === 'string' && typeof raw === 'string') scratch[c] = raw;
      else if (type === 'datetime' && typeof raw === 'string' && raw.length >= 19 && (scratch[c] = parseIsoDatetime(raw)) !== null) continue;
      else {
        try {
          scratch[c] = fromRecordValue(raw, type);
        } catch (e) {
          if (!(e instanceof ValueTypeError)) throw e;
          throw new RowError(`column ${names[c]}: ${e.message}; fix the value or the table schema`, names[c]);
        }
      }
    }
    const given = row[INGESTION_TIME_FIELD];
    this.ingestedAt = null;
    if (given !== undefined && given !== null) {
      try {
        this.ingestedAt = fromRecordValue(given, 'datetime');
      } catch (e) {
        if (!(e instanceof ValueTypeError)) throw e;
        throw new RowError(`${INGESTION_TIME_FIELD}: ${e.message}; give an ISO-8601 datetime`, INGESTION_TIME_FIELD);
      }
    }
    return row;
  }

  /** Fills the deferred columns (once): refill adds every record again. */
  private fillDeferred(): void {
    if (!this.deferred.length) return;
    const refill = this.refill!;
    this.refill = undefined;
    this.refilled = 0;
    refill(this);
    if (this.refilled !== this.rowCount) {
      throw new KqlError('KQL_DATA', `${this.schema.name}: ${this.refilled} rows on reading the data again, ${this.rowCount} before; the data changed while it was being used`);
    }
    this.active = this.names.map((_, c) => c);
    this.deferred = [];
  }

  /** The engine's array for column c, built on first use. */
  private column(c: number): unknown[] {
    let a = this.arrays[c];
    if (!a) {
      if (this.deferred.includes(c)) this.fillDeferred();
      a = this.stores[c]!.toArray();
      this.arrays[c] = a;
      this.stores[c] = undefined; // the compact store is no longer needed
    }
    return a;
  }

  /** The value of column c, row i. */
  private value(c: number, i: number): unknown {
    return this.arrays[c] ? this.arrays[c]![i] : this.stores[c]!.get(i);
  }

  /**
   * The table of the rows added so far. Columns are built when the engine first reads them, once for every table
   * built here. `ingestionDelayMs`: a row without `_IngestionTime` was ingested at its TimeGenerated plus this.
   */
  build(ingestionDelayMs = 0): Table {
    const n = this.rowCount;
    const data = lazyColumns(this.names.length, (c) => {
      const a = this.column(c);
      return a.length === n ? a : a.slice(0, n);
    });
    return { columns: this.schema.columns, data: withIngestionColumn(data, this.ingestionTimes(n, ingestionDelayMs * TICKS_PER_MS)), rowCount: n };
  }

  /**
   * Each row's ingestion time: its `_IngestionTime`, else its TimeGenerated plus the delay (null without one).
   * Undefined when no row has one and there is no delay: every row was ingested at its TimeGenerated.
   */
  private ingestionTimes(n: number, delay: number): (number | null)[] | undefined {
    if (!this.ingested && !delay) return undefined;
    const out: (number | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const given = this.ingested?.get(i) as number | null | undefined;
      if (given !== null && given !== undefined) {
        out[i] = given;
        continue;
      }
      const t = this.timeColumn >= 0 ? (this.value(this.timeColumn, i) as number | null) : null;
      out[i] = t === null || t === undefined ? null : t + delay;
    }
    return out;
  }
}
