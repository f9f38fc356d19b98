/** The repository's own content: every resource it produces passes the published shapes and deploys cleanly. */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTableSchemas } from '../../src/content/index.ts';
import { API_VERSIONS, buildTemplates, desiredResources, literalScope, loadDeployContent, selectEnvironment } from '../../src/deploy/index.ts';
import { withOwnership } from '../../src/deploy/arm/ownership.ts';
import { connection } from '../../src/cli/commands/deploy.ts';
import { ArmImitation } from './arm-server/server.ts';
import { validateBody } from './arm-server/shapes.ts';
import { FakeCredential, runCli } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SUB = '00000000-0000-4000-8000-000000000002';

describe('the pack in this repository', () => {
  let server: ArmImitation;
  beforeAll(async () => { server = new ArmImitation(); await server.start(); });
  afterAll(() => server.stop());

  it('loads without problems and yields bodies the published shapes accept', async () => {
    const { content, problems } = await loadDeployContent(ROOT);
    expect(problems).toEqual([]);
    expect(content.rules.length).toBeGreaterThan(0);
    const env = selectEnvironment(undefined, undefined);
    const scope = literalScope({ subscriptionId: SUB, resourceGroup: 'rg', workspace: 'law', location: 'westeurope' });
    for (const r of desiredResources(content, env, scope)) {
      expect(validateBody(r.kind, withOwnership(r, content.pack, 'h'), API_VERSIONS[r.kind]), `${r.kind}/${r.name} (${r.file ?? ''})`).toBeUndefined();
    }
    // The templates carry the same bodies with ARM expressions in place of ids.
    const sentinel = buildTemplates(content, env).find((f) => f.path === 'sentinel/azuredeploy.json')!;
    const rules = (sentinel.json.resources as { type: string; kind: string; properties: unknown }[]).filter((x) => x.type.endsWith('/alertRules'));
    expect(rules.length).toBe(content.rules.length);
    for (const x of rules) expect(validateBody('alertRules', { kind: x.kind, properties: x.properties }, API_VERSIONS.alertRules)).toBeUndefined();
  });

  it('deploys to an empty workspace with the preflight passing, then plans no changes', async () => {
    const tables = loadTableSchemas();
    server.logTables = Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
    server.knownTables = tables.map((t) => t.name);
    const cred = new FakeCredential();
    connection.credential = async () => cred;
    connection.tlsOptions = { ca: server.cert };
    connection.retry = { maxRetries: 1, baseDelayMs: 1 };
    const args = ['--subscription', SUB, '--resource-group', 'rg', '--workspace', 'law', '--arm-endpoint', server.url, '--logs-endpoint', server.url];
    const first = await runCli(['deploy', ...args, '--format', 'json'], ROOT);
    const out = JSON.parse(first.stdout);
    expect(out.failures).toEqual([]);
    expect(first.code).toBe(0);
    const plan = JSON.parse((await runCli(['plan', ...args, '--format', 'json'], ROOT)).stdout);
    expect(plan.summary.create + plan.summary.update + plan.summary.drift).toBe(0);
    expect(plan.summary.unchanged).toBe(out.applied.length);
  });
});
