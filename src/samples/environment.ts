/**
 * The fictional Contoso estate every sample and the baseline generator draw from: one tenant, one subscription,
 * two Managed HSMs, the people and workloads that use them, and documentation-range addresses for outsiders
 * (RFC 5737 IPv4, RFC 3849 IPv6). Keeping them in one place lets rule tests name the same callers and resources.
 */

export const TENANT_ID = 'c0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b';
export const SUBSCRIPTION_ID = '3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f';
export const RESOURCE_GROUP = 'rg-crypto-prod';

export interface Hsm { name: string; resourceGroup: string }
export const HSM_PROD: Hsm = { name: 'contoso-mhsm', resourceGroup: RESOURCE_GROUP };
export const HSM_DR: Hsm = { name: 'contoso-mhsm-dr', resourceGroup: 'rg-crypto-dr' };

/** `/subscriptions/<sub>/resourcegroups/<rg>/providers/microsoft.keyvault/managedhsms/<name>` (lower case). */
export function hsmResourceId(hsm: Hsm): string {
  return `/subscriptions/${SUBSCRIPTION_ID}/resourcegroups/${hsm.resourceGroup}/providers/microsoft.keyvault/managedhsms/${hsm.name}`.toLowerCase();
}

export type IdentityKind = 'user' | 'servicePrincipal' | 'managedIdentity' | 'anonymous';

export interface Identity {
  kind: IdentityKind;
  objectId: string;
  /** The client application the token was issued to (Azure CLI, portal, the workload's own app id). */
  appId: string;
  upn?: string;
  displayName: string;
  /** Managed identities only: the ARM id of the identity (`xms_mirid` claim). */
  miResourceId?: string;
}

export const AZURE_CLI_APP_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
export const AZURE_POWERSHELL_APP_ID = '1950a258-227b-4e31-a9cf-717495945fc2';
/** Sign-in resource id used for the Managed HSM data plane in the samples (verify the value in your tenant). */
export const MANAGED_HSM_RESOURCE_APP_ID = '589d5083-6f11-4d30-a62a-238b72f59e2c';

function user(objectId: string, upn: string, displayName: string, appId = AZURE_CLI_APP_ID): Identity {
  return { kind: 'user', objectId, appId, upn, displayName };
}
function managedIdentity(objectId: string, appId: string, name: string): Identity {
  return {
    kind: 'managedIdentity', objectId, appId, displayName: name,
    miResourceId: `/subscriptions/${SUBSCRIPTION_ID}/resourcegroups/${RESOURCE_GROUP}/providers/microsoft.managedidentity/userassignedidentities/${name}`,
  };
}
function servicePrincipal(objectId: string, appId: string, name: string): Identity {
  return { kind: 'servicePrincipal', objectId, appId, displayName: name };
}

/** The unauthenticated first leg of every SDK call (challenge-based auth): logged as `Authentication` with 401. */
export const ANONYMOUS: Identity = { kind: 'anonymous', objectId: '', appId: '', displayName: '(unauthenticated)' };

export const PEOPLE = {
  /** HSM administrator (security officer): security domain custodian, role management. */
  hsmAdmin: user('8f1d2c3b-4a5e-4f60-9b7a-0c1d2e3f4a5b', 'alice.admin@contoso.com', 'Alice Admin'),
  /** Second administrator (quorum partner). */
  hsmAdmin2: user('2b7e9f10-3c4d-4e5f-8a9b-6c7d8e9f0a1b', 'bob.secops@contoso.com', 'Bob SecOps'),
  /** Crypto officer: creates and rotates keys. */
  cryptoOfficer: user('5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', 'carol.crypto@contoso.com', 'Carol Crypto'),
  /** Operations engineer whose account is used in the attack scenarios. */
  compromisedUser: user('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', 'dave.ops@contoso.com', 'Dave Ops'),
  /** A developer who has no business on the HSM. */
  developer: user('1e2d3c4b-5a69-4788-9a6b-5c4d3e2f1a0b', 'erin.dev@contoso.com', 'Erin Dev'),
} as const;

export const WORKLOADS = {
  /** Payments service: wraps/unwraps data keys all day. */
  payments: servicePrincipal('c0ffee00-1111-4222-8333-444455556666', '6f1c2d3e-4b5a-4968-8776-a5b4c3d2e1f0', 'payments-api'),
  /** Storage account customer-managed key (Azure service via managed identity). */
  storageCmk: managedIdentity('0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d', 'd2c3b4a5-6978-4a1b-9c2d-3e4f5a6b7c8e', 'id-storage-cmk'),
  /** Nightly full-HSM backup job. */
  backupJob: managedIdentity('b4c4b4c4-0000-4b0b-8b0b-000000000b0b', 'e5f6a7b8-9c0d-4e1f-a2b3-c4d5e6f7a8b9', 'id-mhsm-backup'),
  /** Key rotation function (rotates keys monthly). */
  keyRotation: managedIdentity('7e7e7e7e-1234-4abc-9def-0123456789ab', 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e', 'id-key-rotation'),
  /** Confidential VM disk encryption: releases its exportable key at every boot (secure key release). */
  cvmDisk: managedIdentity('c7c7c7c7-8888-4999-8aaa-bbbbccccdddd', '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5', 'id-cvm-disk'),
  /** Azure Managed HSM Key Governance Service (reads policy state). */
  keyGovernance: servicePrincipal('a1b76039-0000-4000-8000-00000000a1b7', 'a1b76039-a76c-499f-a2dd-846b4cc32627', 'Azure Managed HSM Key Governance Service'),
} as const;

/** Corporate egress, build agents and the private endpoint subnet. */
/** Employees whose passwords were phished and whose sessions are used together (credential spraying). */
export const SPRAYED_PEOPLE: Identity[] = [
  ['0d1c2b3a-4958-4a6b-8c7d-e9f0a1b2c3d4', 'frank.fin@contoso.com', 'Frank Fin'],
  ['1e2d3c4b-5a69-4b7c-9d8e-f0a1b2c3d4e5', 'grace.hr@contoso.com', 'Grace HR'],
  ['2f3e4d5c-6b7a-4c8d-8e9f-a1b2c3d4e5f6', 'heidi.sales@contoso.com', 'Heidi Sales'],
  ['3a4f5e6d-7c8b-4d9e-9fa0-b2c3d4e5f6a7', 'ivan.legal@contoso.com', 'Ivan Legal'],
  ['4b5a6f7e-8d9c-4eaf-80b1-c3d4e5f6a7b8', 'judy.it@contoso.com', 'Judy IT'],
  ['5c6b7a8f-9ead-4fb0-91c2-d4e5f6a7b8c9', 'mallory.ops@contoso.com', 'Mallory Ops'],
].map(([oid, upn, name]) => user(oid!, upn!, name!));

export const ADDRESSES = {
  corpEgress: '192.0.2.10',
  corpEgress2: '192.0.2.11',
  privateEndpointClient: '10.20.1.15',
  aksNode: '10.20.4.21',
  backupRunner: '10.20.2.8',
  /** Outsiders (documentation ranges). */
  attacker: '203.0.113.66',
  attacker2: '198.51.100.23',
  attackerV6: '2001:db8:bad::17',
  scanner: '198.51.100.200',
  /** A credential-spraying source and a slow, sustained prober (documentation ranges). */
  sprayer: '203.0.113.90',
  slowProber: '203.0.113.77',
} as const;

export const CLIENT_INFO = {
  cli: 'azsdk-python-core/1.28.0 Python/3.11.9 (Linux-5.15.0-1064-azure-x86_64-with-glibc2.35) azsdk-python-azure-keyvault-administration/4.4.0 AZURECLI/2.61.0',
  powershell: 'FxVersion/8.0.624.26715 OSName/Windows OSVersion/Microsoft.Windows.10.0.22631 Microsoft.Azure.PowerShell.Cmdlets.KeyVault/6.0.0',
  dotnet: 'azsdk-net-Security.KeyVault.Keys/4.6.0 (.NET 8.0.6; Linux 5.15.0-1064-azure #73-Ubuntu SMP)',
  java: 'azsdk-java-azure-security-keyvault-keys/4.8.3 (17.0.11; Linux; 5.15.0)',
  storage: 'Azure Storage Resource Provider',
  python: 'azsdk-python-keyvault-keys/4.9.0 Python/3.11.9 (Linux-6.5.0-1022-azure-x86_64-with-glibc2.35)',
} as const;

/** Managed HSM built-in roles (local RBAC role definition ids). */
export const HSM_ROLES = {
  administrator: 'a290e904-7015-4bba-90c8-60543313cdb4',
  cryptoOfficer: '515eb02d-2335-4d2d-92f2-b1cbdf9c3778',
  cryptoUser: '21dbd100-6940-42c2-9190-5d6cb909625b',
  policyAdministrator: '4bd23610-cdcf-4971-bdee-bdc562cc28e4',
  cryptoAuditor: '2c18b078-7c48-4d3a-af88-5a3a1b3f82b3',
  backup: '7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8',
  restore: '6efe6056-5259-49d2-8b3d-d3d73544b20b',
} as const;

/** The role definition id as a Managed HSM role assignment carries it. */
export function hsmRoleDefinition(roleId: string): string {
  return `Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
}
