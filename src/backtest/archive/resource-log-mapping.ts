/**
 * A Key Vault / Managed HSM resource-log record (the storage schema: `time`, `resourceId`, `operationName`,
 * `operationVersion`, `category`, `resultType`, `resultSignature`, `resultDescription`, `durationMs`,
 * `callerIpAddress`, `correlationId`, `identity`, `properties`, and Managed HSM's top-level `clientInfo`,
 * `httpStatusCode`, `requestUri`, `subnetId`, `PoolName`, ...) as the row Log Analytics would have stored.
 *
 * Sources: Microsoft Learn "Common and service-specific schemas for Azure resource logs" (top-level fields),
 * "Managed HSM logging" (the Managed HSM record, `identity` as a JSON string, fields at the top level), "Azure Key
 * Vault logging" (the vault record, fields under `properties`, identity claims keyed by URI), "AZKVAuditLogs" table
 * reference (the resource-specific columns), and the AzureDiagnostics columns in schemas/tables (the Key Vault
 * columns of Azure-Sentinel's CI schema).
 *
 * AzureDiagnostics ("Azure diagnostics" mode) flattens every field that is not a standard column: nested objects
 * join their keys with `_`, `properties` contributes its children without a prefix, characters other than letters,
 * digits and `_` become `_`, and the column gets a suffix for its type: `_s` string, `_d` number, `_b` bool, `_g`
 * GUID, `_t` datetime. Assumed (no public table of it): a string is `_g` when it is a GUID, `_t` never (Key Vault
 * logs carry no datetime fields); the 500-column overflow into AdditionalFields is not modelled.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fields that are AzureDiagnostics standard columns (lower-case record name → column). */
const STANDARD: Record<string, string> = {
  tenantid: 'TenantId', time: 'TimeGenerated', resourceid: 'ResourceId', category: 'Category', operationname: 'OperationName',
  operationversion: 'OperationVersion', resulttype: 'ResultType', resultsignature: 'ResultSignature', resultdescription: 'ResultDescription',
  durationms: 'DurationMs', calleripaddress: 'CallerIPAddress', correlationid: 'CorrelationId', level: 'Level', location: 'Region_s',
  resource: 'Resource', resourcegroup: 'ResourceGroup', resourceprovider: 'ResourceProvider', resourcetype: 'ResourceType',
};

/** Resource id parts: `/SUBSCRIPTIONS/{s}/RESOURCEGROUPS/{g}/PROVIDERS/{ns}/{type}/{name}`. */
export function resourceIdParts(id: string): { subscriptionId?: string; resourceGroup?: string; provider?: string; type?: string; name?: string } {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?(?:\/providers\/([^/]+)\/([^/]+)\/([^/]+))?/i.exec(id);
  if (!m) return {};
  return { subscriptionId: m[1]?.toLowerCase(), resourceGroup: m[2], provider: m[3], type: m[4], name: m[5] };
}

/** `identity` as an object: Managed HSM writes it as a JSON string, vaults as an object. */
export function identityOf(v: unknown): Record<string, unknown> | undefined {
  if (typeof v === 'string') {
    try { const p = JSON.parse(v); return p && typeof p === 'object' ? p as Record<string, unknown> : undefined; } catch { return undefined; }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
}

function columnName(path: string[]): string {
  return path.join('_').replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
}

function suffix(v: unknown): string | undefined {
  if (typeof v === 'number') return '_d';
  if (typeof v === 'boolean') return '_b';
  if (typeof v === 'string') return GUID.test(v) ? '_g' : '_s';
  return undefined;
}

function flatten(into: Record<string, unknown>, path: string[], v: unknown): void {
  if (v === null || v === undefined) return;
  if (typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) flatten(into, [...path, k], child);
    return;
  }
  if (Array.isArray(v)) { into[`${columnName(path)}_s`] = JSON.stringify(v); return; }
  const s = suffix(v);
  if (s) into[columnName(path) + s] = v;
}

function get(record: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

/** A field at the top level (Managed HSM) or under `properties` (vaults). */
function field(record: Record<string, unknown>, name: string): unknown {
  const top = get(record, name);
  if (top !== undefined) return top;
  const p = get(record, 'properties');
  return p && typeof p === 'object' ? get(p as Record<string, unknown>, name) : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function toAzureDiagnosticsRow(record: Record<string, unknown>, blobResourceId?: string): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    const std = STANDARD[k.toLowerCase()];
    if (std) { if (v !== null && v !== undefined) row[std] = v; continue; }
    if (k.toLowerCase() === 'properties') { flatten(row, [], typeof v === 'string' ? identityOf(v) ?? v : v); continue; }
    if (k.toLowerCase() === 'identity') { flatten(row, ['identity'], identityOf(v)); continue; }
    flatten(row, [k], v);
  }
  const resourceId = String(row.ResourceId ?? blobResourceId ?? '');
  const parts = resourceIdParts(resourceId);
  row.ResourceId = resourceId.toUpperCase();
  row._ResourceId = resourceId.toLowerCase();
  row.SubscriptionId ??= parts.subscriptionId;
  row.ResourceGroup = String(row.ResourceGroup ?? parts.resourceGroup ?? '').toUpperCase();
  row.Resource = String(row.Resource ?? parts.name ?? '').toUpperCase();
  row.ResourceProvider = String(row.ResourceProvider ?? parts.provider ?? '').toUpperCase();
  row.ResourceType = String(row.ResourceType ?? parts.type ?? '').toUpperCase();
  const duration = num(row.DurationMs);
  if (duration !== undefined) row.DurationMs = duration;
  row.Type = 'AzureDiagnostics';
  row.SourceSystem = 'Azure';
  return row;
}

export function toAzkvAuditLogsRow(record: Record<string, unknown>, blobResourceId?: string): Record<string, unknown> {
  const resourceId = String(get(record, 'resourceId') ?? blobResourceId ?? '');
  const props = get(record, 'properties');
  const properties = typeof props === 'string' ? identityOf(props) ?? {} : props && typeof props === 'object' ? props : {};
  const row: Record<string, unknown> = {
    TenantId: get(record, 'tenantId'),
    TimeGenerated: get(record, 'time'),
    ResultType: get(record, 'resultType'),
    OperationName: get(record, 'operationName'),
    ResultDescription: get(record, 'resultDescription'),
    CorrelationId: get(record, 'correlationId'),
    CallerIpAddress: get(record, 'callerIpAddress'),
    OperationVersion: get(record, 'operationVersion'),
    Identity: identityOf(get(record, 'identity')) ?? {},
    Properties: properties,
    Id: field(record, 'id'),
    ClientInfo: field(record, 'clientInfo'),
    SubnetId: field(record, 'subnetId'),
    HttpStatusCode: num(field(record, 'httpStatusCode')),
    RequestUri: field(record, 'requestUri'),
    IsAddressAuthorized: field(record, 'isAddressAuthorized'),
    AddressAuthorizationType: field(record, 'addressAuthorizationType'),
    IsAccessPolicyMatch: field(record, 'isAccessPolicyMatch'),
    IsRbacAuthorized: field(record, 'isRbacAuthorized'),
    AppliedAssignmentId: field(record, 'appliedAssignmentId'),
    TrustedService: field(record, 'trustedService'),
    Tlsversion: field(record, 'tlsVersion'),
    ResultSignature: get(record, 'resultSignature'),
    DurationMs: num(get(record, 'durationMs')),
    SourceSystem: 'Azure',
    Type: 'AZKVAuditLogs',
    _ResourceId: resourceId.toLowerCase(),
    _SubscriptionId: resourceIdParts(resourceId).subscriptionId,
  };
  for (const k of Object.keys(row)) if (row[k] === undefined || row[k] === null) delete row[k];
  return row;
}
