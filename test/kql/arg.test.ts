/**
 * Log Analytics' cross-service query of Azure Resource Graph, `arg("").Resources`
 * (learn.microsoft.com/azure/azure-monitor/logs/azure-monitor-data-explorer-proxy): the function `arg` resolves to
 * a database of its own holding the Resource Graph tables, which bind and run on local data like workspace tables,
 * join with them, and get no workspace standard columns or time-range restriction (they have no TimeGenerated).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argTableName, createDatabase, createEngine, loadDataDirectory, type TableSchema } from '../../src/kql/index.ts';
import { loadSchemaSet } from '../../src/content/schemas.ts';
import { scratchDir } from '../scratch.ts';

const Resources: TableSchema = { name: argTableName('Resources'), columns: [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'type', type: 'string' }, { name: 'properties', type: 'dynamic' }] };
const Audit: TableSchema = { name: 'AzureDiagnostics', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'ResourceId', type: 'string' }, { name: 'OperationName', type: 'string' }] };
const HSM = '/subscriptions/3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f/resourceGroups/rg-crypto-prod/providers/Microsoft.KeyVault/managedHSMs/contoso-mhsm';
const HSM2 = HSM.replace('contoso-mhsm', 'contoso-mhsm-dev');

const engine = createEngine({ tables: [Resources, Audit] });
const db = createDatabase([
  { schema: Resources, rows: [
    { id: HSM, name: 'contoso-mhsm', type: 'microsoft.keyvault/managedhsms', properties: { publicNetworkAccess: 'Disabled', enablePurgeProtection: true } },
    { id: HSM2, name: 'contoso-mhsm-dev', type: 'microsoft.keyvault/managedhsms', properties: { publicNetworkAccess: 'Enabled', enablePurgeProtection: false } },
    { id: HSM.replace('managedHSMs/contoso-mhsm', 'vaults/contoso-kv'), name: 'contoso-kv', type: 'microsoft.keyvault/vaults', properties: {} },
  ] },
  { schema: Audit, rows: [{ TimeGenerated: '2026-11-20T10:00:00Z', ResourceId: HSM.toUpperCase(), OperationName: 'KeyGet' }] },
]);
const run = (q: string, timeRange?: { start: string; end: string }) => engine.run(q, db, { now: '2026-11-21T00:00:00Z', timeRange });

describe('arg("") tables', () => {
  it('reads a Resource Graph table through arg("") and its dynamic properties', () => {
    const r = run('arg("").Resources | where type =~ "microsoft.keyvault/managedhsms" | project name, Public = tostring(properties.publicNetworkAccess) | order by name asc');
    expect(r.rows).toEqual([['contoso-mhsm', 'Disabled'], ['contoso-mhsm-dev', 'Enabled']]);
  });

  it('joins a Resource Graph table with a workspace table, as Log Analytics allows', () => {
    const r = run(`let Seen = AzureDiagnostics | summarize Events = count() by HsmId = tolower(ResourceId);
      arg("").Resources | where type =~ "microsoft.keyvault/managedhsms" | extend HsmId = tolower(id)
      | join kind=leftouter Seen on HsmId | project name, Events = coalesce(Events, 0) | order by name asc`);
    expect(r.rows).toEqual([['contoso-mhsm', 1], ['contoso-mhsm-dev', 0]]);
  });

  it('has no standard columns and ignores the time range (no TimeGenerated)', () => {
    expect(run('arg("").Resources | getschema | project ColumnName').rows.flat()).toEqual(['id', 'name', 'type', 'properties']);
    expect(run('arg("").Resources | count', { start: '2026-11-20T09:00:00Z', end: '2026-11-20T09:30:00Z' }).rows).toEqual([[3]]);
    expect(run('AzureDiagnostics | count', { start: '2026-11-20T09:00:00Z', end: '2026-11-20T09:30:00Z' }).rows).toEqual([[0]]);
  });

  it('reports an unknown Resource Graph table or column with the binder\'s error, and a bare Resources as unknown', () => {
    expect(() => run('arg("").Resourcez')).toThrow(/KS204.*'Resourcez'/);
    expect(() => run('arg("").Resources | where nope == 1')).toThrow(/KS142.*'nope'/);
    // Resource Graph tables are only reachable through arg(""), as in Log Analytics.
    expect(() => run('Resources | count')).toThrow(/KS204.*'Resources'/);
  });

  it('loads Resource Graph schemas from schemas/arg and data from a data directory\'s arg/ folder', () => {
    const set = loadSchemaSet();
    expect(set.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['arg("").Resources', 'arg("").PolicyResources', 'AzureDiagnostics']));
    const dir = scratchDir('arg-data-');
    mkdirSync(join(dir, 'arg'));
    writeFileSync(join(dir, 'arg', 'Resources.jsonl'), `${JSON.stringify({ id: HSM, name: 'contoso-mhsm', type: 'microsoft.keyvault/managedhsms', properties: { enablePurgeProtection: true } })}\n`);
    writeFileSync(join(dir, 'AzureDiagnostics.jsonl'), `${JSON.stringify({ TimeGenerated: '2026-11-20T10:00:00Z', ResourceId: HSM, OperationName: 'KeyGet' })}\n`);
    const loaded = loadDataDirectory(dir, set.tables);
    const e = createEngine({ tables: set.tables });
    expect(e.run('arg("").Resources | project name, p = tobool(properties.enablePurgeProtection)', loaded).rows).toEqual([['contoso-mhsm', true]]);
    expect(e.run('AzureDiagnostics | count', loaded).rows).toEqual([[1]]);
    writeFileSync(join(dir, 'arg', 'Nope.jsonl'), '{}\n');
    expect(() => loadDataDirectory(dir, set.tables)).toThrow(/arg\/Nope\.jsonl: no table schema named arg\(""\)\.Nope; add one to the schema directory \(Resource Graph tables: its arg\/ directory\)/);
  });
});
