/**
 * Late logs: Managed HSM makes its audit logs available within ten minutes of the operation, and Log Analytics adds
 * its own ingestion latency. A scheduled run at t reads [t - queryPeriod, t) on TimeGenerated but sees only what was
 * ingested before t, so an event in the last minutes before a run, ingested after it, is in no later window unless
 * the rule allows for it. The variant puts a run one minute after the activity's last event, delivers every record
 * nine minutes late, and lets the scheduler run on until every event has been ingested and seen.
 */
import type { Variant } from '../model.ts';
import { focusTimes, MINUTE } from '../transform.ts';

export const INGESTION_DELAY_MS = 9 * MINUTE;

export const ingestionDelay: Variant = {
  id: 'ingestion-delay',
  kind: 'shape',
  title: 'every record ingested 9 minutes late, with a run one minute after the activity\'s last event',
  models: 'Managed HSM audit logs arrive up to ten minutes after the operation; a run sees only what was ingested before it, so an event just before a run must be seen by a later one',
  source: 'https://learn.microsoft.com/azure/key-vault/managed-hsm/logging ("available ... within 10 minutes"); https://learn.microsoft.com/azure/sentinel/ingestion-delay',
  keeps: 'verdict',
  cases: ['positive', 'negative'],
  apply(input) {
    const { rows, run, rule } = input;
    const f = rule.queryFrequencyMs;
    if (run.schedule) {
      return { rows, ingestionDelayMs: INGESTION_DELAY_MS, run: { schedule: { from: run.schedule.from, to: new Date(run.schedule.to.getTime() + f) } } };
    }
    const last = focusTimes(input).reduce((a, b) => Math.max(a, b), -Infinity);
    const now = run.now.getTime();
    // The first run one minute after the last event (at the case's time when there is none), then until that event
    // has been ingested and a full run interval more.
    const first = Number.isFinite(last) ? last + MINUTE : now;
    const steps = Math.ceil((INGESTION_DELAY_MS + f) / f) + 1;
    return { rows, ingestionDelayMs: INGESTION_DELAY_MS, run: { schedule: { from: new Date(first - f), to: new Date(first + steps * f) } } };
  },
};
