import { ADDRESSES, ANONYMOUS, CLIENT_INFO, HSM_PROD, PEOPLE, WORKLOADS } from '../environment.ts';
import type { Scenario } from '../scenario.ts';

const { hsmAdmin, compromisedUser, cryptoOfficer } = PEOPLE;
const api = '?api-version=7.5';
const PE = '/privateEndpointConnections/pe-contoso-mhsm.9f8e7d6c';

export const network: Scenario = {
  area: 'network',
  story: [
    '2026-11-18 10:00 alice.admin hardens contoso-mhsm: public network access Disabled, network ACL default action Deny; 10:05 approves the private endpoint connection (AzureActivity look-alikes).',
    '2026-11-18 10:30-11:00 the storage CMK identity (private endpoint, 10.20.1.15) and carol.crypto from the corporate egress 192.0.2.10 use keys (allowed addresses).',
    '2026-11-20 11:10 dave.ops enables public network access with default action Allow and 11:12 deletes the private endpoint connection.',
    '2026-11-20 11:15 dave.ops reads keys from 203.0.113.66 and lists them from 2001:db8:bad::17 (public addresses outside the allow-list).',
  ],
  hsm: [
    { time: '2026-11-18T10:30:00Z', operation: 'KeyUnwrap', path: `/keys/storage-cmk/9a8b/unwrapkey${api}`, httpMethod: 'POST', status: 200, caller: WORKLOADS.storageCmk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.storage },
    { time: '2026-11-18T10:45:00Z', operation: 'KeyGet', path: `/keys/payments-kek${api}`, httpMethod: 'GET', status: 200, caller: cryptoOfficer, ip: ADDRESSES.corpEgress },
    { time: '2026-11-18T10:50:00Z', operation: 'Authentication', path: `/keys/payments-kek${api}`, httpMethod: 'GET', status: 401, caller: ANONYMOUS, ip: ADDRESSES.scanner, clientInfo: 'python-requests/2.31.0' },
    { time: '2026-11-20T11:15:00Z', operation: 'KeyGet', path: `/keys/payments-kek${api}`, httpMethod: 'GET', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
    { time: '2026-11-20T11:16:00Z', operation: 'KeyGet', path: `/keys/customer-db-tde${api}`, httpMethod: 'GET', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
    { time: '2026-11-20T11:20:00Z', operation: 'KeyList', path: `/keys${api}`, httpMethod: 'GET', status: 200, caller: compromisedUser, ip: ADDRESSES.attackerV6, clientInfo: CLIENT_INFO.python },
  ].map((e) => ({ hsm: HSM_PROD, ...e })),
  activity: [
    { time: '2026-11-18T10:00:00Z', hsm: HSM_PROD, operation: 'MICROSOFT.KEYVAULT/MANAGEDHSMS/WRITE', displayName: 'Create or Update Managed HSM', caller: hsmAdmin, ip: ADDRESSES.corpEgress, requestBody: { location: 'westeurope', properties: { publicNetworkAccess: 'Disabled', networkAcls: { defaultAction: 'Deny', bypass: 'None' } } } },
    { time: '2026-11-18T10:05:00Z', hsm: HSM_PROD, subResource: PE, operation: 'MICROSOFT.KEYVAULT/MANAGEDHSMS/PRIVATEENDPOINTCONNECTIONS/WRITE', displayName: 'Approve or reject a private endpoint connection', caller: hsmAdmin, ip: ADDRESSES.corpEgress, requestBody: { properties: { privateLinkServiceConnectionState: { status: 'Approved' } } } },
    { time: '2026-11-20T11:10:00Z', hsm: HSM_PROD, operation: 'MICROSOFT.KEYVAULT/MANAGEDHSMS/WRITE', displayName: 'Create or Update Managed HSM', caller: compromisedUser, ip: ADDRESSES.attacker, requestBody: { location: 'westeurope', properties: { publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' } } } },
    { time: '2026-11-20T11:12:00Z', hsm: HSM_PROD, subResource: PE, operation: 'MICROSOFT.KEYVAULT/MANAGEDHSMS/PRIVATEENDPOINTCONNECTIONS/DELETE', displayName: 'Delete a private endpoint connection', caller: compromisedUser, ip: ADDRESSES.attacker },
  ],
};
