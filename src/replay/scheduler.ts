/**
 * Sentinel's scheduler, simulated: a Scheduled rule runs every queryFrequency over [t - queryPeriod, t]; an NRT
 * rule runs every minute over the last minute. Each run's results go through the trigger and event grouping
 * (alerts.ts); suppression stops the rule from running for suppressionDuration after a run that produced alerts;
 * the alerts are then grouped into incidents (incidents.ts).
 *
 * Approximations (documented in docs/testing.md): windows are on TimeGenerated with no ingestion delay (Sentinel
 * shifts scheduled windows back by a few minutes, and NRT queries by ingestion time); runs are aligned to `from`
 * (the first run is at from + queryFrequency), where Sentinel aligns them to the rule's enable time.
 */
import { buildAlerts, type Alert, type QueryRows } from './alerts.ts';
import { isoTime } from './duration.ts';
import type { ReplayEngine } from './engine.ts';
import { groupIncidents, type Incident } from './incidents.ts';
import type { ReplayRule } from './rule.ts';

export interface RunRecord {
  at: string;
  window: { start: string; end: string };
  /** Result rows; undefined when the run was suppressed. */
  resultCount?: number;
  alertCount: number;
  suppressed?: boolean;
}

export interface Timeline {
  runs: RunRecord[];
  alerts: Alert[];
  incidents: Incident[];
}

export interface ScheduleOptions {
  from: Date;
  to: Date;
  signal?: AbortSignal;
  /** Called after each run (progress reporting). */
  onRun?: (done: number, total: number) => void;
  /** Keep per-run records (default true; the noise budget turns it off on long replays). */
  keepRuns?: boolean;
  /** Sees the results of every run that produced alerts (the policies check them). */
  onAlerts?: (results: QueryRows, alerts: Alert[]) => void;
}

/** The instants at which the rule runs within (from, to]. */
export function runTimes(rule: ReplayRule, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  const step = rule.queryFrequencyMs;
  for (let t = from.getTime() + step; t <= to.getTime(); t += step) out.push(new Date(t));
  return out;
}

/** The window a run at `now` reads: [now - queryPeriod, now). */
export function queryWindow(rule: ReplayRule, now: Date): { start: Date; end: Date } {
  return { start: new Date(now.getTime() - rule.queryPeriodMs), end: now };
}

/** One run at `now` over its queryWindow. */
export async function runOnce<D>(rule: ReplayRule, engine: ReplayEngine<D>, data: D, now: Date, signal?: AbortSignal) {
  const window = queryWindow(rule, now);
  const result = await engine.run(rule.query, data, { now, timeRange: window, signal });
  return { result, alerts: buildAlerts(rule, result, { firedAt: now, window }), window };
}

export async function simulate<D>(rule: ReplayRule, engine: ReplayEngine<D>, data: D, opts: ScheduleOptions): Promise<Timeline> {
  const times = runTimes(rule, opts.from, opts.to);
  const runs: RunRecord[] = [];
  const alerts: Alert[] = [];
  let suppressedUntil = -Infinity;
  const keepRuns = opts.keepRuns ?? true;
  for (let i = 0; i < times.length; i++) {
    const now = times[i]!;
    if (now.getTime() < suppressedUntil) {
      if (keepRuns) {
        runs.push({
          at: isoTime(now),
          window: { start: isoTime(queryWindow(rule, now).start), end: isoTime(now) },
          alertCount: 0,
          suppressed: true,
        });
      }
      opts.onRun?.(i + 1, times.length);
      continue;
    }
    opts.signal?.throwIfAborted();
    const run = await runOnce(rule, engine, data, now, opts.signal);
    alerts.push(...run.alerts);
    if (run.alerts.length) opts.onAlerts?.(run.result, run.alerts);
    if (run.alerts.length && rule.suppressionEnabled) suppressedUntil = now.getTime() + rule.suppressionMs;
    if (keepRuns) {
      runs.push({
        at: isoTime(now),
        window: { start: isoTime(run.window.start), end: isoTime(now) },
        resultCount: run.result.rows.length,
        alertCount: run.alerts.length,
      });
    }
    opts.onRun?.(i + 1, times.length);
  }
  return { runs, alerts, incidents: groupIncidents(rule, alerts) };
}
