/**
 * Replay over the local KQL engine (src/kql): one engine per schema set (queries bound with the same globals as
 * `content lint`), databases built from a case's data files and inline rows, data files read once per process.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  createDatabase, createEngine, KqlError, readTableFile, tableNameOfFile,
  type Database, type FunctionDefinition, type TableRecords, type TableSchema,
} from '../kql/index.ts';
import type { QueryRows } from './alerts.ts';
import type { ReplayEngine, RunRequest } from './engine.ts';
import type { TestCase } from './test-file.ts';
import { shareFunctionResults } from './shared-functions.ts';
import { TimeIndex } from './time-index.ts';

type Records = ReturnType<typeof readTableFile>;

export class KqlReplay implements ReplayEngine<Database> {
  private readonly engine: ReturnType<typeof createEngine>;
  private readonly schemas: Map<string, TableSchema>;
  private readonly files = new Map<string, Records>();

  /** Query text → the text actually run (see shared-functions.ts). */
  private readonly rewritten = new Map<string, string>();
  private readonly parameterless: string[];

  constructor(readonly root: string, tables: TableSchema[], functions: FunctionDefinition[] = []) {
    this.engine = createEngine({ tables, functions });
    this.schemas = new Map(tables.map((t) => [t.name, t]));
    this.parameterless = functions.filter((f) => !f.parameters || /^\(\s*\)$/.test(f.parameters)).map((f) => f.name);
  }

  private async runText(query: string, db: Database, request: RunRequest) {
    // The engine's timeRange is inclusive at both ends; the last visible instant is one tick (100 ns) before end.
    const opts = { now: request.now, timeRange: { start: request.timeRange.start, end: lastTickBefore(request.timeRange.end) }, signal: request.signal };
    let text = this.rewritten.get(query);
    if (text === undefined) {
      const candidate = shareFunctionResults(query, this.parameterless);
      text = query;
      if (candidate) {
        try {
          const result = await this.engine.run(candidate, db, opts);
          this.rewritten.set(query, candidate);
          return result;
        } catch {
          // Fall back to the query as written, whose errors point at the rule's own text.
        }
      }
      this.rewritten.set(query, text);
    }
    return this.engine.run(text, db, opts);
  }

  private readonly indexes = new WeakMap<Database, TimeIndex>();

  /** Sorts the database's tables by time once so that each scheduled run reads only its window (long replays). */
  indexByTime(db: Database): Database {
    if (!this.indexes.has(db)) this.indexes.set(db, new TimeIndex(db));
    return db;
  }

  async run(query: string, data: Database, request: RunRequest): Promise<QueryRows> {
    const index = this.indexes.get(data);
    const db = index ? index.window(request.timeRange.start, request.timeRange.end) : data;
    const result = await this.runText(query, db, request);
    return { columns: result.columns.map((c) => c.name), rows: result.rows };
  }

  schema(table: string, where: string): TableSchema {
    const s = this.schemas.get(table);
    if (!s) throw new KqlError('KQL_DATA', `${where}: no table schema named ${table}; add schemas/tables/${table}.json or fix the table name`);
    return s;
  }

  /** Reads a data file once per process (sample files are shared by many cases). */
  readFile(abs: string, table: string, where: string): Records {
    const key = `${table}\u0000${abs}`;
    let r = this.files.get(key);
    if (!r) {
      r = readTableFile(abs, this.schema(table, where));
      this.files.set(key, r);
    }
    return r;
  }

  /** The database of a test case: its data files (relative to the root, else to the test file) and inline rows. */
  caseDatabase(testFile: string, c: TestCase): Database {
    const records: (TableRecords & { source?: { file: string } })[] = [];
    const testAbs = resolve(this.root, testFile);
    for (const ref of c.data) {
      const candidates = [resolve(this.root, ref.file), resolve(dirname(testAbs), ref.file)];
      const abs = candidates.find((p) => existsSync(p) && statSync(p).isFile());
      if (!abs) throw new KqlError('KQL_DATA', `${testFile}:${c.line}: data file ${ref.file} not found (paths are relative to the repository root or to the test file)`);
      records.push(this.readFile(abs, ref.table ?? tableNameOfFile(abs), `${testFile}:${c.line}`));
    }
    for (const [table, rows] of Object.entries(c.rows)) {
      records.push({ schema: this.schema(table, `${testFile}:${c.line}: rows`), rows, source: { file: `${testFile} (case "${c.name}", rows of ${table})` } });
    }
    return createDatabase(records);
  }

  /** A database from in-memory records per table (e.g. a generated baseline). */
  recordsDatabase(tables: Record<string, Record<string, unknown>[]>, where: string): Database {
    return createDatabase(Object.entries(tables).map(([table, rows]) => ({ schema: this.schema(table, where), rows, source: { file: `${where} ${table}` } })));
  }
}

/** ISO text of the 100 ns tick just before `d`: 09:00:00.000 → 08:59:59.9999999. */
export function lastTickBefore(d: Date): string {
  const iso = new Date(d.getTime() - 1).toISOString();
  return `${iso.slice(0, -1)}9999Z`;
}
