import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { connection } from '../../src/cli/commands/deploy.ts';
import { ArmImitation } from '../deploy/arm-server/server.ts';
import { FakeCredential, FIXTURE } from '../deploy/helpers.ts';

const WORKSPACE = '11111111-1111-4111-8111-111111111111';
let server: ArmImitation;
const saved = { ...connection };

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: FIXTURE, env: {}, isTTY: false });
  return { code, out, err };
}

beforeAll(async () => {
  server = new ArmImitation();
  server.token = 'live-secret-token';
  await server.start();
  const credential = new FakeCredential('live-secret-token');
  connection.credential = async () => credential;
  connection.tlsOptions = { ca: server.cert };
});
afterAll(() => {
  Object.assign(connection, saved);
  return server.stop();
});

describe('content test --live', () => {
  it("runs every rule's query over its queryPeriod against the workspace and reports counts", async () => {
    server.logTables = { AzureDiagnostics: ['TimeGenerated'] };
    server.knownTables = ['AzureDiagnostics'];
    server.queryRows = (q) => (q.includes('SecurityDomainDownload') ? [[1], [2]] : []);
    const { code, out, err } = await run(['test', '--live', '--workspace', WORKSPACE, '--logs-endpoint', server.url, '--format', 'json']);
    expect(err).toBe('');
    const report = JSON.parse(out);
    expect(report.workspaceId).toBe(WORKSPACE);
    const byName = Object.fromEntries(report.rules.map((r: { name: string }) => [r.name, r]));
    expect(byName['Managed HSM security domain downloaded']).toMatchObject({ count: 2, wouldAlert: true, timespan: 'PT1H' });
    expect(Object.values(byName).filter((r) => (r as { wouldAlert: boolean }).wouldAlert)).toHaveLength(1);
    expect(server.requests.filter((r) => r.path === `/v1/workspaces/${WORKSPACE}/query`).length).toBe(report.rules.length);
    expect(out + err).not.toContain('live-secret-token');
    expect(code).toBe(0);
  });

  it('exits 1 and names the rule when a query fails in the workspace', async () => {
    server.logTables = {};
    const { code, out } = await run(['test', '--live', '--workspace', WORKSPACE, '--logs-endpoint', server.url]);
    expect(out).toMatch(/Managed HSM security domain downloaded\s+PT1H\s+error: .*could not be resolved/);
    expect(code).toBe(1);
  });

  it('asks for a workspace GUID', async () => {
    const missing = await run(['test', '--live']);
    expect(missing.err).toMatch(/--live needs --workspace/);
    expect(missing.code).toBe(2);
    const bad = await run(['test', '--live', '--workspace', 'my-workspace']);
    expect(bad.err).toMatch(/expected the workspace GUID/);
    expect(bad.code).toBe(2);
  });
});
