/**
 * One Managed HSM audit event in the other destination's shape: the legacy AzureDiagnostics row (a diagnostic
 * setting without `logAnalyticsDestinationType`) and the resource-specific AZKVAuditLogs row (`Dedicated`).
 * The column correspondence follows the Azure-Sentinel CustomTables schemas of both tables and the Key Vault
 * monitoring data reference (samples/README.md, "Where each record shape comes from").
 */
import { callerOf, dynamicObject, withCaller, type ClaimForm, type Row } from './records.ts';

/** AzureDiagnostics column → AZKVAuditLogs column, for the columns that carry the same value. */
const SAME: [string, string][] = [
  ['TenantId', 'TenantId'], ['TimeGenerated', 'TimeGenerated'], ['ResultType', 'ResultType'], ['OperationName', 'OperationName'],
  ['ResultDescription', 'ResultDescription'], ['CorrelationId', 'CorrelationId'], ['CallerIPAddress', 'CallerIpAddress'],
  ['OperationVersion', 'OperationVersion'], ['id_s', 'Id'], ['clientInfo_s', 'ClientInfo'], ['subnetId_s', 'SubnetId'],
  ['requestUri_s', 'RequestUri'], ['isAddressAuthorized_b', 'IsAddressAuthorized'], ['addressAuthorizationType_s', 'AddressAuthorizationType'],
  ['isRbacAuthorized_b', 'IsRbacAuthorized'], ['appliedAssignmentId_s', 'AppliedAssignmentId'], ['trustedService_s', 'TrustedService'],
  ['tlsVersion_s', 'Tlsversion'], ['ResultSignature', 'ResultSignature'], ['DurationMs', 'DurationMs'], ['_IngestionTime', '_IngestionTime'],
];

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function segments(resourceId: string): { subscription?: string; group?: string; name?: string } {
  const m = /\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.keyvault\/managedhsms\/([^/]+)/i.exec(resourceId);
  return m ? { subscription: m[1], group: m[2], name: m[3] } : {};
}

export function toAzkvAuditLogs(row: Row): Row {
  const out: Row = {};
  for (const [a, b] of SAME) if (present(row[a])) out[b] = row[a];
  if (present(row.httpStatusCode_d)) out.HttpStatusCode = Math.trunc(Number(row.httpStatusCode_d));
  const properties = dynamicObject(row.properties_s);
  out.Properties = properties ?? {};
  out.SourceSystem = 'Azure';
  out.Type = 'AZKVAuditLogs';
  const id = String(row._ResourceId ?? row.ResourceId ?? '');
  out._ResourceId = id.toLowerCase();
  const sub = segments(id).subscription;
  if (sub) out._SubscriptionId = sub.toLowerCase();
  const caller = callerOf('AzureDiagnostics', row);
  const form: ClaimForm = present(row.identity_claim_oid_g) || present(row.identity_claim_upn_s) ? 'short' : 'long';
  out.Identity = {};
  return caller ? withCaller('AZKVAuditLogs', out, caller, form) : out;
}

export function toAzureDiagnostics(row: Row): Row {
  const out: Row = {};
  for (const [a, b] of SAME) if (present(row[b])) out[a] = row[b];
  if (present(row.HttpStatusCode)) out.httpStatusCode_d = Number(row.HttpStatusCode);
  const properties = dynamicObject(row.Properties);
  if (properties && Object.keys(properties).length) out.properties_s = JSON.stringify(properties);
  const id = String(row._ResourceId ?? '');
  const seg = segments(id);
  out._ResourceId = id.toLowerCase();
  out.ResourceId = id.toUpperCase();
  out.Category = 'AuditEvent';
  out.ResourceProvider = 'MICROSOFT.KEYVAULT';
  out.ResourceType = 'MANAGEDHSMS';
  if (seg.group) out.ResourceGroup = seg.group.toUpperCase();
  if (seg.subscription) out.SubscriptionId = seg.subscription.toLowerCase();
  if (seg.name) out.Resource = seg.name.toUpperCase();
  out.SourceSystem = 'Azure';
  out.Type = 'AzureDiagnostics';
  const caller = callerOf('AZKVAuditLogs', row);
  const claim = (dynamicObject(row.Identity)?.claim ?? {}) as Record<string, unknown>;
  const form: ClaimForm = claim.oid !== undefined || claim.upn !== undefined ? 'short' : 'long';
  return caller ? withCaller('AzureDiagnostics', out, caller, form) : out;
}
