/**
 * A database: tables typed once from JSON records, so that the same data serves many runs (the replay scheduler
 * runs one rule over many windows without re-typing rows).
 */
import type { TableSchema } from '../schema.ts';
import { KqlError, type TableRecords } from '../engine-api.ts';
import { fromRecordValue, ValueTypeError } from '../values/json.ts';
import { emptyTable, ingestionColumn, withIngestionColumn, type Table } from './table.ts';
import { formatDatetime, TICKS_PER_MS } from '../values/datetime.ts';
import { isWorkspaceTable, standardValue, STANDARD_COLUMNS, withStandardColumns } from './standard-columns.ts';

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

/** The record field holding a row's ingestion time: not a column (never in `project *` or getschema). */
export const INGESTION_TIME_FIELD = '_IngestionTime';

export interface CreateDatabaseOptions {
  /**
   * Ingestion delay in milliseconds, for every table or per table name: a row without `_IngestionTime` is then
   * ingested at its TimeGenerated plus the delay. Without it such a row is ingested at its TimeGenerated.
   */
  ingestionDelayMs?: number | Record<string, number>;
}

/**
 * Types records by their table schema. Several TableRecords for the same table are concatenated (files plus
 * inline rows). A value that cannot be read as its column's type is a KQL_DATA error naming the table (or file),
 * the row (or line) and the column. Properties that are not columns of the schema are ignored, except
 * `_IngestionTime` (a datetime): when ingested, which ingestion_time() returns and RunOptions.ingestedBefore reads.
 */
export function createDatabase(records: (TableRecords & { source?: RecordSource })[], options: CreateDatabaseOptions = {}): Database {
  const byName = new Map<string, { schema: TableSchema; parts: (TableRecords & { source?: RecordSource })[] }>();
  for (const r of records) {
    const entry = byName.get(r.schema.name);
    if (entry) entry.parts.push(r);
    else byName.set(r.schema.name, { schema: r.schema, parts: [r] });
  }
  const db = new Database();
  for (const [name, { schema: declared, parts }] of byName) {
    const schema = withStandardColumns(declared);
    const table = typeRecords(schema, parts);
    const delay = typeof options.ingestionDelayMs === 'number' ? options.ingestionDelayMs : options.ingestionDelayMs?.[name];
    withIngestionColumn(table.data, ingestionTimes(schema, parts, table, (delay ?? 0) * TICKS_PER_MS));
    db.set(name, table);
  }
  return db;
}

function typeRecords(schema: TableSchema, parts: (TableRecords & { source?: RecordSource })[]): Table {
  const table = emptyTable(schema.columns);
  const types = schema.columns.map((c) => c.type);
  const names = schema.columns.map((c) => c.name);
  // standard columns a record leaves out get the value Log Analytics gives them (Type is the table's name, ...)
  const standard = isWorkspaceTable(schema) ? names.map((n) => STANDARD_COLUMNS.some((c) => c.name === n)) : names.map(() => false);
  for (const part of parts) {
    part.rows.forEach((row, r) => {
      if (!row || typeof row !== 'object' || Array.isArray(row)) {
        throw new KqlError('KQL_DATA', `${where(schema.name, part.source, r)}: expected an object with column values`);
      }
      for (let c = 0; c < names.length; c++) {
        let v: unknown;
        try {
          const raw = row[names[c]!];
          v = fromRecordValue(standard[c] && (raw === undefined || raw === null || raw === '') ? standardValue(names[c]!, row, schema.name) : raw, types[c]!);
        } catch (e) {
          if (!(e instanceof ValueTypeError)) throw e;
          throw new KqlError('KQL_DATA', `${where(schema.name, part.source, r)}: column ${names[c]}: ${e.message}; fix the value or the table schema`);
        }
        table.data[c]!.push(v);
      }
    });
    table.rowCount += part.rows.length;
  }
  return table;
}

/**
 * Each row's ingestion time: its `_IngestionTime`, else its TimeGenerated plus the delay (null without one).
 * Undefined when no row has one and there is no delay: every row was ingested at its TimeGenerated.
 */
function ingestionTimes(schema: TableSchema, parts: (TableRecords & { source?: RecordSource })[], table: Table, delay: number): (number | null)[] | undefined {
  const explicit = parts.some((p) => p.rows.some((r) => r[INGESTION_TIME_FIELD] !== undefined && r[INGESTION_TIME_FIELD] !== null));
  if (!explicit && !delay) return undefined;
  const ti = schema.columns.findIndex((c) => c.name === 'TimeGenerated' && c.type === 'datetime');
  const times = ti >= 0 ? (table.data[ti] as (number | null)[]) : undefined;
  const out: (number | null)[] = new Array(table.rowCount);
  let i = 0;
  for (const part of parts) {
    part.rows.forEach((row, r) => {
      const given = row[INGESTION_TIME_FIELD];
      if (given !== undefined && given !== null) {
        try {
          out[i] = fromRecordValue(given, 'datetime') as number | null;
        } catch (e) {
          if (!(e instanceof ValueTypeError)) throw e;
          throw new KqlError('KQL_DATA', `${where(schema.name, part.source, r)}: ${INGESTION_TIME_FIELD}: ${e.message}; give an ISO-8601 datetime`);
        }
      } else {
        const t = times?.[i];
        out[i] = t === null || t === undefined ? null : t + delay;
      }
      i++;
    });
  }
  return out;
}

function where(table: string, source: RecordSource | undefined, row: number): string {
  if (!source) return `table ${table}, row ${row + 1}`;
  const line = source.lines?.[row];
  return line !== undefined ? `${source.file}:${line}` : `${source.file}: row ${row + 1}`;
}
