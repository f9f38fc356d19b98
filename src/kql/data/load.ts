/**
 * Loads table data files into a Database: each file read in chunks (read-file.ts) and its records typed straight
 * into compact columns (table-builder.ts), never held as one string or as an array of records. The file name
 * without its extensions is the table name (`AzureDiagnostics.jsonl.gz` → AzureDiagnostics).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TableSchema } from '../schema.ts';
import { ARG_DIRECTORY, argTableName, isArgTable } from '../arg.ts';
import { KqlError, type TableRecords } from '../engine-api.ts';
import { Database, ingestionDelayOf, type CreateDatabaseOptions, type RecordSource } from './database.ts';
import { dataFileFormat, readDataFile, readDataFileAsync, tableNameOfFile, type ReadDataOptions, type ReadProgress } from './read-file.ts';
import { RowError, TableBuilder } from './table-builder.ts';
import type { RecordSink } from './json-lines.ts';

export { DATA_EXTENSIONS, tableNameOfFile, dataFileFormat } from './read-file.ts';

/** Reads one data file as records of the given table, keeping the line of each record for error messages. */
export function readTableFile(file: string, schema: TableSchema): TableRecords & { source: RecordSource } {
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  readDataFile(file, (record, line) => {
    rows.push(record as Record<string, unknown>);
    lines.push(line);
  });
  return { schema, rows, source: { file, lines } };
}

/**
 * The data files of a directory and the table each holds, in name order: `TABLE.jsonl` (or .json, .csv, .gz) holds
 * TABLE; the files of its `arg/` subdirectory hold Resource Graph tables (`arg/Resources.jsonl` holds
 * `arg("").Resources`, see ../arg.ts).
 */
export function dataFilesOf(dir: string, entries: string[] = readdirSync(dir).sort()): { file: string; table: string }[] {
  const isData = (file: string, entry: string) => {
    if (!dataFileFormat(entry)) return false;
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  const out = entries.filter((e) => isData(join(dir, e), e)).map((e) => ({ file: join(dir, e), table: tableNameOfFile(e) }));
  const argDir = join(dir, ARG_DIRECTORY);
  if (entries.includes(ARG_DIRECTORY) && statSync(argDir).isDirectory()) {
    for (const e of readdirSync(argDir).sort()) if (isData(join(argDir, e), e)) out.push({ file: join(argDir, e), table: argTableName(tableNameOfFile(e)) });
  }
  return out;
}

/** A sink typing each record into the builder; a record that cannot be a row is a KQL_DATA error at file:line. */
function typing(file: string, builder: TableBuilder): RecordSink {
  return (record, line, ascii) => {
    try {
      builder.add(record, ascii);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      throw new KqlError('KQL_DATA', `${file}:${line}: ${e.message}`);
    }
  };
}

function refilling(file: string, builder: TableBuilder): RecordSink {
  return (record, line, ascii) => {
    try {
      builder.addDeferred(record, ascii);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      throw new KqlError('KQL_DATA', `${file}:${line}: ${e.message}`);
    }
  };
}

/** Reads one data file into a table builder (synchronously). */
export function loadTableFile(file: string, builder: TableBuilder, options: ReadDataOptions = {}): void {
  readDataFile(file, typing(file, builder), options);
}

export interface LoadDataOptions extends CreateDatabaseOptions {
  /**
   * The columns to read while loading (by name, for every table; see namesInQueries). The other columns are read
   * from the files again when a query first uses one, all at once. Without it every column is read.
   */
  columns?: Iterable<string>;
  signal?: AbortSignal;
  /** Called after each chunk read; bytes and totalBytes count all the files of the load. */
  onProgress?: (progress: ReadProgress) => void;
}

interface LoadPlan {
  builders: Map<string, TableBuilder>;
  files: { file: string; size: number; builder: TableBuilder }[];
  errors: string[];
  totalBytes: number;
}

/** The data files of the directories, in order, each with its table's builder; problems found so far. */
function plan(dir: string | string[], schemas: TableSchema[], options: LoadDataOptions): LoadPlan {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const columns = options.columns ? new Set(options.columns) : undefined;
  const out: LoadPlan = { builders: new Map(), files: [], errors: [], totalBytes: 0 };
  for (const s of schemas) {
    // the deferred columns are read again, file by file, synchronously (the engine asks for a column as it runs)
    const refill = (b: TableBuilder) => {
      for (const f of out.files) if (f.builder === b) readDataFile(f.file, refilling(f.file, b), { signal: options.signal });
    };
    out.builders.set(s.name, new TableBuilder(s, { columns, refill }));
  }
  const builders = out.builders;
  // several directories make one database: the rows of a table are those of its files in every directory, in order
  for (const d of Array.isArray(dir) ? dir : [dir]) {
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch (e) {
      out.errors.push(`${d}: cannot read data directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    for (const { file, table } of dataFilesOf(d, entries)) {
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        continue;
      }
      const schema = byName.get(table);
      if (!schema) {
        out.errors.push(`${file}: no table schema named ${table}; add one to the schema directory${isArgTable(table) ? ` (Resource Graph tables: its ${ARG_DIRECTORY}/ directory)` : ''} or rename the file`);
        continue;
      }
      out.files.push({ file, size, builder: builders.get(table)! });
      out.totalBytes += size;
    }
  }
  return out;
}

function finish(p: LoadPlan, options: LoadDataOptions): Database {
  if (p.errors.length === 1) throw new KqlError('KQL_DATA', p.errors[0]!);
  if (p.errors.length > 1) throw new KqlError('KQL_DATA', `${p.errors.length} problems in the data:\n${p.errors.map((e) => `  ${e}`).join('\n')}`);
  const db = new Database();
  for (const [name, b] of p.builders) db.set(name, b.build(ingestionDelayOf(options, name)));
  return db;
}

/** A failed file is noted and the others still load (every problem is reported at once); cancellation stops all. */
function noted(p: LoadPlan, e: unknown): void {
  if (e instanceof KqlError && e.code === 'KQL_DATA') p.errors.push(e.message);
  else throw e;
}

function progressOf(p: LoadPlan, done: number, options: LoadDataOptions): ReadDataOptions['onProgress'] {
  const report = options.onProgress;
  return report && ((r) => report({ file: r.file, bytes: done + r.bytes, totalBytes: p.totalBytes }));
}

/**
 * Loads every data file in a directory (not recursive), or in several directories merged, as a Database typed by
 * the schemas. A table with a schema and no file is empty; a data file without a schema is a KQL_DATA error. Every
 * file is read even when one fails; the error then lists every problem.
 */
export function loadDataDirectory(dir: string | string[], schemas: TableSchema[], options: LoadDataOptions = {}): Database {
  const p = plan(dir, schemas, options);
  let done = 0;
  for (const f of p.files) {
    try {
      readDataFile(f.file, typing(f.file, f.builder), { signal: options.signal, onProgress: progressOf(p, done, options) });
    } catch (e) {
      noted(p, e);
    }
    done += f.size;
  }
  return finish(p, options);
}

/** loadDataDirectory with streams (gzip inflated off the main thread); the same database and errors. */
export async function loadDataDirectoryAsync(dir: string | string[], schemas: TableSchema[], options: LoadDataOptions = {}): Promise<Database> {
  const p = plan(dir, schemas, options);
  let done = 0;
  for (const f of p.files) {
    try {
      await readDataFileAsync(f.file, typing(f.file, f.builder), { signal: options.signal, onProgress: progressOf(p, done, options) });
    } catch (e) {
      noted(p, e);
    }
    done += f.size;
  }
  return finish(p, options);
}
