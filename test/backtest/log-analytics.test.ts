/**
 * `content replay --workspace`'s library: the pack's schedule run on a local imitation of the Log Analytics query
 * API, against the same rows the local replay reads, must give the local replay's alerts and incidents exactly;
 * throttling, faults, interruption and resumption must not change them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFacts, backtest, discoverSuite, type BacktestResult } from '../../src/replay/index.ts';
import { BacktestEngineError, classifyLogsError, estimateBacktest, LogAnalyticsEngine, remoteBacktest } from '../../src/backtest/index.ts';
import { FakeCredential, PACK_ROOT } from '../deploy/helpers.ts';
import { scratchDir } from '../scratch.ts';
import { LogAnalyticsImitation, workspaceRecords } from './servers/log-analytics.ts';

// The pack itself: a rule that reads the ManagedHsmAudit parser and ago(), over the key-operations samples.
const DATA = 'samples/scenarios/key-operations';
const RULES = ['detections/key-operations/key-delete-or-purge.yaml'];
const FROM = new Date('2026-11-19T00:00:00Z');
const TO = new Date('2026-11-20T12:00:00Z');
// The replay fixture pack: one hourly rule over a small table (cheap to run many times).
const FIXTURE = resolve(import.meta.dirname, '../replay/fixtures/pack');
const FX = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };

const suite = discoverSuite(PACK_ROOT);
const fixtureSuite = discoverSuite(FIXTURE);
let pack: LogAnalyticsImitation;
let small: LogAnalyticsImitation;
let fixtureLocal: BacktestResult;

beforeAll(async () => {
  // The workspace holds Sentinel's built-ins only: the pack's parser must come with the query.
  pack = new LogAnalyticsImitation(suite.tables, workspaceRecords(join(PACK_ROOT, DATA), suite.tables), suite.functions.filter((f) => !suite.packFunctions.includes(f)));
  small = new LogAnalyticsImitation(fixtureSuite.tables, workspaceRecords(join(FIXTURE, 'data'), fixtureSuite.tables));
  pack.token = small.token = 'la-token';
  await Promise.all([pack.start(), small.start()]);
  fixtureLocal = await backtest(FIXTURE, { data: 'data', ...FX });
});
afterAll(() => Promise.all([pack.stop(), small.stop()]));

function engine(server: LogAnalyticsImitation, functions = suite.packFunctions, cred = new FakeCredential('la-token')) {
  return new LogAnalyticsEngine({ workspaceId: server.workspaceId, credential: cred, endpoint: server.url, tlsOptions: { ca: server.cert }, functions });
}

function fixtureRun(extra: Partial<Parameters<typeof remoteBacktest>[1]> = {}) {
  return remoteBacktest(FIXTURE, { engine: engine(small, fixtureSuite.packFunctions), classify: classifyLogsError, ...FX, concurrency: 2, retryDelayMs: 10, ...extra });
}

function sameAsLocal(remote: BacktestResult, local: BacktestResult) {
  expect(remote.rules).toEqual(local.rules);
  expect(remote.alerts.map(alertFacts)).toEqual(local.alerts.map(alertFacts));
  expect(remote.incidents).toEqual(local.incidents);
}

describe('remoteBacktest on Log Analytics', () => {
  it("gives the local replay's alerts and incidents, one query per scheduled run over its window", async () => {
    pack.reset();
    pack.latencyMs = 3;
    const cred = new FakeCredential('la-token');
    const local = await backtest(PACK_ROOT, { data: DATA, from: FROM, to: TO, rules: RULES });
    const remote = await remoteBacktest(PACK_ROOT, { engine: engine(pack, suite.packFunctions, cred), classify: classifyLogsError, from: FROM, to: TO, rules: RULES, concurrency: 3 });
    expect(local.alerts.length).toBeGreaterThan(0);
    sameAsLocal(remote, local);
    expect(remote.rules[0]!.alertsPerDay).toBeCloseTo(local.alerts.length / 1.5, 2);
    // Every run is one POST with the run's [t - queryPeriod, t) as the timespan.
    expect(pack.queries).toHaveLength(36);
    expect(pack.queries.map((q) => q.timespan)).toContain('2026-11-19T23:50:00.000Z/2026-11-20T01:00:00.000Z');
    expect(cred.scopes[0]).toEqual(['https://api.loganalytics.io/.default']);
    // The pack's parser is declared in the query (the workspace has none) and now() is pinned to the run.
    const sample = pack.queries.find((q) => q.timespan.endsWith('2026-11-20T01:00:00.000Z'))!.query;
    expect(sample).toMatch(/^let __backtest_now = datetime\(2026-11-20T01:00:00.000Z\);\nlet ManagedHsmAudit = \(\) \{/);
    expect(sample).toContain('| where TimeGenerated < (__backtest_now - (IngestionAllowance))');
    expect(sample.replace(/\/\/.*$/gm, '')).not.toMatch(/\b(ago|now)\(/);
    expect(remote.queries).toMatchObject({ sent: 36, retries: 0, fromCheckpoint: 0, runs: 36 });
    expect(pack.maxInFlight).toBeGreaterThan(1);
    expect(pack.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('keeps to the concurrency bound and pauses every lane for Retry-After', async () => {
    small.reset();
    small.latencyMs = 5;
    small.inject({ status: 429, retryAfter: '1', times: 1 });
    small.inject({ status: 429, retryAfterMs: 150, times: 1 });
    small.inject({ status: 503, times: 1 });
    let pausedAt = 0;
    const remote = await fixtureRun({ concurrency: 2, onThrottle: (ms) => { if (ms === 1000) pausedAt = Date.now(); } });
    sameAsLocal(remote, fixtureLocal);
    expect(small.maxInFlight).toBeLessThanOrEqual(2);
    expect(remote.queries).toMatchObject({ runs: 24, retries: 3, throttled: 2, sent: 27 });
    // Once the pool reads the first 429 (Retry-After: 1 s), no new request reaches the service for a second, from
    // either lane (one already on its way when the pool paused may still land just after).
    expect(pausedAt).toBeGreaterThan(0);
    const next = small.requests.filter((r) => r.at > pausedAt + 100);
    expect(next.length).toBeGreaterThan(0);
    expect(next[0]!.at - pausedAt).toBeGreaterThanOrEqual(950);
  });

  it('reports a refused query against its rule and stops on a refused credential', async () => {
    small.reset();
    small.inject({ status: 400, times: 1 });
    const r = await fixtureRun();
    expect(r.rules[0]).toMatchObject({ runs: 0, alerts: 0, error: expect.stringMatching(/^BACKTEST_QUERY: .*injected fault/) });
    await expect(remoteBacktest(FIXTURE, { engine: engine(small, [], new FakeCredential('wrong')), classify: classifyLogsError, ...FX }))
      .rejects.toMatchObject({ code: 'BACKTEST_AUTH', message: expect.stringContaining('Log Analytics Reader') });
  });

  it('resumes from the checkpoint after an interruption without querying a run twice', async () => {
    small.reset();
    const file = join(scratchDir('backtest-checkpoint-'), 'la.checkpoint.jsonl');
    const ac = new AbortController();
    await expect(fixtureRun({ checkpoint: file, signal: ac.signal, concurrency: 1, onProgress: (done) => { if (done === 10) ac.abort(new Error('interrupted')); } })).rejects.toThrow('interrupted');
    // Kept: every run answered before the interruption (a query still in flight then is lost, not half-kept).
    await new Promise((r) => setTimeout(r, 50));
    const kept = readFileSync(file, 'utf8').trim().split('\n').length - 1;
    expect(kept).toBeGreaterThanOrEqual(10);
    expect(kept).toBeLessThan(24);
    const before = small.queries.length;
    const resumed = await fixtureRun({ checkpoint: file });
    sameAsLocal(resumed, fixtureLocal);
    expect(small.queries.length - before).toBe(24 - kept);
    expect(resumed.queries).toMatchObject({ fromCheckpoint: kept, sent: 24 - kept, runs: 24 });
    // Another period is another backtest: its checkpoint is refused, not mixed in.
    await expect(fixtureRun({ checkpoint: file, to: new Date('2026-11-22T00:00:00Z') })).rejects.toMatchObject({ code: 'BACKTEST_CHECKPOINT' });
    expect(existsSync(file)).toBe(true);
  });

  it('estimates queries and scanned volume from Usage before running anything', async () => {
    small.reset();
    const est = await estimateBacktest(fixtureSuite.entries, engine(small, []), { ...FX, tables: fixtureSuite.tables.map((t) => t.name), functions: fixtureSuite.functions });
    expect(small.queries).toHaveLength(1);
    expect(small.queries[0]!.query).toMatch(/^Usage\n/);
    // An hourly rule over the last hour reads each hour once: what it scans is the table's volume in the period.
    const rows = readFileSync(join(FIXTURE, 'data/DemoEvents.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const inPeriod = rows.filter((r) => { const t = Date.parse(String(r.TimeGenerated)); return t >= FX.from.getTime() && t < FX.to.getTime(); });
    expect(est.queries).toBe(24);
    expect(est.rules[0]).toMatchObject({ queries: 24, tables: ['DemoEvents'] });
    expect(est.scannedBytes).toBe(inPeriod.reduce((n, r) => n + JSON.stringify(r).length, 0));
  });

  it('classifies errors for the pool', () => {
    expect(classifyLogsError(new BacktestEngineError('BACKTEST_QUERY', 'x', 400))).toEqual({ kind: 'final', retryAfterMs: undefined });
    expect(classifyLogsError({ statusCode: 429, response: { headers: { get: (h: string) => (h === 'retry-after' ? '7' : undefined) } } })).toEqual({ kind: 'throttled', retryAfterMs: 7000 });
    expect(classifyLogsError({ statusCode: 429, response: { headers: { 'Retry-After': '2' } } })).toEqual({ kind: 'throttled', retryAfterMs: 2000 });
    expect(classifyLogsError({ code: 'ECONNRESET' })).toEqual({ kind: 'transient' });
  });
});
