/**
 * `content test --engine adx`: every case of the fixture pack in scratch tables of an ADX imitation and on the
 * local engine; agreement, each kind of disagreement, and the scratch tables dropped whatever happens.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdxEngine, compareTables, differentialTest } from '../../src/backtest/index.ts';
import { discoverSuite } from '../../src/replay/index.ts';
import { main } from '../../src/cli/main.ts';
import { connection } from '../../src/cli/commands/deploy.ts';
import { FakeCredential } from '../deploy/helpers.ts';
import { AdxImitation } from './servers/adx.ts';

const FIXTURE = resolve(import.meta.dirname, '../replay/fixtures/pack');
const suite = discoverSuite(FIXTURE);
let server: AdxImitation;
const saved = { ...connection };

beforeAll(async () => {
  server = new AdxImitation();
  server.token = 'diff-token';
  await server.start();
});
afterAll(() => {
  Object.assign(connection, saved);
  return server.stop();
});

function engine() {
  return new AdxEngine({ cluster: server.url, database: server.database, credential: new FakeCredential('diff-token'), tlsOptions: { ca: server.cert }, tables: suite.tables.map((t) => t.name), functions: suite.packFunctions });
}

describe('differential test against ADX', () => {
  it("agrees with the local engine on every case, from scratch tables it drops afterwards", async () => {
    server.reset();
    const e = engine();
    const r = await differentialTest(FIXTURE, { engine: e });
    e.close();
    expect(r.cases.map((c) => c.caseName)).toEqual(suite.entries.flatMap((x) => x.tests!.cases.map((c) => c.name)));
    expect(r.cases.every((c) => c.differences.length === 0)).toBe(true);
    expect(r.cases.some((c) => c.localRows > 0)).toBe(true);
    expect(r.cases.map((c) => c.remoteRows)).toEqual(r.cases.map((c) => c.localRows));
    // One scratch table per case (the rule reads DemoEvents), created with the schema's columns, filled inline.
    expect(r.scratchTables).toBe(r.cases.length);
    const creates = server.commands.filter((c) => c.startsWith('.create table'));
    expect(creates[0]).toMatch(/^\.create table backtest_[0-9a-f]{8}_1_DemoEvents \(\['TimeGenerated'\]:datetime, \['User'\]:string, \['Ip'\]:string, \['Operation'\]:string, \['Hsm'\]:string\)$/);
    expect(server.commands.filter((c) => c.startsWith('.ingest inline into table')).length).toBeGreaterThan(0);
    expect(server.commands.at(-1)).toMatch(/^\.drop tables \(backtest_\w+(, backtest_\w+)*\) ifexists$/);
    expect(server.tableNames()).toEqual([]);
    expect(server.queries[0]).toMatch(/^set query_now = datetime\([^)]+\);\nlet DemoEvents = database\("SecurityLogs"\)\.backtest_[0-9a-f]{8}_1_DemoEvents \| where TimeGenerated >= now\(\) - 1h and TimeGenerated < now\(\);\n/);
  });

  it('reports columns, types and rows that differ, and a failed query per case, still dropping its tables', async () => {
    server.reset();
    server.transform = (columns, rows) => ({ columns: columns.map((c) => (c.ColumnName === 'Downloads' ? { ...c, ColumnType: 'int' } : c)), rows: rows.slice(1) });
    server.inject({ status: 400, match: 'set query_now', times: 1 });
    const e = engine();
    const r = await differentialTest(FIXTURE, { engine: e });
    e.close();
    server.transform = undefined;
    const kinds = r.cases.map((c) => c.differences.map((d) => d.kind));
    expect(kinds[0]).toEqual(['error']);
    expect(r.cases[0]!.differences[0]!.message).toMatch(/^BACKTEST_QUERY: injected fault/);
    const withRows = r.cases.find((c) => c.localRows > 0 && c.differences[0]?.kind !== 'error')!;
    expect(withRows.differences.map((d) => d.message)).toEqual([
      'column Downloads: local long, Kusto int',
      expect.stringMatching(/^rows differ \(local \d+, Kusto \d+\); only local: \[/),
    ]);
    expect(server.tableNames()).toEqual([]);
    expect(compareTables({ columns: [{ name: 'a', type: 'long' }], rows: [] }, { columns: [{ name: 'b', type: 'long' }], rows: [] })[0]).toEqual({ kind: 'columns', message: 'columns differ: local (a), Kusto (b)' });
  });

  it('content test --engine adx reports at the case positions and exits 1 on a difference', async () => {
    server.reset();
    const credential = new FakeCredential('diff-token');
    connection.credential = async () => credential;
    connection.tlsOptions = { ca: server.cert };
    let out = '';
    const io = { stdout: (t: string) => { out += t; }, stderr: () => {}, cwd: FIXTURE, env: {}, isTTY: false };
    expect(await main(['test', '--engine', 'adx', '--cluster', server.url, '--database', server.database], io)).toBe(0);
    expect(out).toMatch(/✓ three downloads by one user make one High alert/);
    expect(out).toMatch(/\d+ cases compared, 0 with differences; \d+ scratch tables created and dropped/);
    server.transform = (columns, rows) => ({ columns, rows: rows.map((r) => r.map((v) => (v === 'hsm-a' ? 'hsm-b' : v))) });
    out = '';
    expect(await main(['test', '--engine', 'adx', '--cluster', server.url, '--database', server.database], io)).toBe(1);
    server.transform = undefined;
    expect(out).toMatch(/detections\/demo\/domain-download\.test\.yaml:\d+:\d+: rows: rows differ/);
    expect(await main(['test', '--engine', 'adx'], io)).toBe(2);
  });
});
