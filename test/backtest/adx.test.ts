/**
 * `content replay --cluster`: the pack's schedule on a local imitation of Azure Data Explorer (v2 query frames,
 * management commands), the window applied in the query. Same rows, same alerts as the local replay.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFacts, backtest, discoverSuite, type BacktestResult } from '../../src/replay/index.ts';
import { AdxEngine, classifyAdxError, estimateBacktest, remoteBacktest } from '../../src/backtest/index.ts';
import { main } from '../../src/cli/main.ts';
import { connection } from '../../src/cli/commands/deploy.ts';
import { FakeCredential, PACK_ROOT } from '../deploy/helpers.ts';
import { AdxImitation } from './servers/adx.ts';
import { workspaceRecords } from './servers/log-analytics.ts';

const FIXTURE = resolve(import.meta.dirname, '../replay/fixtures/pack');
const FX = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const fixtureSuite = discoverSuite(FIXTURE);
const suite = discoverSuite(PACK_ROOT);
let small: AdxImitation;
let pack: AdxImitation;
const saved = { ...connection };

beforeAll(async () => {
  // The cluster keeps the fixture's DemoEvents under its own name, as a team's long-term store would.
  const [demo] = workspaceRecords(join(FIXTURE, 'data'), fixtureSuite.tables);
  small = new AdxImitation([{ schema: { ...demo!.schema, name: 'HsmDemoEvents' }, rows: demo!.rows }]);
  pack = new AdxImitation(workspaceRecords(join(PACK_ROOT, 'samples/scenarios/key-operations'), suite.tables).filter((r) => r.schema.name !== 'Usage'));
  small.token = pack.token = 'adx-token';
  await Promise.all([small.start(), pack.start()]);
});
afterAll(() => {
  Object.assign(connection, saved);
  return Promise.all([small.stop(), pack.stop()]);
});

function adx(server: AdxImitation, o: Partial<ConstructorParameters<typeof AdxEngine>[0]> = {}) {
  return new AdxEngine({ cluster: server.url, database: server.database, credential: new FakeCredential('adx-token'), tlsOptions: { ca: server.cert }, tables: [], ...o });
}

function sameAsLocal(remote: BacktestResult, local: BacktestResult) {
  expect(remote.rules).toEqual(local.rules);
  expect(remote.alerts.map(alertFacts)).toEqual(local.alerts.map(alertFacts));
  expect(remote.incidents).toEqual(local.incidents);
}

describe('remoteBacktest on Azure Data Explorer', () => {
  it('applies the window in the query, maps table names, and gives the local alerts', async () => {
    const local = await backtest(FIXTURE, { data: 'data', ...FX });
    const engine = adx(small, { tables: fixtureSuite.tables.map((t) => t.name), tableMap: { DemoEvents: 'HsmDemoEvents' }, functions: fixtureSuite.packFunctions });
    const remote = await remoteBacktest(FIXTURE, { engine, classify: classifyAdxError, ...FX, concurrency: 2 });
    sameAsLocal(remote, local);
    expect(local.alerts.length).toBeGreaterThan(0);
    expect(small.queries).toHaveLength(24);
    expect(small.queries.find((q) => q.includes('datetime(2026-11-20T01:00:00.000Z)'))).toBe([
      'set query_now = datetime(2026-11-20T01:00:00.000Z);',
      'let DemoEvents = database("SecurityLogs").HsmDemoEvents | where TimeGenerated >= now() - 1h and TimeGenerated < now();',
      fixtureSuite.entries[0]!.rule.query,
    ].join('\n'));
    engine.close();
  });

  it("runs the pack's parser over the cluster's tables and agrees with the local replay", async () => {
    const rules = ['detections/key-operations/key-delete-or-purge.yaml'];
    const period = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-20T12:00:00Z') };
    const local = await backtest(PACK_ROOT, { data: 'samples/scenarios/key-operations', ...period, rules });
    const engine = adx(pack, { tables: suite.tables.map((t) => t.name), functions: suite.packFunctions });
    const remote = await remoteBacktest(PACK_ROOT, { engine, classify: classifyAdxError, ...period, rules });
    sameAsLocal(remote, local);
    expect(local.alerts.length).toBeGreaterThan(0);
    // Both tables the parser reads are windowed (70 minutes: the rule's queryPeriod), then the parser is declared.
    expect(pack.queries.find((q) => q.includes('datetime(2026-11-20T01:00:00.000Z)'))).toMatch(/^set query_now = datetime\(2026-11-20T01:00:00.000Z\);\nlet AZKVAuditLogs = database\("SecurityLogs"\).AZKVAuditLogs \| where TimeGenerated >= now\(\) - 70m and TimeGenerated < now\(\);\nlet AzureDiagnostics = database\("SecurityLogs"\).AzureDiagnostics \| where TimeGenerated >= now\(\) - 70m and TimeGenerated < now\(\);\nlet ManagedHsmAudit = \(\) \{/);
    engine.close();
  });

  it('retries throttling and server errors, stops on a refused token, and estimates from estimate_data_size', async () => {
    small.reset();
    small.inject({ status: 429, retryAfterMs: 50, match: 'set query_now' });
    small.inject({ status: 503, match: 'set query_now' });
    const engine = adx(small, { tables: ['DemoEvents'], tableMap: { DemoEvents: 'HsmDemoEvents' } });
    const r = await remoteBacktest(FIXTURE, { engine, classify: classifyAdxError, ...FX, retryDelayMs: 10 });
    expect(r.queries).toMatchObject({ runs: 24, sent: 26, retries: 2, throttled: 1 });
    expect(r.rules[0]!.error).toBeUndefined();
    const est = await estimateBacktest(fixtureSuite.entries, engine, { ...FX, tables: ['DemoEvents'], functions: [] });
    expect(est.queries).toBe(24);
    expect(est.scannedBytes).toBeGreaterThan(0);
    expect(small.queries.at(-1)).toContain('summarize Bytes = sum(estimate_data_size(*)) by Hour = bin(TimeGenerated, 1h)');
    engine.close();
    const wrong = new AdxEngine({ cluster: small.url, database: small.database, credential: new FakeCredential('nope'), tlsOptions: { ca: small.cert }, tables: [] });
    await expect(remoteBacktest(FIXTURE, { engine: wrong, classify: classifyAdxError, ...FX })).rejects.toMatchObject({ code: 'BACKTEST_AUTH' });
    wrong.close();
  });

  it('content replay --cluster --database --table-map prints the local report', async () => {
    const credential = new FakeCredential('adx-token');
    connection.credential = async () => credential;
    connection.tlsOptions = { ca: small.cert };
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => { out.push(t); }, stderr: (t: string) => { err.push(t); }, cwd: FIXTURE, env: {}, isTTY: false };
    const period = ['--from', '2026-11-20T00:00:00Z', '--to', '2026-11-21T00:00:00Z'];
    expect(await main(['replay', '--cluster', small.url, '--database', small.database, '--table-map', 'DemoEvents=HsmDemoEvents', ...period, '--format', 'json'], io)).toBe(0);
    const r = JSON.parse(out.join(''));
    expect(r.engine).toEqual({ kind: 'adx', target: `cluster ${small.url} database SecurityLogs` });
    const local = await backtest(FIXTURE, { data: 'data', ...FX });
    expect(r.alerts.map((a: { firedAt: string; name: string }) => [a.firedAt, a.name])).toEqual(local.alerts.map((a) => [a.firedAt, a.name]));
    err.length = 0;
    expect(await main(['replay', '--cluster', small.url, ...period], io)).toBe(2);
    expect(await main(['replay', '--cluster', small.url, '--database', 'x', '--table-map', 'Nope=X', ...period], io)).toBe(2);
    expect(err.join('')).toContain('--cluster needs --database');
    expect(err.join('')).toContain('the pack has no table Nope');
  });
});
