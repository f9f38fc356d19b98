/**
 * `content replay`: backtests the pack (or some rules) over a dataset directory with the scheduler, returning
 * every alert and incident, rule by rule. Incidents are numbered across the whole backtest.
 */
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { loadDataDirectoryAsync, namesInQueries, type Database, type ReadProgress, type TableSchema } from '../kql/index.ts';
import type { Alert } from './alerts.ts';
import { isoTime, spanText } from './duration.ts';
import type { Incident } from './incidents.ts';
import type { ReplayEngine } from './engine.ts';
import { replayEnvironment } from './pack.ts';
import { runTimes, simulate } from './scheduler.ts';
import { accountNames, entityLabel } from './entities.ts';
import { discoverSuite, type SuiteEntry } from './suite.ts';
import type { TestProblem } from './test-file.ts';

export interface BacktestOptions {
  data: string;
  /**
   * Loads the rows instead of reading `data` as table files (an archive tree mapped to tables), given the schemas
   * and the longest look-back of the selected rules.
   */
  load?: (tables: TableSchema[], lookbackMs: number) => Database;
  /** Default: the data's first TimeGenerated, down to the hour. */
  from?: Date;
  /** Default: the data's last TimeGenerated, up to the next hour. */
  to?: Date;
  /**
   * Run a rule only once its look-back is covered by data: the first run is the first run time whose window
   * starts at or after the data's first row. Default false: such alerts are kept and marked (`Alert.edge`).
   */
  fullLookback?: boolean;
  /** Rows without `_IngestionTime` are ingested this long (ms) after their TimeGenerated; default 0. */
  ingestionDelayMs?: number;
  /** Rule ids, names or paths (files or directories); default every rule. */
  rules?: string[];
  signal?: AbortSignal;
  /** Progress over all rules' runs. */
  onProgress?: (done: number, total: number) => void;
  /** Progress of loading the data files (bytes of all files). */
  onLoadProgress?: (progress: ReadProgress) => void;
}

export interface RuleBacktest {
  ruleId: string;
  ruleName: string;
  ruleFile: string;
  runs: number;
  alerts: number;
  incidents: number;
  /** Alerts per day over the backtest period: the noise the rule would have made. */
  alertsPerDay: number;
  /** Runs left out because their look-back started before the data (with fullLookback). */
  skippedRuns?: number;
  error?: string;
}

/**
 * Why an alert may reflect the edges of the dataset rather than what happened: its run looked back before the
 * data's first row (`lookback`: a rule that alerts on something not happening, such as no backup in 14 days, sees
 * "nothing" there), or ran after the data's last row (`after-data`: "logs stopped arriving").
 */
export interface AlertEdge { kind: 'lookback' | 'after-data'; message: string }

export type BacktestAlert = Alert & { edge?: AlertEdge };

export interface BacktestResult {
  from: string;
  to: string;
  /** What the data covers (earliest and latest TimeGenerated), when any table is timed. */
  data?: { start: string; end: string };
  rules: RuleBacktest[];
  alerts: BacktestAlert[];
  incidents: (Incident & { alertIds: number[] })[];
  problems: TestProblem[];
}

export class BacktestError extends Error {
  readonly code = 'BACKTEST_USAGE';
}

export function selectRules(entries: SuiteEntry[], root: string, wanted: string[] | undefined): SuiteEntry[] {
  if (!wanted?.length) return entries;
  const out = new Set<SuiteEntry>();
  for (const w of wanted) {
    const abs = resolve(root, w);
    const byPath = existsSync(abs)
      ? entries.filter((e) => { const f = resolve(root, e.ruleFile); return f === abs || f.startsWith(abs + sep); })
      : [];
    const byId = entries.filter((e) => e.rule.id.toLowerCase() === w.toLowerCase() || e.rule.name === w);
    const found = [...byPath, ...byId];
    if (!found.length) throw new BacktestError(`--rules ${w}: no rule with that id, name or path`);
    for (const e of found) out.add(e);
  }
  return entries.filter((e) => out.has(e));
}

const HOUR = 3_600_000;

/**
 * The edge an alert's run touches, if any (see AlertEdge): its look-back starts more than one queryFrequency
 * before the data's first row, or the run came more than one queryFrequency after the data's last row.
 */
function edgeOf(a: Alert, span: { start: Date; end: Date } | undefined, frequencyMs: number): AlertEdge | undefined {
  if (!span) return undefined;
  const start = Date.parse(a.window.start);
  const end = Date.parse(a.window.end);
  // A look-back short of the data by less than one run interval is what every first run sees; more is an edge.
  if (span.start.getTime() - start > frequencyMs) {
    return { kind: 'lookback', message: `look-back starts ${spanText(span.start.getTime() - start)} before the data does` };
  }
  if (end - frequencyMs > span.end.getTime()) {
    return { kind: 'after-data', message: `ran ${spanText(end - span.end.getTime())} after the data's last row` };
  }
  return undefined;
}

/** The first run time on the rule's grid from `from` whose window starts at or after `dataStart`. */
function firstCoveredFrom(from: Date, dataStart: Date, rule: SuiteEntry['rule']): Date {
  const firstRun = dataStart.getTime() + rule.queryPeriodMs;
  const step = rule.queryFrequencyMs;
  const k = Math.max(0, Math.ceil((firstRun - from.getTime() - step) / step));
  return new Date(from.getTime() + k * step);
}

export async function backtest(root: string, options: BacktestOptions): Promise<BacktestResult> {
  const suite = discoverSuite(root);
  const entries = selectRules(suite.entries, root, options.rules);
  const env = replayEnvironment(root, suite.tables, suite.functions);
  const lookbackMs = Math.max(0, ...entries.map((e) => e.rule.queryPeriodMs));
  // The data is loaded once for every rule and run. Only the columns the rules can name (in their queries, the
  // functions those call, entity mappings, custom details) are read while loading; any other is read when used.
  const columns = namesInQueries(entries.map((e) => JSON.stringify(e.rule)), suite.functions);
  const loaded = options.load
    ? options.load(suite.tables, lookbackMs)
    : await loadDataDirectoryAsync(resolve(root, options.data), suite.tables, {
      ingestionDelayMs: options.ingestionDelayMs, columns, signal: options.signal, onProgress: options.onLoadProgress,
    });
  const db = env.indexByTime(loaded);
  const span = env.dataSpan(db);
  const from = options.from ?? (span ? new Date(Math.floor(span.start.getTime() / HOUR) * HOUR) : undefined);
  const to = options.to ?? (span ? new Date(Math.floor(span.end.getTime() / HOUR) * HOUR + HOUR) : undefined);
  if (!from || !to) throw new BacktestError(`${options.data}: the data has no rows with a TimeGenerated, so there is no period to replay; give --from and --to`);
  if (!(to > from)) throw new BacktestError('--to must be after --from');
  const result = await backtestRules(entries, env, db, { from, to, span, fullLookback: options.fullLookback, signal: options.signal, onProgress: options.onProgress });
  return { ...result, problems: suite.problems.filter((p) => p.code.startsWith('replay-')) };
}

export interface BacktestRulesOptions {
  from: Date;
  to: Date;
  /** What the data covers, when known (local data): alerts at its edges are marked, and fullLookback applies. */
  span?: { start: Date; end: Date };
  fullLookback?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Rules replayed at once (default 1; engines that answer over the network want more). */
  concurrency?: number;
  /** Errors that end the whole backtest rather than one rule (aborts always do). */
  isFatal?: (err: unknown) => boolean;
}

/**
 * The scheduler over every selected rule with any engine (local, Log Analytics, Azure Data Explorer): alerts in
 * firing order, incidents in creation order and numbered so, per-rule counts and alerts/day. Rules may run in
 * parallel lanes; the result does not depend on the lanes' timing.
 */
export async function backtestRules<D>(entries: SuiteEntry[], engine: ReplayEngine<D>, data: D, options: BacktestRulesOptions): Promise<Omit<BacktestResult, 'problems'>> {
  const { from, to, span } = options;
  const ruleFrom = (e: SuiteEntry) => (options.fullLookback && span ? new Date(Math.max(from.getTime(), firstCoveredFrom(from, span.start, e.rule).getTime())) : from);
  const runsOf = entries.map((e) => runTimes(e.rule, ruleFrom(e), to).length);
  const total = runsOf.reduce((a, b) => a + b, 0);
  const progress = entries.map(() => 0);
  let done = 0;
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  const outcomes: { rule: RuleBacktest; alerts: BacktestAlert[]; incidents: Incident[] }[] = new Array(entries.length);
  const runRule = async (i: number) => {
    const e = entries[i]!;
    const base = { ruleId: e.rule.id, ruleName: e.rule.name, ruleFile: e.ruleFile };
    const runs = runsOf[i]!;
    const skipped = options.fullLookback ? runTimes(e.rule, from, to).length - runs : 0;
    const advance = (n: number) => {
      done += n - progress[i]!;
      progress[i] = n;
      options.onProgress?.(done, total);
    };
    try {
      const t = await simulate(e.rule, engine, data, { from: ruleFrom(e), to, signal: options.signal, keepRuns: false, onRun: advance });
      outcomes[i] = {
        rule: { ...base, runs, alerts: t.alerts.length, incidents: t.incidents.length, alertsPerDay: perDay(t.alerts.length, days), ...(skipped ? { skippedRuns: skipped } : {}) },
        alerts: t.alerts.map((a) => { const edge = edgeOf(a, span, e.rule.queryFrequencyMs); return edge ? { ...a, edge } : a; }),
        incidents: t.incidents,
      };
    } catch (err) {
      const x = err as Error & { code?: string };
      if (x.code === 'KQL_ABORTED' || x.name === 'AbortError' || options.signal?.aborted || options.isFatal?.(err)) throw err;
      outcomes[i] = { rule: { ...base, runs: 0, alerts: 0, incidents: 0, alertsPerDay: 0, error: `${x.code ? `${x.code}: ` : ''}${x.message}` }, alerts: [], incidents: [] };
      advance(runs);
    }
  };
  let next = 0;
  const lane = async () => {
    while (next < entries.length) await runRule(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, entries.length)) }, lane));

  const rules: RuleBacktest[] = [];
  const alerts: BacktestAlert[] = [];
  const incidents: BacktestResult['incidents'] = [];
  for (const o of outcomes) {
    rules.push(o.rule);
    const offset = alerts.length;
    alerts.push(...o.alerts);
    for (const inc of o.incidents) incidents.push({ ...inc, number: 0, alertIds: inc.alerts.map((i) => i + offset) });
  }
  // Alerts in firing order across rules, incidents in creation order (numbered so), each pointing at its alerts.
  const order = alerts.map((_, i) => i).sort((a, b) => alerts[a]!.firedAt.localeCompare(alerts[b]!.firedAt) || a - b);
  const newIndex = new Map(order.map((old, i) => [old, i]));
  for (const inc of incidents) {
    inc.alertIds = inc.alertIds.map((i) => newIndex.get(i)!);
    inc.alerts = inc.alertIds;
  }
  incidents.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.alertIds[0]! - b.alertIds[0]!);
  incidents.forEach((inc, i) => { inc.number = i + 1; });
  const sorted = order.map((i) => alerts[i]!);
  return {
    from: isoTime(from),
    to: isoTime(to),
    ...(span ? { data: { start: isoTime(span.start), end: isoTime(span.end) } } : {}),
    rules,
    alerts: sorted,
    incidents,
  };
}

function perDay(n: number, days: number): number {
  return days > 0 ? Math.round((n / days) * 100) / 100 : 0;
}

export function formatBacktestTable(r: BacktestResult): string {
  const out: string[] = [`Backtest ${r.from} → ${r.to}${r.data ? ` (data ${r.data.start} → ${r.data.end})` : ''}`, ''];
  const w = Math.max(4, ...r.rules.map((x) => x.ruleName.length));
  out.push(`  ${'rule'.padEnd(w)}  runs    alerts  alerts/day  incidents`);
  for (const x of r.rules) {
    const skipped = x.skippedRuns ? `  (${x.skippedRuns} runs before the look-back was covered left out)` : '';
    out.push(`  ${x.ruleName.padEnd(w)}  ${String(x.runs).padStart(6)}  ${String(x.alerts).padStart(6)}  ${x.alertsPerDay.toFixed(2).padStart(10)}  ${String(x.incidents).padStart(9)}${x.error ? `  error: ${x.error}` : skipped}`);
  }
  const names = accountNames(r.alerts.map((a) => a.entities));
  if (r.alerts.length) {
    out.push('', 'Alerts');
    for (const a of r.alerts) {
      const ents = a.entities.map((e) => `${e.type}:${entityLabel(e, names)}`).slice(0, 4).join(' ');
      out.push(`  ${a.firedAt}  ${a.severity.padEnd(13)}  ${a.name}${ents ? `  [${ents}]` : ''}${a.edge ? `  (edge: ${a.edge.message})` : ''}`);
    }
  }
  if (r.incidents.length) {
    out.push('', 'Incidents');
    for (const i of r.incidents) out.push(`  #${i.number}  ${i.createdAt}  ${i.severity.padEnd(13)}  ${i.title}  (${i.alerts.length} alert${i.alerts.length === 1 ? '' : 's'})`);
  }
  const edges = r.alerts.filter((a) => a.edge).length;
  out.push('', `${r.rules.length} rules, ${r.alerts.length} alerts, ${r.incidents.length} incidents`);
  if (edges) {
    out.push(`${edges} of the alerts come from runs at the edges of the data (marked "edge"): an alert that rests on something not happening (no backup, no logs) may only reflect where the data starts or ends. --full-lookback runs each rule only once its look-back is covered.`);
  }
  return `${out.join('\n')}\n`;
}
