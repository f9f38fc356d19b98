/**
 * A database: tables typed once from JSON records, so that the same data serves many runs (the replay scheduler
 * runs one rule over many windows without re-typing rows).
 */
import type { TableSchema } from '../schema.ts';
import { KqlError, type TableRecords } from '../engine-api.ts';
import { fromRecordValue, ValueTypeError } from '../values/json.ts';
import { emptyTable, type Table } from './table.ts';

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

  /** Adds or replaces a table (already typed). */
  set(name: string, table: Table): void {
    this.tables.set(name, table);
  }
}

/** Where each record came from, for error messages: the file and the 1-based line of each row. */
export interface RecordSource { file: string; lines?: number[] }

/**
 * Types records by their table schema. Several TableRecords for the same table are concatenated (files plus
 * inline rows). A value that cannot be read as its column's type is a KQL_DATA error naming the table (or file),
 * the row (or line) and the column. Properties that are not columns of the schema are ignored.
 */
export function createDatabase(records: (TableRecords & { source?: RecordSource })[]): Database {
  const byName = new Map<string, { schema: TableSchema; parts: (TableRecords & { source?: RecordSource })[] }>();
  for (const r of records) {
    const entry = byName.get(r.schema.name);
    if (entry) entry.parts.push(r);
    else byName.set(r.schema.name, { schema: r.schema, parts: [r] });
  }
  const db = new Database();
  for (const [name, { schema, parts }] of byName) db.set(name, typeRecords(schema, parts));
  return db;
}

function typeRecords(schema: TableSchema, parts: (TableRecords & { source?: RecordSource })[]): Table {
  const table = emptyTable(schema.columns);
  const types = schema.columns.map((c) => c.type);
  const names = schema.columns.map((c) => c.name);
  for (const part of parts) {
    part.rows.forEach((row, r) => {
      if (!row || typeof row !== 'object' || Array.isArray(row)) {
        throw new KqlError('KQL_DATA', `${where(schema.name, part.source, r)}: expected an object with column values`);
      }
      for (let c = 0; c < names.length; c++) {
        let v: unknown;
        try {
          v = fromRecordValue(row[names[c]!], types[c]!);
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

function where(table: string, source: RecordSource | undefined, row: number): string {
  if (!source) return `table ${table}, row ${row + 1}`;
  const line = source.lines?.[row];
  return line !== undefined ? `${source.file}:${line}` : `${source.file}: row ${row + 1}`;
}
