import { ADDRESSES, AZURE_POWERSHELL_APP_ID, CLIENT_INFO, HSM_PROD, PEOPLE, SPRAYED_PEOPLE, WORKLOADS } from '../environment.ts';
import type { HsmEvent } from '../hsm-records.ts';
import type { SigninEvent } from '../azure-records.ts';
import { at, type Scenario } from '../scenario.ts';

const { hsmAdmin, hsmAdmin2, cryptoOfficer, compromisedUser } = PEOPLE;
const { backupJob, keyRotation, storageCmk } = WORKLOADS;
const api = '?api-version=7.5';

const history: HsmEvent[] = [];
for (let d = 6; d <= 19; d++) {
  const date = `2026-11-${String(d).padStart(2, '0')}`;
  // alice.admin reviews role assignments from the office with the Azure CLI every working day.
  history.push({ time: `${date}T09:30:00Z`, operation: 'RoleAssignmentList', path: `/providers/Microsoft.Authorization/roleAssignments${api}`, httpMethod: 'GET', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress });
  // Automation does the sensitive work with managed identities.
  history.push({ time: `${date}T01:00:00Z`, operation: 'BackupCreate', path: `/backup${api}`, httpMethod: 'POST', status: 202, caller: backupJob, ip: ADDRESSES.backupRunner, clientInfo: CLIENT_INFO.dotnet });
  history.push({ time: `${date}T02:00:00Z`, operation: 'KeyRotate', path: `/keys/tenant-0-kek/rotate${api}`, httpMethod: 'POST', status: 200, caller: keyRotation, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.dotnet });
  history.push({ time: `${date}T02:01:00Z`, operation: 'KeyBackup', path: `/keys/tenant-0-kek/backup${api}`, httpMethod: 'POST', status: 200, caller: keyRotation, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.dotnet });
  history.push({ time: `${date}T12:00:00Z`, operation: 'KeyUnwrap', path: `/keys/storage-cmk/9a8b/unwrapkey${api}`, httpMethod: 'POST', status: 200, caller: storageCmk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.storage });
}

const signins: SigninEvent[] = [
  // 2026-11-18: alice mistypes her password twice, then signs in (look-alike).
  { time: '2026-11-18T08:58:00Z', user: hsmAdmin, ip: ADDRESSES.corpEgress, resultType: '50126', resultDescription: 'Invalid username or password or Invalid on-premise username or password.' },
  { time: '2026-11-18T08:59:00Z', user: hsmAdmin, ip: ADDRESSES.corpEgress, resultType: '50126', resultDescription: 'Invalid username or password or Invalid on-premise username or password.' },
  { time: '2026-11-18T09:00:00Z', user: hsmAdmin, ip: ADDRESSES.corpEgress, resultType: '0' },
  // Two colleagues behind the same egress mistype once each (three users failing from one address: not spraying).
  { time: '2026-11-18T09:05:00Z', user: hsmAdmin2, ip: ADDRESSES.corpEgress, resultType: '50126', resultDescription: 'Invalid username or password or Invalid on-premise username or password.' },
  { time: '2026-11-18T09:12:00Z', user: cryptoOfficer, ip: ADDRESSES.corpEgress, resultType: '50126', resultDescription: 'Invalid username or password or Invalid on-premise username or password.' },
  // 2026-11-20 10:40-10:50: password guessing against dave.ops for the HSM resource, then Conditional Access blocks.
  ...Array.from({ length: 6 }, (_, i): SigninEvent => ({ time: at('2026-11-20T10:40:00Z', i), user: compromisedUser, ip: ADDRESSES.attacker2, resultType: '50126', resultDescription: 'Invalid username or password or Invalid on-premise username or password.', country: 'US' })),
  ...Array.from({ length: 2 }, (_, i): SigninEvent => ({ time: at('2026-11-20T10:47:00Z', i), user: compromisedUser, ip: ADDRESSES.attacker2, resultType: '53003', resultDescription: 'Access has been blocked by Conditional Access policies.', country: 'US' })),
  // 2026-11-21 08:00-08:40: password spraying from one address, two wrong passwords for each of six users.
  ...SPRAYED_PEOPLE.flatMap((user, u) => [0, 1].map((k): SigninEvent => ({ time: at('2026-11-21T08:00:00Z', u * 6 + k * 3), user, ip: ADDRESSES.sprayer, resultType: '50126', resultDescription: 'Invalid username or password or Invalid on-premise username or password.', country: 'NL' }))),
];

export const identity: Scenario = {
  area: 'identity',
  story: [
    '2026-11-06 to 2026-11-19: alice.admin lists role assignments every day from 192.0.2.10 with the Azure CLI; managed identities run backups, rotations and key backups; the storage service unwraps keys.',
    '2026-11-18 08:58 alice.admin mistypes her password twice before signing in (SigninLogs look-alike).',
    '2026-11-20 10:40-10:48 six wrong passwords and two Conditional Access blocks for dave.ops from 198.51.100.23 against the Managed HSM resource.',
    '2026-11-18 09:05-09:12 two colleagues behind the same egress mistype their passwords once each (look-alike of spraying).',
    '2026-11-21 08:00-08:33 password spraying from 203.0.113.90: two wrong passwords for each of six users (no user reaches the per-user threshold).',
    '2026-11-20 11:20 alice.admin\'s account, from 198.51.100.23 with Azure PowerShell (new address and application), creates a role assignment; 11:30 dave.ops backs up a key interactively from the office.',
  ],
  hsm: [
    ...history,
    { time: '2026-11-20T09:30:00Z', operation: 'RoleAssignmentList', path: `/providers/Microsoft.Authorization/roleAssignments${api}`, httpMethod: 'GET', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress },
    { time: '2026-11-20T11:20:00Z', operation: 'RoleAssignmentCreate', path: `/providers/Microsoft.Authorization/roleAssignments/abab0000-1111-4222-8333-cdcd44445555${api}`, httpMethod: 'PUT', status: 201, caller: { ...hsmAdmin, appId: AZURE_POWERSHELL_APP_ID }, ip: ADDRESSES.attacker2, clientInfo: CLIENT_INFO.powershell, properties: { roleDefinitionId: 'Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/21dbd100-6940-42c2-9190-5d6cb909625b', principalId: compromisedUser.objectId, scope: '/keys' } },
    { time: '2026-11-20T11:30:00Z', operation: 'KeyBackup', path: `/keys/payments-kek/backup${api}`, httpMethod: 'POST', status: 200, caller: compromisedUser, ip: ADDRESSES.corpEgress },
  ].map((e) => ({ hsm: HSM_PROD, ...e })),
  signins,
};
