/**
 * Replay over the local KQL engine (src/kql): one engine per schema set (queries bound with the same globals as
 * `content lint`), databases built from a case's data files and inline rows, data files read once per process.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  addRecords, createDatabase, createEngine, Database, ingestionDelayOf, KqlError, readTableFile, tableNameOfFile, TableBuilder,
  type FunctionDefinition, type QueryResult, type RunOptions, type Table, type TableRecords, type TableSchema,
} from '../kql/index.ts';
import type { QueryRows } from './alerts.ts';
import type { ReplayEngine, RunRequest } from './engine.ts';
import type { TestCase } from './test-file.ts';
import { asTableReferences, rowLocalFunctions } from './row-local-functions.ts';
import { shareFunctionResults } from './shared-functions.ts';
import { TimeIndex } from './time-index.ts';

type Records = ReturnType<typeof readTableFile>;

export class KqlReplay implements ReplayEngine<Database> {
  private readonly engine: ReturnType<typeof createEngine>;
  private readonly schemas: Map<string, TableSchema>;
  private readonly files = new Map<string, Records>();
  /** A data file's rows typed once (by the file's records), for every case that uses the file. */
  private readonly typedFiles = new WeakMap<Records, TableBuilder>();
  private readonly fileRecords = new WeakSet<Records>();

  /** Query text → the text actually run (see shared-functions.ts). */
  private readonly rewritten = new Map<string, string>();
  private readonly parameterless: string[];

  /** Row-local parameterless functions, evaluated once per database (see row-local-functions.ts). */
  private readonly rowLocal: Set<string>;
  /** An engine that knows the row-local functions as tables of their output (built on first use). */
  private tableEngine?: ReturnType<typeof createEngine>;
  /** Query text → the text run by the table engine, or null when it runs as written. */
  private readonly asTables = new Map<string, { text: string; used: string[] } | null>();
  /** Per database (unindexed): the database with the row-local functions' output as tables, or null on error. */
  private readonly withOutputs = new WeakMap<Database, Database | null>();

  constructor(readonly root: string, private readonly tables: TableSchema[], private readonly functions: FunctionDefinition[] = []) {
    this.engine = createEngine({ tables, functions });
    this.schemas = new Map(tables.map((t) => [t.name, t]));
    this.parameterless = functions.filter((f) => !f.parameters || /^\(\s*\)$/.test(f.parameters)).map((f) => f.name);
    this.rowLocal = new Set(rowLocalFunctions(functions, tables).map((f) => f.name));
  }

  private runOptions(request: RunRequest): RunOptions {
    // The engine's timeRange is inclusive at both ends; the last visible instant is one tick (100 ns) before end.
    // A run at t sees only the rows ingested before t (the data's ingestion times, else their TimeGenerated).
    return {
      now: request.now,
      timeRange: { start: request.timeRange.start, end: lastTickBefore(request.timeRange.end) },
      ingestedBefore: request.now,
      signal: request.signal,
    };
  }

  private functionTablesEngine() {
    if (!this.tableEngine) {
      const empty = new Database();
      const outputs: TableSchema[] = [];
      for (const name of [...this.rowLocal]) {
        let columns: TableSchema['columns'] | undefined;
        try {
          columns = this.engine.runTable(name, empty).columns;
        } catch {
          // A function the engine cannot run is left to the query as written, which reports the error.
        }
        // Runs read a window of the output by its TimeGenerated: without one, the function stays a function.
        if (columns?.some((c) => c.name === 'TimeGenerated' && c.type === 'datetime')) outputs.push({ name, columns });
        else this.rowLocal.delete(name);
      }
      this.tableEngine = createEngine({ tables: [...this.tables, ...outputs], functions: this.functions.filter((f) => !this.rowLocal.has(f.name)) });
    }
    return this.tableEngine;
  }

  /** The whole output of a row-local function over a database (no time range: it is applied per run). */
  private functionOutput(name: string, db: Database): Table {
    return this.engine.runTable(name, db, { now: new Date(0) });
  }

  /** The run's database with the used row-local functions' output as tables, or undefined to run as written. */
  private functionTables(data: Database, request: RunRequest, used: string[]): Database | undefined {
    const index = this.indexes.get(data);
    try {
      if (index) {
        for (const name of used) if (!index.hasDerived(name)) index.addDerived(name, this.functionOutput(name, index.all()));
        return index.window(request.timeRange.start, request.timeRange.end);
      }
      let db = this.withOutputs.get(data);
      if (db === undefined) {
        db = new Database();
        for (const name of data.names()) db.set(name, data.get(name)!);
        for (const name of this.rowLocal) db.set(name, this.functionOutput(name, data));
        this.withOutputs.set(data, db);
      }
      return db ?? undefined;
    } catch {
      if (!index) this.withOutputs.set(data, null);
      return undefined;
    }
  }

  /** Runs the query over the row-local functions' output tables; undefined when it must run as written. */
  private runOverFunctionTables(query: string, data: Database, request: RunRequest): QueryResult | undefined {
    // A function's output, computed once, does not keep its rows' ingestion times: delayed data runs as written.
    if (!this.rowLocal.size || this.delayed(data)) return undefined;
    let rewrite = this.asTables.get(query);
    if (rewrite === undefined) {
      rewrite = asTableReferences(query, this.rowLocal) ?? null;
      this.asTables.set(query, rewrite);
    }
    if (!rewrite) return undefined;
    const engine = this.functionTablesEngine();
    if (!rewrite.used.every((n) => this.rowLocal.has(n))) return undefined;
    const db = this.functionTables(data, request, rewrite.used);
    if (!db) return undefined;
    try {
      return engine.run(rewrite.text, db, this.runOptions(request));
    } catch (e) {
      // Errors are reported from the query as written (their positions point at the rule's own text).
      if ((e as KqlError).code === 'KQL_SYNTAX' || (e as KqlError).code === 'KQL_UNSUPPORTED') this.asTables.set(query, null);
      return undefined;
    }
  }

  private async runText(query: string, db: Database, request: RunRequest) {
    const opts = this.runOptions(request);
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
  private readonly delays = new WeakMap<Database, boolean>();

  private delayed(data: Database): boolean {
    let d = this.delays.get(data);
    if (d === undefined) this.delays.set(data, (d = data.hasIngestionTimes()));
    return d;
  }

  /** Sorts the database's tables by time once so that each scheduled run reads only its window (long replays). */
  indexByTime(db: Database): Database {
    if (!this.indexes.has(db)) this.indexes.set(db, new TimeIndex(db));
    return db;
  }

  /** What a database indexed by indexByTime covers: its earliest and latest TimeGenerated. */
  dataSpan(db: Database): { start: Date; end: Date } | undefined {
    return this.indexes.get(db)?.span();
  }

  async run(query: string, data: Database, request: RunRequest): Promise<QueryRows> {
    let result = this.runOverFunctionTables(query, data, request);
    if (!result) {
      const index = this.indexes.get(data);
      const db = index ? index.window(request.timeRange.start, request.timeRange.end) : data;
      result = await this.runText(query, db, request);
    }
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
      this.fileRecords.add(r);
    }
    return r;
  }

  /** A test case's records: its data files (relative to the root, else to the test file) and inline rows. */
  private caseRecords(testFile: string, c: TestCase): (TableRecords & { source?: { file: string } })[] {
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
    return records;
  }

  /**
   * The database of a test case: its data files and inline rows. A table whose rows are one data file's shares
   * that file's typed columns with every other case, rule and variant baseline that uses the file.
   */
  caseDatabase(testFile: string, c: TestCase): Database {
    const byTable = new Map<string, (TableRecords & { source?: { file: string } })[]>();
    for (const part of this.caseRecords(testFile, c)) {
      const list = byTable.get(part.schema.name);
      if (list) list.push(part);
      else byTable.set(part.schema.name, [part]);
    }
    const db = new Database();
    for (const [name, parts] of byTable) {
      const file = parts.length === 1 ? this.typedFile(parts[0]!) : undefined;
      db.set(name, file ? file.build(ingestionDelayOf({ ingestionDelayMs: c.ingestionDelayMs }, name)) : createDatabase(parts, { ingestionDelayMs: c.ingestionDelayMs }).get(name)!);
    }
    return db;
  }

  /** The typed rows of a data file's records (as read by readFile), or undefined for other records. */
  private typedFile(part: TableRecords): TableBuilder | undefined {
    let b = this.typedFiles.get(part as Records);
    if (!b && this.fileRecords.has(part as Records)) {
      b = new TableBuilder(part.schema);
      addRecords(b, part as Records);
      this.typedFiles.set(part as Records, b);
    }
    return b;
  }

  /** A test case's rows by table, as the files and the case hold them (shared: never change them). */
  caseRows(testFile: string, c: TestCase): Record<string, Record<string, unknown>[]> {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const r of this.caseRecords(testFile, c)) (out[r.schema.name] ??= []).push(...r.rows);
    return out;
  }

  /** The table schemas this replay binds queries with. */
  tableSchemas(): TableSchema[] {
    return this.tables;
  }

  /** The workspace functions this replay binds queries with. */
  functionDefinitions(): FunctionDefinition[] {
    return this.functions;
  }

  /**
   * A database from in-memory records per table (a generated baseline, a variant's rows), typed by this replay's
   * schemas; `where` names the data in errors.
   */
  recordsDatabase(tables: Record<string, Record<string, unknown>[]>, where: string, options: { ingestionDelayMs?: number | Record<string, number> } = {}): Database {
    return createDatabase(
      Object.entries(tables).map(([table, rows]) => ({ schema: this.schema(table, where), rows, source: { file: `${where} ${table}` } })),
      options,
    );
  }
}

/** ISO text of the 100 ns tick just before `d`: 09:00:00.000 → 08:59:59.9999999. */
export function lastTickBefore(d: Date): string {
  const iso = new Date(d.getTime() - 1).toISOString();
  return `${iso.slice(0, -1)}9999Z`;
}
