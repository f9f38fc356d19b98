/**
 * Archived logs as local data: a storage-account archive tree (test/backtest/fixtures/archive, records in the
 * shapes Microsoft documents) read blob by blob, mapped to AZKVAuditLogs or AzureDiagnostics rows and AzureActivity,
 * and backtested. The pack's parser must see the same events whichever table the archive is mapped into.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/kql/index.ts';
import { backtest, discoverSuite } from '../../src/replay/index.ts';
import { archiveBlobs, loadArchive, readBlob, toAzureDiagnosticsRow, type BlobProblem } from '../../src/backtest/index.ts';
import { main } from '../../src/cli/main.ts';
import { PACK_ROOT } from '../deploy/helpers.ts';

const ARCHIVE = resolve(import.meta.dirname, 'fixtures/archive');
const PERIOD = { from: new Date('2026-11-20T09:00:00Z'), to: new Date('2026-11-20T13:00:00Z') };
const suite = discoverSuite(PACK_ROOT);

describe('archive tree', () => {
  it('finds every PT1H.json blob with its container, resource and hour', () => {
    const blobs = archiveBlobs(ARCHIVE);
    expect(blobs.map((b) => [b.container, b.hour.toISOString()])).toEqual([
      ['insights-activity-logs', '2026-11-20T10:00:00.000Z'],
      ['insights-logs-auditevent', '2025-01-01T00:00:00.000Z'],
      ['insights-logs-auditevent', '2026-11-20T09:00:00.000Z'],
      ['insights-logs-auditevent', '2026-11-20T10:00:00.000Z'],
      ['insights-logs-auditevent', '2026-11-20T11:00:00.000Z'],
    ]);
    expect(blobs[2]!.resourceId).toBe('/SUBSCRIPTIONS/3C5E9A1D-6F2B-4E8A-9D7C-1B2A3C4D5E6F/RESOURCEGROUPS/RG-CRYPTO-PROD/PROVIDERS/MICROSOFT.KEYVAULT/MANAGEDHSMS/CONTOSO-MHSM');
  });

  it('reads JSON lines and the older {"records": [...]} document, reporting a bad line at its position', () => {
    const [, old, , lines, cut] = archiveBlobs(ARCHIVE);
    const problems: BlobProblem[] = [];
    expect(readBlob(lines!.file, problems).map((r) => r.operationName)).toEqual(['KeyDelete', 'KeyDelete', 'KeyGet']);
    expect(readBlob(cut!.file, problems).map((r) => r.time)).toEqual(['2026-11-20T11:01:00.0000000Z', '2026-11-20T11:30:00.0000000Z']);
    expect(problems).toEqual([{ file: cut!.file, line: 2, column: expect.any(Number), message: expect.stringMatching(/^not valid JSON .*the record is skipped$/) }]);
    expect(readBlob(archiveBlobs(ARCHIVE)[2]!.file, problems)).toHaveLength(1);
    expect(old!.hour.getUTCFullYear()).toBe(2025);
  });

  it('maps records to AzureDiagnostics columns as Azure diagnostics mode flattens them', () => {
    const [record] = readBlob(archiveBlobs(ARCHIVE)[3]!.file, []);
    const row = toAzureDiagnosticsRow(record!);
    expect(row).toMatchObject({
      TimeGenerated: '2026-11-20T10:05:00.0000000Z',
      ResourceId: '/SUBSCRIPTIONS/3C5E9A1D-6F2B-4E8A-9D7C-1B2A3C4D5E6F/RESOURCEGROUPS/RG-CRYPTO-PROD/PROVIDERS/MICROSOFT.KEYVAULT/MANAGEDHSMS/CONTOSO-MHSM',
      _ResourceId: '/subscriptions/3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f/resourcegroups/rg-crypto-prod/providers/microsoft.keyvault/managedhsms/contoso-mhsm',
      ResourceProvider: 'MICROSOFT.KEYVAULT', ResourceType: 'MANAGEDHSMS', Resource: 'CONTOSO-MHSM', Category: 'AuditEvent',
      OperationName: 'KeyDelete', CallerIPAddress: '192.0.2.10', DurationMs: 45, httpStatusCode_d: 200,
      requestUri_s: 'https://contoso-mhsm.managedhsm.azure.net/keys/tenant-old-kek?api-version=7.5', subnetId_s: '(unknown)',
      identity_claim_appid_g: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
      identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s: 'carol.crypto@contoso.com',
      PoolType_s: 'M-HSM', sku_Family_s: 'B', sku_Name_s: 'Standard_B1', PoolName_s: 'contoso-mhsm',
    });
    // Every column it makes that the schema knows has the schema's type.
    const schema = suite.tables.find((t) => t.name === 'AzureDiagnostics')!;
    const types = new Map(schema.columns.map((c) => [c.name, c.type]));
    for (const [k, v] of Object.entries(row)) {
      const t = types.get(k);
      if (t === 'real') expect(typeof v, k).toBe('number');
      if (t === 'string' && k !== 'TimeGenerated') expect(typeof v, k).toBe('string');
    }
  });

  it('gives the parser the same events whichever table the archive becomes, and skips blobs outside the period', () => {
    const engine = createEngine({ tables: suite.tables, functions: suite.functions });
    const q = 'ManagedHsmAudit | project TimeGenerated, Operation, Result, Caller, CallerObjectId, CallerIpAddress, KeyName, HsmName | order by TimeGenerated asc';
    const views = (['AZKVAuditLogs', 'AzureDiagnostics'] as const).map((shape) => {
      const a = loadArchive(ARCHIVE, suite.tables, { shape, ...PERIOD });
      expect(a.problems).toHaveLength(1); // the cut line; the 2025 blob is outside the period and never read
      expect(a.rows).toEqual({ AzureActivity: 1, [shape]: 6 });
      return engine.run(q, a.database, { now: PERIOD.to }).rows;
    });
    expect(views[0]).toHaveLength(6);
    expect(views[1]).toEqual(views[0]);
    expect(views[0]!.filter((r) => r[1] === 'KeyDelete').map((r) => [r[2], r[3], r[6]])).toEqual([
      ['Success', 'carol.crypto@contoso.com', 'tenant-old-kek'], ['Success', 'carol.crypto@contoso.com', 'tenant-old-sig'], ['Failure', 'mallory@contoso.com', 'payments-kek'],
    ].map(([result, caller, key]) => [expect.stringMatching(new RegExp(`^${result === 'Failure' ? '(?!Success)' : 'Success'}`)), caller, key]));
    // Without a period every blob is read, and the one that is not JSON is reported, not fatal.
    const all = loadArchive(ARCHIVE, suite.tables);
    expect(all.problems.map((p) => p.file.includes('y=2025'))).toContain(true);
    expect(all.rows.AZKVAuditLogs).toBe(6);
  });
});

describe('content replay --data ARCHIVE', () => {
  const rules = ['detections/key-operations/key-delete-or-purge.yaml', 'detections/backup-recovery/hsm-deleted-or-purged.yaml'];

  it('backtests the archive: the key deletions and the HSM deletion alert, and bad records are reported', async () => {
    const local = await backtest(PACK_ROOT, { data: ARCHIVE, ...PERIOD, rules, load: (tables, lookbackMs) => loadArchive(ARCHIVE, tables, { ...PERIOD, lookbackMs }).database });
    // Carol's two deletions (10:05, 10:07) alert at the 11:00 run; Mallory's refused deletion (403) does not; the
    // Activity log's deletion of the DR HSM alerts at 11:00 too (its 10-minute ingestion allowance passed at 10:50).
    expect(local.alerts.map((a) => [a.ruleName, a.firedAt]).sort()).toEqual([
      ['Managed HSM deleted or purged', '2026-11-20T11:00:00Z'],
      ['Managed HSM key deleted or purged', '2026-11-20T11:00:00Z'],
    ]);
    const keys = local.alerts.find((a) => a.ruleName === 'Managed HSM key deleted or purged')!;
    expect(JSON.stringify(keys.entities)).toContain('carol.crypto@contoso.com');
    expect(JSON.stringify(keys)).toContain('tenant-old-sig');
    expect(JSON.stringify(local.alerts)).not.toContain('mallory');

    let out = '';
    let err = '';
    const io = { stdout: (t: string) => { out += t; }, stderr: (t: string) => { err += t; }, cwd: PACK_ROOT, env: {}, isTTY: false };
    const code = await main(['replay', '--data', ARCHIVE, '--from', '2026-11-20T09:00:00Z', '--to', '2026-11-20T13:00:00Z', '--rules', ...rules, '--archive-table', 'AzureDiagnostics', '--format', 'json'], io);
    expect(code).toBe(1);
    expect(err).toMatch(/h=11\/m=00\/PT1H\.json:2:\d+: not valid JSON/);
    expect(err).toContain('archive ');
    expect(err).toContain('4 blobs, 1 AzureActivity rows, 6 AzureDiagnostics rows');
    const report = JSON.parse(out);
    expect(report.alerts.map((a: { rule: { name: string }; firedAt: string }) => [a.rule.name, a.firedAt])).toEqual(local.alerts.map((a) => [a.ruleName, a.firedAt]));
  });
});
