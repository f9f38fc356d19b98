import type { Variant } from '../model.ts';
import { focusTimes } from '../transform.ts';

export const runBoundary: Variant = {
  id: 'run-boundary',
  kind: 'shape',
  title: 'the scheduler runs the rule with a run boundary in the middle of the activity (events either side of it)',
  models: 'Sentinel aligns runs to when the rule was enabled, not to the attack: an attack is split between two consecutive runs as often as not',
  source: 'https://learn.microsoft.com/azure/sentinel/detect-threats-custom (query scheduling: run every / lookup data from the last)',
  keeps: 'verdict',
  cases: ['positive', 'negative'],
  apply(input) {
    const { run, rule, rows } = input;
    if (!run.now) return undefined;
    const times = focusTimes(input);
    if (!times.length) return undefined;
    const f = rule.queryFrequencyMs;
    const mid = Math.floor((times.reduce((a, b) => Math.min(a, b)) + times.reduce((a, b) => Math.max(a, b))) / 2);
    const now = run.now.getTime();
    // Runs at mid - f, mid, mid + f, ... until every row the case's run saw has been seen by a later run.
    const steps = Math.max(1, Math.ceil((now - mid) / f) + 1);
    return { rows, run: { schedule: { from: new Date(mid - 2 * f), to: new Date(mid + steps * f) } } };
  },
};
