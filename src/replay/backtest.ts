/**
 * `content replay`: backtests the pack (or some rules) over a dataset directory with the scheduler, returning
 * every alert and incident, rule by rule. Incidents are numbered across the whole backtest.
 */
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { loadDataDirectory } from '../kql/index.ts';
import type { Alert } from './alerts.ts';
import { isoTime } from './duration.ts';
import type { Incident } from './incidents.ts';
import { replayEnvironment } from './pack.ts';
import { runTimes, simulate } from './scheduler.ts';
import { discoverSuite, type SuiteEntry } from './suite.ts';
import type { TestProblem } from './test-file.ts';

export interface BacktestOptions {
  data: string;
  from: Date;
  to: Date;
  /** Rows without `_IngestionTime` are ingested this long (ms) after their TimeGenerated; default 0. */
  ingestionDelayMs?: number;
  /** Rule ids, names or paths (files or directories); default every rule. */
  rules?: string[];
  signal?: AbortSignal;
  /** Progress over all rules' runs. */
  onProgress?: (done: number, total: number) => void;
}

export interface RuleBacktest {
  ruleId: string;
  ruleName: string;
  ruleFile: string;
  runs: number;
  alerts: number;
  incidents: number;
  error?: string;
}

export interface BacktestResult {
  from: string;
  to: string;
  rules: RuleBacktest[];
  alerts: Alert[];
  incidents: (Incident & { alertIds: number[] })[];
  problems: TestProblem[];
}

export class BacktestError extends Error {
  readonly code = 'BACKTEST_USAGE';
}

function selectRules(entries: SuiteEntry[], root: string, wanted: string[] | undefined): SuiteEntry[] {
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

export async function backtest(root: string, options: BacktestOptions): Promise<BacktestResult> {
  if (!(options.to > options.from)) throw new BacktestError('--to must be after --from');
  const suite = discoverSuite(root);
  const entries = selectRules(suite.entries, root, options.rules);
  const env = replayEnvironment(root, suite.tables, suite.functions);
  const db = env.indexByTime(loadDataDirectory(resolve(root, options.data), suite.tables, { ingestionDelayMs: options.ingestionDelayMs }));
  const total = entries.reduce((n, e) => n + runTimes(e.rule, options.from, options.to).length, 0);
  let done = 0;
  const rules: RuleBacktest[] = [];
  const alerts: Alert[] = [];
  const incidents: BacktestResult['incidents'] = [];
  for (const e of entries) {
    const base = { ruleId: e.rule.id, ruleName: e.rule.name, ruleFile: e.ruleFile };
    const before = done;
    try {
      const t = await simulate(e.rule, env, db, {
        from: options.from,
        to: options.to,
        signal: options.signal,
        keepRuns: false,
        onRun: (n) => options.onProgress?.((done = before + n), total),
      });
      const offset = alerts.length;
      alerts.push(...t.alerts);
      for (const inc of t.incidents) {
        incidents.push({ ...inc, number: incidents.length + 1, alertIds: inc.alerts.map((i) => i + offset) });
      }
      rules.push({ ...base, runs: runTimes(e.rule, options.from, options.to).length, alerts: t.alerts.length, incidents: t.incidents.length });
    } catch (err) {
      const x = err as Error & { code?: string };
      if (x.code === 'KQL_ABORTED' || x.name === 'AbortError') throw err;
      rules.push({ ...base, runs: 0, alerts: 0, incidents: 0, error: `${x.code ? `${x.code}: ` : ''}${x.message}` });
      done = before + runTimes(e.rule, options.from, options.to).length;
      options.onProgress?.(done, total);
    }
  }
  // Alerts in firing order across rules; incidents keep pointing at their alerts.
  const order = alerts.map((_, i) => i).sort((a, b) => alerts[a]!.firedAt.localeCompare(alerts[b]!.firedAt) || a - b);
  const newIndex = new Map(order.map((old, i) => [old, i]));
  for (const inc of incidents) {
    inc.alertIds = inc.alertIds.map((i) => newIndex.get(i)!);
    inc.alerts = inc.alertIds;
  }
  const sorted = order.map((i) => alerts[i]!);
  return { from: isoTime(options.from), to: isoTime(options.to), rules, alerts: sorted, incidents, problems: suite.problems.filter((p) => p.code.startsWith('replay-')) };
}

export function formatBacktestTable(r: BacktestResult): string {
  const out: string[] = [`Backtest ${r.from} → ${r.to}`, ''];
  const w = Math.max(4, ...r.rules.map((x) => x.ruleName.length));
  out.push(`  ${'rule'.padEnd(w)}  runs    alerts  incidents`);
  for (const x of r.rules) {
    out.push(`  ${x.ruleName.padEnd(w)}  ${String(x.runs).padStart(6)}  ${String(x.alerts).padStart(6)}  ${String(x.incidents).padStart(9)}${x.error ? `  error: ${x.error}` : ''}`);
  }
  if (r.alerts.length) {
    out.push('', 'Alerts');
    for (const a of r.alerts) {
      const ents = a.entities.map((e) => `${e.type}:${Object.values(e.identifiers)[0]}`).slice(0, 4).join(' ');
      out.push(`  ${a.firedAt}  ${a.severity.padEnd(13)}  ${a.name}${ents ? `  [${ents}]` : ''}`);
    }
  }
  if (r.incidents.length) {
    out.push('', 'Incidents');
    for (const i of r.incidents) out.push(`  #${i.number}  ${i.createdAt}  ${i.severity.padEnd(13)}  ${i.title}  (${i.alerts.length} alert${i.alerts.length === 1 ? '' : 's'})`);
  }
  out.push('', `${r.rules.length} rules, ${r.alerts.length} alerts, ${r.incidents.length} incidents`);
  return `${out.join('\n')}\n`;
}
