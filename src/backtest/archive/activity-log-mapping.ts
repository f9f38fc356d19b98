/**
 * An Activity log record as archived to storage (`insights-activity-logs`) as the AzureActivity row.
 *
 * Source: Microsoft Learn "Azure Activity log event schema", its last section mapping the storage schema to the
 * REST/portal schema (resultType = status.value, resultSignature = subStatus.value, callerIpAddress =
 * httpRequest.clientIpAddress, identity.authorization and identity.claims, properties) and the AzureActivity table
 * reference (OperationNameValue, CategoryValue, ActivityStatusValue, ActivitySubstatusValue, Caller, Claims_d,
 * Authorization_d, Properties_d). Assumed: Caller is the UPN claim, else the name claim, else the object id (the
 * table documents Caller as "the UPN or SPN claim based on availability"); OperationName (the localised display
 * name) is not in the archive and repeats OperationNameValue.
 */
import { resourceIdParts } from './resource-log-mapping.ts';

const UPN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const NAME = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
const OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

function obj(v: unknown): Record<string, unknown> | undefined {
  if (typeof v === 'string') {
    try { const p = JSON.parse(v); return p && typeof p === 'object' && !Array.isArray(p) ? p : undefined; } catch { return undefined; }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
}

export function toAzureActivityRow(record: Record<string, unknown>, blobResourceId?: string): Record<string, unknown> {
  const resourceId = String(record.resourceId ?? blobResourceId ?? '');
  const parts = resourceIdParts(resourceId);
  const identity = obj(record.identity) ?? {};
  const claims = obj(identity.claims);
  const authorization = obj(identity.authorization);
  const properties = obj(record.properties);
  const caller = claims ? (claims[UPN] ?? claims.upn ?? claims[NAME] ?? claims[OID] ?? claims.appid) : undefined;
  const row: Record<string, unknown> = {
    TenantId: record.tenantId,
    TimeGenerated: record.time,
    EventSubmissionTimestamp: record.time,
    OperationName: record.operationName,
    OperationNameValue: typeof record.operationName === 'string' ? record.operationName.toUpperCase() : record.operationName,
    Level: record.level,
    ActivityStatus: record.resultType,
    ActivityStatusValue: record.resultType,
    ActivitySubstatus: record.resultSignature,
    ActivitySubstatusValue: record.resultSignature,
    ResourceGroup: parts.resourceGroup?.toUpperCase(),
    SubscriptionId: parts.subscriptionId,
    _SubscriptionId: parts.subscriptionId,
    CorrelationId: record.correlationId,
    Caller: caller,
    CallerIpAddress: record.callerIpAddress,
    Category: record.category,
    CategoryValue: record.category,
    Authorization: authorization ? JSON.stringify(authorization) : undefined,
    Authorization_d: authorization,
    Claims: claims ? JSON.stringify(claims) : undefined,
    Claims_d: claims,
    Properties: properties ? JSON.stringify(properties) : undefined,
    Properties_d: properties,
    Hierarchy: properties?.hierarchy,
    ResourceProvider: parts.provider?.toUpperCase(),
    ResourceProviderValue: parts.provider?.toUpperCase(),
    Resource: parts.name?.toUpperCase(),
    ResourceId: resourceId.toUpperCase(),
    _ResourceId: resourceId.toLowerCase(),
    SourceSystem: 'Azure',
    Type: 'AzureActivity',
  };
  for (const k of Object.keys(row)) if (row[k] === undefined || row[k] === null) delete row[k];
  return row;
}
