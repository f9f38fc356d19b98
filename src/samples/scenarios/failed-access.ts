import { ADDRESSES, ANONYMOUS, CLIENT_INFO, HSM_PROD, PEOPLE, SPRAYED_PEOPLE, WORKLOADS } from '../environment.ts';
import type { HsmEvent } from '../hsm-records.ts';
import { at, spread, type Scenario } from '../scenario.ts';

const { compromisedUser, developer, hsmAdmin2, cryptoOfficer } = PEOPLE;
const api = '?api-version=7.5';
const NETWORK_DENIED = 'Client address is not authorized and caller is not a trusted service.';

const enumerationPaths = ['/keys', '/keys/payments-kek', '/keys/tenant-0-kek', '/providers/Microsoft.Authorization/roleAssignments', '/keys/customer-db-tde'];
const enumerationOps = ['KeyList', 'KeyGet', 'KeyGet', 'RoleAssignmentList', 'KeyGet'];

const hsm: HsmEvent[] = [
  // 2026-11-18 10:00-11:00: the usual challenge 401s of SDK clients (benign look-alike, excluded by the rules).
  ...spread(40, '2026-11-18T10:00:00Z', 58, (time, i) => ({ time, operation: 'Authentication', path: `/keys/payments-kek/4f3e2d1c/${i % 2 ? 'unwrapkey' : 'wrapkey'}${api}`, httpMethod: 'POST', status: 401, caller: ANONYMOUS, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.java })),
  // A developer without a role tries three reads (below the threshold).
  ...spread(3, '2026-11-18T10:20:00Z', 6, (time) => ({ time, operation: 'KeyGet', path: `/keys/payments-kek${api}`, httpMethod: 'GET', status: 403, caller: developer, ip: ADDRESSES.corpEgress2 })),
  // The Storage CMK identity is denied once during a role change (a failed sensitive-looking read, not sensitive).
  { time: '2026-11-18T10:40:00Z', operation: 'KeyUnwrap', path: `/keys/storage-cmk/9a8b/unwrapkey${api}`, httpMethod: 'POST', status: 403, caller: WORKLOADS.storageCmk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.storage },
  // A build agent on a second corporate egress IP is blocked by the HSM firewall twice (below the threshold).
  ...spread(2, '2026-11-18T10:45:00Z', 4, (time) => ({ time, operation: 'KeyGet', path: `/keys/build-signing${api}`, httpMethod: 'GET', status: 403, caller: developer, ip: ADDRESSES.corpEgress2, isAddressAuthorized: false, resultDescription: NETWORK_DENIED })),
  // Two colleagues behind the same corporate egress are denied twice each (three identities, seven failures).
  ...spread(4, '2026-11-18T10:25:00Z', 8, (time, i) => ({ time, operation: 'KeyGet', path: `/keys/build-signing${api}`, httpMethod: 'GET', status: 403, caller: i < 2 ? hsmAdmin2 : cryptoOfficer, ip: ADDRESSES.corpEgress2, clientInfo: CLIENT_INFO.cli })),
  // 2026-11-19 00:00-12:00: the storage CMK identity retries one unwrap twice an hour after its role was removed.
  ...spread(24, '2026-11-19T00:00:00Z', 720, (time) => ({ time, operation: 'KeyUnwrap', path: `/keys/storage-cmk/9a8b/unwrapkey${api}`, httpMethod: 'POST', status: 403, caller: WORKLOADS.storageCmk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.storage })),
  // 2026-11-20 11:00-11:30: dave.ops from 203.0.113.66 enumerates keys and roles without permission (25 x 403).
  ...spread(25, '2026-11-20T11:00:00Z', 30, (time, i) => ({ time, operation: enumerationOps[i % 5]!, path: `${enumerationPaths[i % 5]}${api}`, httpMethod: 'GET', status: 403, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python })),
  // ... and tries sensitive operations that are denied.
  { time: at('2026-11-20T11:00:00Z', 31), operation: 'SecurityDomainDownload', path: `/securitydomain/download${api}`, httpMethod: 'POST', status: 403, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
  { time: at('2026-11-20T11:00:00Z', 33), operation: 'KeyPurge', path: `/deletedkeys/payments-kek${api}`, httpMethod: 'DELETE', status: 403, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
  // 2026-11-20 11:05-11:20: an internet scanner is blocked by the HSM firewall 12 times.
  ...spread(12, '2026-11-20T11:05:00Z', 15, (time) => ({ time, operation: 'KeyList', path: `/keys${api}`, httpMethod: 'GET', status: 403, caller: ANONYMOUS, ip: ADDRESSES.scanner, clientInfo: 'python-requests/2.31.0', isAddressAuthorized: false, resultDescription: NETWORK_DENIED })),
  // 2026-11-21 09:00-09:40: six phished accounts are tried from one address, four denied reads each (credential spraying).
  ...spread(24, '2026-11-21T09:00:00Z', 40, (time, i) => ({ time, operation: enumerationOps[i % 5]!, path: `${enumerationPaths[i % 5]}${api}`, httpMethod: 'GET', status: 403, caller: SPRAYED_PEOPLE[i % SPRAYED_PEOPLE.length]!, ip: ADDRESSES.sprayer, clientInfo: CLIENT_INFO.python })),
  // 2026-11-22 02:00-10:00: dave.ops's token probes keys and roles slowly, four denied requests an hour for eight hours.
  ...spread(32, '2026-11-22T02:00:00Z', 480, (time, i) => ({ time, operation: enumerationOps[i % 5]!, path: `${enumerationPaths[i % 5]}${api}`, httpMethod: 'GET', status: 403, caller: compromisedUser, ip: ADDRESSES.slowProber, clientInfo: CLIENT_INFO.python })),
];

export const failedAccess: Scenario = {
  area: 'failed-access',
  story: [
    '2026-11-18 10:00-11:00 the payments service produces 40 challenge 401s (OperationName Authentication), as every SDK client does (benign).',
    '2026-11-18 10:20 erin.dev is denied three key reads; 10:40 the storage CMK identity is denied one unwrap; 10:45 a build agent is blocked twice by the HSM firewall (all below thresholds, none sensitive).',
    '2026-11-20 11:00-11:30 dave.ops from 203.0.113.66 is denied 25 reads of keys and role assignments (enumeration), then a security domain download and a key purge.',
    '2026-11-20 11:05-11:20 an internet scanner at 198.51.100.200 is blocked 12 times by the HSM firewall.',
    '2026-11-18 10:25 two colleagues behind the second corporate egress are denied twice each; 2026-11-19 00:00-12:00 the storage CMK identity retries one unwrap twice an hour (benign look-alikes of spraying and of a slow probe).',
    '2026-11-21 09:00-09:40 six phished accounts are tried from 203.0.113.90, four denied reads each (credential spraying: no identity reaches a per-identity threshold).',
    '2026-11-22 02:00-10:00 dave.ops\'s token probes keys and role assignments from 203.0.113.77, four denied requests an hour for eight hours (low and slow).',
  ],
  hsm: hsm.map((e) => ({ hsm: HSM_PROD, ...e })),
};
