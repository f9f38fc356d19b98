import { rm, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connection } from '../../src/cli/commands/deploy.ts';
import { ArmClient, deploy, loadDeployContent, planDeployment, selectEnvironment } from '../../src/deploy/index.ts';
import { ArmImitation } from './arm-server/server.ts';
import { FakeCredential, fixtureCopy, runCli } from './helpers.ts';

const SUB = '00000000-0000-4000-8000-000000000001';
const RULE = '4a5b2f0e-7c1d-4e8a-9b3f-2d6c8e1f0a11';
const NRT = '9c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const WS = `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law`;
const RULE_PATH = `${WS}/providers/Microsoft.SecurityInsights/alertRules/${RULE}`;
const META_PATH = `${WS}/providers/Microsoft.SecurityInsights/metadata/analyticsrule-${RULE}`;
const AZDIAG = ['TimeGenerated', 'ResourceProvider', 'ResourceType', 'OperationName', 'Resource', 'identity_claim_upn_s', 'CallerIPAddress', '_ResourceId'];

let server: ArmImitation;
let dir: string;
let cred: FakeCredential;

const target = (...extra: string[]) => ['--subscription', SUB, '--resource-group', 'rg-sec', '--workspace', 'law', '--arm-endpoint', server.url, '--logs-endpoint', server.url, '--targets', 'sentinel,monitor', ...extra];
const writes = () => server.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE');

// The connection settings are module state, shared with the test files that run after this one in the same worker:
// what these tests set (a short timeout, fast retries) is put back after each of them.
let connectionBefore: typeof connection;

beforeEach(async () => {
  connectionBefore = { ...connection };
  server = new ArmImitation();
  await server.start();
  server.logTables = { AzureDiagnostics: AZDIAG };
  server.knownTables = ['AzureDiagnostics', 'AZKVAuditLogs'];
  cred = new FakeCredential();
  connection.credential = async () => cred;
  connection.tlsOptions = { ca: server.cert };
  connection.retry = { baseDelayMs: 2, maxDelayMs: 20, maxRetries: 3 };
  connection.timeoutMs = 1500;
  dir = await fixtureCopy();
});
afterEach(async () => {
  await server.stop();
  for (const key of Object.keys(connection) as (keyof typeof connection)[]) delete connection[key];
  Object.assign(connection, connectionBefore);
});

describe('content plan / deploy against the local ARM imitation', () => {
  it('plans creates on an empty workspace, deploys, and a second deploy changes nothing', async () => {
    const plan = await runCli(['plan', ...target(), '--format', 'json'], dir);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    const p = JSON.parse(plan.stdout);
    expect(p.summary).toMatchObject({ create: 7, update: 0, unchanged: 0, delete: 0 });
    expect(writes()).toEqual([]);

    const first = await runCli(['deploy', ...target()], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/deployed: 7 created, 0 updated, 0 deleted/);
    expect(server.resources('alertRules').length).toBe(2);
    expect(server.resources('metadata').length).toBe(2);
    expect(server.resources('savedSearches').length).toBe(1);
    expect(server.resources('workbooks').length).toBe(1);
    expect(server.resources('scheduledQueryRules').length).toBe(2);
    expect(server.resources('actionGroups').length).toBe(1);
    const meta = server.get(META_PATH)!.body.properties as Record<string, any>;
    expect(meta.source.name).toBe('managed-hsm-detections');
    expect(meta.customVersion).toMatch(/^h:[0-9a-f]{32}$/);
    expect(meta.parentId.toLowerCase()).toBe(RULE_PATH.toLowerCase());

    server.requests.length = 0;
    const second = await runCli(['deploy', ...target()], dir);
    expect(second.code).toBe(0);
    expect(writes()).toEqual([]);
    const again = JSON.parse((await runCli(['plan', ...target(), '--format', 'json'], dir)).stdout);
    expect(again.summary).toMatchObject({ create: 0, update: 0, unchanged: 7, drift: 0 });
  });

  it('sends rule bodies at a preview api-version with every field intact', async () => {
    await runCli(['deploy', ...target()], dir);
    const put = server.requests.find((r) => r.method === 'PUT' && r.path.toLowerCase() === RULE_PATH.toLowerCase())!;
    expect(put.apiVersion).toMatch(/-preview$/);
    const p = JSON.parse(put.body).properties;
    expect(p.subTechniques).toEqual(['T1552.004']);
    expect(p.techniques).toEqual(['T1555', 'T1552']);
    expect(p.sentinelEntitiesMappings).toEqual([{ columnName: 'Caller' }]);
    expect(p.alertDetailsOverride.alertDynamicProperties).toEqual([{ alertProperty: 'ProductComponentName', value: 'HsmName' }]);
    expect(p.customDetails).toEqual({ HsmName: 'HsmName' });
    expect(p.entityMappings.map((m: { entityType: string }) => m.entityType)).toEqual(['Account', 'IP', 'AzureResource']);
    expect(p.incidentConfiguration).toEqual({ createIncident: true, groupingConfiguration: { enabled: true, reopenClosedIncident: false, lookbackDuration: 'PT5H', matchingMethod: 'Selected', groupByEntities: ['Account'], groupByAlertDetails: [], groupByCustomDetails: ['HsmName'] } });
    expect(p.eventGroupingSettings).toEqual({ aggregationKind: 'AlertPerResult' });
    const nrt = server.requests.find((r) => r.method === 'PUT' && r.path.endsWith(`/alertRules/${NRT}`))!;
    expect(JSON.parse(nrt.body).kind).toBe('NRT');
    const stored = server.get(RULE_PATH)!.body.properties as Record<string, unknown>;
    expect(stored.subTechniques).toEqual(['T1552.004']);
  });

  it('reports a portal edit as drift, leaves it alone, and restores it only with --force', async () => {
    await runCli(['deploy', ...target()], dir);
    server.edit(RULE_PATH, (b) => { (b.properties as Record<string, unknown>).severity = 'Low'; });
    const plan = await runCli(['plan', ...target()], dir);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/! drift\s+alertRules\/4a5b2f0e/);
    expect(plan.stdout).toMatch(/changed: properties\.severity/);
    server.requests.length = 0;
    const dep = await runCli(['deploy', ...target()], dir);
    expect(dep.code).toBe(1);
    expect(writes().filter((w) => w.path.toLowerCase().includes(RULE))).toEqual([]);
    expect((server.get(RULE_PATH)!.body.properties as Record<string, unknown>).severity).toBe('Low');
    const forced = await runCli(['deploy', ...target('--force')], dir);
    expect(forced.code).toBe(0);
    expect((server.get(RULE_PATH)!.body.properties as Record<string, unknown>).severity).toBe('High');
    expect(JSON.parse((await runCli(['plan', ...target(), '--format', 'json'], dir)).stdout).summary.drift).toBe(0);
  });

  it('updates what the repository changed, and prunes only owned resources that left it', async () => {
    await runCli(['deploy', ...target()], dir);
    const foreign = `${WS}/providers/Microsoft.SecurityInsights/alertRules/aaaaaaaa-0000-4000-8000-000000000000`;
    server.seed('alertRules', foreign, { kind: 'NRT', properties: { displayName: 'someone else', enabled: true, query: 'x', severity: 'Low', suppressionDuration: 'PT1H', suppressionEnabled: false } });
    const file = join(dir, 'detections/security-domain/security-domain-download.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('severity: High', 'severity: Medium'));
    await rm(join(dir, 'detections/security-domain/role-assignment-nrt.yaml'));

    const plan = JSON.parse((await runCli(['plan', ...target(), '--format', 'json'], dir)).stdout);
    const byAction = (a: string) => plan.items.filter((i: { action: string }) => i.action === a).map((i: { kind: string; name: string }) => `${i.kind}/${i.name}`).sort();
    expect(byAction('update')).toEqual([`alertRules/${RULE}`, 'scheduledQueryRules/hsm-managed-hsm-security-domain-downloaded-4a5b2f0e']);
    expect(byAction('orphan')).toEqual([`alertRules/${NRT}`, 'scheduledQueryRules/hsm-managed-hsm-local-role-assignment-created-9c1e2d3f']);
    expect(plan.items.find((i: { changes: string[]; kind: string }) => i.kind === 'alertRules' && i.changes.length).changes).toEqual(['properties.severity']);

    await writeFile(file, (await readFile(file, 'utf8')).replace('| where OperationName == "SecurityDomainDownload"', '| where OperationName in ("SecurityDomainDownload", "SecurityDomainBackup")'));
    const text = await runCli(['plan', ...target()], dir);
    expect(text.stdout).toContain('-| where OperationName == "SecurityDomainDownload"');
    expect(text.stdout).toContain('+| where OperationName in ("SecurityDomainDownload", "SecurityDomainBackup")');
    const noPrune = await runCli(['deploy', ...target()], dir);
    expect(noPrune.code).toBe(0);
    expect(server.resources('alertRules').length).toBe(3);
    const pruned = await runCli(['deploy', ...target('--prune')], dir);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/2 deleted/);
    const names = server.resources('alertRules').map((r) => r.path.split('/').pop());
    expect(names.sort()).toEqual([RULE, 'aaaaaaaa-0000-4000-8000-000000000000']);
    expect(server.resources('metadata').map((r) => r.path.split('/').pop())).toEqual([`analyticsrule-${RULE}`]);
  });

  it('a rule left out for a content error is never pruned', async () => {
    await runCli(['deploy', ...target()], dir);
    const file = join(dir, 'detections/security-domain/role-assignment-nrt.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('kind: NRT', 'kind: Scheduled\nqueryFrequency: soon\nqueryPeriod: 1h'));
    const r = await runCli(['deploy', ...target('--prune')], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/queryFrequency 'soon' is not a duration/);
    expect(server.get(`${WS}/providers/Microsoft.SecurityInsights/alertRules/${NRT}`)).toBeDefined();
    expect(server.resources('scheduledQueryRules').length).toBe(2);
  });

  it('never touches a same-named resource it does not own, unless --force', async () => {
    server.seed('workbooks', `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.Insights/workbooks/0b7e3c52-1d7e-4f7a-8f7e-2a9d4c6b8e10`, { location: 'westeurope', kind: 'shared', properties: { displayName: 'Theirs', serializedData: '{}', category: 'sentinel' } });
    const r = await runCli(['deploy', ...target()], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/foreign workbooks\/0b7e3c52.*not managed by this pack/);
    expect((server.resources('workbooks')[0]!.body.properties as Record<string, unknown>).displayName).toBe('Theirs');
    expect(server.resources('alertRules').length).toBe(2);
  });

  it('retries throttling, server errors and timeouts; one failing resource does not stop the others', async () => {
    server.inject({ method: 'PUT', path: 'savedsearches', status: 429 });
    server.inject({ method: 'PUT', path: 'workbooks', status: 429, retryAfter: '0' });
    server.inject({ method: 'PUT', path: 'actiongroups', status: 503 });
    server.inject({ method: 'PUT', path: `alertrules/${NRT}`, hang: true });
    server.inject({ method: 'PUT', path: 'scheduledqueryrules/hsm-managed-hsm-local', status: 500, times: 100 });
    const r = await runCli(['deploy', ...target(), '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.failures.map((f: { name: string }) => f.name)).toEqual(['hsm-managed-hsm-local-role-assignment-created-9c1e2d3f']);
    expect(out.failures[0].error).toMatch(/500 InternalServerError.*after 4 attempts/);
    expect(out.applied.length).toBe(6);
    expect(server.resources('alertRules').length).toBe(2);
    server.faults.length = 0;
    const rerun = await runCli(['deploy', ...target()], dir);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/deployed: 1 created/);
  });

  it('a kind it may not read (403) becomes an error for those items; the rest deploys', async () => {
    server.inject({ method: 'GET', path: /\/workbooks$/i, status: 403, code: 'AuthorizationFailed' });
    const r = await runCli(['deploy', ...target(), '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.failures).toEqual([expect.objectContaining({ kind: 'workbooks', action: 'error', error: expect.stringMatching(/403 AuthorizationFailed/) })]);
    expect(out.applied.length).toBe(6);
    expect(server.resources('workbooks')).toEqual([]);
  });

  it('an interrupted rule update is finished by the next run, not mistaken for drift', async () => {
    await runCli(['deploy', ...target()], dir);
    const file = join(dir, 'detections/security-domain/security-domain-download.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('triggerThreshold: 0', 'triggerThreshold: 4'));
    server.inject({ method: 'PUT', path: `alertrules/${RULE}`, status: 500, times: 100 });
    const broken = await runCli(['deploy', ...target()], dir);
    expect(broken.code).toBe(1);
    expect((server.get(META_PATH)!.body.properties as Record<string, string>).customVersion).toMatch(/^h:\w+;p:\w+$/);
    server.faults.length = 0;
    const plan = JSON.parse((await runCli(['plan', ...target(), '--format', 'json'], dir)).stdout);
    expect(plan.items.find((i: { name: string }) => i.name === RULE).action).toBe('update');
    const fixed = await runCli(['deploy', ...target()], dir);
    expect(fixed.code).toBe(0);
    expect((server.get(RULE_PATH)!.body.properties as Record<string, unknown>).triggerThreshold).toBe(4);
    expect((server.get(META_PATH)!.body.properties as Record<string, string>).customVersion).toMatch(/^h:\w+$/);
  });

  it('preflight blocks rules whose tables or columns the workspace lacks, before any rule is written', async () => {
    server.logTables = { AzureDiagnostics: AZDIAG.filter((c) => c !== 'identity_claim_upn_s') };
    const r = await runCli(['deploy', ...target(), '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const failed = out.failures.map((f: { kind: string; error: string }) => `${f.kind}: ${f.error}`);
    expect(failed.length).toBe(4);
    for (const f of failed) expect(f).toMatch(/preflight: AzureDiagnostics has no column identity_claim_upn_s/);
    expect(server.resources('alertRules')).toEqual([]);
    expect(server.resources('savedSearches').length).toBe(1);
    const logCalls = server.requests.filter((q) => q.path.startsWith('/v1/workspaces/11111111-1111-4111-8111-111111111111/query'));
    expect(logCalls.length).toBeGreaterThan(0);

    server.logTables = {};
    const noTable = JSON.parse((await runCli(['deploy', ...target(), '--format', 'json'], dir)).stdout);
    expect(noTable.failures[0].error).toMatch(/table AzureDiagnostics does not exist/);
  });

  it('plan --preflight lists the rules deploy would block, writing nothing', async () => {
    server.logTables = { AzureDiagnostics: AZDIAG.filter((c) => c !== 'CallerIPAddress') };
    const r = await runCli(['plan', ...target('--preflight')], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/preflight: 4 would be blocked/);
    expect(r.stdout).toMatch(/AzureDiagnostics has no column CallerIPAddress/);
    expect(writes()).toEqual([]);
    server.logTables = { AzureDiagnostics: AZDIAG };
    const ok = await runCli(['plan', ...target('--preflight', '--format', 'json')], dir);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).preflight).toEqual([]);
  });

  it('rejects a bad --concurrency with exit 2', async () => {
    const r = await runCli(['deploy', ...target('--concurrency', '0')], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--concurrency must be an integer from 1 to 16/);
    expect(writes()).toEqual([]);
  });

  it('preflight reports a query the workspace cannot run', async () => {
    server.logsHandler = (_w, q) => (/getschema/.test(q)
      ? { status: 200, body: { tables: [{ name: 'PrimaryResult', columns: [{ name: 'ColumnName', type: 'string' }], rows: AZDIAG.map((c) => [c]) }] } }
      : { status: 400, body: { error: { code: 'BadArgumentError', message: 'bad', innererror: { code: 'SyntaxError', message: "Query could not be parsed at 'x'" } } } });
    const out = JSON.parse((await runCli(['deploy', ...target(), '--format', 'json'], dir)).stdout);
    expect(out.failures[0].error).toMatch(/query does not run in the workspace: .*could not be parsed/);
  });

  it('never prints the access token, even when requests fail', async () => {
    const secret = 'eyJ0eXAi.SECRET-TOKEN-7f3a9c';
    cred = new FakeCredential(secret);
    server.token = secret;
    server.inject({ method: 'PUT', path: 'workbooks', status: 500, times: 100 });
    const ok = await runCli(['deploy', ...target()], dir, { AZURE_LOG_LEVEL: 'verbose' });
    server.token = 'other';
    const denied = await runCli(['deploy', ...target(), '--format', 'json'], dir);
    const all = ok.stdout + ok.stderr + denied.stdout + denied.stderr;
    expect(ok.code).toBe(1);
    expect(denied.code).toBe(1);
    expect(all).toMatch(/AuthenticationFailed|401/);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('SECRET-TOKEN');
    expect(server.requests.some((r) => r.headers.authorization === `Bearer ${secret}`)).toBe(true);
  });

  it('an ETag conflict between plan and deploy fails that resource only', async () => {
    await runCli(['deploy', ...target()], dir);
    const file = join(dir, 'detections/security-domain/security-domain-download.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('severity: High', 'severity: Low'));
    const { content } = await loadDeployContent(dir);
    const client = new ArmClient({ credential: cred, endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { maxRetries: 0 } });
    const env = selectEnvironment(undefined, undefined);
    const plan = await planDeployment({ client, content, env, target: { subscriptionId: SUB, resourceGroup: 'rg-sec', workspace: 'law' } });
    server.edit(RULE_PATH, (b) => { (b.properties as Record<string, unknown>).description = 'edited meanwhile'; });
    const result = await deploy(plan, { client, pack: content.pack });
    expect(result.failures.map((f) => `${f.item.kind}/${f.item.name}`)).toEqual([`alertRules/${RULE}`]);
    expect(result.failures[0]!.message).toMatch(/412 PreconditionFailed/);
    expect(result.applied.length).toBe(1);
  });

  it('without a config or --targets, deploys the Sentinel content only', async () => {
    const args = target().slice(0, -2);
    const r = await runCli(['deploy', ...args], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/deployed: 4 created/);
    expect(server.resources('scheduledQueryRules')).toEqual([]);
    expect(server.resources('actionGroups')).toEqual([]);
    expect(server.requests.some((q) => /scheduledqueryrules|actiongroups/i.test(q.path))).toBe(false);
    // Monitor resources deployed by another pipeline are outside a Sentinel-only run, even with --prune.
    await runCli(['deploy', ...target()], dir);
    const pruned = await runCli(['deploy', ...args, '--prune'], dir);
    expect(pruned.code).toBe(0);
    expect(server.resources('scheduledQueryRules').length).toBe(2);
    const bad = await runCli(['plan', ...args, '--targets', 'splunk'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--targets takes a comma-separated list of sentinel, monitor and defender/);
  });

  it('without a usable sign-in, stops at once with one message and exit 2', async () => {
    connection.credential = async () => ({ getToken: async () => { throw Object.assign(new Error('EnvironmentCredential is unavailable'), { name: 'AggregateAuthenticationError' }); } });
    const r = await runCli(['plan', ...target()], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/AggregateAuthenticationError: EnvironmentCredential is unavailable \(sign in with az login/);
    expect(server.requests).toEqual([]);
  });

  it('names missing target options and exits 2', async () => {
    const r = await runCli(['plan', '--subscription', SUB, '--resource-group', 'rg'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workspace is required/);
  });
});

describe('interrupted creation', () => {
  // The server, credential and fixture come from the top-level beforeEach; here an injected fault must stick.
  beforeEach(() => {
    connection.retry = { maxRetries: 0 };
  });

  it('a new rule left without its ownership record is adopted when identical, and stays foreign when not', async () => {
    server.inject({ method: 'PUT', path: `metadata/analyticsrule-${RULE}`, status: 500, times: 1 });
    const broken = await runCli(['deploy', ...target()], dir);
    expect(broken.code).toBe(1);
    expect(server.get(RULE_PATH)).toBeDefined();
    expect(server.get(META_PATH)).toBeUndefined();
    const plan = JSON.parse((await runCli(['plan', ...target(), '--format', 'json'], dir)).stdout);
    expect(plan.items.find((i: { name: string }) => i.name === RULE)).toMatchObject({ action: 'unchanged', apply: true });
    expect((await runCli(['deploy', ...target()], dir)).code).toBe(0);
    expect(server.get(META_PATH)).toBeDefined();

    // Same id, different content, no record: someone else's rule; never adopted.
    const nrtPath = `${WS}/providers/Microsoft.SecurityInsights/alertRules/${NRT}`;
    server.seed('alertRules', nrtPath, { kind: 'NRT', properties: { displayName: 'theirs', enabled: true, query: 'print 1', severity: 'Low', suppressionDuration: 'PT1H', suppressionEnabled: false } });
    server.remove(`${WS}/providers/Microsoft.SecurityInsights/metadata/analyticsrule-${NRT}`);
    const plan2 = JSON.parse((await runCli(['plan', ...target(), '--format', 'json'], dir)).stdout);
    expect(plan2.items.find((i: { name: string }) => i.name === NRT)).toMatchObject({ action: 'foreign', apply: false });
  });
});

describe('interrupted deletion', () => {
  // The server, credential and fixture come from the top-level beforeEach; here an injected fault must stick.
  beforeEach(() => {
    connection.retry = { maxRetries: 0 };
  });

  it('a rule deleted without its record leaves an orphan record the next --prune removes', async () => {
    await runCli(['deploy', ...target()], dir);
    await rm(join(dir, 'detections/security-domain/role-assignment-nrt.yaml'));
    server.inject({ method: 'DELETE', path: `metadata/analyticsrule-${NRT}`, status: 500 });
    const broken = await runCli(['deploy', ...target('--prune')], dir);
    expect(broken.code).toBe(1);
    expect(server.get(`${WS}/providers/Microsoft.SecurityInsights/alertRules/${NRT}`)).toBeUndefined();
    const plan = JSON.parse((await runCli(['plan', ...target('--prune'), '--format', 'json'], dir)).stdout);
    expect(plan.items.filter((i: { action: string }) => i.action === 'delete').map((i: { kind: string; name: string }) => `${i.kind}/${i.name}`)).toEqual([`metadata/analyticsrule-${NRT}`]);
    expect((await runCli(['deploy', ...target('--prune')], dir)).code).toBe(0);
    expect(server.resources('metadata').length).toBe(1);
  });
});
