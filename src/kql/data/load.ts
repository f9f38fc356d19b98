/**
 * Reads table data files: `TABLE.jsonl` (one JSON object a line), `TABLE.json` (an array of objects) or
 * `TABLE.csv` (a header row of column names). The file name without extension is the table name.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { TableSchema } from '../schema.ts';
import { KqlError, type TableRecords } from '../engine-api.ts';
import { createDatabase, type CreateDatabaseOptions, type Database, type RecordSource } from './database.ts';

export const DATA_EXTENSIONS = ['.jsonl', '.json', '.csv'];

/** The table a data file holds, by its name: `AzureDiagnostics.jsonl` → `AzureDiagnostics`. */
export function tableNameOfFile(file: string): string {
  return basename(file, extname(file));
}

/** Reads one data file as records of the given table, keeping the line of each record for error messages. */
export function readTableFile(file: string, schema: TableSchema): TableRecords & { source: RecordSource } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KqlError('KQL_DATA', `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const ext = extname(file).toLowerCase();
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  if (ext === '.jsonl' || ext === '.ndjson') {
    const all = text.split(/\r?\n/);
    for (let i = 0; i < all.length; i++) {
      const line = all[i]!.trim();
      if (!line || line.startsWith('//')) continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch (e) {
        throw new KqlError('KQL_DATA', `${file}:${i + 1}: not valid JSON (${(e as Error).message}); each line must be one JSON object`);
      }
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        throw new KqlError('KQL_DATA', `${file}:${i + 1}: expected a JSON object with column values`);
      }
      rows.push(v as Record<string, unknown>);
      lines.push(i + 1);
    }
  } else if (ext === '.json') {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new KqlError('KQL_DATA', `${file}: not valid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(v)) throw new KqlError('KQL_DATA', `${file}:1: expected a JSON array of row objects`);
    rows.push(...(v as Record<string, unknown>[]));
  } else if (ext === '.csv') {
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parseCsv(text, { columns: true, skip_empty_lines: true, info: true, bom: true }) as never;
    } catch (e) {
      const err = e as Error & { lines?: number };
      throw new KqlError('KQL_DATA', `${file}${err.lines ? `:${err.lines}` : ''}: not valid CSV (${err.message})`);
    }
    for (const r of records) {
      const row: Record<string, unknown> = {};
      // CSV has no nulls: an empty cell is a null value (the empty string for string columns).
      for (const [k, val] of Object.entries(r.record)) row[k] = val === '' ? null : val;
      rows.push(row);
      lines.push(r.info.lines);
    }
  } else {
    throw new KqlError('KQL_DATA', `${file}: unsupported data file type (use .jsonl, .json or .csv)`);
  }
  return { schema, rows, source: { file, lines: ext === '.json' ? undefined : lines } };
}

/**
 * Loads every data file in a directory (not recursive), or in several directories merged, as a Database typed by
 * the schemas. A table with a schema and no file is empty; a data file without a schema is a KQL_DATA error.
 */
export function loadDataDirectory(dir: string | string[], schemas: TableSchema[], options: CreateDatabaseOptions = {}): Database {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const records: (TableRecords & { source?: RecordSource })[] = schemas.map((schema) => ({ schema, rows: [] }));
  // several directories make one database: the rows of a table are those of its files in every directory, in order
  for (const d of Array.isArray(dir) ? dir : [dir]) {
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch (e) {
      throw new KqlError('KQL_DATA', `${d}: cannot read data directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    for (const entry of entries) {
      const file = join(d, entry);
      if (!DATA_EXTENSIONS.includes(extname(entry).toLowerCase()) || !statSync(file).isFile()) continue;
      const schema = byName.get(tableNameOfFile(entry));
      if (!schema) {
        throw new KqlError('KQL_DATA', `${file}: no table schema named ${tableNameOfFile(entry)}; add one to the schema directory or rename the file`);
      }
      records.push(readTableFile(file, schema));
    }
  }
  return createDatabase(records, options);
}
