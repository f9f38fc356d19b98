/** `content replay --workspace` through the CLI, on the replay fixture pack and a Log Analytics imitation. */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { connection } from '../../src/cli/commands/deploy.ts';
import { discoverSuite } from '../../src/replay/index.ts';
import { FakeCredential } from '../deploy/helpers.ts';
import { scratchDir } from '../scratch.ts';
import { LogAnalyticsImitation, workspaceRecords } from './servers/log-analytics.ts';

const FIXTURE = resolve(import.meta.dirname, '../replay/fixtures/pack');
const PERIOD = ['--from', '2026-11-20T00:00:00Z', '--to', '2026-11-21T00:00:00Z'];
let server: LogAnalyticsImitation;
const saved = { ...connection };

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: FIXTURE, env: {}, isTTY: false });
  return { code, out, err };
}

beforeAll(async () => {
  const suite = discoverSuite(FIXTURE);
  server = new LogAnalyticsImitation(suite.tables, workspaceRecords(join(FIXTURE, 'data'), suite.tables));
  server.token = 'cli-token';
  await server.start();
  const credential = new FakeCredential('cli-token');
  connection.credential = async () => credential;
  connection.tlsOptions = { ca: server.cert };
});
afterAll(() => {
  Object.assign(connection, saved);
  return server.stop();
});

describe('content replay --workspace', () => {
  it('prints the same report as the local replay of the same rows, with the queries it sent', async () => {
    const local = await run('replay', '--data', 'data', ...PERIOD, '--format', 'json');
    const remote = await run('replay', '--workspace', server.workspaceId, '--logs-endpoint', server.url, ...PERIOD, '--format', 'json', '--concurrency', '2');
    expect(remote.err).toBe('');
    expect(remote.code).toBe(0);
    const r = JSON.parse(remote.out);
    const l = JSON.parse(local.out);
    expect(r.engine).toEqual({ kind: 'log-analytics', target: `workspace ${server.workspaceId}` });
    expect(r.queries).toMatchObject({ runs: 24, sent: 24, fromCheckpoint: 0 });
    delete r.engine;
    delete r.queries;
    // What the local data covers is known only locally (it marks alerts at the data's edges; none here).
    expect(l.alerts.filter((a: { edge?: unknown }) => a.edge)).toEqual([]);
    delete l.data;
    expect(r).toEqual(l);
    expect(l.alerts.length).toBeGreaterThan(0);
    expect(l.rules[0].alertsPerDay).toBe(l.alerts.length);
  });

  it('--dry-run prints queries and scanned volume and runs no rule query', async () => {
    server.reset();
    const r = await run('replay', '--workspace', server.workspaceId, '--logs-endpoint', server.url, ...PERIOD, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Demo security domain download\s+24\s+\d+ B\s+DemoEvents/);
    expect(r.out).toContain('24 queries, scanning about');
    expect(server.queries.map((q) => q.query.split('\n')[0])).toEqual(['Usage']);
  });

  it('resumes with --checkpoint and explains bad options at exit code 2', async () => {
    const file = join(scratchDir('replay-cli-'), 'run.checkpoint');
    await run('replay', '--workspace', server.workspaceId, '--logs-endpoint', server.url, ...PERIOD, '--checkpoint', file);
    server.reset();
    const again = await run('replay', '--workspace', server.workspaceId, '--logs-endpoint', server.url, ...PERIOD, '--checkpoint', file);
    expect(again.code).toBe(0);
    expect(server.queries).toHaveLength(0);
    expect(again.err).toContain('0 queries sent, 24 runs from the checkpoint');
    const other = await run('replay', '--workspace', server.workspaceId, '--logs-endpoint', server.url, '--from', '2026-11-19T00:00:00Z', '--to', '2026-11-21T00:00:00Z', '--checkpoint', file);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/BACKTEST_CHECKPOINT: .*run\.checkpoint:1:1: checkpoint of another backtest/);
    expect((await run('replay', '--workspace', 'not-a-guid', ...PERIOD)).err).toContain('expected the workspace GUID');
    expect((await run('replay', '--workspace', server.workspaceId, '--data', 'data', ...PERIOD)).err).toContain('give one of --data, --workspace, not several');
    expect((await run('replay', '--data', 'data', ...PERIOD, '--dry-run')).code).toBe(2);
  });
});
