/**
 * Managed HSM's built-in local RBAC roles and their published role definition ids, from Microsoft's "Local RBAC
 * built-in roles for Managed HSM" (learn.microsoft.com/azure/key-vault/managed-hsm/built-in-roles). Role
 * assignments in the audit log name a role by the definition's resource id, which ends in this GUID; workbooks show
 * the name (the `${hsmRoleNames}` macro) and the role-change rule maps the same ids (a test holds the two together).
 */
export interface BuiltInRole { id: string; name: string }

export const MANAGED_HSM_BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { id: 'a290e904-7015-4bba-90c8-60543313cdb4', name: 'Managed HSM Administrator' },
  { id: '515eb02d-2335-4d2d-92f2-b1cbdf9c3778', name: 'Managed HSM Crypto Officer' },
  { id: '4bd23610-cdcf-4971-bdee-bdc562cc28e4', name: 'Managed HSM Policy Administrator' },
  { id: '21dbd100-6940-42c2-9190-5d6cb909625b', name: 'Managed HSM Crypto User' },
  { id: '2c18b078-7c48-4d3a-af88-5a3a1b3f82b3', name: 'Managed HSM Crypto Auditor' },
  { id: '33413926-3206-4cdd-b39a-83574fe37a17', name: 'Managed HSM Crypto Service Encryption User' },
  { id: '21dbd100-6940-42c2-9190-5d6cb909625c', name: 'Managed HSM Crypto Service Release User' },
  { id: '7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8', name: 'Managed HSM Backup' },
  { id: '6efe6056-5259-49d2-8b3d-d3d73544b20b', name: 'Managed HSM Restore' },
];
