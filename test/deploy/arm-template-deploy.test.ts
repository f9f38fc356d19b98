/** The built templates deploy (as `az deployment group create` would) to the same state `content deploy` creates. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connection } from '../../src/cli/commands/deploy.ts';
import { ArmClient } from '../../src/deploy/index.ts';
import { ArmImitation } from './arm-server/server.ts';
import { deployTemplate } from './arm-template-deployer.ts';
import { FakeCredential, fixtureCopy, runCli } from './helpers.ts';

const SUB = '00000000-0000-4000-8000-000000000003';

describe('ARM templates from content build', () => {
  let server: ArmImitation;
  beforeAll(async () => { server = new ArmImitation(); await server.start(); });
  afterAll(() => server.stop());

  it('deploy the same resources content deploy would: the plan afterwards changes nothing', async () => {
    const dir = await fixtureCopy();
    expect((await runCli(['build'], dir)).code).toBe(0);
    const cred = new FakeCredential();
    const client = new ArmClient({ credential: cred, endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { maxRetries: 0 } });
    const d = { subscriptionId: SUB, resourceGroup: 'rg-arm', location: 'westeurope' };
    const sentinel = JSON.parse(await readFile(join(dir, 'dist/sentinel/azuredeploy.json'), 'utf8'));
    const monitor = JSON.parse(await readFile(join(dir, 'dist/monitor/azuredeploy.json'), 'utf8'));
    const written = [
      ...(await deployTemplate(client, sentinel, { ...d, parameters: { workspace: 'law' } })),
      ...(await deployTemplate(client, monitor, { ...d, parameters: { workspace: 'law' } })),
    ];
    expect(written.length).toBe(9);
    expect(server.resources('metadata').length).toBe(2);

    connection.credential = async () => cred;
    connection.tlsOptions = { ca: server.cert };
    connection.retry = { maxRetries: 0 };
    const args = ['--subscription', SUB, '--resource-group', 'rg-arm', '--workspace', 'law', '--arm-endpoint', server.url, '--logs-endpoint', server.url, '--targets', 'sentinel,monitor'];
    const planRun = await runCli(['plan', ...args, '--format', 'json'], dir);
    expect(planRun.stderr).toBe('');
    const plan = JSON.parse(planRun.stdout);
    expect(plan.summary).toMatchObject({ create: 0, update: 0, drift: 0, foreign: 0, unchanged: 7 });

    // The first deploy only records content hashes; after it, a portal edit shows as drift.
    server.requests.length = 0;
    const first = await runCli(['deploy', ...args, '--skip-preflight'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/7 ownership records refreshed/);
    server.requests.length = 0;
    await runCli(['deploy', ...args, '--skip-preflight'], dir);
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
