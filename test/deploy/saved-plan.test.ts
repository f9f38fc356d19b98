/** Plan once, apply what was reviewed: plan --out, deploy --plan, the Markdown plan and --detailed-exitcode. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connection } from '../../src/cli/commands/deploy.ts';
import { ArmImitation } from './arm-server/server.ts';
import { FakeCredential, fixtureCopy, runCli } from './helpers.ts';

const SUB = '00000000-0000-4000-8000-000000000013';
const RULE = '4a5b2f0e-7c1d-4e8a-9b3f-2d6c8e1f0a11';
const WS = `/subscriptions/${SUB}/resourceGroups/rg-plan/providers/Microsoft.OperationalInsights/workspaces/law`;
const RULE_PATH = `${WS}/providers/Microsoft.SecurityInsights/alertRules/${RULE}`;

let server: ArmImitation;
let dir: string;

const where = ['--subscription', SUB, '--resource-group', 'rg-plan', '--workspace', 'law'];
const writes = () => server.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE');

beforeEach(async () => {
  server = new ArmImitation();
  await server.start();
  connection.credential = async () => new FakeCredential();
  connection.tlsOptions = { ca: server.cert };
  connection.retry = { maxRetries: 0 };
  connection.endpoints = { arm: server.url, logs: server.url };
  dir = await fixtureCopy();
});
afterEach(async () => {
  connection.endpoints = undefined;
  await server.stop();
});

describe('where to deploy', () => {
  it('a missing subscription names the flag, AZURE_SUBSCRIPTION_ID and the config, and no made-up environment', async () => {
    const r = await runCli(['plan', '--resource-group', 'rg', '--workspace', 'law'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('content: --subscription is required: pass --subscription, set AZURE_SUBSCRIPTION_ID or set subscription in an environment of content.config.yaml (see content.config.example.yaml) and choose it with --env\n');
    await writeFile(join(dir, 'content.config.yaml'), 'environments:\n  dev:\n    workspace: law\n');
    const withEnv = await runCli(['plan', '--env', 'dev'], dir);
    expect(withEnv.stderr).toMatch(/set subscription for environment 'dev' in .*content\.config\.yaml\n$/);
  });
});

describe('content plan --out and content deploy --plan', () => {
  it('applies exactly the saved plan, then a fresh plan has nothing to do', async () => {
    const p = await runCli(['plan', ...where, '--out', 'plan.json', '--detailed-exitcode'], dir);
    expect(p.code).toBe(3);
    expect(p.stderr).toMatch(/plan saved to plan\.json; apply exactly it with: content deploy --plan plan\.json/);
    const saved = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    expect(saved.format).toBe('content-plan/1');
    expect(saved.items.filter((i: { action: string }) => i.action === 'create').length).toBe(4);
    expect(writes()).toEqual([]);

    const d = await runCli(['deploy', '--plan', 'plan.json', '--skip-preflight'], dir);
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/deployed: 4 created/);
    expect(server.resources('alertRules').length).toBe(2);

    const again = await runCli(['plan', ...where, '--detailed-exitcode'], dir);
    expect(again.code).toBe(0);
  });

  it('refuses a plan the workspace has moved on from, and writes nothing', async () => {
    expect((await runCli(['deploy', ...where, '--skip-preflight'], dir)).code).toBe(0);
    const file = join(dir, 'detections/security-domain/security-domain-download.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('severity: High', 'severity: Medium'));
    expect((await runCli(['plan', ...where, '--out', 'plan.json'], dir)).code).toBe(0);
    server.edit(RULE_PATH, (b) => { (b.properties as Record<string, unknown>).description = 'edited in the portal'; });
    server.requests.length = 0;
    const d = await runCli(['deploy', '--plan', 'plan.json', '--skip-preflight'], dir);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/the saved plan plan\.json no longer holds; nothing was deployed/);
    expect(d.stderr).toMatch(new RegExp(`alertRules/${RULE}: was update, is now drift`));
    expect(writes()).toEqual([]);
  });

  it('refuses a plan when the repository changed since, an edited plan file, and flags that contradict it', async () => {
    expect((await runCli(['plan', ...where, '--out', 'plan.json'], dir)).code).toBe(0);
    const file = join(dir, 'detections/security-domain/security-domain-download.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('severity: High', 'severity: Low'));
    const stale = await runCli(['deploy', '--plan', 'plan.json', '--skip-preflight'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(new RegExp(`alertRules/${RULE}: the repository version changed since the plan`));

    const saved = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    saved.items[0].apply = !saved.items[0].apply;
    await writeFile(join(dir, 'edited.json'), JSON.stringify(saved));
    const edited = await runCli(['deploy', '--plan', 'edited.json'], dir);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/^content deploy: edited\.json: the plan file was edited after it was written/m);

    await writeFile(join(dir, 'junk.json'), '{ nope');
    expect((await runCli(['deploy', '--plan', 'junk.json'], dir)).stderr).toMatch(/^content deploy: junk\.json: not a saved plan \(invalid JSON/m);
    const other = await runCli(['deploy', '--plan', 'plan.json', '--workspace', 'other'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--workspace other differs from the saved plan's law/);
    expect(writes()).toEqual([]);
  });

  it('--format markdown: summary, a row per change, query diffs collapsed; table cells escaped', async () => {
    expect((await runCli(['deploy', ...where, '--skip-preflight'], dir)).code).toBe(0);
    const file = join(dir, 'detections/security-domain/security-domain-download.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('| where OperationName == "SecurityDomainDownload"', '| where OperationName == "SecurityDomainDownload" or OperationName == "SecurityDomainBackup"'));
    const md = await runCli(['plan', ...where, '--format', 'markdown', '--detailed-exitcode'], dir);
    expect(md.code).toBe(3);
    const text = md.stdout;
    expect(text).toMatch(/^### content plan: workspace `law`$/m);
    expect(text).toMatch(/\*\*0 to create, 1 to update, 0 to delete\*\*; 3 unchanged/);
    expect(text).toMatch(new RegExp(`^\\| update \\| \`alertRules/${RULE}\` \\| Managed HSM security domain downloaded \\| changed: properties\\.query \\|$`, 'm'));
    expect(text).toMatch(/<details><summary>Query change: Managed HSM security domain downloaded<\/summary>\n\n```diff\n@@/);
    expect(text).toMatch(/^\+\| where OperationName == "SecurityDomainDownload" or OperationName == "SecurityDomainBackup"$/m);
    expect(text).not.toMatch(/\| unchanged \|/);
  });
});
