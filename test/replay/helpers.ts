import { toReplayRule, type ReplayRule } from '../../src/replay/rule.ts';
import type { ReplayEngine } from '../../src/replay/engine.ts';

export function rule(overrides: Record<string, unknown> = {}): ReplayRule {
  return toReplayRule({
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Test rule',
    description: 'A rule for tests.',
    severity: 'Medium',
    kind: 'Scheduled',
    queryFrequency: '1h',
    queryPeriod: '1h',
    triggerOperator: 'gt',
    triggerThreshold: 0,
    tactics: ['Impact'],
    query: 'T',
    ...overrides,
  });
}

/**
 * Scheduler test double: the "query" returns the events whose time falls in the run's window, as the real engine
 * does for a rule whose query is just the table. It lets the scheduler be tested without the KQL engine.
 */
export function eventsEngine(columns: string[], events: unknown[][], timeColumn = 0): ReplayEngine<null> & { calls: Date[] } {
  const calls: Date[] = [];
  return {
    calls,
    run(_query, _data, req) {
      calls.push(req.now);
      const s = req.timeRange.start.getTime();
      const e = req.timeRange.end.getTime();
      return {
        columns,
        rows: events.filter((r) => {
          const t = Date.parse(String(r[timeColumn]));
          return t >= s && t < e;
        }),
      };
    },
  };
}
