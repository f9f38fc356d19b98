/**
 * Log Analytics' standard columns (learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns): every
 * workspace table (one with TimeGenerated) has Type, TenantId, _ResourceId, _SubscriptionId, _BilledSize and
 * _IsBillable, in the binder's globals and in the data, with the values Log Analytics gives them.
 */
import { describe, expect, it } from 'vitest';
import { createDatabase, createEngine, type TableSchema } from '../../src/kql/index.ts';
import { buildGlobals } from '../../src/kql/schema.ts';
import { loadKusto } from '../../src/kql/kusto.ts';

const Diag: TableSchema = { name: 'AzureDiagnostics', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'ResourceId', type: 'string' }, { name: 'OperationName', type: 'string' }] };
const Activity: TableSchema = { name: 'AzureActivity', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'OperationNameValue', type: 'string' }] };
// declares Type and _BilledSize itself, the latter with another type than Log Analytics' real: its declaration wins
const Declared: TableSchema = { name: 'AZKVAuditLogs', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Type', type: 'string' }, { name: '_BilledSize', type: 'long' }] };
const Lookup: TableSchema = { name: 'Lookup', columns: [{ name: 'k', type: 'string' }] };

const RID = '/SUBSCRIPTIONS/3C5E9A1D-6F2B-4E8A-9D7C-1B2A3C4D5E6F/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/MANAGEDHSMS/HSM1';
const engine = createEngine({ tables: [Diag, Activity, Declared, Lookup] });
const db = createDatabase([
  { schema: Diag, rows: [
    { TimeGenerated: '2026-11-20T10:00:00Z', ResourceId: RID, OperationName: 'KeyGet' },
    { TimeGenerated: '2026-11-20T10:01:00Z', ResourceId: RID, OperationName: 'KeyGet', TenantId: 'ws-1', _ResourceId: '/subscriptions/x/given', _BilledSize: 7 },
  ] },
  { schema: Activity, rows: [{ TimeGenerated: '2026-11-20T10:00:00Z', OperationNameValue: 'é' }] },
  { schema: Declared, rows: [{ TimeGenerated: '2026-11-20T10:00:00Z', _BilledSize: 12 }] },
  { schema: Lookup, rows: [{ k: 'a' }] },
]);
const run = (q: string) => engine.run(q, db, { now: '2026-11-21T00:00:00Z' });

describe('standard columns', () => {
  it('bind in the globals lint and the engine share', () => {
    const { Kusto } = loadKusto();
    const code = Kusto.Language.KustoCode.ParseAndAnalyze('AzureDiagnostics | where Type == "AzureDiagnostics" and _IsBillable == "true" | project TenantId, _ResourceId, _SubscriptionId, _BilledSize', buildGlobals([Diag]));
    const errors = [];
    const all = code.GetDiagnostics();
    for (let i = 0; i < all.Count; i++) if (String(all.getItem(i).Severity) === 'Error') errors.push(String(all.getItem(i).Message));
    expect(errors).toEqual([]);
  });

  it('take the values Log Analytics gives them when a record has none', () => {
    const r = run('AzureDiagnostics | project Type, TenantId, _ResourceId, _SubscriptionId, _IsBillable, _BilledSize');
    expect(r.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['Type:string', 'TenantId:string', '_ResourceId:string', '_SubscriptionId:string', '_IsBillable:string', '_BilledSize:real']);
    const billed = 'KeyGet'.length + RID.length + '2026-11-20T10:00:00Z'.length;
    expect(r.rows[0]).toEqual(['AzureDiagnostics', '', RID.toLowerCase(), '3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f', 'true', billed]);
  });

  it('keep a record\'s own values', () => {
    expect(run('AzureDiagnostics | where TenantId == "ws-1" | project _ResourceId, _SubscriptionId, _BilledSize').rows).toEqual([['/subscriptions/x/given', 'x', 7]]);
  });

  it('free tables are not billable; sizes count UTF-8 bytes', () => {
    expect(run('AzureActivity | project _IsBillable, _BilledSize, _ResourceId').rows).toEqual([['false', 20 + 2, '']]);
  });

  it('Type tells the tables of a union apart', () => {
    expect(run('union AzureDiagnostics, AzureActivity | summarize n = count() by Type | order by Type asc').rows).toEqual([['AzureActivity', 1], ['AzureDiagnostics', 2]]);
  });

  it('a declared standard column keeps its declared type and is filled when absent', () => {
    const r = run('AZKVAuditLogs | project Type, _BilledSize, _SubscriptionId, _IsBillable');
    expect(r.columns.map((c) => c.type)).toEqual(['string', 'long', 'string', 'string']);
    expect(r.rows).toEqual([['AZKVAuditLogs', 12, '', 'true']]);
  });

  it('a table without TimeGenerated is not a workspace table and gets none', () => {
    expect(run('Lookup | getschema | project ColumnName').rows).toEqual([['k']]);
  });
});
