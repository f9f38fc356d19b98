/**
 * `content query`: runs KQL over local data files with the local engine, once or for a batch of queries
 * (JSON lines in, JSON lines out, one process).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  createEngine, createDatabase, KqlError, loadDataDirectoryAsync, loadSchemaDirectory, mergeSchemas, namesInQueries, SchemaError,
  warmUpKusto, type Database, type Engine, type FunctionDefinition, type QueryResult, type TableSchema,
} from '../../kql/index.ts';
import { loadContent, toFunctionDefinition } from '../../content/index.ts';
import { EXIT_FINDINGS, EXIT_USAGE, UsageError, type CliIO } from '../io.ts';
import { loadProgress } from '../load-progress.ts';

interface QueryOptions {
  data: string[];
  schemas: string[];
  functions: string[];
  now?: string;
  format: string;
  batch?: string;
  maxRows?: string;
  timeout?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('query')
    .description('run KQL over local data files (one file per table: TABLE.jsonl, .json or .csv, or any of them gzip-compressed as .gz) with the local engine')
    .argument('[kql]', 'the query (omit with --batch)')
    .option('--data <dir>', 'directory of data files (repeatable: the directories are merged, a table\'s rows are those of all its files); a table with a schema and no file is empty', collect, [])
    .option('--schemas <dir>', 'table schema directory (CustomTables JSON; repeatable; default schemas/tables)', collect, [])
    .option('--functions <dir>', 'content directory whose workspace functions (parsers) queries may call (repeatable; default detections when present)', collect, [])
    .option('--now <iso>', 'the value of now() (default: the wall clock; a query over ago() or now() that finds nothing says when the data ends)')
    .option('--format <format>', 'output format: table, json or csv', 'table')
    .option('--batch <file>', 'JSON lines of {"id","query"}; writes one JSON line per query: {"id","columns","rows"} or {"id","error"}')
    .option('--max-rows <n>', 'fail a query whose result has more rows')
    .option('--timeout <ms>', 'fail a query that runs longer')
    .action(async (kql: string | undefined, opts: QueryOptions) => {
      setExit(await runQueryCommand(kql, opts, io));
    });
}

async function runQueryCommand(kql: string | undefined, opts: QueryOptions, io: CliIO): Promise<number> {
  if (!['table', 'json', 'csv'].includes(opts.format)) throw new UsageError(`--format must be table, json or csv (got ${opts.format})`);
  if (!kql && !opts.batch) throw new UsageError('give a query, or --batch FILE');
  if (kql && opts.batch) throw new UsageError('give either a query or --batch FILE, not both');
  const maxRows = numberOption(opts.maxRows, '--max-rows');
  const timeoutMs = numberOption(opts.timeout, '--timeout');
  if (opts.now && Number.isNaN(Date.parse(opts.now))) throw new UsageError(`--now: cannot read ${opts.now} as an ISO-8601 datetime`);

  const tables = loadTables(opts.schemas, io.cwd);
  const functions = loadFunctions(opts.functions, io);
  let batch: string | undefined;
  if (opts.batch) {
    try {
      batch = readFileSync(resolve(io.cwd, opts.batch), 'utf8');
    } catch (e) {
      throw new UsageError(`--batch: cannot read ${opts.batch} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  let db: Database;
  const dataDirs = opts.data.map((d) => resolve(io.cwd, d));
  // Only the columns the queries (and the functions they call) name are read while loading; any other column a
  // query turns out to use is read from the files when it does.
  const columns = namesInQueries([kql ?? batch ?? ''], functions);
  const progress = loadProgress('content query: loading');
  try {
    db = dataDirs.length ? await loadDataDirectoryAsync(dataDirs, tables, { columns, onProgress: progress.onProgress, signal: io.signal }) : createDatabase([]);
  } catch (e) {
    if (e instanceof KqlError) {
      progress.stop();
      io.stderr(`content query: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  } finally {
    progress.stop();
  }
  warmUpKusto();
  const engine = createEngine({ tables, functions, externalDataRoot: dataDirs[0] });
  const runOptions = { now: opts.now, maxRows, timeoutMs };

  if (batch !== undefined) {
    const text = batch;
    let failed = 0;
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let item: { id?: unknown; query?: unknown };
      try {
        item = JSON.parse(line);
      } catch (e) {
        failed++;
        io.stdout(`${JSON.stringify({ id: null, error: `${opts.batch}:${i + 1}: not valid JSON (${(e as Error).message})` })}\n`);
        return;
      }
      const id = item?.id ?? null;
      if (typeof item?.query !== 'string') {
        failed++;
        io.stdout(`${JSON.stringify({ id, error: `${opts.batch}:${i + 1}: expected {"id", "query"} with a string query` })}\n`);
        return;
      }
      // one query, one result: whatever goes wrong in this query (an engine defect included) is its error line
      let out: string;
      try {
        const r = engine.run(item.query, db, runOptions);
        const warnings = [...(r.warnings ?? []), ...clockWarning(item.query, engine, db, opts.now)];
        out = JSON.stringify({ id, columns: r.columns, rows: r.rows, ...(warnings.length ? { warnings } : {}) }, jsonReplacer);
      } catch (e) {
        failed++;
        const message = e instanceof KqlError ? `${e.code}: ${e.message}` : `KQL_RUNTIME: internal error: ${(e as Error)?.message ?? String(e)}`;
        out = JSON.stringify({ id, error: message });
      }
      io.stdout(`${out}\n`);
    });
    return failed ? EXIT_FINDINGS : 0;
  }

  let result: QueryResult;
  try {
    result = engine.run(kql!, db, runOptions);
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    // bad data in a column read only when the query used it: the same error, and exit code, as a bad load
    if (e.code === 'KQL_DATA') {
      io.stderr(`content query: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`content query: ${e.code}: ${e.message}\n`);
    return EXIT_FINDINGS;
  }
  for (const w of [...(result.warnings ?? []), ...clockWarning(kql!, engine, db, opts.now)]) io.stderr(`content query: warning: ${w}\n`);
  io.stdout(format(result, opts.format));
  return 0;
}

/**
 * With the wall clock as now(), a query over ago() on sample data often finds nothing because all the data lies
 * before its window. When --now is not given and the data ends before the earliest `ago(...)` of the query (each
 * evaluated by the engine), say so, with the --now that would reach it.
 */
function clockWarning(query: string, engine: Engine, db: Database, now: string | undefined): string[] {
  if (now !== undefined || !/\bago\s*\(/.test(query)) return [];
  let earliest: string | null = null;
  for (const m of query.matchAll(/\bago\s*\(([^()]*)\)/g)) {
    try {
      const r = engine.run(`print ago(${m[1]})`, db);
      const t = r.rows[0]?.[0];
      if (typeof t === 'string' && (earliest === null || t < earliest)) earliest = t;
    } catch {
      // not a constant span: nothing to compare
    }
  }
  if (earliest === null) return [];
  // only now is the time column read (a query without ago() never builds it for this)
  const latest = db.lastTimeGenerated();
  if (latest === null || latest >= earliest) return [];
  return [`now() is the wall clock, and the data ends at ${latest}, before the query's window (from ${earliest}): pass --now ${latest.replace(/\.0+Z$/, 'Z')} to query it`];
}

function numberOption(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer (got ${v})`);
  return n;
}

function loadTables(dirs: string[], cwd: string): TableSchema[] {
  const list = dirs.length ? dirs : ['schemas/tables'];
  const lists = list.map((d) => {
    const dir = resolve(cwd, d);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      if (!dirs.length) return [];
      throw new UsageError(`--schemas: ${d} is not a directory`);
    }
    try {
      return loadSchemaDirectory(dir);
    } catch (e) {
      if (e instanceof SchemaError) throw new UsageError(e.message);
      throw e;
    }
  });
  return mergeSchemas(...lists);
}

function loadFunctions(dirs: string[], io: CliIO): FunctionDefinition[] {
  const list = dirs.length ? dirs : existsSync(resolve(io.cwd, 'detections')) ? ['detections'] : [];
  const out: FunctionDefinition[] = [];
  for (const d of list) {
    const root = resolve(io.cwd, d);
    if (!existsSync(root)) throw new UsageError(`--functions: ${d} does not exist`);
    const content = loadContent(io.cwd, { paths: [root], functionsOnly: true });
    out.push(...content.functions.map(toFunctionDefinition));
  }
  return out;
}

/** bigint never reaches JSON output (QueryResult holds decimal strings), but be safe. */
function jsonReplacer(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function format(result: QueryResult, fmt: string): string {
  if (fmt === 'json') return `${JSON.stringify({ columns: result.columns, rows: result.rows }, jsonReplacer)}\n`;
  if (fmt === 'csv') {
    const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = [result.columns.map((c) => esc(c.name)).join(',')];
    for (const row of result.rows) lines.push(row.map((v) => esc(cellText(v))).join(','));
    return `${lines.join('\n')}\n`;
  }
  const header = result.columns.map((c) => c.name);
  const body = result.rows.map((r) => r.map(cellText).map((s) => s.replace(/\r?\n/g, ' ')));
  const widths = header.map((h, i) => Math.min(80, Math.max(h.length, ...body.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}
