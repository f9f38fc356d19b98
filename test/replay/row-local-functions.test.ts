import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type Database, type TableSchema } from '../../src/kql/index.ts';
import { discoverSuite, KqlReplay, simulate, type ReplayEngine } from '../../src/replay/index.ts';
import { asTableReferences, notRowLocal, rowLocalFunctions } from '../../src/replay/row-local-functions.ts';
import { lastTickBefore } from '../../src/replay/kql-engine.ts';
import { TimeIndex } from '../../src/replay/time-index.ts';

const tables: TableSchema[] = [
  { name: 'A', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'X', type: 'string' }, { name: 'N', type: 'long' }] },
  { name: 'B', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'X', type: 'string' }, { name: 'N', type: 'long' }] },
  { name: 'Untimed', columns: [{ name: 'X', type: 'string' }] },
];
const fn = (body: string, parameters?: string) => ({ name: 'F', body, parameters });
const names = new Set(['G']);

describe('row-local functions', () => {
  it('accepts the pack parser ManagedHsmAudit', () => {
    const suite = discoverSuite(resolve(import.meta.dirname, '../..'), { paths: ['detections/parsers'] });
    const parser = suite.functions.find((f) => f.name === 'ManagedHsmAudit')!;
    expect(notRowLocal(parser, suite.tables, new Set())).toBeUndefined();
    expect(rowLocalFunctions(suite.functions, suite.tables).map((f) => f.name)).toContain('ManagedHsmAudit');
  });

  it('accepts filters, projections and unions of timed tables', () => {
    expect(notRowLocal(fn('let a = A | where X has "k" | extend Y = tolower(X); union a, B | project TimeGenerated, X'), tables, names)).toBeUndefined();
  });

  it('rejects anything that depends on other rows, on now() or on its caller', () => {
    const cases: [string, string | undefined, RegExp][] = [
      ['A | where TimeGenerated > ago(1h)', undefined, /ago/],
      ['A | extend T = now()', undefined, /now/],
      ['A | summarize count() by X', undefined, /summarize/],
      ['A | join kind=inner B on X', undefined, /join/],
      ['A | where N > toscalar(B | count)', undefined, /toscalar|count/],
      ['A | extend TimeGenerated = datetime(2026-01-01)', undefined, /assigns TimeGenerated/],
      ['A | project TimeGenerated = datetime(2026-01-01), X', undefined, /assigns TimeGenerated/],
      ['A | take 10', undefined, /take/],
      ['A | serialize | extend P = prev(X)', undefined, /serialize|prev/],
      ['union A, Untimed', undefined, /Untimed/],
      ['A | where X in (B | project X)', undefined, /inside an expression/],
      ['let L = B | project X; A | where X in~ (L)', undefined, /L inside an expression/],
      ['A | where X has_any (B)', undefined, /B inside an expression/],
      ['union A*', undefined, /wildcard/],
      ['G | where X == "a"', undefined, /function G/],
      ['A | where X == p', '(p:string)', /parameters/],
    ];
    for (const [body, params, why] of cases) expect(notRowLocal(fn(body, params), tables, names), body).toMatch(why);
  });

  it('reads function uses as table names, leaving strings, comments and unsafe queries alone', () => {
    const set = new Set(['F']);
    expect(asTableReferences('F() | where X == "F()" // F()\n| union (F)', set)).toEqual({ text: 'F | where X == "F()" // F()\n| union (F)', used: ['F'] });
    expect(asTableReferences('A | where X == "F"', set)).toBeUndefined();
    expect(asTableReferences('let F = A; F', set)).toBeUndefined();
    expect(asTableReferences('F | union *', set)).toBeUndefined();
    expect(asTableReferences('search "x" | union F', set)).toBeUndefined();
    expect(asTableReferences('F | extend Y = N * 2', set)?.text).toBe('F | extend Y = N * 2');
  });

  it('gives the same timeline as the function evaluated in every run, indexed or not, with row order kept', async () => {
    const functions = [{ name: 'F', body: 'union (A | extend Src = "A"), (B | extend Src = "B") | where X != "skip" | extend U = toupper(X)' }];
    expect(rowLocalFunctions(functions, tables).map((f) => f.name)).toEqual(['F']);
    const env = new KqlReplay(resolve(import.meta.dirname), tables, functions);
    const raw = createEngine({ tables, functions });
    // The function evaluated in every run, over the database or over the run's window of a time index.
    const plain = (index?: TimeIndex): ReplayEngine<Database> => ({
      run: (q, d, r) => {
        const db = index ? index.window(r.timeRange.start, r.timeRange.end) : d;
        const x = raw.run(q, db, { now: r.now, timeRange: { start: r.timeRange.start, end: lastTickBefore(r.timeRange.end) } });
        return { columns: x.columns.map((c) => c.name), rows: x.rows };
      },
    });
    const base = Date.parse('2026-11-20T00:00:00Z');
    const rows = (src: string, n: number) => Array.from({ length: n }, (_, i) => ({
      // times out of order and interleaved between the tables; some rows filtered out by the function
      TimeGenerated: new Date(base + ((i * 37) % 24) * 900_000 + (src === 'B' ? 450_000 : 0)).toISOString(),
      X: i % 7 === 0 ? 'skip' : `x${i % 5}`,
      N: i,
    }));
    const records = { A: rows('A', 60), B: rows('B', 45) };
    const suite = discoverSuite(resolve(import.meta.dirname, 'fixtures/pack'));
    const rule = {
      ...suite.entries[0]!.rule,
      queryFrequencyMs: 3_600_000,
      queryPeriodMs: 2 * 3_600_000,
      triggerThreshold: 0,
      aggregationKind: 'AlertPerResult' as const,
      customDetails: { Order: 'Order', Users: 'Users', Rows: 'Rows' },
      query: [
        'let Known = F() | where TimeGenerated < ago(1h) and N % 3 == 0 | distinct strcat(X, "-", N % 4);',
        'F | where TimeGenerated >= ago(1h) | extend Column1 = strcat(X, "-", N % 4) | join kind=leftanti Known on Column1',
        '| summarize Order = make_list(strcat(Src, N)), Users = make_set(U), Rows = count() by X',
      ].join('\n'),
    };
    const opts = { from: new Date(base), to: new Date(base + 8 * 3_600_000) };
    const db = env.recordsDatabase(records, 'test');
    const written = await simulate(rule, plain(), db, opts);
    const writtenIndexed = await simulate(rule, plain(new TimeIndex(db)), db, opts);
    expect(written.alerts.length).toBeGreaterThan(0);
    // the rows of both tables meet in the same groups, so a change of row order would change the lists
    expect(written.alerts.some((a) => /A\d.*B\d|B\d.*A\d/.test(JSON.stringify(a.customDetails.Order)))).toBe(true);
    expect(await simulate(rule, env, env.recordsDatabase(records, 'test'), opts)).toEqual(written);
    expect(await simulate(rule, env, env.indexByTime(env.recordsDatabase(records, 'test')), opts)).toEqual(writtenIndexed);
  });
});
