import { ADDRESSES, ANONYMOUS, CLIENT_INFO, HSM_PROD, PEOPLE } from '../environment.ts';
import type { Scenario } from '../scenario.ts';

const { compromisedUser, developer } = PEOPLE;
const api = '?api-version=7.5';

export const threatIntelligence: Scenario = {
  area: 'threat-intelligence',
  story: [
    '2026-11-15 indicators arrive: 203.0.113.66 (active until 2026-12-31), 198.51.100.23 (expired 2026-11-17) and 198.51.100.200 (deactivated).',
    '2026-11-18 10:00 erin.dev reads a key from 198.51.100.23, whose indicator has expired (look-alike).',
    '2026-11-18 10:10 a scanner at 198.51.100.200 (deactivated indicator) is challenged with a 401.',
    '2026-11-20 11:15 dave.ops reads and decrypts with keys from 203.0.113.66 (active indicator).',
  ],
  indicators: [
    { time: '2026-11-15T08:00:00Z', ip: ADDRESSES.attacker, description: 'Infrastructure used for token theft against cloud key stores', expires: '2026-12-31T00:00:00Z', confidence: 85 },
    { time: '2026-11-15T08:00:00Z', ip: ADDRESSES.attacker2, description: 'Password spray source (expired)', expires: '2026-11-17T00:00:00Z', confidence: 60 },
    { time: '2026-11-15T08:00:00Z', ip: ADDRESSES.scanner, description: 'Internet-wide scanner', expires: '2026-12-31T00:00:00Z', active: false, confidence: 30, threatType: 'Scanner' },
  ],
  hsm: [
    { time: '2026-11-18T10:00:00Z', operation: 'KeyGet', path: `/keys/payments-kek${api}`, httpMethod: 'GET', status: 200, caller: developer, ip: ADDRESSES.attacker2 },
    { time: '2026-11-18T10:10:00Z', operation: 'Authentication', path: `/keys${api}`, httpMethod: 'GET', status: 401, caller: ANONYMOUS, ip: ADDRESSES.scanner, clientInfo: 'python-requests/2.31.0' },
    { time: '2026-11-20T11:15:00Z', operation: 'KeyGet', path: `/keys/customer-db-tde${api}`, httpMethod: 'GET', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
    { time: '2026-11-20T11:16:00Z', operation: 'KeyDecrypt', path: `/keys/customer-db-tde/77aa/decrypt${api}`, httpMethod: 'POST', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
  ].map((e) => ({ hsm: HSM_PROD, ...e })),
};
