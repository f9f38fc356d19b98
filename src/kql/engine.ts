/**
 * The engine: binds queries with the lint globals, lowers them to a plan (cached per query text) and runs the
 * plan over a Database with a pinned clock, a time range and limits.
 */
import { toArray } from './kusto.ts';
import { buildGlobals, type ColumnSchema, type KustoGlobals } from './schema.ts';
import { parseAndAnalyze } from './parse-cache.ts';
import {
  KqlError, type EngineOptions, type KqlDiagnostic, type QueryResult, type ReplayabilityReport, type RunOptions,
} from './engine-api.ts';
import type { Database } from './data/database.ts';
import { LowerContext } from './plan/context.ts';
import { lowerQuery, type LoweredQuery } from './plan/lower-query.ts';
import { isBinderGap } from './frontend/binder-gaps.ts';
import { compileExpr } from './exec/compile.ts';
import { RunContext } from './exec/context.ts';
import { execute } from './exec/execute.ts';
import { expandRuntimeColumns } from './exec/operators/index.ts';
import { datetimeFromUnixMs, parseDatetime } from './values/datetime.ts';
import { toJsonValue } from './values/json.ts';
import type { Table } from './data/table.ts';
import './functions/index.ts';
import './functions/operators/index.ts';

export interface Engine {
  /** Runs a query over a database; throws KqlError. */
  run(query: string, database: Database, options?: RunOptions): QueryResult;
  /** Runs a query and returns the internal columnar table (values as in values/README.md), for callers that post-process. */
  runTable(query: string, database: Database, options?: RunOptions): Table;
  /** Binds a query and reports the operators and functions the engine does not implement. */
  check(query: string): ReplayabilityReport;
  /** Parser diagnostics (errors only) for a query, with the engine's globals. */
  diagnose(query: string): KqlDiagnostic[];
}

const PLAN_CACHE_SIZE = 256;

export function createEngine(options: EngineOptions): Engine {
  const globals: KustoGlobals = buildGlobals(options.tables, options.functions ?? []);
  const cache = new Map<string, LoweredQuery>();

  function analyse(query: string) {
    const code = parseAndAnalyze(query, globals);
    return { code, diagnostics: engineErrors(code) };
  }

  function lower(query: string): LoweredQuery {
    const hit = cache.get(query);
    if (hit) return hit;
    const { code, diagnostics } = analyse(query);
    if (diagnostics.length) {
      const d = diagnostics[0]!;
      const where = lineCol(query, d.start);
      throw new KqlError('KQL_SYNTAX', `${d.code} at line ${where.line}, column ${where.column}: ${d.message}`, d.start, d.length, diagnostics);
    }
    const ctx = new LowerContext('run', { externalDataRoot: options.externalDataRoot, parameterNames: new Set() });
    let lowered: LoweredQuery;
    try {
      lowered = lowerQuery(code.Syntax, ctx);
    } catch (e) {
      throw asKqlError(e);
    }
    if (cache.size >= PLAN_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(query, lowered);
    return lowered;
  }

  function runTable(query: string, database: Database, runOptions: RunOptions = {}): Table {
    const { plan, parameters, usesIngestionTime } = lower(query);
    const now = toTicks(runOptions.now, 'now') ?? datetimeFromUnixMs(Date.now());
    const tr = runOptions.timeRange
      ? { start: toTicks(runOptions.timeRange.start, 'timeRange.start')!, end: toTicks(runOptions.timeRange.end, 'timeRange.end')! }
      : null;
    const deadline = runOptions.timeoutMs !== undefined ? Date.now() + runOptions.timeoutMs : undefined;
    const rc = new RunContext(database, now, {}, { maxRows: runOptions.maxRows, deadline, signal: runOptions.signal }, tr, options.externalDataRoot);
    rc.ingestedBefore = toTicks(runOptions.ingestedBefore, 'ingestedBefore') ?? null;
    rc.trackIngestion = usesIngestionTime;
    // parameters: given values, else the declared defaults
    for (const [name, def] of parameters) {
      if (runOptions.parameters && Object.prototype.hasOwnProperty.call(runOptions.parameters, name)) {
        rc.parameters[name] = runOptions.parameters[name];
      } else if (def) {
        const c = compileExpr(def, rc, execute);
        rc.parameters[name] = c.isConst ? c.value : null;
      }
    }
    let table: Table;
    try {
      table = expandRuntimeColumns(execute(plan, rc));
    } catch (e) {
      throw asKqlError(e);
    }
    if (runOptions.maxRows !== undefined && table.rowCount > runOptions.maxRows) {
      throw new KqlError('KQL_LIMIT', `the result has ${table.rowCount} rows, more than maxRows (${runOptions.maxRows}); add a filter, summarize or take`);
    }
    return table;
  }

  return {
    run(query, database, runOptions = {}) {
      return guarded(() => {
        const result = toQueryResult(runTable(query, database, runOptions));
        const { warnings } = lower(query);
        return warnings.length ? { ...result, warnings: [...warnings] } : result;
      });
    },
    runTable(query, database, runOptions = {}) {
      return guarded(() => runTable(query, database, runOptions));
    },
    check(query) {
      return guarded(() => replayabilityOf(analyse(query).code, { externalDataRoot: options.externalDataRoot }));
    },
    diagnose(query) {
      return guarded(() => analyse(query).diagnostics);
    },
  };
}

/**
 * What in an already bound query the engine does not implement. The caller bound it (`KustoCode.ParseAndAnalyze`,
 * as `content lint` does) with globals the engine would use too, so nothing is parsed or bound again: lowering
 * the bound tree is cheap. A query with bind errors is not replayable.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function replayabilityOf(code: any, options: { externalDataRoot?: string } = {}): ReplayabilityReport {
  if (engineErrors(code).length) return { replayable: false, unsupported: [] };
  const ctx = new LowerContext('check', { externalDataRoot: options.externalDataRoot, parameterNames: new Set() });
  try {
    lowerQuery(code.Syntax, ctx);
  } catch (e) {
    const k = asKqlError(e);
    // an engine defect while lowering means the engine cannot run the query either: report it, never throw
    if (k.code === 'KQL_UNSUPPORTED' || !(e instanceof KqlError)) ctx.unsupported.push({ name: k.message, start: k.start ?? 0, length: k.length ?? 0 });
  }
  return { replayable: ctx.unsupported.length === 0, unsupported: ctx.unsupported };
}

/** The binder's errors, less those where the binder is stricter than the language reference (frontend/binder-gaps.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function engineErrors(code: any): KqlDiagnostic[] {
  return toArray(code.GetDiagnostics())
    .filter((d) => String(d.Severity) === 'Error')
    .map((d) => ({ code: String(d.Code), severity: String(d.Severity), message: String(d.Message), start: d.Start as number, length: d.Length as number }))
    .filter((d) => !isBinderGap(d, code.Syntax));
}

/** Runs one entry point of the engine: whatever fails inside leaves as a KqlError (see asKqlError). */
function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw asKqlError(e);
  }
}

/**
 * Every failure leaves the engine as a KqlError. A failure that is not one is a defect of the engine: it is
 * reported as `internal error: ...` (code KQL_RUNTIME) so that callers never see a stack trace and tests can tell
 * defects from query errors.
 */
function asKqlError(e: unknown): KqlError {
  if (e instanceof KqlError) return e;
  if (e instanceof RangeError && /call stack|Invalid array length|Invalid string length/i.test(e.message)) {
    return new KqlError('KQL_LIMIT', `the query exceeded the engine's memory or recursion limits (${e.message})`);
  }
  return new KqlError('KQL_RUNTIME', `internal error: ${(e as Error)?.message ?? String(e)}`);
}

/** Converts an internal table to the JSON form of a QueryResult. */
export function toQueryResult(t: Table): QueryResult {
  const columns: ColumnSchema[] = t.columns.map((c) => ({ name: c.name, type: c.type }));
  const rows: unknown[][] = new Array(t.rowCount);
  for (let i = 0; i < t.rowCount; i++) rows[i] = new Array(columns.length);
  columns.forEach((col, c) => {
    const values = t.data[c]!;
    const type = col.type;
    if (type === 'datetime' || type === 'timespan') {
      // binned times repeat: format each distinct value once
      const memo = new Map<unknown, unknown>();
      for (let i = 0; i < t.rowCount; i++) {
        const v = values[i];
        let j = memo.get(v);
        if (j === undefined) {
          j = toJsonValue(v, type);
          if (memo.size < 100_000) memo.set(v, j);
        }
        rows[i]![c] = j;
      }
    } else {
      for (let i = 0; i < t.rowCount; i++) rows[i]![c] = toJsonValue(values[i], type);
    }
  });
  return { columns, rows };
}

function toTicks(v: Date | string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (v instanceof Date) return datetimeFromUnixMs(v.getTime());
  const t = parseDatetime(v);
  if (t === null) throw new KqlError('KQL_RUNTIME', `${what}: cannot read ${JSON.stringify(v)} as an ISO-8601 datetime`);
  return t;
}

export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, column: offset - last };
}
