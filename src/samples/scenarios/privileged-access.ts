import { ADDRESSES, CLIENT_INFO, HSM_PROD, HSM_ROLES, PEOPLE, WORKLOADS, hsmRoleDefinition } from '../environment.ts';
import type { HsmEvent } from '../hsm-records.ts';
import type { Scenario } from '../scenario.ts';

const { hsmAdmin, cryptoOfficer, compromisedUser, developer } = PEOPLE;
const { payments, keyRotation } = WORKLOADS;

const ASSIGN = '/providers/Microsoft.Authorization/roleAssignments';
const DEFINE = '/providers/Microsoft.Authorization/roleDefinitions';
const api = '?api-version=7.5';

const hsm: HsmEvent[] = [
  // 2026-11-18: ordinary administration.
  { time: '2026-11-18T14:00:00Z', operation: 'RoleAssignmentCreate', path: `/keys${ASSIGN}/5d1c2b3a-0000-4000-8000-0000000000a1${api}`, httpMethod: 'PUT', status: 201, caller: cryptoOfficer, ip: ADDRESSES.corpEgress, properties: { roleDefinitionId: hsmRoleDefinition(HSM_ROLES.cryptoUser), principalId: payments.objectId, scope: '/keys' } },
  { time: '2026-11-18T16:30:00Z', operation: 'RoleAssignmentList', path: `/${ASSIGN}${api}`.replace('//', '/'), httpMethod: 'GET', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress },
  { time: '2026-11-18T16:31:00Z', operation: 'RoleDefinitionList', path: `/${DEFINE}${api}`.replace('//', '/'), httpMethod: 'GET', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress },
  { time: '2026-11-18T15:00:00Z', operation: 'RoleDefinitionCreate', path: `/${DEFINE}/0c7e5a1b-1111-4a2b-8c3d-4e5f6a7b8c9d${api}`.replace('//', '/'), httpMethod: 'PUT', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress, properties: { roleName: 'Key Rotation Operator', permissions: [{ dataActions: ['Microsoft.KeyVault/managedHsm/keys/read/action', 'Microsoft.KeyVault/managedHsm/keys/rotate/action'] }] } },
  // 2026-11-19 10:00: an assignment made the day before is removed (not a create-then-delete pair).
  { time: '2026-11-19T10:00:00Z', operation: 'RoleAssignmentDelete', path: `/keys${ASSIGN}/5d1c2b3a-0000-4000-8000-0000000000a1${api}`, httpMethod: 'DELETE', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress },
  // 2026-11-18/19: separated duties: rotation identity manages keys, the payments service only uses them.
  ...[0, 1, 2].map((i): HsmEvent => ({ time: `2026-11-18T0${2 + i}:00:00Z`, operation: 'KeyRotate', path: `/keys/tenant-${i}-kek/rotate${api}`, httpMethod: 'POST', status: 200, caller: keyRotation, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.dotnet })),
  ...[0, 1, 2, 3].map((i): HsmEvent => ({ time: `2026-11-18T1${i}:15:00Z`, operation: i % 2 ? 'KeyUnwrap' : 'KeyWrap', path: `/keys/payments-kek/4f3e2d1c${i % 2 ? '/unwrapkey' : '/wrapkey'}${api}`, httpMethod: 'POST', status: 200, caller: payments, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.java })),
  // 2026-11-20: a developer both creates a key and decrypts with it (conflicting duties).
  { time: '2026-11-20T10:05:00Z', operation: 'KeyCreate', path: `/keys/dev-export-key/create${api}`, httpMethod: 'POST', status: 200, caller: developer, ip: ADDRESSES.corpEgress2 },
  { time: '2026-11-20T10:20:00Z', operation: 'KeyDecrypt', path: `/keys/payments-kek/4f3e2d1c/decrypt${api}`, httpMethod: 'POST', status: 200, caller: developer, ip: ADDRESSES.corpEgress2 },
  // 2026-11-20 11:45: the attacker grants an Administrator role, adds a wildcard custom role, and plants then removes a Crypto Officer assignment.
  { time: '2026-11-20T11:45:00Z', operation: 'RoleAssignmentCreate', path: `/${ASSIGN}/9a8b7c6d-2222-4333-8444-555566667777${api}`.replace('//', '/'), httpMethod: 'PUT', status: 201, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python, properties: { roleDefinitionId: hsmRoleDefinition(HSM_ROLES.administrator), principalId: compromisedUser.objectId, scope: '/' } },
  { time: '2026-11-20T11:50:00Z', operation: 'RoleDefinitionCreate', path: `/${DEFINE}/e1e1e1e1-3333-4444-8555-666677778888${api}`.replace('//', '/'), httpMethod: 'PUT', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python, properties: { roleName: 'Ops Helper', permissions: [{ dataActions: ['Microsoft.KeyVault/managedHsm/*'] }] } },
  { time: '2026-11-20T11:52:00Z', operation: 'RoleAssignmentCreate', path: `/keys${ASSIGN}/0f0f0f0f-4444-4555-8666-777788889999${api}`, httpMethod: 'PUT', status: 201, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python, properties: { roleDefinitionId: hsmRoleDefinition(HSM_ROLES.cryptoOfficer), principalId: '3e3e3e3e-5555-4666-8777-888899990000', scope: '/keys' } },
  { time: '2026-11-20T11:58:00Z', operation: 'RoleAssignmentDelete', path: `/keys${ASSIGN}/0f0f0f0f-4444-4555-8666-777788889999${api}`, httpMethod: 'DELETE', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
];

export const privilegedAccess: Scenario = {
  area: 'privileged-access',
  story: [
    '2026-11-18 14:00 carol.crypto assigns Crypto User on /keys to the payments service; 16:30 alice.admin lists role assignments and definitions (benign look-alikes: reads).',
    '2026-11-18 15:00 alice.admin creates the "Key Rotation Operator" custom role with two specific data actions.',
    '2026-11-18 key rotation and the payments service each stay within their duty (rotate vs wrap/unwrap).',
    '2026-11-19 10:00 alice.admin removes the Crypto User assignment made the day before (not a short-lived assignment).',
    '2026-11-19 11:00 alice.admin gives a contractor Owner on a Key Vault vault (not the HSM) in the same subscription (AzureActivity look-alike).',
    '2026-11-20 10:05 erin.dev creates a key and at 10:20 decrypts with the payments key (conflicting duties).',
    '2026-11-20 11:30 dave.ops assigns the Azure Owner role on the contoso-mhsm resource (AzureActivity).',
    '2026-11-20 11:45 dave.ops assigns Managed HSM Administrator to himself, 11:50 creates a custom role with data action Microsoft.KeyVault/managedHsm/*, 11:52 assigns Crypto Officer to an unknown principal and deletes it at 11:58.',
  ],
  hsm: hsm.map((e) => ({ hsm: HSM_PROD, ...e })),
  activity: [
    { time: '2026-11-19T11:00:00Z', hsm: HSM_PROD, resourceId: '/subscriptions/3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f/resourcegroups/rg-crypto-prod/providers/microsoft.keyvault/vaults/contoso-kv/providers/microsoft.authorization/roleassignments/6a5b4c3d-0000-4000-8000-00000000c0c0', operation: 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE', displayName: 'Create role assignment', caller: hsmAdmin, ip: ADDRESSES.corpEgress, roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' },
    { time: '2026-11-20T11:30:00Z', hsm: HSM_PROD, subResource: '/providers/microsoft.authorization/roleassignments/7b6a5c4d-0000-4000-8000-00000000d0d0', operation: 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE', displayName: 'Create role assignment', caller: compromisedUser, ip: ADDRESSES.attacker, roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' },
  ],
};
