/**
 * Runs one test case: a single run at `now`, or the scheduler over `schedule`; then checks expectations and, for
 * positive cases, the output policies. Errors (bad data, a query the engine rejects) become the case's result,
 * never an exception.
 */
import type { Alert, QueryRows } from './alerts.ts';
import type { ReplayEngine, RunRequest } from './engine.ts';
import { checkExpectations, type CaseOutcome, type Failure } from './expect.ts';
import { spanText } from './duration.ts';
import { explainRowCounts } from './explain.ts';
import { groupIncidents } from './incidents.ts';
import { outputFindings } from './policies.ts';
import type { ReplayRule } from './rule.ts';
import { queryWindow, runOnce, simulate } from './scheduler.ts';
import type { TestCase } from './test-file.ts';
import type { VariantResult } from './variants/model.ts';
import { KqlError, type KqlDiagnostic } from '../kql/index.ts';

export type CaseStatus = 'pass' | 'fail' | 'error';

export interface CaseResult {
  ruleId: string;
  ruleName: string;
  ruleFile?: string;
  testFile: string;
  caseName: string;
  kind: TestCase['kind'];
  line: number;
  column: number;
  status: CaseStatus;
  failures: Failure[];
  outcome?: CaseOutcome;
  /**
   * For a failed case that alerted when it should not, or not when it should: the rows left after each step of the
   * query (`table`), over the case's window (`heading` says which: the single run's, or the whole schedule's).
   */
  explanation?: { heading: string; table: string; nearest?: string[] };
  /** Variants were not run because the case fails without them (their verdicts would repeat its failure). */
  variantsSkipped?: boolean;
  /**
   * The rule's query did not bind (parser or binder errors, offsets in the query): a fault of the rule, not of
   * the case; the suite reports it once, at the rule file's positions (suite-runner.ts).
   */
  queryDiagnostics?: KqlDiagnostic[];
  /** The case under each variant of the catalogue that applies to it (when variants were run). */
  variants?: VariantResult[];
  durationMs: number;
}

export async function executeCase<D>(rule: ReplayRule, c: TestCase, engine: ReplayEngine<D>, data: D, signal?: AbortSignal) {
  const findings: string[] = [];
  const inspect = (q: QueryRows, alerts: Alert[]) => {
    if (c.kind === 'positive') findings.push(...outputFindings(rule, q, alerts));
  };
  let outcome: CaseOutcome;
  if (c.schedule) {
    let resultCount = 0;
    const timeline = await simulate(rule, engine, data, { ...c.schedule, signal, onAlerts: inspect });
    for (const r of timeline.runs) resultCount += r.resultCount ?? 0;
    outcome = { alerts: timeline.alerts, incidents: timeline.incidents, resultCount, runs: timeline.runs.length };
  } else {
    const run = await runOnce(rule, engine, data, c.now!, signal);
    if (run.alerts.length) inspect(run.result, run.alerts);
    outcome = { alerts: run.alerts, incidents: groupIncidents(rule, run.alerts), resultCount: run.result.rows.length, runs: 1 };
  }
  return { outcome, findings: [...new Set(findings)] };
}

/**
 * A single run is explained on its own window. A scheduled case is explained as one run over the whole schedule
 * (`from` to `to`): which step loses the rows over the period, before windows, thresholds and suppression.
 */
async function explainCase<D>(c: TestCase, ctx: CaseContext<D>, data: D): Promise<CaseResult['explanation']> {
  let request: RunRequest;
  let heading: string;
  if (c.now) {
    const timeRange = queryWindow(ctx.rule, c.now);
    request = { now: c.now, timeRange, signal: ctx.signal };
    heading = `rows after each step of the query, window ${timeRange.start.toISOString()} to ${timeRange.end.toISOString()} (queryPeriod ${spanText(timeRange.end.getTime() - timeRange.start.getTime())} before now):`;
  } else if (c.schedule) {
    request = { now: c.schedule.to, timeRange: { start: c.schedule.from, end: c.schedule.to }, signal: ctx.signal };
    heading = `rows after each step of the query, run once over the whole schedule (${c.schedule.from.toISOString()} to ${c.schedule.to.toISOString()}):`;
  } else {
    return undefined;
  }
  const explained = await explainRowCounts(ctx.engine, ctx.rule.query, data, request);
  return explained ? { heading, ...explained } : undefined;
}

/**
 * A negative case passes vacuously when none of its rows reach the rule at all: the tables the query reads (through
 * the workspace functions it calls) have no rows in the case's window, so nothing was there to stay quiet about (a
 * wrong `now:`, data for another table, a data file that holds other days). Returns the failure, if so.
 */
async function vacuousNegative<D>(c: TestCase, ctx: CaseContext<D>, data: D): Promise<Failure | undefined> {
  const tables = ctx.tablesRead?.(ctx.rule.query) ?? [];
  const window = c.now ? queryWindow(ctx.rule, c.now) : c.schedule ? { start: new Date(c.schedule.from.getTime() - ctx.rule.queryPeriodMs), end: c.schedule.to } : undefined;
  if (!tables.length || !window) return undefined;
  const request = { now: window.end, timeRange: window, signal: ctx.signal };
  for (const table of tables) {
    try {
      if ((await ctx.engine.run(`${table} | take 1`, data, request)).rows.length) return undefined;
    } catch {
      return undefined; // a table the engine cannot read here is not evidence of an empty case
    }
  }
  return {
    message: `negative case tests nothing: the tables the rule reads (${tables.join(', ')}) have no rows from ${window.start.toISOString()} to ${window.end.toISOString()}; check the case's now:/schedule, its data files and their tables`,
  };
}

export interface CaseContext<D> {
  rule: ReplayRule;
  testFile: string;
  engine: ReplayEngine<D>;
  /** The tables a query reads, directly or through workspace functions (for the vacuous-negative check). */
  tablesRead?: (query: string) => string[];
  /** Builds the case's data (files and inline rows); may throw a data error. */
  data: (c: TestCase) => D | Promise<D>;
  signal?: AbortSignal;
}

/**
 * Errors that belong to the rule rather than the case: its query does not bind (KQL_SYNTAX, with the parser's
 * diagnostics), or uses something the local engine does not implement (KQL_UNSUPPORTED, one diagnostic at the
 * construct). Every case of the rule would fail the same way, so the suite reports these once.
 */
function ruleLevelDiagnostics(e: KqlError): KqlDiagnostic[] | undefined {
  if (e.code === 'KQL_SYNTAX' && e.diagnostics.length) return e.diagnostics;
  if (e.code === 'KQL_UNSUPPORTED') return [{ code: 'replay-unsupported', severity: 'error', message: e.message, start: e.start ?? 0, length: e.length ?? 0 }];
  return undefined;
}

export async function runCase<D>(c: TestCase, ctx: CaseContext<D>): Promise<CaseResult> {
  const started = performance.now();
  const base = {
    ruleId: ctx.rule.id,
    ruleName: ctx.rule.name,
    ruleFile: ctx.rule.file,
    testFile: ctx.testFile,
    caseName: c.name,
    kind: c.kind,
    line: c.line,
    column: c.column,
  };
  try {
    const data = await ctx.data(c);
    const { outcome, findings } = await executeCase(ctx.rule, c, ctx.engine, data, ctx.signal);
    const failures = checkExpectations(c, outcome);
    for (const f of findings) failures.push({ message: `policy: ${f}` });
    const wrongVerdict = (c.kind === 'positive') === (outcome.alerts.length === 0);
    if (c.kind === 'negative' && !failures.length) {
      const vacuous = await vacuousNegative(c, ctx, data);
      if (vacuous) failures.push(vacuous);
    }
    const explanation = failures.length && wrongVerdict ? await explainCase(c, ctx, data) : undefined;
    return { ...base, status: failures.length ? 'fail' : 'pass', failures, outcome, explanation, durationMs: performance.now() - started };
  } catch (e) {
    const err = e as Error & { code?: string };
    const queryDiagnostics = e instanceof KqlError ? ruleLevelDiagnostics(e) : undefined;
    return {
      ...base,
      ...(queryDiagnostics ? { queryDiagnostics } : {}),
      status: 'error',
      failures: [{ message: `${err.code ? `${err.code}: ` : ''}${err.message}` }],
      durationMs: performance.now() - started,
    };
  }
}
