/**
 * `content posture` against local imitations of Resource Graph, ARM, the Managed HSM data plane, Microsoft Graph and
 * Log Analytics (azure-imitation.ts), over realistic fleets (fleet.ts): compliant, non-compliant, stale, and
 * partially readable because the reader lacks permissions.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { runPosture, evaluateHsm, toPostureSarif, formatPostureMarkdown, type PostureReport, type HsmPosture } from '../../src/posture/index.ts';
import { stateChecks } from '../../src/coverage/practices.ts';
import { connection } from '../../src/cli/commands/deploy.ts';
import { runCli } from '../deploy/helpers.ts';
import { AzureImitation } from './azure-imitation.ts';
import { contosoFleet, MANAGEMENT_GROUP, PRINCIPAL, SUB_CONTOSO, SUB_FABRIKAM, type Fleet } from './fleet.ts';

/** Issues `aud:<scope>`, so each imitated service can check it was asked for with its own audience. */
class AudienceCredential implements TokenCredential {
  readonly scopes: string[] = [];
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes[0]! : scopes;
    this.scopes.push(scope);
    return { token: `aud:${scope}`, expiresOnTimestamp: Date.now() + 3_600_000, tokenType: 'Bearer' };
  }
}

async function withImitation<T>(fleet: Fleet, f: (azure: AzureImitation) => Promise<T>, setup?: (azure: AzureImitation) => void): Promise<T> {
  const azure = new AzureImitation(fleet);
  setup?.(azure);
  await azure.start();
  try {
    return await f(azure);
  } finally {
    await azure.stop();
  }
}

function run(azure: AzureImitation, options: Partial<Parameters<typeof runPosture>[0]> = {}): Promise<PostureReport> {
  return runPosture({
    credential: new AudienceCredential(), subscriptions: [SUB_CONTOSO, SUB_FABRIKAM], armEndpoint: azure.url, logsEndpoint: azure.url, graphEndpoint: azure.url,
    tlsOptions: { ca: azure.cert }, retry: { maxRetries: 1, baseDelayMs: 5 }, now: azure.fleet.now, ...options,
  });
}

const statuses = (h: HsmPosture) => Object.fromEntries(h.results.map((r) => [r.check, r.status]));
const result = (report: PostureReport, hsm: string, check: string) => report.hsms.find((h) => h.name === hsm)!.results.find((r) => r.check === check)!;

describe('content posture over a fleet', () => {
  let report: PostureReport;
  let azure: AzureImitation;
  beforeAll(async () => {
    azure = new AzureImitation(contosoFleet());
    await azure.start();
    report = await run(azure);
  });
  afterAll(async () => { await azure.stop(); });

  it('finds every HSM of both subscriptions, paging Resource Graph with $skipToken over the same query and scopes', () => {
    expect(report.hsms.map((h) => h.name)).toEqual(['contoso-hsm-dev01', 'contoso-hsm-dr01', 'contoso-hsm-prod01', 'fabrikam-hsm-pay01']);
    const graph = azure.to(/resourcegraph/i).map((r) => JSON.parse(r.body));
    expect(graph.length).toBe(2);
    expect(graph[0].options.$skipToken).toBeUndefined();
    expect(graph[1].options.$skipToken).toEqual(expect.any(String));
    expect(graph[1].query).toBe(graph[0].query);
    expect(graph[1].subscriptions).toEqual([SUB_CONTOSO, SUB_FABRIKAM]);
  });

  it('passes the compliant HSM on every check', () => {
    const prod = report.hsms.find((h) => h.name === 'contoso-hsm-prod01')!;
    expect(prod.results.filter((r) => r.status !== 'pass').map((r) => `${r.check}: ${r.evidence}`)).toEqual([]);
    expect(prod.results.map((r) => r.check)).toEqual(stateChecks().map((c) => c.id));
    expect(result(report, 'contoso-hsm-prod01', 'administrator-held-by-groups').evidence).toContain('group HSM Administrators');
    expect(result(report, 'contoso-hsm-prod01', 'log-retention').evidence).toBe('AzureDiagnostics keeps 365 days (table total retention, 90 interactive)');
  });

  it('fails the non-compliant HSM with the evidence and the remediation of each practice', () => {
    const dev = report.hsms.find((h) => h.name === 'contoso-hsm-dev01')!;
    expect(statuses(dev)).toEqual({
      'public-network-access-disabled': 'fail', 'firewall-default-deny': 'fail', 'private-endpoint-approved': 'fail',
      'administrator-held-by-groups': 'fail', 'no-conflicting-roles': 'fail', 'custom-roles-without-wildcards': 'fail',
      'audit-logs-to-workspace': 'fail', 'audit-events-arriving': 'unknown', 'log-retention': 'unknown',
      'purge-protection-enabled': 'fail', 'soft-delete-retention': 'fail', 'regular-backups': 'unknown',
      'security-domain-activated': 'pass', 'azure-policy-assigned': 'pass', 'azure-policy-compliant': 'fail',
    });
    const r = (check: string) => dev.results.find((x) => x.check === check)!;
    expect(r('public-network-access-disabled')).toMatchObject({ evidence: 'publicNetworkAccess is Enabled', values: { publicNetworkAccess: 'Enabled' } });
    expect(r('public-network-access-disabled').remediation).toContain('--public-network-access Disabled');
    expect(r('private-endpoint-approved').evidence).toBe('no approved private endpoint connection (pe-hsm-dev01: Pending)');
    expect(r('administrator-held-by-groups').evidence).toBe(`Managed HSM Administrator is assigned to user alex.admin@contoso.com, ${PRINCIPAL.deleted} (not in the directory: a deleted principal)`);
    expect(r('no-conflicting-roles').evidence).toBe('dev.owner@contoso.com grants access to keys and uses them (Managed HSM Crypto Officer + Managed HSM Crypto User)');
    expect(r('custom-roles-without-wildcards').evidence).toBe('custom role "Key Operator (dev)" grants Microsoft.KeyVault/managedHsm/keys/*');
    expect(r('audit-logs-to-workspace').evidence).toBe('AuditEvent goes only to "to-storage" (storage), not to a Log Analytics workspace');
    expect(r('soft-delete-retention').evidence).toBe('softDeleteRetentionInDays is 7, under the required 90');
    expect(r('azure-policy-compliant').evidence).toContain('Azure Key Vault Managed HSM should have purge protection enabled (assignment mcsb)');
    expect(r('audit-events-arriving').evidence).toContain('no diagnostic setting sends AuditEvent to a workspace');
  });

  it('reads the logs: stale audit events, an old backup, a short-retention table, separate backup and restore roles', () => {
    const dr = report.hsms.find((h) => h.name === 'contoso-hsm-dr01')!;
    expect(statuses(dr)).toMatchObject({
      'audit-logs-to-workspace': 'pass', 'audit-events-arriving': 'fail', 'log-retention': 'fail', 'regular-backups': 'fail',
      'no-conflicting-roles': 'fail', 'security-domain-activated': 'fail', 'azure-policy-assigned': 'pass', 'azure-policy-compliant': 'unknown',
    });
    expect(result(report, 'contoso-hsm-dr01', 'audit-events-arriving').evidence).toBe('last audit event at 2026-11-30T12:00:00.000Z, 72 hours ago (allowed: 24)');
    expect(result(report, 'contoso-hsm-dr01', 'log-retention').evidence).toBe('AZKVAuditLogs keeps 90 days (table total retention, 90 interactive), under the required 365');
    expect(result(report, 'contoso-hsm-dr01', 'no-conflicting-roles').evidence).toBe('hsm-backup-automation backs up and restores the HSM (Managed HSM Backup + Managed HSM Restore)');
    expect(result(report, 'contoso-hsm-dr01', 'azure-policy-assigned').evidence).toContain('assignment mhsm-purge-protection at /subscriptions/');
    // A failed BackupCreate is no backup.
    expect(result(report, 'fabrikam-hsm-pay01', 'regular-backups')).toMatchObject({ status: 'fail', evidence: 'no successful full backup (BackupCreate) in the last 14 days' });
    // The logs query ran on the workspace's customerId over the searched window.
    const logs = azure.to(/^\/v1\/workspaces\//).map((r) => ({ path: r.path, body: JSON.parse(r.body) }));
    expect(logs.map((l) => l.path).sort()).toEqual(['/v1/workspaces/a7b8c9d0-1111-4222-8333-444455556666/query', '/v1/workspaces/b8c9d0e1-2222-4333-8444-555566667777/query']);
    expect(logs[0]!.body.timespan).toBe('P14D');
  });

  it('reports a data plane the reader may not read as unknown, naming the role it needs', () => {
    const r = result(report, 'fabrikam-hsm-pay01', 'administrator-held-by-groups');
    expect(r.status).toBe('unknown');
    expect(r.evidence).toContain('cannot read local role assignments: 403 Forbidden');
    expect(r.evidence).toContain('Managed HSM Crypto Auditor');
  });

  it('asks every service for a token of its own audience, and reads pages of policy states', () => {
    expect(azure.requests.filter((r) => r.status === 401)).toEqual([]);
    expect(azure.to(/^\/hsm\//).every((r) => r.audience === 'aud:https://managedhsm.azure.net/.default' && r.query['api-version'] === '7.4')).toBe(true);
    // prod01 has three states, one a page.
    expect(azure.to(/contoso-hsm-prod01\/providers\/microsoft\.policyinsights/i).length).toBe(3);
    expect(azure.to(/getByIds/).length).toBe(1);
  });

  it('renders SARIF with one rule per check and a result per failed or unknown check, and Markdown with the matrix', () => {
    const sarif = toPostureSarif(report) as { runs: { tool: { driver: { rules: { id: string; help: { text: string } }[] } }; results: { ruleId: string; level: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    const run0 = sarif.runs[0]!;
    expect(run0.tool.driver.rules.map((r) => r.id)).toEqual(stateChecks().map((c) => c.id));
    const notPassed = report.hsms.flatMap((h) => h.results.filter((r) => r.status !== 'pass'));
    expect(run0.results.length).toBe(notPassed.length);
    const purge = run0.results.find((r) => r.ruleId === 'purge-protection-enabled')!;
    expect(purge.level).toBe('error');
    expect(purge.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toMatch(/contoso-hsm-dev01$/);
    const md = formatPostureMarkdown(report);
    expect(md).toContain('| Purge protection enabled (`purge-protection-enabled`) | backup-recovery | **FAIL** | pass | pass | pass |');
    expect(md).toContain('  - Fix: Turn on purge protection');
  });
});

describe('content posture when sources are missing or slow', () => {
  it('answers unknown with the reason for every source the reader may not read, never failing the run', async () => {
    const fleet = contosoFleet();
    fleet.denied = ['fabrikam-hsm-pay01/providers/microsoft.insights', 'fabrikam-hsm-pay01/providers/microsoft.policyinsights', `/subscriptions/${SUB_FABRIKAM}/resourcegroups/rg-payments/providers/microsoft.authorization`];
    fleet.graphDenied = true;
    fleet.workspaces[1]!.queryDenied = true;
    const report = await withImitation(fleet, (azure) => run(azure));
    const pay = report.hsms.find((h) => h.name === 'fabrikam-hsm-pay01')!;
    expect(statuses(pay)).toMatchObject({ 'audit-logs-to-workspace': 'unknown', 'audit-events-arriving': 'unknown', 'log-retention': 'unknown', 'regular-backups': 'unknown', 'azure-policy-assigned': 'unknown', 'azure-policy-compliant': 'unknown', 'purge-protection-enabled': 'pass' });
    expect(result(report, 'fabrikam-hsm-pay01', 'audit-logs-to-workspace').evidence).toBe('cannot read diagnostic settings: 403 AuthorizationFailed (needs Microsoft.Insights/diagnosticSettings/read, e.g. Reader or Monitoring Reader on the HSM)');
    expect(result(report, 'contoso-hsm-prod01', 'administrator-held-by-groups').evidence).toBe('cannot read principal types from Microsoft Graph: 403 Authorization_RequestDenied (needs Directory.Read.All for the signed-in identity)');
    // What does not need Graph still evaluates.
    expect(result(report, 'contoso-hsm-prod01', 'no-conflicting-roles').status).toBe('pass');
    expect(result(report, 'contoso-hsm-dr01', 'audit-events-arriving')).toMatchObject({ status: 'unknown', evidence: 'cannot query the workspace: 403 (needs Log Analytics Reader on the workspace)' });
    expect(result(report, 'contoso-hsm-dr01', 'log-retention').status).toBe('fail');
  });

  it('inventories a management group, waiting out Resource Graph throttling (429 with x-ms-user-quota-resets-after) and an exhausted quota', async () => {
    const waits: [number, string][] = [];
    const report = await withImitation(contosoFleet(), async (azure) => {
      const r = await run(azure, { subscriptions: [], managementGroups: [MANAGEMENT_GROUP], onThrottle: (ms, why) => waits.push([ms, why]) });
      const bodies = azure.to(/resourcegraph/i).map((q) => JSON.parse(q.body));
      expect(bodies.length).toBe(3); // the throttled attempt, then two pages
      expect(bodies.every((b) => b.managementGroups?.[0] === MANAGEMENT_GROUP && !b.subscriptions)).toBe(true);
      return r;
    }, (azure) => {
      azure.inject({ path: /resourcegraph/i, status: 429, headers: { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:00.08' } });
      azure.quotaRemaining = 1;
    });
    expect(report.hsms.length).toBe(4);
    expect(report.scope).toEqual({ managementGroups: [MANAGEMENT_GROUP] });
    expect(waits).toEqual([[80, 'throttled (429)'], [50, 'quota exhausted (x-ms-user-quota-remaining: 0)']]);
  });

  it('reads at most `concurrency` HSMs at once', async () => {
    const max = await withImitation(contosoFleet(), async (azure) => {
      await run(azure, { concurrency: 2 });
      return azure.maxConcurrentDataPlane;
    }, (azure) => { azure.dataPlaneLatencyMs = 60; });
    // Each HSM reads its role assignments and definitions together: two HSMs in flight, two requests each.
    expect(max).toBeLessThanOrEqual(4);
    expect(max).toBeGreaterThanOrEqual(3);
  });

  it('does not count a built-in role that bundles two duties (Administrator: backup and restore) as a conflict', () => {
    const fleet = contosoFleet();
    const prod = fleet.hsms[0]!;
    const facts = {
      hsm: prod.resource, diagnosticSettings: { ok: true, value: [] }, policyStates: { ok: true, value: [] }, policyAssignments: { ok: true, value: [] },
      roleAssignments: { ok: true, value: [
        { id: 'a', name: 'a', properties: { scope: '/', roleDefinitionId: 'x/a290e904-7015-4bba-90c8-60543313cdb4', principalId: PRINCIPAL.hsmAdmins } },
        { id: 'b', name: 'b', properties: { scope: '/', roleDefinitionId: 'x/7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8', principalId: PRINCIPAL.hsmAdmins } },
      ] },
      roleDefinitions: { ok: true, value: prod.roleDefinitions! }, principals: { ok: false, reason: 'n/a' }, workspace: { ok: false, reason: 'n/a' },
    } as const;
    const checks = stateChecks().filter((c) => c.id === 'no-conflicting-roles');
    const outcome = evaluateHsm(structuredClone(facts) as never, checks, { thresholds: { softDeleteRetentionDays: 90, logRetentionDays: 365, backupMaxAgeDays: 7, auditSilenceHours: 24 }, now: fleet.now });
    expect(outcome.results[0]).toMatchObject({ status: 'pass' });
  });
});

describe('content posture (command line)', () => {
  let azure: AzureImitation;
  const saved = { ...connection };
  beforeAll(async () => {
    azure = new AzureImitation(contosoFleet());
    await azure.start();
    connection.credential = async () => new AudienceCredential();
    connection.tlsOptions = { ca: azure.cert };
    connection.retry = { maxRetries: 1, baseDelayMs: 5 };
    connection.endpoints = { arm: azure.url, logs: azure.url, graph: azure.url };
  });
  afterEach(() => { azure.requests.length = 0; });
  afterAll(async () => {
    Object.assign(connection, saved);
    await azure.stop();
  });

  it('exits 1 on a failed check and prints each failure with its fix', async () => {
    const r = await runCli(['posture', '--subscription', SUB_CONTOSO], process.cwd());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('contoso-hsm-dev01  (rg-hsm-dev, westeurope, subscription');
    expect(r.stdout).toMatch(/FAIL\s+purge-protection-enabled\s+enablePurgeProtection is false/);
    expect(r.stdout).toContain('fix: Turn on purge protection');
    expect(r.stdout).toMatch(/3 Managed HSM\(s\), 15 checks each: \d+ passed, \d+ failed, \d+ unknown/);
  });

  it('--require limits the failing checks to the named practices or checks', async () => {
    const ok = await runCli(['posture', '--subscription', SUB_FABRIKAM, '--require', 'security-domain,purge-protection-enabled', '--format', 'json'], process.cwd());
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.hsms[0].name).toBe('fabrikam-hsm-pay01');
    // it has a failed check (regular-backups) and unknown ones (privileged-access), neither required
    expect(report.hsms[0].results.find((r: { check: string }) => r.check === 'regular-backups').status).toBe('fail');
    const strict = await runCli(['posture', '--subscription', SUB_FABRIKAM, '--require', 'privileged-access', '--fail-on-unknown'], process.cwd());
    expect(strict.code).toBe(1);
  });

  it('writes SARIF, and refuses a missing scope or an unknown check as usage errors', async () => {
    const sarif = await runCli(['posture', '--management-group', MANAGEMENT_GROUP, '--format', 'sarif'], process.cwd());
    expect(JSON.parse(sarif.stdout).version).toBe('2.1.0');
    const none = await runCli(['posture'], process.cwd());
    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr).toContain('give --subscription <id>');
    const typo = await runCli(['posture', '--subscription', SUB_CONTOSO, '--require', 'purge-protection'], process.cwd());
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown check or practice "purge-protection"');
    // Without the inventory there is nothing to evaluate: a clear message and exit 2, no stack trace.
    azure.inject({ path: /resourcegraph/i, status: 403, code: 'AuthorizationFailed' });
    const denied = await runCli(['posture', '--subscription', SUB_CONTOSO], process.cwd());
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/^content posture: Resource Graph query over 1 subscription\(s\) failed: 403 AuthorizationFailed .*\(POSTURE_INVENTORY\)\n$/);
    const credential = connection.credential;
    connection.credential = async () => ({ getToken: async () => { throw Object.assign(new Error('Please run az login to set up an account'), { name: 'CredentialUnavailableError' }); } });
    try {
      const unsigned = await runCli(['posture', '--subscription', SUB_CONTOSO], process.cwd());
      expect(unsigned.code).toBe(2);
      expect(unsigned.stderr).toContain('no token for Azure Resource Manager: CredentialUnavailableError: Please run az login to set up an account (sign in with az login');
    } finally {
      connection.credential = credential;
    }
    const badSub = await runCli(['posture', '--subscription', 'contoso-prod'], process.cwd());
    expect(badSub.code).toBe(2);
    expect(badSub.stderr).toContain('"contoso-prod" is not a subscription id');
  });
});

describe('the baseline map and the evaluators', () => {
  it('has exactly one evaluator for every state check of the map', async () => {
    const { EVALUATORS } = await import('../../src/posture/index.ts');
    expect([...EVALUATORS.keys()].sort()).toEqual(stateChecks().map((c) => c.id).sort());
  });
});
