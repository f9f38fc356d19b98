/**
 * The ManagedHsmAudit parser must read the same events identically from both table shapes: every scenario's
 * Managed HSM events, written once as AzureDiagnostics rows and once as AZKVAuditLogs rows, normalise to the same rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createDatabase, createEngine, loadSchemaDirectory, type TableSchema } from '../../src/kql/index.ts';
import { SCENARIOS, scenarioTables } from '../../src/samples/index.ts';

const tables = loadSchemaDirectory('schemas/tables');
const parser = YAML.parse(readFileSync('detections/parsers/ManagedHsmAudit.yaml', 'utf8')) as { FunctionName: string; FunctionQuery: string };
const engine = createEngine({ tables, functions: [{ name: parser.FunctionName, body: parser.FunctionQuery }] });
const schema = (name: string): TableSchema => tables.find((t) => t.name === name)!;

function normalised(table: 'AzureDiagnostics' | 'AZKVAuditLogs', rows: Record<string, unknown>[]) {
  const db = createDatabase([{ schema: schema(table), rows }]);
  const result = engine.run('ManagedHsmAudit | project-away SourceTable | sort by TimeGenerated asc, CorrelationId asc', db, { now: '2026-12-01T00:00:00Z' });
  return { columns: result.columns.map((c) => c.name), rows: result.rows };
}

describe('ManagedHsmAudit', () => {
  for (const s of SCENARIOS.filter((x) => x.hsm?.length)) {
    it(`normalises both table shapes of the ${s.area} scenario to the same rows`, () => {
      const t = scenarioTables(s);
      const fromDiagnostics = normalised('AzureDiagnostics', t.AzureDiagnostics!);
      const fromResourceSpecific = normalised('AZKVAuditLogs', t.AZKVAuditLogs!);
      expect(fromDiagnostics.rows.length).toBe(s.hsm!.length);
      expect(fromResourceSpecific).toEqual(fromDiagnostics);
    });
  }

  const row = (table: 'AzureDiagnostics' | 'AZKVAuditLogs', rows: Record<string, unknown>[]) => {
    const r = normalised(table, rows);
    return Object.fromEntries(r.columns.map((c, i) => [c, r.rows[0]![i]]));
  };
  const sd = scenarioTables(SCENARIOS.find((x) => x.area === 'security-domain')!);
  const download = sd.AzureDiagnostics!.find((r) => r.OperationName === 'SecurityDomainDownload' && r.CallerIPAddress === '203.0.113.66')!;

  it('reads names, caller and result from an AzureDiagnostics row', () => {
    expect(row('AzureDiagnostics', [download])).toMatchObject({
      HsmName: 'contoso-mhsm', Operation: 'SecurityDomainDownload', OperationCategory: 'SecurityDomain', IsSensitive: true,
      IsAdministrative: true, Result: 'Success', HttpStatusCode: 202, CallerIpAddress: '203.0.113.66',
      CallerUpn: 'dave.ops@contoso.com', Caller: 'dave.ops@contoso.com', IdentityType: 'User', RequestPath: '/securitydomain/download',
      SubscriptionId: '3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f', ResourceGroup: 'rg-crypto-prod',
    });
  });

  it('falls back to the request path when the OperationName is not a known one', () => {
    expect(row('AzureDiagnostics', [{ ...download, OperationName: 'HsmSecurityDomainDownloadV2' }])).toMatchObject({
      Operation: 'SecurityDomainDownload', OperationName: 'HsmSecurityDomainDownloadV2', OperationCategory: 'SecurityDomain',
    });
    expect(row('AzureDiagnostics', [{ ...download, OperationName: 'Unlisted', requestUri_s: 'https://contoso-mhsm.managedhsm.azure.net/keys/k1/77/release?api-version=7.5' }])).toMatchObject({
      Operation: 'KeyRelease', KeyName: 'k1', IsSensitive: true,
    });
  });

  it('recognises unconfirmed role-management names by request path and method, and other spellings of them', () => {
    const base = { ...download, requestUri_s: 'https://contoso-mhsm.managedhsm.azure.net/providers/Microsoft.Authorization/roleAssignments/0f0f0f0f-4444-4555-8666-777788889999?api-version=7.5' };
    expect(row('AzureDiagnostics', [{ ...base, OperationName: 'Unlisted', httpMethod_s: 'PUT' }])).toMatchObject({ Operation: 'RoleAssignmentCreate', OperationCategory: 'RoleManagement', IsSensitive: true });
    expect(row('AzureDiagnostics', [{ ...base, OperationName: 'Unlisted', httpMethod_s: 'DELETE' }])).toMatchObject({ Operation: 'RoleAssignmentDelete' });
    expect(row('AzureDiagnostics', [{ ...base, OperationName: 'Unlisted', httpMethod_s: 'GET' }])).toMatchObject({ Operation: 'Unlisted', IsSensitive: false });
    // AZKVAuditLogs carries no method: a request whose properties name a role definition is a creation.
    const kv = { ...base, OperationName: 'Unlisted', httpMethod_s: undefined, properties_s: JSON.stringify({ roleDefinitionId: 'Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/515eb02d-2335-4d2d-92f2-b1cbdf9c3778' }) };
    expect(row('AzureDiagnostics', [kv])).toMatchObject({ Operation: 'RoleAssignmentCreate' });
    for (const [name, op] of [['HsmRoleAssignmentAdd', 'RoleAssignmentCreate'], ['RoleAssignmentsRemove', 'RoleAssignmentDelete'], ['RoleDefinitionsUpdate', 'RoleDefinitionWrite'], ['SecurityDomainDownloadPendingStatus', 'SecurityDomainStatus']] as const) {
      const uri = op === 'SecurityDomainStatus' ? 'https://contoso-mhsm.managedhsm.azure.net/securitydomain/download/pending' : 'https://contoso-mhsm.managedhsm.azure.net/unknown';
      expect(row('AzureDiagnostics', [{ ...download, OperationName: name, requestUri_s: uri, httpMethod_s: undefined }]).Operation, name).toBe(op);
    }
  });

  it('binds and reads rows that lack the optional AzureDiagnostics columns', () => {
    const minimal = { TimeGenerated: '2026-11-20T10:00:00Z', ResourceProvider: 'MICROSOFT.KEYVAULT', ResourceType: 'MANAGEDHSMS', ResourceId: '/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/MANAGEDHSMS/H1', OperationName: 'KeyDelete', ResultType: 'Success', CallerIPAddress: '10.0.0.1' };
    expect(row('AzureDiagnostics', [minimal])).toMatchObject({ HsmName: 'h1', Operation: 'KeyDelete', Result: 'Success', Caller: 'unauthenticated', IdentityType: 'Unknown' });
  });

  it('ignores Key Vault vaults in both tables', () => {
    const vaultDiag = { ...download, ResourceType: 'VAULTS' };
    expect(normalised('AzureDiagnostics', [vaultDiag]).rows).toEqual([]);
    const vaultAzkv = { ...sd.AZKVAuditLogs![0]!, _ResourceId: '/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1' };
    expect(normalised('AZKVAuditLogs', [vaultAzkv]).rows).toEqual([]);
  });

  it('classifies managed identities, service principals and the challenge 401', () => {
    const ko = scenarioTables(SCENARIOS.find((x) => x.area === 'failed-access')!);
    const challenge = ko.AZKVAuditLogs!.find((r) => r.OperationName === 'Authentication')!;
    expect(row('AZKVAuditLogs', [challenge])).toMatchObject({ Operation: 'Authentication', OperationCategory: 'Authentication', Result: 'Failure', HttpStatusCode: 401, IdentityType: 'Unknown' });
    const storage = ko.AZKVAuditLogs!.find((r) => r.OperationName === 'KeyUnwrap')!;
    expect(row('AZKVAuditLogs', [storage])).toMatchObject({ IdentityType: 'ManagedIdentity', OperationCategory: 'Cryptographic' });
  });
});
