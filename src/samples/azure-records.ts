/**
 * Rows for the Azure control-plane and identity tables the pack correlates with Managed HSM audit logs:
 * AzureActivity (ARM operations on the HSM resource), SigninLogs (Entra ID sign-ins for the HSM data plane)
 * and ThreatIntelligenceIndicator (network indicators).
 */
import {
  MANAGED_HSM_RESOURCE_APP_ID, SUBSCRIPTION_ID, TENANT_ID, hsmResourceId, type Hsm, type Identity,
} from './environment.ts';
import { stableGuid } from './hsm-records.ts';

export interface ActivityEvent {
  time: string;
  hsm: Hsm;
  /** ARM operation, e.g. `MICROSOFT.KEYVAULT/MANAGEDHSMS/WRITE`. */
  operation: string;
  /** Display name of the operation, e.g. `Create or Update Managed HSM`. */
  displayName: string;
  caller: Identity;
  ip: string;
  /** Path below the HSM resource id, e.g. `/providers/microsoft.insights/diagnosticSettings/to-sentinel`. */
  subResource?: string;
  /** Full ARM id of the target when it is not the HSM (or below it), e.g. a look-alike on another resource. */
  resourceId?: string;
  status?: 'Success' | 'Failure' | 'Start' | 'Accept';
  /** ARM request body (logged as JSON text in Properties_d.requestbody). */
  requestBody?: Record<string, unknown>;
  /** Role definition of an Azure role assignment (Authorization evidence). */
  roleDefinitionId?: string;
}

export function toAzureActivity(e: ActivityEvent): Record<string, unknown> {
  const resourceId = (e.resourceId ?? `${hsmResourceId(e.hsm)}${e.subResource ?? ''}`).toLowerCase();
  const status = e.status ?? 'Success';
  const correlationId = stableGuid('arm', e.time, e.operation, resourceId);
  const caller = e.caller.upn ?? e.caller.objectId;
  const properties: Record<string, unknown> = {
    eventCategory: 'Administrative',
    entity: resourceId,
    message: e.operation.toLowerCase(),
    hierarchy: `${TENANT_ID}/${SUBSCRIPTION_ID}`,
    caller,
    resource: e.hsm.name,
    resourceProviderValue: 'MICROSOFT.KEYVAULT',
  };
  if (e.requestBody) properties.requestbody = JSON.stringify(e.requestBody);
  const authorization: Record<string, unknown> = { action: e.operation, scope: resourceId };
  if (e.roleDefinitionId) {
    authorization.evidence = { role: 'Owner', roleDefinitionId: '8e3af657a8ff443ca75c2fe8c4bcb635', principalId: e.caller.objectId.replace(/-/g, ''), principalType: e.caller.kind === 'user' ? 'User' : 'ServicePrincipal' };
    properties.requestbody = JSON.stringify({ Id: stableGuid('ra', resourceId), Properties: { PrincipalId: stableGuid('principal', e.time), RoleDefinitionId: `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${e.roleDefinitionId}`, Scope: hsmResourceId(e.hsm) } });
  }
  return {
    TenantId: TENANT_ID,
    TimeGenerated: e.time,
    EventSubmissionTimestamp: e.time,
    OperationName: e.displayName,
    OperationNameValue: e.operation,
    Level: 'Informational',
    ActivityStatus: status === 'Success' ? 'Succeeded' : status === 'Failure' ? 'Failed' : status === 'Start' ? 'Started' : 'Accepted',
    ActivityStatusValue: status,
    ActivitySubstatusValue: status === 'Success' ? 'OK' : '',
    ResourceGroup: e.hsm.resourceGroup.toUpperCase(),
    SubscriptionId: SUBSCRIPTION_ID,
    _SubscriptionId: SUBSCRIPTION_ID,
    CorrelationId: correlationId,
    OperationId: stableGuid('op', correlationId),
    EventDataId: stableGuid('evt', correlationId, status),
    Caller: caller,
    CallerIpAddress: e.ip,
    Category: 'Administrative',
    CategoryValue: 'Administrative',
    HTTPRequest: JSON.stringify({ clientRequestId: stableGuid('req', correlationId), clientIpAddress: e.ip, method: e.operation.endsWith('/DELETE') ? 'DELETE' : e.operation.endsWith('/ACTION') ? 'POST' : 'PUT' }),
    Authorization: JSON.stringify(authorization),
    Authorization_d: authorization,
    Claims_d: { 'http://schemas.microsoft.com/identity/claims/objectidentifier': e.caller.objectId, appid: e.caller.appId, ...(e.caller.upn ? { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': e.caller.upn } : {}) },
    Properties: JSON.stringify(properties),
    Properties_d: properties,
    ResourceId: resourceId.toUpperCase(),
    _ResourceId: resourceId,
    ResourceProvider: 'Microsoft.KeyVault',
    ResourceProviderValue: 'MICROSOFT.KEYVAULT',
    Resource: e.hsm.name.toUpperCase(),
    Hierarchy: `${TENANT_ID}/${SUBSCRIPTION_ID}`,
    SourceSystem: 'Azure',
    Type: 'AzureActivity',
  };
}

export interface SigninEvent {
  time: string;
  user: Identity;
  ip: string;
  /** `0` success; e.g. `50126` bad password, `53003` blocked by Conditional Access, `50053` locked. */
  resultType: string;
  resultDescription?: string;
  appId?: string;
  appDisplayName?: string;
  country?: string;
  conditionalAccessStatus?: 'success' | 'failure' | 'notApplied';
  resourceDisplayName?: string;
  resourceId?: string;
}

export function toSigninLogs(e: SigninEvent): Record<string, unknown> {
  const id = stableGuid('signin', e.time, e.user.objectId, e.ip, e.resultType);
  const ca = e.conditionalAccessStatus ?? (e.resultType === '53003' ? 'failure' : e.resultType === '0' ? 'success' : 'notApplied');
  return {
    TenantId: TENANT_ID,
    SourceSystem: 'Azure AD',
    TimeGenerated: e.time,
    CreatedDateTime: e.time,
    OperationName: 'Sign-in activity',
    OperationVersion: '1.0',
    Category: 'SignInLogs',
    ResultType: e.resultType,
    ResultSignature: 'None',
    ResultDescription: e.resultDescription ?? '',
    CorrelationId: stableGuid('signin-corr', id),
    Id: id,
    Identity: e.user.displayName,
    Level: e.resultType === '0' ? '4' : '3',
    Location: e.country ?? 'NL',
    AppDisplayName: e.appDisplayName ?? 'Microsoft Azure CLI',
    AppId: e.appId ?? e.user.appId,
    ClientAppUsed: 'Mobile Apps and Desktop clients',
    ConditionalAccessStatus: ca,
    ConditionalAccessPolicies: ca === 'failure'
      ? [{ id: 'c4a1b2c3-0000-4000-8000-00000000ca01', displayName: 'Block HSM access from untrusted locations', result: 'failure', enforcedGrantControls: ['Block'] }]
      : [],
    IsInteractive: true,
    IPAddress: e.ip,
    LocationDetails: { countryOrRegion: e.country ?? 'NL', city: e.country && e.country !== 'NL' ? 'Unknown' : 'Amsterdam' },
    DeviceDetail: { operatingSystem: 'Linux', browser: '' },
    Status: { errorCode: Number(e.resultType), failureReason: e.resultDescription ?? '' },
    ResourceDisplayName: e.resourceDisplayName ?? 'Azure Key Vault Managed HSM',
    ResourceIdentity: e.resourceId ?? MANAGED_HSM_RESOURCE_APP_ID,
    ResourceId: e.resourceId ?? MANAGED_HSM_RESOURCE_APP_ID,
    UserDisplayName: e.user.displayName,
    UserId: e.user.objectId,
    UserPrincipalName: e.user.upn ?? '',
    UserType: 'Member',
    AADTenantId: TENANT_ID,
    HomeTenantId: TENANT_ID,
    ResourceTenantId: TENANT_ID,
    RiskLevelDuringSignIn: 'none',
    RiskState: 'none',
    AuthenticationRequirement: 'multiFactorAuthentication',
    Type: 'SigninLogs',
  };
}

export interface IndicatorEvent {
  time: string;
  ip: string;
  description: string;
  expires: string;
  active?: boolean;
  confidence?: number;
  threatType?: string;
}

export function toThreatIntelligenceIndicator(e: IndicatorEvent): Record<string, unknown> {
  return {
    TenantId: TENANT_ID,
    TimeGenerated: e.time,
    SourceSystem: 'SecurityGraph',
    Action: 'alert',
    Description: e.description,
    ExpirationDateTime: e.expires,
    IndicatorId: stableGuid('ioc', e.ip),
    ExternalIndicatorId: `indicator--${stableGuid('stix', e.ip)}`,
    ThreatType: e.threatType ?? 'Botnet',
    Active: e.active ?? true,
    ConfidenceScore: e.confidence ?? 80,
    ThreatSeverity: 3,
    TrafficLightProtocolLevel: 'Amber',
    NetworkIP: e.ip,
    IndicatorProvider: 'Microsoft Defender Threat Intelligence',
    Type: 'ThreatIntelligenceIndicator',
  };
}
