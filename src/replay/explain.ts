/**
 * Why a case did not come out as expected: the rule's query is run again, one pipeline step longer each time, over
 * the same data, now() and queryPeriod window, and the number of rows after every step is shown. A positive case
 * with no alert shows the step that dropped the last row and the nearest rows it dropped (or, when the window held
 * no rows at all, the nearest rows outside it); a negative case that alerted shows what let rows through.
 */
import { pipelineSteps } from '../kql/index.ts';
import type { ReplayEngine, RunRequest } from './engine.ts';
import type { QueryRows } from './alerts.ts';
import { spanText } from './duration.ts';

const STEP_WIDTH = 72;
/** Rows shown of those the emptying step dropped. */
const SHOWN_ROWS = 3;
/** Columns shown per dropped row, besides TimeGenerated. */
const SHOWN_COLUMNS = 6;

export interface RowCountExplanation {
  /** One line per step: rows after it, the step's text, and a marker on the step that left no rows. */
  table: string;
  /** What the rows just before the emptying step looked like, or where the data lies relative to the window. */
  nearest?: string[];
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > STEP_WIDTH ? `${flat.slice(0, STEP_WIDTH - 3)}...` : flat;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const s = JSON.stringify(v);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
  }
  if (typeof v !== 'string') return String(v);
  return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
}

function timeOf(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** Columns of `rows` that the step's text names (whole identifiers), in the order the step names them. */
function columnsNamedIn(step: string, columns: string[]): number[] {
  const named: number[] = [];
  for (const m of step.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const i = columns.indexOf(m[0]);
    if (i >= 0 && !named.includes(i)) named.push(i);
  }
  return named;
}

/** The rows the emptying step dropped (all of the previous step's output), shown by the columns the step reads. */
function droppedRows(step: string, before: QueryRows): string[] {
  let shown = columnsNamedIn(step, before.columns).slice(0, SHOWN_COLUMNS);
  if (!shown.length) shown = before.columns.map((_, i) => i).slice(0, SHOWN_COLUMNS);
  const time = before.columns.indexOf('TimeGenerated');
  if (time >= 0 && !shown.includes(time)) shown = [time, ...shown];
  const lines = before.rows.slice(0, SHOWN_ROWS).map((row) => shown.map((i) => `${before.columns[i]}=${cell(row[i])}`).join(', '));
  if (before.rows.length > SHOWN_ROWS) lines.push(`... and ${before.rows.length - SHOWN_ROWS} more`);
  return lines;
}

/**
 * Where the source step's rows lie when none fall in the window: how many before and after it, and the nearest of
 * each, so a wrong `now:` or a sample in another day is visible at once.
 */
async function rowsOutsideWindow<D>(engine: ReplayEngine<D>, prefix: string, data: D, request: RunRequest): Promise<string[]> {
  const everything: RunRequest = { ...request, timeRange: { start: new Date(-8.64e15), end: new Date(8.64e15) } };
  const all = await engine.run(prefix, data, everything);
  const t = all.columns.indexOf('TimeGenerated');
  if (!all.rows.length) return ['the data holds no rows for the query\'s tables at any time: check the case\'s data files and their table names'];
  if (t < 0) return [`the data holds ${all.rows.length} row(s) for the query's tables, none in the window`];
  const start = request.timeRange.start.getTime();
  const end = request.timeRange.end.getTime();
  let before = 0, after = 0, latestBefore = -Infinity, earliestAfter = Infinity;
  for (const row of all.rows) {
    const at = timeOf(row[t]);
    if (at === undefined) continue;
    if (at < start) { before++; latestBefore = Math.max(latestBefore, at); }
    else if (at >= end) { after++; earliestAfter = Math.min(earliestAfter, at); }
  }
  const out: string[] = [];
  if (before) out.push(`${before} row(s) before the window, the latest at ${new Date(latestBefore).toISOString()} (${spanText(start - latestBefore)} before its start)`);
  if (after) out.push(`${after} row(s) at or after the window's end, the earliest at ${new Date(earliestAfter).toISOString()} (${spanText(earliestAfter - end)} after it): is the case's now: too early?`);
  if (before && !after) out.push('is the case\'s now: too late, or the queryPeriod too short for the data?');
  return out.length ? out : [`the data holds ${all.rows.length} row(s) for the query's tables, none with a TimeGenerated`];
}

/** `let Name = value;` bindings of the query that the step names, as "Name = value" (a threshold, a list). */
function letsNamedIn(step: string, query: string): string[] {
  const lets = new Map<string, string>();
  for (const m of query.matchAll(/^\s*let\s+([A-Za-z_]\w*)\s*=\s*([^;\n]+);/gm)) lets.set(m[1]!, m[2]!.trim());
  const out: string[] = [];
  for (const m of step.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const v = lets.get(m[0]);
    if (v !== undefined && v.length <= 60 && !out.includes(`${m[0]} = ${v}`)) out.push(`${m[0]} = ${v}`);
  }
  return out;
}

/** The step table (and what the emptying step dropped), or undefined when the query is a single step or a prefix cannot run. */
export async function explainRowCounts<D>(engine: ReplayEngine<D>, query: string, data: D, request: RunRequest): Promise<RowCountExplanation | undefined> {
  const steps = pipelineSteps(query);
  if (steps.length < 2) return undefined;
  const results: QueryRows[] = [];
  for (const step of steps) {
    try {
      results.push(await engine.run(step.prefix, data, request));
    } catch {
      return undefined;
    }
  }
  const counts = results.map((r) => r.rows.length);
  const width = Math.max(...counts.map((n) => String(n).length));
  const emptiedAt = counts.findIndex((n, i) => n === 0 && (i === 0 || counts[i - 1]! > 0));
  const table = steps.map((step, i) => {
    const shown = `${i ? '| ' : ''}${oneLine(step.text)}`;
    const marker = i === emptiedAt ? (i === 0 ? '   <- no rows in the window' : '   <- no rows left after this step') : '';
    return `${String(counts[i]).padStart(width)}  ${shown}${marker}`;
  }).join('\n');
  let nearest: string[] | undefined;
  try {
    if (emptiedAt === 0) nearest = await rowsOutsideWindow(engine, steps[0]!.prefix, data, request);
    else if (emptiedAt > 0) {
      const step = steps[emptiedAt]!.text;
      const lets = letsNamedIn(step, query);
      nearest = [
        `rows dropped by | ${oneLine(step)}${lets.length ? ` (with ${lets.join(', ')})` : ''}:`,
        ...droppedRows(step, results[emptiedAt - 1]!).map((l) => `  ${l}`),
      ];
    }
  } catch {
    nearest = undefined;
  }
  return { table, nearest };
}
