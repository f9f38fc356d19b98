/**
 * A database: tables typed once from JSON records, so that the same data serves many runs (the replay scheduler
 * runs one rule over many windows without re-typing rows).
 */
import { KqlError, type TableRecords } from '../engine-api.ts';
import { ingestionColumn, type Table } from './table.ts';
import { formatDatetime } from '../values/datetime.ts';
import { INGESTION_TIME_FIELD, RowError, TableBuilder } from './table-builder.ts';

export class Database {
  private readonly tables = new Map<string, Table>();

  constructor(tables: Iterable<Table & { name: string }> = []) {
    for (const t of tables) this.tables.set(t.name, t);
  }

  /** The table, or undefined when the database holds no rows for it. */
  get(name: string): Table | undefined {
    return this.tables.get(name);
  }

  has(name: string): boolean {
    return this.tables.has(name);
  }

  names(): string[] {
    return [...this.tables.keys()];
  }

  /** Whether any table's rows carry ingestion times other than their TimeGenerated (`_IngestionTime` or a delay). */
  hasIngestionTimes(): boolean {
    return this.names().some((n) => ingestionColumn(this.get(n)!.data) !== undefined);
  }

  /** The latest TimeGenerated of any table (ISO-8601), or null when no table has one. */
  lastTimeGenerated(): string | null {
    let last = -Infinity;
    for (const t of this.tables.values()) {
      const c = t.columns.findIndex((x) => x.name === 'TimeGenerated' && x.type === 'datetime');
      if (c < 0) continue;
      for (const v of t.data[c]!) if (typeof v === 'number' && v > last) last = v;
    }
    return Number.isFinite(last) ? formatDatetime(last) : null;
  }

  /** Adds or replaces a table (already typed). */
  set(name: string, table: Table): void {
    this.tables.set(name, table);
  }
}

/** Where each record came from, for error messages: the file and the 1-based line of each row. */
export interface RecordSource { file: string; lines?: number[] }

export { INGESTION_TIME_FIELD };

export interface CreateDatabaseOptions {
  /**
   * Ingestion delay in milliseconds, for every table or per table name: a row without `_IngestionTime` is then
   * ingested at its TimeGenerated plus the delay. Without it such a row is ingested at its TimeGenerated.
   */
  ingestionDelayMs?: number | Record<string, number>;
}

/** The delay of one table (CreateDatabaseOptions.ingestionDelayMs). */
export function ingestionDelayOf(options: CreateDatabaseOptions, table: string): number {
  const d = options.ingestionDelayMs;
  return (typeof d === 'number' ? d : d?.[table]) ?? 0;
}

/**
 * Types records by their table schema. Several TableRecords for the same table are concatenated (files plus
 * inline rows). A value that cannot be read as its column's type is a KQL_DATA error naming the table (or file),
 * the row (or line) and the column. Properties that are not columns of the schema are ignored, except
 * `_IngestionTime` (a datetime): when ingested, which ingestion_time() returns and RunOptions.ingestedBefore reads.
 */
export function createDatabase(records: (TableRecords & { source?: RecordSource })[], options: CreateDatabaseOptions = {}): Database {
  const builders = new Map<string, TableBuilder>();
  for (const part of records) {
    let b = builders.get(part.schema.name);
    if (!b) builders.set(part.schema.name, (b = new TableBuilder(part.schema)));
    addRecords(b, part);
  }
  const db = new Database();
  for (const [name, b] of builders) db.set(name, b.build(ingestionDelayOf(options, name)));
  return db;
}

/** Adds records to a table's builder; a record that cannot be a row is a KQL_DATA error at its place. */
export function addRecords(builder: TableBuilder, part: TableRecords & { source?: RecordSource }): void {
  const { rows } = part;
  for (let r = 0; r < rows.length; r++) {
    try {
      builder.add(rows[r]);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      throw new KqlError('KQL_DATA', `${where(builder.schema.name, part.source, r)}: ${e.message}`);
    }
  }
}

function where(table: string, source: RecordSource | undefined, row: number): string {
  if (!source) return `table ${table}, row ${row + 1}`;
  const line = source.lines?.[row];
  return line !== undefined ? `${source.file}:${line}` : `${source.file}: row ${row + 1}`;
}
