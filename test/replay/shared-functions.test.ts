import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shareFunctionResults } from '../../src/replay/shared-functions.ts';
import { createEngine } from '../../src/kql/index.ts';
import { discoverSuite, KqlReplay, simulate, type ReplayEngine } from '../../src/replay/index.ts';
import type { Database } from '../../src/kql/index.ts';

describe('shareFunctionResults', () => {
  it('materialises a parameterless function once and replaces its references (not strings or comments)', () => {
    const q = 'let a = F | where x == "F"; // F\nlet b = toscalar(F() | count);\na | union (F)';
    expect(shareFunctionResults(q, ['F', 'G'])).toBe(
      'let __replay_F = materialize(F);\nlet a = __replay_F | where x == "F"; // F\nlet b = toscalar(__replay_F | count);\na | union (__replay_F)',
    );
  });

  it('leaves queries alone when there is nothing to share or the rewrite could change meaning', () => {
    expect(shareFunctionResults('T | where x == "F"', ['F'])).toBeUndefined();
    expect(shareFunctionResults('let F = T; F', ['F'])).toBeUndefined();
    expect(shareFunctionResults('declare query_parameters(p:string = "a");\nF | where x == p', ['F'])).toBeUndefined();
    expect(shareFunctionResults('T | extend F = 1', ['F'])).toBeUndefined();
    expect(shareFunctionResults('F', [])).toBeUndefined();
  });

  it('gives the same timeline as the query run as written', async () => {
    const root = resolve(import.meta.dirname, 'fixtures/pack');
    const suite = discoverSuite(root);
    expect(suite.functions.map((f) => f.name)).toContain('DemoDownloads');
    const env = new KqlReplay(root, suite.tables, suite.functions);
    const raw = createEngine({ tables: suite.tables, functions: suite.functions });
    const plain: ReplayEngine<Database> = {
      run: async (q, d, r) => {
        const x = await raw.run(q, d, { now: r.now, timeRange: r.timeRange });
        return { columns: x.columns.map((c) => c.name), rows: x.rows };
      },
    };
    const entry = suite.entries[0]!;
    const rule = {
      ...entry.rule,
      queryPeriodMs: 6 * 3_600_000,
      query: [
        'let Recent = DemoDownloads | where TimeGenerated > ago(1h);',
        'let Known = DemoDownloads | where TimeGenerated <= ago(1h) | distinct Caller;',
        'Recent | join kind=leftanti Known on Caller',
        '| summarize Downloads = count(), FirstSeen = min(TimeGenerated) by User, Ip, Hsm',
        '| extend Sev = "Medium"',
      ].join('\n'),
    };
    const db = env.caseDatabase(entry.tests!.file, entry.tests!.cases[3]!);
    const opts = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-20T12:00:00Z') };
    const shared = await simulate(rule, env, db, opts);
    const written = await simulate(rule, plain, db, opts);
    expect(shared).toEqual(written);
    expect(shared.alerts.map((a) => a.firedAt)).toEqual(['2026-11-20T02:00:00Z', '2026-11-20T04:00:00Z', '2026-11-20T10:00:00Z']);
  });
});
