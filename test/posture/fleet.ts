/**
 * Realistic fleets for the posture imitation. Shapes, and where they come from:
 *
 * - HSM resources: Resource Graph rows of type microsoft.keyvault/managedhsms, whose `properties` are the ARM
 *   resource's (keyvault resource-manager 2023-07-01 ManagedHsm_Get.json: tenantId, initialAdminObjectIds,
 *   enableSoftDelete, softDeleteRetentionInDays, enablePurgeProtection, hsmUri, provisioningState, statusMessage;
 *   networkAcls, publicNetworkAccess, privateEndpointConnections, securityDomainProperties from the
 *   ManagedHsmProperties definition of the same spec). Assumed: Resource Graph carries these properties as ARM returns them.
 * - Diagnostic settings: listDiagnosticSettings.json (monitor 2021-05-01-preview); the AuditEvent category and
 *   logAnalyticsDestinationType "Dedicated" from Microsoft's Managed HSM logging page.
 * - Policy states: PolicyStates_QueryResourceScope.json (policyinsights 2019-10-01); definition ids of the built-in
 *   Managed HSM policies (Azure/azure-policy); the Microsoft cloud security benchmark initiative id
 *   1f3afdf9-d0c9-4c3d-847f-89da613e70a8.
 * - Local RBAC: ListRoleAssignments-example.json / ListRoleDefinitions-example.json (keyvault data-plane 7.4); built-in
 *   role ids and what each may do from Microsoft's "Local RBAC built-in roles for Managed HSM" page. Assumed: the
 *   data actions listed per role below are the subset of that page's table these checks read.
 * - Principals: Microsoft Graph v1.0 directoryObjects getByIds answers (@odata.type, id, displayName, userPrincipalName).
 * - Logs: AzureDiagnostics / AZKVAuditLogs rows with the columns of schemas/tables and the BackupCreate operation of
 *   Microsoft's Managed HSM sample record (samples/README.md).
 * - Workspaces and tables: operationalinsights 2022-10-01 (TablesGet.json: retentionInDays, totalRetentionInDays, plan).
 *
 * All names, ids and domains are fictional (contoso.com, fabrikam.com).
 */
import type { HsmResource, LocalRoleDefinition, PolicyAssignment } from '../../src/posture/index.ts';

export interface FleetHsm {
  resource: HsmResource;
  diagnosticSettings?: { name: string; properties: Record<string, unknown> }[];
  policyStates?: Record<string, unknown>[];
  roleAssignments?: { name: string; roleId: string; principalId: string; scope?: string }[];
  roleDefinitions?: LocalRoleDefinition[];
  /** The data plane answers 403 (the reader holds no local role). */
  dataPlaneDenied?: boolean;
}

export interface FleetWorkspace {
  id: string;
  customerId: string;
  retentionInDays: number;
  tables: Record<string, { retentionInDays: number; totalRetentionInDays: number; plan?: string }>;
  rows: Record<string, Record<string, unknown>[]>;
  queryDenied?: boolean;
}

export interface Fleet {
  now: Date;
  hsms: FleetHsm[];
  managementGroups?: Record<string, string[]>;
  policyAssignments?: PolicyAssignment[];
  principals?: { id: string; type: 'user' | 'group' | 'servicePrincipal'; displayName: string; userPrincipalName?: string }[];
  workspaces: FleetWorkspace[];
  /** ARM paths (substrings) that answer 403 AuthorizationFailed. */
  denied?: (string | RegExp)[];
  graphDenied?: boolean;
}

export const SUB_CONTOSO = 'b3c1e8a2-5d4f-4e6a-9b7c-1a2b3c4d5e6f';
export const SUB_FABRIKAM = 'c4d2f9b3-6e5a-4f7b-8c8d-2b3c4d5e6f70';
export const MANAGEMENT_GROUP = 'contoso-security';
const TENANT = '72f988bf-0000-4000-8000-00000000c0de';

const ROLE = {
  administrator: 'a290e904-7015-4bba-90c8-60543313cdb4',
  cryptoOfficer: '515eb02d-2335-4d2d-92f2-b1cbdf9c3778',
  cryptoUser: '21dbd100-6940-42c2-9190-5d6cb909625b',
  cryptoAuditor: '2c18b078-7c48-4d3a-af88-5a3a1b3f82b3',
  backup: '7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8',
  restore: '6efe6056-5259-49d2-8b3d-d3d73544b20b',
};

export const PRINCIPAL = {
  hsmAdmins: '0c6f2d1e-3a4b-4c5d-8e9f-a0b1c2d3e4f5',
  alexAdmin: '1d7a3e2f-4b5c-4d6e-9fa0-b1c2d3e4f506',
  devOwner: '2e8b4f3a-5c6d-4e7f-a0b1-c2d3e4f50617',
  paymentsApi: '3f9c5a4b-6d7e-4f80-b1c2-d3e4f5061728',
  backupAutomation: '4a0d6b5c-7e8f-4091-c2d3-e4f506172839',
  postureReader: '5b1e7c6d-8f90-41a2-d3e4-f5061728394a',
  deleted: '6c2f8d7e-9001-42b3-e4f5-061728394a5b',
};

const MHSM = (id: string) => `/providers/Microsoft.Authorization/policyDefinitions/${id}`;
const MCSB = '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8';

const dataActions = (...a: string[]) => a.map((x) => `Microsoft.KeyVault/managedHsm${x}`);

export function builtInRoles(): LocalRoleDefinition[] {
  const role = (name: string, roleName: string, description: string, actions: string[]): LocalRoleDefinition => ({
    id: `Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/${name}`, name,
    properties: { roleName, description, type: 'AKVBuiltInRole', assignableScopes: ['/'], permissions: [{ actions: [], notActions: [], dataActions: actions, notDataActions: [] }] },
  });
  return [
    role(ROLE.administrator, 'Managed HSM Administrator', 'Security domain, full backup and restore, and role management.', dataActions('/securitydomain/download/action', '/securitydomain/upload/action', '/securitydomain/upload/read', '/securitydomain/transferkey/read', '/roleAssignments/read/action', '/roleAssignments/write/action', '/roleAssignments/delete/action', '/roleDefinitions/read/action', '/roleDefinitions/write/action', '/roleDefinitions/delete/action', '/backup/start/action', '/backup/status/action', '/restore/start/action', '/restore/status/action')),
    role(ROLE.cryptoOfficer, 'Managed HSM Crypto Officer', 'Role management, purge or recover deleted keys, export keys.', dataActions('/roleAssignments/read/action', '/roleAssignments/write/action', '/roleAssignments/delete/action', '/roleDefinitions/read/action', '/keys/deletedKeys/read/action', '/keys/deletedKeys/recover/action', '/keys/deletedKeys/delete', '/keys/export/action')),
    role(ROLE.cryptoUser, 'Managed HSM Crypto User', 'All key management operations except purge, recover and export.', dataActions('/keys/read/action', '/keys/write/action', '/keys/create', '/keys/delete', '/keys/rotate/action', '/keys/import/action', '/keys/backup/action', '/keys/restore/action', '/keys/encrypt/action', '/keys/decrypt/action', '/keys/wrap/action', '/keys/unwrap/action', '/keys/sign/action', '/keys/verify/action')),
    role(ROLE.cryptoAuditor, 'Managed HSM Crypto Auditor', 'Read key attributes (not use keys).', dataActions('/keys/read/action', '/keys/deletedKeys/read/action', '/roleAssignments/read/action', '/roleDefinitions/read/action')),
    role(ROLE.backup, 'Managed HSM Backup', 'Single key or whole HSM backup.', dataActions('/backup/start/action', '/backup/status/action', '/keys/backup/action')),
    role(ROLE.restore, 'Managed HSM Restore', 'Single key or whole HSM restore.', dataActions('/restore/start/action', '/restore/status/action', '/keys/restore/action')),
  ];
}

function hsm(sub: string, rg: string, name: string, location: string, properties: Partial<HsmResource['properties']>): HsmResource {
  return {
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/managedHSMs/${name}`,
    name, location, resourceGroup: rg, subscriptionId: sub, tenantId: TENANT,
    sku: { family: 'B', name: 'Standard_B1' }, tags: { Environment: rg.includes('dev') ? 'dev' : 'prod' },
    properties: {
      tenantId: TENANT, initialAdminObjectIds: [PRINCIPAL.hsmAdmins], enableSoftDelete: true, softDeleteRetentionInDays: 90,
      enablePurgeProtection: true, provisioningState: 'Succeeded', statusMessage: 'The Managed HSM is provisioned and ready to use.',
      publicNetworkAccess: 'Disabled', networkAcls: { bypass: 'None', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
      securityDomainProperties: { activationStatus: 'Active', activationStatusMessage: 'Your HSM has been activated and can be used for cryptographic operations.' },
      privateEndpointConnections: [],
      ...properties,
    },
  };
}

const pe = (sub: string, rg: string, name: string, status: string) => ({
  id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/managedHSMs/x/privateEndpointConnections/${name}`,
  properties: { privateEndpoint: { id: `/subscriptions/${sub}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/${name}` }, privateLinkServiceConnectionState: { status, description: status === 'Approved' ? 'Approved by the HSM team' : 'Awaiting approval', actionsRequired: 'None' }, provisioningState: 'Succeeded' },
});

const WS_PROD = `/subscriptions/${SUB_CONTOSO}/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/sentinel-prod`;
const WS_DR = `/subscriptions/${SUB_CONTOSO}/resourceGroups/rg-logging-dr/providers/Microsoft.OperationalInsights/workspaces/law-dr`;
export const WORKSPACE_PROD = WS_PROD;

const auditSetting = (name: string, workspaceId: string, dedicated = false) => ({
  name, properties: { workspaceId, storageAccountId: null, eventHubAuthorizationRuleId: null, ...(dedicated ? { logAnalyticsDestinationType: 'Dedicated' } : {}), metrics: [{ category: 'AllMetrics', enabled: true, retentionPolicy: { enabled: false, days: 0 } }], logs: [{ category: 'AuditEvent', categoryGroup: null, enabled: true, retentionPolicy: { enabled: false, days: 0 } }] },
});

const hours = (now: Date, h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

function diagnosticsRow(now: Date, h: HsmResource, ago: number, operation: string, result = 'Success') {
  return {
    TimeGenerated: hours(now, ago), ResourceProvider: 'MICROSOFT.KEYVAULT', ResourceType: 'MANAGEDHSMS', Category: 'AuditEvent',
    Resource: h.name.toUpperCase(), ResourceId: h.id.toUpperCase(), _ResourceId: h.id.toLowerCase(), ResourceGroup: h.resourceGroup.toUpperCase(), SubscriptionId: h.subscriptionId,
    OperationName: operation, OperationVersion: '7.4', ResultType: result, httpStatusCode_d: operation === 'BackupCreate' ? 202 : 200,
    requestUri_s: `https://${h.name}.managedhsm.azure.net/${operation === 'BackupCreate' ? 'backup' : 'keys/payments-kek/wrapkey'}`, CallerIPAddress: '10.20.4.17',
  };
}

function auditLogsRow(now: Date, h: HsmResource, ago: number, operation: string, result = 'Success') {
  return {
    TimeGenerated: hours(now, ago), _ResourceId: h.id.toLowerCase(), OperationName: operation, OperationVersion: '7.4', ResultType: result,
    HttpStatusCode: operation === 'BackupCreate' ? 202 : 200, CallerIpAddress: '10.30.1.9', RequestUri: `https://${h.name}.managedhsm.azure.net/backup`,
  };
}

/** Four HSMs over two subscriptions of one management group: compliant, non-compliant, a stale one, a hidden one. */
export function contosoFleet(): Fleet {
  const now = new Date('2026-12-03T12:00:00Z');
  const prod = hsm(SUB_CONTOSO, 'rg-hsm-prod', 'contoso-hsm-prod01', 'westeurope', {
    privateEndpointConnections: [pe(SUB_CONTOSO, 'rg-hsm-prod', 'pe-hsm-prod01', 'Approved')],
  });
  const dev = hsm(SUB_CONTOSO, 'rg-hsm-dev', 'contoso-hsm-dev01', 'westeurope', {
    publicNetworkAccess: 'Enabled', networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [{ value: '192.0.2.0/24' }], virtualNetworkRules: [] },
    enablePurgeProtection: false, softDeleteRetentionInDays: 7,
    privateEndpointConnections: [pe(SUB_CONTOSO, 'rg-hsm-dev', 'pe-hsm-dev01', 'Pending')],
  });
  const dr = hsm(SUB_CONTOSO, 'rg-hsm-prod', 'contoso-hsm-dr01', 'northeurope', {
    privateEndpointConnections: [pe(SUB_CONTOSO, 'rg-hsm-prod', 'pe-hsm-dr01', 'Approved')],
    securityDomainProperties: { activationStatus: 'NotActivated', activationStatusMessage: 'Your HSM has been provisioned, but cannot be used for cryptographic operations until it is activated.' },
  });
  const pay = hsm(SUB_FABRIKAM, 'rg-payments', 'fabrikam-hsm-pay01', 'eastus2', {
    privateEndpointConnections: [pe(SUB_FABRIKAM, 'rg-payments', 'pe-hsm-pay01', 'Approved')],
  });
  const custom: LocalRoleDefinition = {
    id: 'Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/9e2c4a71-1f0b-4c55-8d4e-6a2b1c3d4e5f', name: '9e2c4a71-1f0b-4c55-8d4e-6a2b1c3d4e5f',
    properties: { roleName: 'Key Operator (dev)', description: 'Everything on keys, for the dev team', type: 'CustomRole', assignableScopes: ['/'], permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/managedHsm/keys/*'], notDataActions: ['Microsoft.KeyVault/managedHsm/keys/export/action'] }] },
  };
  const customTight: LocalRoleDefinition = {
    id: 'Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e', name: '0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e',
    properties: { roleName: 'Key Rotator', description: 'Rotates keys on schedule', type: 'CustomRole', assignableScopes: ['/'], permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/managedHsm/keys/read/action', 'Microsoft.KeyVault/managedHsm/keys/rotate/action'], notDataActions: [] }] },
  };
  const states = (defs: [string, string][], assignment: string, set?: string) => defs.map(([def, state]) => ({
    policyAssignmentId: assignment, policyAssignmentName: assignment.split('/').pop(), policyAssignmentScope: assignment.replace(/\/providers\/Microsoft\.Authorization\/policyAssignments\/.*$/, ''),
    policyDefinitionId: MHSM(def), policyDefinitionName: def, policySetDefinitionId: set ?? null, policySetDefinitionName: set ? set.split('/').pop() : null,
    complianceState: state, managementGroupIds: `${MANAGEMENT_GROUP},${TENANT}`,
  }));
  const subAssignment = `/subscriptions/${SUB_CONTOSO}/providers/Microsoft.Authorization/policyAssignments/mhsm-purge-protection`;
  const mgAssignment = `/providers/Microsoft.Management/managementGroups/${MANAGEMENT_GROUP}/providers/Microsoft.Authorization/policyAssignments/mcsb`;
  return {
    now,
    managementGroups: { [MANAGEMENT_GROUP]: [SUB_CONTOSO, SUB_FABRIKAM] },
    hsms: [
      {
        resource: prod,
        diagnosticSettings: [auditSetting('to-sentinel', WS_PROD)],
        policyStates: [...states([['c39ba22d-4428-4149-b981-70acb31fc383', 'Compliant']], subAssignment), ...states([['19ea9d63-adee-4431-a95e-1913c6c1c75f', 'Compliant'], ['a2a5b911-5617-447e-a49e-59dbe0e0434b', 'Compliant']], mgAssignment, MCSB)],
        roleAssignments: [
          { name: 'b1a0c3e2-0001-4000-8000-000000000001', roleId: ROLE.administrator, principalId: PRINCIPAL.hsmAdmins },
          { name: 'b1a0c3e2-0001-4000-8000-000000000002', roleId: ROLE.cryptoUser, principalId: PRINCIPAL.paymentsApi, scope: '/keys' },
          { name: 'b1a0c3e2-0001-4000-8000-000000000003', roleId: ROLE.backup, principalId: PRINCIPAL.backupAutomation },
          { name: 'b1a0c3e2-0001-4000-8000-000000000004', roleId: ROLE.cryptoAuditor, principalId: PRINCIPAL.postureReader },
        ],
        roleDefinitions: [...builtInRoles(), customTight],
      },
      {
        resource: dev,
        diagnosticSettings: [{ name: 'to-storage', properties: { storageAccountId: `/subscriptions/${SUB_CONTOSO}/resourceGroups/rg-hsm-dev/providers/Microsoft.Storage/storageAccounts/stcontosohsmdev`, workspaceId: '', eventHubAuthorizationRuleId: null, logs: [{ categoryGroup: 'audit', enabled: true, retentionPolicy: { enabled: false, days: 0 } }], metrics: [] } }],
        policyStates: states([['c39ba22d-4428-4149-b981-70acb31fc383', 'NonCompliant'], ['19ea9d63-adee-4431-a95e-1913c6c1c75f', 'NonCompliant'], ['a2a5b911-5617-447e-a49e-59dbe0e0434b', 'NonCompliant']], mgAssignment, MCSB),
        roleAssignments: [
          { name: 'c2b1d4f3-0002-4000-8000-000000000001', roleId: ROLE.administrator, principalId: PRINCIPAL.alexAdmin },
          { name: 'c2b1d4f3-0002-4000-8000-000000000002', roleId: ROLE.administrator, principalId: PRINCIPAL.deleted },
          { name: 'c2b1d4f3-0002-4000-8000-000000000003', roleId: ROLE.cryptoOfficer, principalId: PRINCIPAL.devOwner },
          { name: 'c2b1d4f3-0002-4000-8000-000000000004', roleId: ROLE.cryptoUser, principalId: PRINCIPAL.devOwner },
          { name: 'c2b1d4f3-0002-4000-8000-000000000005', roleId: custom.name, principalId: PRINCIPAL.paymentsApi },
        ],
        roleDefinitions: [...builtInRoles(), custom],
      },
      {
        resource: dr,
        diagnosticSettings: [auditSetting('to-law-dr', WS_DR, true)],
        policyStates: [],
        roleAssignments: [
          { name: 'd3c2e5a4-0003-4000-8000-000000000001', roleId: ROLE.administrator, principalId: PRINCIPAL.hsmAdmins },
          { name: 'd3c2e5a4-0003-4000-8000-000000000002', roleId: ROLE.backup, principalId: PRINCIPAL.backupAutomation },
          { name: 'd3c2e5a4-0003-4000-8000-000000000003', roleId: ROLE.restore, principalId: PRINCIPAL.backupAutomation },
        ],
        roleDefinitions: builtInRoles(),
      },
      {
        resource: pay,
        diagnosticSettings: [auditSetting('to-sentinel', WS_PROD)],
        policyStates: states([['c39ba22d-4428-4149-b981-70acb31fc383', 'Compliant']], mgAssignment, MCSB),
        dataPlaneDenied: true,
      },
    ],
    policyAssignments: [
      { id: subAssignment, name: 'mhsm-purge-protection', properties: { displayName: 'Managed HSM purge protection', policyDefinitionId: MHSM('c39ba22d-4428-4149-b981-70acb31fc383'), scope: `/subscriptions/${SUB_CONTOSO}`, notScopes: [`/subscriptions/${SUB_CONTOSO}/resourceGroups/rg-hsm-dev`], enforcementMode: 'Default' } },
      { id: mgAssignment, name: 'mcsb', properties: { displayName: 'Microsoft cloud security benchmark', policyDefinitionId: MCSB, scope: `/providers/Microsoft.Management/managementGroups/${MANAGEMENT_GROUP}`, notScopes: [], enforcementMode: 'Default' } },
    ],
    principals: [
      { id: PRINCIPAL.hsmAdmins, type: 'group', displayName: 'HSM Administrators' },
      { id: PRINCIPAL.alexAdmin, type: 'user', displayName: 'Alex Admin', userPrincipalName: 'alex.admin@contoso.com' },
      { id: PRINCIPAL.devOwner, type: 'user', displayName: 'Dev Owner', userPrincipalName: 'dev.owner@contoso.com' },
      { id: PRINCIPAL.paymentsApi, type: 'servicePrincipal', displayName: 'payments-api' },
      { id: PRINCIPAL.backupAutomation, type: 'servicePrincipal', displayName: 'hsm-backup-automation' },
      { id: PRINCIPAL.postureReader, type: 'servicePrincipal', displayName: 'posture-reader' },
    ],
    workspaces: [
      {
        id: WS_PROD, customerId: 'a7b8c9d0-1111-4222-8333-444455556666', retentionInDays: 90,
        tables: { AzureDiagnostics: { retentionInDays: 90, totalRetentionInDays: 365 }, AZKVAuditLogs: { retentionInDays: 90, totalRetentionInDays: 90 } },
        rows: {
          AzureDiagnostics: [
            diagnosticsRow(now, prod, 1, 'KeyUnwrap'), diagnosticsRow(now, prod, 30, 'BackupCreate'), diagnosticsRow(now, prod, 200, 'BackupCreate'),
            diagnosticsRow(now, pay, 2, 'KeySign'), diagnosticsRow(now, pay, 50, 'BackupCreate', 'Failure'), diagnosticsRow(now, pay, 26 * 24, 'BackupCreate'),
          ],
        },
      },
      {
        id: WS_DR, customerId: 'b8c9d0e1-2222-4333-8444-555566667777', retentionInDays: 90,
        tables: { AZKVAuditLogs: { retentionInDays: 90, totalRetentionInDays: 90 } },
        rows: { AZKVAuditLogs: [auditLogsRow(now, dr, 72, 'KeyGet'), auditLogsRow(now, dr, 20 * 24, 'BackupCreate')] },
      },
    ],
  };
}
