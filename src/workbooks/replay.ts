/**
 * Runs a workbook's KQL on local data with the engine, as the portal would for one choice of parameters:
 * parameter queries first (their values feed the dropdowns of a preview), then every query step. The time range
 * restricts every table on TimeGenerated (as Log Analytics does for the query timespan) and now() is its end.
 */
import { KqlError, type Database, type Engine, type QueryResult } from '../kql/index.ts';
import { workbookQueries, type WorkbookQuery } from './kql.ts';
import type { CompiledWorkbook } from './load.ts';
import type { SourcePosition } from './model.ts';

export interface WorkbookRunOptions {
  engine: Engine;
  database: Database;
  timeRange: { start: Date; end: Date };
  /** Parameter values by name (default: each parameter's sampleValue, "All" for dropdowns with includeAll). */
  values?: Record<string, string | string[]>;
  /** Per-query limit on the engine (ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface QueryRun {
  query: WorkbookQuery;
  result?: QueryResult;
  error?: { code: string; message: string; position: SourcePosition };
  /** Columns the visualization reads that the result lacks. */
  missingColumns: string[];
}

export interface WorkbookRun {
  workbook: CompiledWorkbook;
  timeRange: { start: Date; end: Date };
  runs: QueryRun[];
  /** Runs by step id / parameter name. */
  steps: Map<string, QueryRun>;
  parameters: Map<string, QueryRun>;
}

export function runWorkbookQuery(q: WorkbookQuery, options: WorkbookRunOptions): QueryRun {
  try {
    const result = options.engine.run(q.text, options.database, {
      now: options.timeRange.end,
      timeRange: options.timeRange,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    const names = new Set(result.columns.map((c) => c.name));
    return { query: q, result, missingColumns: q.requiredColumns.filter((c) => !names.has(c)) };
  } catch (e) {
    const err = e as Error & { code?: string; start?: number };
    const code = e instanceof KqlError ? e.code : err.code ?? 'KQL_RUNTIME';
    const position = q.positionAt(e instanceof KqlError && e.start !== undefined ? e.start : 0);
    const detail = e instanceof KqlError && e.diagnostics.length ? `: ${e.diagnostics.map((d) => d.message).join('; ')}` : '';
    return { query: q, error: { code, message: `${err.message}${detail}`, position }, missingColumns: [] };
  }
}

export function runWorkbook(workbook: CompiledWorkbook, options: WorkbookRunOptions): WorkbookRun {
  const queries = workbookQueries(workbook.source, { timeRange: options.timeRange, values: options.values }, workbook.macros);
  const runs = queries.map((q) => runWorkbookQuery(q, options));
  const steps = new Map<string, QueryRun>();
  const parameters = new Map<string, QueryRun>();
  for (const r of runs) (r.query.kind === 'step' ? steps : parameters).set(r.query.id, r);
  return { workbook, timeRange: options.timeRange, runs, steps, parameters };
}

/**
 * The span of TimeGenerated over every table of the database, widened to whole hours, for previews of sample data
 * when no time range is given. Undefined when there is no row.
 */
export function dataTimeRange(engine: Engine, database: Database): { start: Date; end: Date } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const name of database.names()) {
    const table = database.get(name);
    if (!table || table.rowCount === 0 || !table.columns.some((c) => c.name === 'TimeGenerated' && c.type === 'datetime')) continue;
    const r = engine.run(`['${name}'] | summarize Start = min(TimeGenerated), End = max(TimeGenerated)`, database);
    const [start, end] = r.rows[0] as [string | null, string | null];
    if (start) min = Math.min(min, Date.parse(start));
    if (end) max = Math.max(max, Date.parse(end));
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return undefined;
  const hour = 3_600_000;
  return { start: new Date(Math.floor(min / hour) * hour), end: new Date(Math.floor(max / hour) * hour + hour) };
}
