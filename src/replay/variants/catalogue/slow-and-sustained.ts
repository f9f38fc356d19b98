import type { Variant } from '../model.ts';
import { timeOf, withTime } from '../records.ts';
import { inFocus, mapRows } from '../transform.ts';

export const SLOWDOWN = 6;

export const slowAndSustained: Variant = {
  id: 'slow-and-sustained',
  kind: 'attack',
  title: `the activity slowed down ${SLOWDOWN} times (the same events over ${SLOWDOWN} run intervals), replayed by the scheduler`,
  models: 'Low-and-slow attacks pace themselves under a per-window count but keep going for hours',
  source: 'MITRE ATT&CK T1110 Brute Force (https://attack.mitre.org/techniques/T1110/): "an adversary may ... slow the rate of attempts to avoid detection"',
  keeps: 'verdict',
  cases: ['positive'],
  apply(input) {
    const { run, rule } = input;
    if (!run.now) return undefined;
    const now = run.now.getTime();
    let moved = 0;
    const rows = mapRows(input.rows, () => true, (row, table) => {
      if (!inFocus(input, table, row)) return row;
      moved++;
      return withTime(row, now - (now - timeOf(row)!) * SLOWDOWN);
    });
    if (moved < 2) return undefined;
    const f = rule.queryFrequencyMs;
    return { rows, run: { schedule: { from: new Date(now - (SLOWDOWN + 1) * f), to: run.now } } };
  },
};
