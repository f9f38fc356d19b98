/**
 * Noise budget: every rule runs through the scheduler over the benign baseline (days of generated, realistic
 * traffic with no attack in it); its alerts per day must stay within the budget its test file declares
 * (`noiseBudget: { alertsPerDay }`). A rule without a declared budget has a budget of 0.
 */
import { DAY } from './duration.ts';
import type { ReplayEngine } from './engine.ts';
import type { ReplayRule } from './rule.ts';
import { simulate } from './scheduler.ts';

export interface NoiseResult {
  ruleId: string;
  ruleName: string;
  ruleFile?: string;
  days: number;
  alerts: number;
  incidents: number;
  alertsPerDay: number;
  budget: number;
  /** True when the budget came from the test file rather than the default of 0. */
  declared: boolean;
  status: 'pass' | 'fail' | 'error';
  message?: string;
  durationMs: number;
}

export interface Baseline<D> { data: D; from: Date; to: Date }

export async function measureNoise<D>(
  rule: ReplayRule,
  budget: number | undefined,
  engine: ReplayEngine<D>,
  baseline: Baseline<D>,
  signal?: AbortSignal,
): Promise<NoiseResult> {
  const started = performance.now();
  const days = (baseline.to.getTime() - baseline.from.getTime()) / DAY;
  const base = { ruleId: rule.id, ruleName: rule.name, ruleFile: rule.file, days, budget: budget ?? 0, declared: budget !== undefined };
  try {
    const t = await simulate(rule, engine, baseline.data, { from: baseline.from, to: baseline.to, signal, keepRuns: false });
    const alertsPerDay = Math.round((t.alerts.length / days) * 1000) / 1000;
    const over = alertsPerDay > base.budget;
    return {
      ...base,
      alerts: t.alerts.length,
      incidents: t.incidents.length,
      alertsPerDay,
      status: over ? 'fail' : 'pass',
      message: over ? `${alertsPerDay} alerts/day on the benign baseline, over the budget of ${base.budget}${base.declared ? '' : ' (no noiseBudget declared)'}` : undefined,
      durationMs: performance.now() - started,
    };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { ...base, alerts: 0, incidents: 0, alertsPerDay: 0, status: 'error', message: `${err.code ? `${err.code}: ` : ''}${err.message}`, durationMs: performance.now() - started };
  }
}
