/**
 * One Managed HSM audit event, written in both shapes Log Analytics stores it in: the legacy AzureDiagnostics
 * row (flattened `*_s`/`*_d`/`*_g` columns, upper-case ResourceId) and the resource-specific AZKVAuditLogs row
 * (typed columns, the caller in the `Identity` claims object). Field choices follow the Managed HSM logging
 * sample record; see the parser `detections/parsers/ManagedHsmAudit.yaml` for the read side.
 */
import { CLIENT_INFO, HSM_PROD, SUBSCRIPTION_ID, TENANT_ID, hsmResourceId, type Hsm, type Identity } from './environment.ts';

export interface HsmEvent {
  /** ISO-8601 UTC. */
  time: string;
  hsm?: Hsm;
  /** OperationName as logged, e.g. `KeyDelete`, `SecurityDomainDownload`. */
  operation: string;
  /** Request path on the HSM's data plane, e.g. `/keys/payments-kek/delete`; query strings allowed. */
  path: string;
  httpMethod?: string;
  status: number;
  caller: Identity;
  ip: string;
  durationMs?: number;
  /** Key or object URI (`id`); defaults to the request URI without its query. */
  objectUri?: string;
  clientInfo?: string;
  resultDescription?: string;
  /** Request properties for role management operations: `{ roleDefinitionId, permissions }`. */
  properties?: Record<string, unknown>;
  isAddressAuthorized?: boolean;
  correlationId?: string;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests', 500: 'Internal Server Error',
};

/** FNV-1a based GUID: stable for the same input, so regenerated samples do not churn. */
export function stableGuid(...parts: (string | number)[]): string {
  let hex = '';
  let h = 0x811c9dc5;
  const text = parts.join('|');
  for (let round = 0; hex.length < 32; round++) {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= round;
    h = Math.imul(h, 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function hostOf(hsm: Hsm): string {
  return `https://${hsm.name}.managedhsm.azure.net`;
}

function defaults(e: HsmEvent) {
  const hsm = e.hsm ?? HSM_PROD;
  const uri = `${hostOf(hsm)}${e.path}`;
  const resultType = e.status < 400 ? 'Success' : STATUS_TEXT[e.status] ?? 'Failure';
  return {
    hsm,
    uri,
    resourceId: hsmResourceId(hsm),
    objectUri: e.objectUri ?? (/^\/keys\//.test(e.path) ? uri.split('?')[0] : ''),
    correlationId: e.correlationId ?? stableGuid('corr', e.time, e.operation, e.path, e.caller.objectId),
    durationMs: e.durationMs ?? (e.status >= 400 ? 12 : 45),
    clientInfo: e.clientInfo ?? CLIENT_INFO.cli,
    resultType,
    resultSignature: STATUS_TEXT[e.status] ?? String(e.status),
    resultDescription: e.resultDescription ?? (e.status === 401 ? 'Unauthorized' : e.status === 403 ? 'Caller is not authorized to perform action on resource.' : ''),
    idtyp: e.caller.kind === 'user' ? 'user' : e.caller.kind === 'anonymous' ? '' : 'app',
  };
}

export function toAzureDiagnostics(e: HsmEvent): Record<string, unknown> {
  const d = defaults(e);
  const row: Record<string, unknown> = {
    TenantId: TENANT_ID,
    TimeGenerated: e.time,
    ResourceId: d.resourceId.toUpperCase(),
    _ResourceId: d.resourceId,
    Category: 'AuditEvent',
    ResourceGroup: d.hsm.resourceGroup.toUpperCase(),
    SubscriptionId: SUBSCRIPTION_ID,
    Resource: d.hsm.name.toUpperCase(),
    ResourceProvider: 'MICROSOFT.KEYVAULT',
    ResourceType: 'MANAGEDHSMS',
    OperationName: e.operation,
    OperationVersion: '7.5',
    ResultType: d.resultType,
    ResultSignature: d.resultSignature,
    ResultDescription: d.resultDescription,
    CorrelationId: d.correlationId,
    CallerIPAddress: e.ip,
    DurationMs: d.durationMs,
    httpStatusCode_d: e.status,
    requestUri_s: d.uri,
    clientInfo_s: d.clientInfo,
    id_s: d.objectUri,
    subnetId_s: e.ip.startsWith('10.') ? `/subscriptions/${SUBSCRIPTION_ID}/resourcegroups/rg-network/providers/microsoft.network/virtualnetworks/vnet-prod/subnets/snet-workloads` : '(unknown)',
    httpMethod_s: e.httpMethod ?? '',
    identity_claim_appid_g: e.caller.appId,
    identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: e.caller.objectId,
    identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s: e.caller.upn ?? '',
    identity_claim_idtyp_s: d.idtyp,
    identity_claim_xms_mirid_s: e.caller.miResourceId ?? '',
    isAddressAuthorized_b: e.isAddressAuthorized ?? true,
    PoolType_s: 'M-HSM',
    sku_Family_s: 'B',
    sku_Name_s: 'Standard_B1',
    Type: 'AzureDiagnostics',
    SourceSystem: 'Azure',
  };
  if (e.properties) row.properties_s = JSON.stringify(e.properties);
  return row;
}

export function toAzkvAuditLogs(e: HsmEvent): Record<string, unknown> {
  const d = defaults(e);
  const claim: Record<string, unknown> = {};
  if (e.caller.kind !== 'anonymous') {
    claim.appid = e.caller.appId;
    claim.idtyp = d.idtyp;
    claim.http_schemas_microsoft_com_identity = { claims: { objectidentifier: e.caller.objectId } };
  }
  if (e.caller.upn) claim.http_schemas_xmlsoap_org_ws_2005_05_identity = { claims: { upn: e.caller.upn } };
  if (e.caller.miResourceId) claim.xms_mirid = e.caller.miResourceId;
  return {
    TenantId: TENANT_ID,
    TimeGenerated: e.time,
    ResultType: d.resultType,
    OperationName: e.operation,
    ResultDescription: d.resultDescription,
    CorrelationId: d.correlationId,
    CallerIpAddress: e.ip,
    OperationVersion: '7.5',
    Identity: e.caller.kind === 'anonymous' ? {} : { claim },
    Properties: e.properties ?? {},
    Id: d.objectUri,
    ClientInfo: d.clientInfo,
    SubnetId: e.ip.startsWith('10.') ? `/subscriptions/${SUBSCRIPTION_ID}/resourcegroups/rg-network/providers/microsoft.network/virtualnetworks/vnet-prod/subnets/snet-workloads` : '',
    HttpStatusCode: e.status,
    RequestUri: d.uri,
    IsAddressAuthorized: e.isAddressAuthorized ?? true,
    AddressAuthorizationType: e.ip.startsWith('10.') ? 'PrivateLink' : 'PublicIP',
    IsRbacAuthorized: e.status !== 403,
    ResultSignature: d.resultSignature,
    DurationMs: d.durationMs,
    SourceSystem: 'Azure',
    Type: 'AZKVAuditLogs',
    _ResourceId: d.resourceId,
    _SubscriptionId: SUBSCRIPTION_ID,
  };
}
