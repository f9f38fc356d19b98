import { ADDRESSES, CLIENT_INFO, HSM_DR, HSM_PROD, PEOPLE } from '../environment.ts';
import type { Scenario } from '../scenario.ts';

const { hsmAdmin, compromisedUser } = PEOPLE;

export const securityDomain: Scenario = {
  area: 'security-domain',
  story: [
    '2026-11-10 09:00 alice.admin downloads the security domain of contoso-mhsm during the scheduled quorum ceremony (history for first-seen logic).',
    '2026-11-18 09:30 alice.admin polls the status of a security domain download (benign look-alike: no download).',
    '2026-11-20 02:10 alice.admin fetches the transfer key of contoso-mhsm-dr and at 02:25 uploads the security domain (DR recovery drill).',
    '2026-11-20 11:40 dave.ops, signing in from 203.0.113.66, downloads the security domain of contoso-mhsm and polls its status (attack).',
  ],
  hsm: [
    { time: '2026-11-10T09:00:00Z', operation: 'SecurityDomainDownload', path: '/securitydomain/download?api-version=7.5', httpMethod: 'POST', status: 202, caller: hsmAdmin, ip: ADDRESSES.corpEgress, durationMs: 1840 },
    { time: '2026-11-10T09:02:00Z', operation: 'SecurityDomainDownloadPending', path: '/securitydomain/download/pending?api-version=7.5', httpMethod: 'GET', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress },
    { time: '2026-11-18T09:30:00Z', operation: 'SecurityDomainDownloadPending', path: '/securitydomain/download/pending?api-version=7.5', httpMethod: 'GET', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress },
    { time: '2026-11-20T02:10:00Z', hsm: HSM_DR, operation: 'SecurityDomainTransferKey', path: '/securitydomain/transferkey?api-version=7.5', httpMethod: 'GET', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress },
    { time: '2026-11-20T02:25:00Z', hsm: HSM_DR, operation: 'SecurityDomainUpload', path: '/securitydomain/upload?api-version=7.5', httpMethod: 'POST', status: 202, caller: hsmAdmin, ip: ADDRESSES.corpEgress, durationMs: 5230 },
    { time: '2026-11-20T02:31:00Z', hsm: HSM_DR, operation: 'SecurityDomainUploadPending', path: '/securitydomain/upload/pending?api-version=7.5', httpMethod: 'GET', status: 200, caller: hsmAdmin, ip: ADDRESSES.corpEgress },
    { time: '2026-11-20T11:40:00Z', operation: 'SecurityDomainDownload', path: '/securitydomain/download?api-version=7.5', httpMethod: 'POST', status: 202, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python, durationMs: 2011 },
    { time: '2026-11-20T11:41:30Z', operation: 'SecurityDomainDownloadPending', path: '/securitydomain/download/pending?api-version=7.5', httpMethod: 'GET', status: 200, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
  ].map((e) => ({ hsm: HSM_PROD, ...e })),
};
