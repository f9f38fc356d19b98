/**
 * content plan / deploy --targets defender against a local imitation of Microsoft Graph's custom detection rules
 * (graph-server/): the bodies the imitation accepts as the Graph beta reference documents them, the bearer token and
 * scope, and the Sentinel target's semantics: idempotent, drift left alone unless --force, foreign rules never
 * touched without --force, prune only what the pack marked, duplicates of a retried create cleaned up.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connection } from '../../src/cli/commands/deploy.ts';
import { GraphImitation } from './graph-server/server.ts';
import { FakeCredential, fixtureCopy, runCli } from './helpers.ts';

const RULE = '4a5b2f0e-7c1d-4e8a-9b3f-2d6c8e1f0a11';
const BURST = '7d3e9b21-5f4a-4c1b-8e2d-6a0f1c9b3e55';
/**
 * A threshold rule over the fixture's parser: more than 5 failed requests by one caller in the hour. The shape
 * (summarize with EndTime = max(TimeGenerated), a count threshold) is the pack's failed-access rules'.
 */
const BURST_RULE = `id: ${BURST}
name: Managed HSM failed requests burst
description: Many failed requests to a Managed HSM in one hour.
severity: Low
requiredDataConnectors: []
queryFrequency: 1h
queryPeriod: 2h
triggerOperator: gt
triggerThreshold: 5
tactics: [CredentialAccess]
relevantTechniques: [T1110]
query: |
  MHSMAudit
  | where OperationName has "Failed"
  | summarize Count = count(), StartTime = min(TimeGenerated), EndTime = max(TimeGenerated) by Caller
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: Caller
version: 1.0.0
kind: Scheduled
`;

let server: GraphImitation;
let dir: string;
let cred: FakeCredential;
let connectionBefore: typeof connection;
const args = (...extra: string[]) => ['--targets', 'defender', ...extra];
const writes = () => server.requests.filter((r) => r.method !== 'GET');
const ours = () => server.all().find((r) => String((r.queryCondition as { queryText: string }).queryText).includes(`rule ${RULE}`))!;

beforeEach(async () => {
  connectionBefore = { ...connection };
  server = new GraphImitation();
  await server.start();
  server.pageSize = 1; // every list is paged
  cred = new FakeCredential('graph-token');
  connection.credential = async () => cred;
  connection.tlsOptions = { ca: server.cert };
  connection.retry = { baseDelayMs: 2, maxDelayMs: 20, maxRetries: 3 };
  connection.timeoutMs = 1500;
  connection.endpoints = { graph: server.url };
  dir = await fixtureCopy();
  await writeFile(join(dir, 'detections/security-domain/failed-burst.yaml'), BURST_RULE);
});
afterEach(async () => {
  await server.stop();
  for (const key of Object.keys(connection) as (keyof typeof connection)[]) delete connection[key];
  Object.assign(connection, connectionBefore);
});

describe('content plan / deploy --targets defender against the local Graph imitation', () => {
  it('creates the eligible rules, explains the rest, and a second deploy writes nothing', async () => {
    const plan = await runCli(['plan', ...args('--format', 'json')], dir);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    const p = JSON.parse(plan.stdout);
    expect(p.summary).toMatchObject({ create: 2, unchanged: 0 });
    expect(p.ineligible.map((x: { rule: string }) => x.rule)).toEqual(['Managed HSM local role assignment created']);
    expect(p.ineligible[0].reasons[0]).toMatch(/^NRT: a custom detection runs continuously only over Defender XDR tables/);
    expect(writes()).toEqual([]);

    const first = await runCli(['deploy', ...args()], dir);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/deployed: 2 created, 0 updated, 0 deleted/);
    expect(first.code).toBe(0);
    expect(writes().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /beta/security/rules/detectionRules 201', 'POST /beta/security/rules/detectionRules 201']);
    expect(cred.scopes.flat()).toContain('https://graph.microsoft.com/.default');
    for (const r of server.requests) expect(r.headers.authorization).toBe('Bearer graph-token');
    const rule = ours();
    expect(rule.schedule).toMatchObject({ frequency: 'PT1H', lookback: 'PT1H' });
    expect((rule.queryCondition as { queryText: string }).queryText).toMatch(new RegExp(`\\| extend AccountUpn = tostring\\(Caller\\)\\n// content-pack: managed-hsm-detections rule ${RULE} hash [0-9a-f]{32}$`));
    expect(rule.detectionAction).toMatchObject({ alertTemplate: { title: 'Managed HSM security domain downloaded', severity: 'high', category: 'Collection', mitreTechniques: ['T1555', 'T1552.004'] } });
    const burst = server.all().find((r) => r.displayName === 'Managed HSM failed requests burst')!;
    expect((burst.queryCondition as { queryText: string }).queryText).toContain('| where toscalar(_SentinelRuleRows | count) > 5\n| extend TimeGenerated = EndTime, AccountUpn = tostring(Caller)');
    expect(burst.schedule).toMatchObject({ frequency: 'PT1H', lookback: 'PT2H' });

    server.requests.length = 0;
    const second = await runCli(['deploy', ...args()], dir);
    expect(second.code).toBe(0);
    expect(writes()).toEqual([]);
    const again = JSON.parse((await runCli(['plan', ...args('--format', 'json')], dir)).stdout);
    expect(again.summary).toMatchObject({ create: 0, update: 0, unchanged: 2, drift: 0 });
  });

  it('updates a rule changed in the repository; a portal edit is drift, left alone until --force', async () => {
    await runCli(['deploy', ...args()], dir);
    const file = join(dir, 'detections/security-domain/failed-burst.yaml');
    await writeFile(file, BURST_RULE.replace('severity: Low', 'severity: Medium'));
    const plan = JSON.parse((await runCli(['plan', ...args('--format', 'json')], dir)).stdout);
    expect(plan.items.find((i: { action: string }) => i.action === 'update')).toMatchObject({ displayName: 'Managed HSM failed requests burst', changes: ['severity'] });
    server.requests.length = 0;
    expect((await runCli(['deploy', ...args()], dir)).code).toBe(0);
    expect(writes().map((r) => r.method)).toEqual(['PATCH']);
    expect(server.all().find((r) => r.displayName === 'Managed HSM failed requests burst')!.detectionAction).toMatchObject({ alertTemplate: { severity: 'medium' } });

    const id = String(ours().id);
    server.edit(id, (r) => { ((r.detectionAction as any).alertTemplate).severity = 'low'; });
    const drift = await runCli(['plan', ...args()], dir);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(new RegExp(`! drift +detectionRules/${id} +Managed HSM security domain downloaded\\n +changed: severity\\n +changed outside the repository`));
    server.requests.length = 0;
    const kept = await runCli(['deploy', ...args()], dir);
    expect(kept.code).toBe(1);
    expect(writes()).toEqual([]);
    expect((await runCli(['deploy', ...args('--force')], dir)).code).toBe(0);
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /beta/security/rules/detectionRules/${id}`]);
    expect(((ours().detectionAction as any).alertTemplate).severity).toBe('high');
    expect(JSON.parse((await runCli(['plan', ...args('--format', 'json')], dir)).stdout).summary).toMatchObject({ unchanged: 2, drift: 0 });
  });

  it('never touches a same-named rule it does not own without --force; prunes only its own rules and duplicates', async () => {
    const foreignId = server.seed({ displayName: 'Managed HSM security domain downloaded', isEnabled: true, queryCondition: { queryText: 'AzureDiagnostics | take 1' }, schedule: { frequency: 'PT24H' },
      detectionAction: { alertTemplate: { title: 't', severity: 'low', impactedAssets: [{ '@odata.type': '#microsoft.graph.security.impactedUserAsset', identifier: 'accountUpn' }] }, organizationalScope: null, responseActions: [] } });
    const other = server.seed({ displayName: 'Someone else\'s rule', isEnabled: true, queryCondition: { queryText: 'DeviceProcessEvents | take 1' }, schedule: { frequency: 'PT1H' },
      detectionAction: { alertTemplate: { title: 'x', severity: 'low', impactedAssets: [{ '@odata.type': '#microsoft.graph.security.impactedDeviceAsset', identifier: 'deviceId' }] }, organizationalScope: null, responseActions: [] } });
    const plan = await runCli(['deploy', ...args('--prune')], dir);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(new RegExp(`x foreign +detectionRules/${foreignId} +Managed HSM security domain downloaded`));
    expect(server.get(foreignId)!.queryCondition).toMatchObject({ queryText: 'AzureDiagnostics | take 1' });
    expect(server.all().length).toBe(3);

    server.requests.length = 0;
    const taken = await runCli(['deploy', ...args('--force')], dir);
    expect(taken.code).toBe(0);
    expect(writes().map((r) => `${r.method} ${r.path.split('/').pop()}`)).toEqual([`PATCH ${foreignId}`]);
    expect(String((server.get(foreignId)!.queryCondition as any).queryText)).toContain(`// content-pack: managed-hsm-detections rule ${RULE} hash `);

    // A create retried after a timeout leaves two marked rules for one pack rule: the second is a duplicate.
    const burst = server.all().find((r) => r.displayName === 'Managed HSM failed requests burst')!;
    const dup = server.seed({ displayName: burst.displayName, isEnabled: true, queryCondition: { queryText: (burst.queryCondition as any).queryText }, schedule: { frequency: 'PT1H', lookback: 'PT2H' }, detectionAction: burst.detectionAction });
    await rm(join(dir, 'detections/security-domain/security-domain-download.yaml'));
    const orphan = JSON.parse((await runCli(['plan', ...args('--format', 'json')], dir)).stdout);
    expect(orphan.items.filter((i: { action: string }) => i.action === 'orphan').map((i: { id: string; message: string }) => [i.id, i.message.split(' (')[0]])).toEqual([
      [foreignId, 'no longer in the repository; kept'], [dup, 'a second custom detection for this rule'],
    ]);
    server.requests.length = 0;
    const pruned = await runCli(['deploy', ...args('--prune')], dir);
    expect(pruned.code).toBe(0);
    expect(writes().map((r) => `${r.method} ${r.path.split('/').pop()}`).sort()).toEqual([`DELETE ${dup}`, `DELETE ${foreignId}`].sort());
    expect(server.all().map((r) => r.displayName).sort()).toEqual(['Managed HSM failed requests burst', "Someone else's rule"]);
    expect(server.get(other)).toBeDefined();
  });

  it('retries Graph faults, reports a refused token as a finding, and refuses a run mixed with sentinel', async () => {
    server.inject({ method: 'GET', status: 503 });
    server.inject({ method: 'POST', status: 429, retryAfter: '0' });
    const ok = await runCli(['deploy', ...args()], dir);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(server.requests.filter((r) => r.status === 503 || r.status === 429).length).toBe(2);
    expect(server.all().length).toBe(2);

    server.token = 'another-token';
    const denied = await runCli(['plan', ...args()], dir);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^content plan: GET \/beta\/security\/rules\/detectionRules: 401 InvalidAuthenticationToken: Access token is empty or invalid\./);

    const mixed = await runCli(['plan', '--targets', 'defender,sentinel'], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/takes --targets defender on its own/);
  });
});
