/**
 * An AzureDiagnostics table that has only the columns records like Microsoft's Managed HSM sample create: a
 * workspace creates an AzureDiagnostics column only when a record carrying it is ingested, so a workspace that
 * has seen only such records lacks the short claim columns, id_s, properties_s, isAddressAuthorized_b and others.
 * The variant binds the rule against that narrower schema (a query that names a missing column fails to bind, as in
 * Log Analytics) and drops those values from the rows.
 */
import type { Variant } from '../model.ts';
import { changed, mapRows } from '../transform.ts';

/** Standard AzureDiagnostics columns, and the columns the Managed HSM logging sample record produces. */
export const SAMPLE_RECORD_COLUMNS = new Set([
  'TenantId', 'TimeGenerated', 'ResourceId', '_ResourceId', 'Category', 'ResourceGroup', 'SubscriptionId', 'Resource', 'ResourceProvider',
  'ResourceType', 'OperationName', 'OperationVersion', 'ResultType', 'ResultSignature', 'ResultDescription', 'CorrelationId',
  'CallerIPAddress', 'DurationMs', 'SourceSystem', 'Type',
  'httpStatusCode_d', 'requestUri_s', 'clientInfo_s', 'subnetId_s', 'identity_claim_appid_g',
  'identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g',
  'identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s', 'PoolType_s', 'sku_Family_s', 'sku_Name_s', 'PoolName_s',
]);

export const sparseColumns: Variant = {
  id: 'sparse-azure-diagnostics',
  kind: 'shape',
  title: 'AzureDiagnostics with only the columns of Microsoft\'s Managed HSM sample record (others never ingested)',
  models: 'AzureDiagnostics columns exist only once a record carrying them is ingested; a new workspace lacks most optional columns',
  source: 'https://learn.microsoft.com/azure/azure-monitor/reference/tables/azurediagnostics; Azure/Azure-Sentinel issue #10340 (columns absent in a clean workspace)',
  keeps: 'verdict',
  cases: ['positive', 'negative'],
  apply({ rows, tables, schemas }) {
    const schema = schemas.get('AzureDiagnostics');
    if (!tables.has('AzureDiagnostics') || !schema || !(rows.AzureDiagnostics ?? []).length) return undefined;
    const out = mapRows(rows, (t) => t === 'AzureDiagnostics', (row) => {
      const r: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) if (SAMPLE_RECORD_COLUMNS.has(k) || k === '_IngestionTime') r[k] = v;
      return r;
    });
    if (!changed(rows, out)) return undefined;
    return { rows: out, schemas: [{ ...schema, columns: schema.columns.filter((c) => SAMPLE_RECORD_COLUMNS.has(c.name)) }] };
  },
};
