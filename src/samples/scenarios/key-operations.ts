import { ADDRESSES, CLIENT_INFO, HSM_PROD, PEOPLE, WORKLOADS } from '../environment.ts';
import type { HsmEvent } from '../hsm-records.ts';
import { at, type Scenario } from '../scenario.ts';

const { cryptoOfficer, compromisedUser } = PEOPLE;
const { payments, cvmDisk, keyRotation } = WORKLOADS;
const api = '?api-version=7.5';

/** Seven days of ordinary cryptographic use by the payments service: 2-5 operations an hour, busier by day. */
function paymentsTraffic(): HsmEvent[] {
  const out: HsmEvent[] = [];
  const start = Date.parse('2026-11-13T12:00:00Z');
  for (let h = 0; h < 7 * 24; h++) {
    const hourStart = new Date(start + h * 3_600_000).toISOString();
    const hourOfDay = (12 + h) % 24;
    const n = hourOfDay >= 7 && hourOfDay < 19 ? 4 + (h % 2) : 2 + (h % 2);
    for (let i = 0; i < n; i++) {
      out.push({ time: at(hourStart, 3 + (i * 55) / n), operation: i % 2 ? 'KeyUnwrap' : 'KeyWrap', path: `/keys/payments-kek/4f3e2d1c/${i % 2 ? 'unwrapkey' : 'wrapkey'}${api}`, httpMethod: 'POST', status: 200, caller: payments, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.java, durationMs: 8 });
    }
  }
  return out;
}

/** The confidential VM releases its disk key once a day at boot, 2026-11-13 to 2026-11-20 (history for the key release rule). */
function cvmReleases(): HsmEvent[] {
  return Array.from({ length: 8 }, (_, d): HsmEvent => ({
    time: `2026-11-${String(13 + d).padStart(2, '0')}T06:00:00Z`, operation: 'KeyRelease', path: `/keys/cvm-disk-key/8c9d0e1f/release${api}`, httpMethod: 'POST', status: 200, caller: cvmDisk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.dotnet,
  }));
}

const retired = ['tenant-01-kek', 'tenant-02-kek', 'tenant-03-kek', 'tenant-04-kek', 'tenant-05-kek', 'tenant-06-kek'];
const backedUp = ['payments-kek', 'customer-db-tde', 'tenant-0-kek', 'tenant-1-kek', 'tenant-2-kek', 'signing-root', 'cvm-disk-key', 'storage-cmk'];

const hsm: HsmEvent[] = [
  ...paymentsTraffic(),
  ...cvmReleases(),
  // 2026-11-18: ordinary key management by the crypto officer and the rotation job.
  { time: '2026-11-18T09:00:00Z', operation: 'KeyCreate', path: `/keys/tenant-7-kek/create${api}`, httpMethod: 'POST', status: 200, caller: cryptoOfficer, ip: ADDRESSES.corpEgress },
  { time: '2026-11-18T10:00:00Z', operation: 'KeyDelete', path: `/keys/tenant-old-kek${api}`, httpMethod: 'DELETE', status: 200, caller: cryptoOfficer, ip: ADDRESSES.corpEgress },
  { time: '2026-11-18T11:00:00Z', operation: 'KeyRotate', path: `/keys/tenant-0-kek/rotate${api}`, httpMethod: 'POST', status: 200, caller: keyRotation, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.dotnet },
  { time: '2026-11-18T11:01:00Z', operation: 'KeyBackup', path: `/keys/tenant-0-kek/backup${api}`, httpMethod: 'POST', status: 200, caller: keyRotation, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.dotnet },
  // 2026-11-18 16:00: look-alikes of deletion: listing deleted keys and recovering one.
  { time: '2026-11-18T16:00:00Z', operation: 'KeyListDeleted', path: `/deletedkeys${api}`, httpMethod: 'GET', status: 200, caller: cryptoOfficer, ip: ADDRESSES.corpEgress },
  { time: '2026-11-18T16:05:00Z', operation: 'KeyGetDeleted', path: `/deletedkeys/tenant-old-kek${api}`, httpMethod: 'GET', status: 200, caller: cryptoOfficer, ip: ADDRESSES.corpEgress },
  { time: '2026-11-18T16:10:00Z', operation: 'KeyRecover', path: `/deletedkeys/tenant-old-kek/recover${api}`, httpMethod: 'POST', status: 200, caller: cryptoOfficer, ip: ADDRESSES.corpEgress },
  // 2026-11-20 11:00-12:00: the attack.
  ...backedUp.map((k, i): HsmEvent => ({ time: at('2026-11-20T11:00:00Z', 2 + i * 0.5), operation: 'KeyBackup', path: `/keys/${k}/backup${api}`, httpMethod: 'POST', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python })),
  { time: '2026-11-20T11:10:00Z', operation: 'KeyImport', path: `/keys/payments-kek${api}`, httpMethod: 'PUT', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
  { time: '2026-11-20T11:15:00Z', operation: 'KeyRelease', path: `/keys/cvm-disk-key/8c9d0e1f/release${api}`, httpMethod: 'POST', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
  ...Array.from({ length: 150 }, (_, i): HsmEvent => ({ time: at('2026-11-20T11:16:00Z', i * 0.2), operation: 'KeyDecrypt', path: `/keys/customer-db-tde/77aa/decrypt${api}`, httpMethod: 'POST', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python, durationMs: 9 })),
  ...retired.map((k, i): HsmEvent => ({ time: at('2026-11-20T11:48:00Z', i), operation: 'KeyDelete', path: `/keys/${k}${api}`, httpMethod: 'DELETE', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python })),
  ...retired.slice(0, 2).map((k, i): HsmEvent => ({ time: at('2026-11-20T11:56:00Z', i), operation: 'KeyPurge', path: `/deletedkeys/${k}${api}`, httpMethod: 'DELETE', status: 204, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python })),
];

export const keyOperations: Scenario = {
  area: 'key-operations',
  story: [
    '2026-11-13 12:00 to 2026-11-20 12:00 the payments service wraps and unwraps 2-5 times an hour; the confidential VM releases its disk key every morning at 06:00.',
    '2026-11-18 carol.crypto creates a key (09:00) and deletes a retired one (10:00); the rotation job rotates and backs up one key (11:00).',
    '2026-11-18 16:00 carol.crypto lists deleted keys, reads one and recovers it (look-alikes of deletion).',
    '2026-11-20 11:02 dave.ops from 203.0.113.66 backs up 8 keys in 4 minutes, 11:10 imports a new version of payments-kek, 11:15 releases the confidential VM disk key, 11:16-11:46 decrypts 150 times with customer-db-tde, 11:48-11:53 deletes 6 keys and 11:56 purges 2 of them.',
  ],
  hsm: hsm.map((e) => ({ hsm: HSM_PROD, ...e })),
};
