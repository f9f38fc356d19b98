import type { Variant } from '../model.ts';
import { MINUTE } from '../transform.ts';

export const INGESTION_DELAY_MS = 2 * MINUTE;

export const ingestionDelay: Variant = {
  id: 'ingestion-delay',
  kind: 'shape',
  title: 'every record ingested 2 minutes after it was generated; the rule runs at the case\'s time and once more',
  models: 'Log Analytics ingestion latency (typically 20 seconds to 3 minutes); a run sees only records already ingested, so an event late for one run must be seen by the next',
  source: 'https://learn.microsoft.com/azure/sentinel/ingestion-delay; https://learn.microsoft.com/azure/azure-monitor/logs/data-ingestion-time',
  keeps: 'verdict',
  cases: ['positive', 'negative'],
  apply({ rows, run, rule }) {
    if (!run.now) return undefined;
    const f = rule.queryFrequencyMs;
    return { rows, ingestionDelayMs: INGESTION_DELAY_MS, run: { schedule: { from: new Date(run.now.getTime() - f), to: new Date(run.now.getTime() + f) } } };
  },
};
