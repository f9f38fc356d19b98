import { ADDRESSES, CLIENT_INFO, HSM_DR, HSM_PROD, PEOPLE, WORKLOADS } from '../environment.ts';
import type { HsmEvent } from '../hsm-records.ts';
import type { Scenario } from '../scenario.ts';

const { hsmAdmin, compromisedUser } = PEOPLE;
const { backupJob, storageCmk } = WORKLOADS;
const api = '?api-version=7.5';

function day(d: number): string {
  return `2026-11-${String(d).padStart(2, '0')}`;
}

/** Nightly full backup at 01:00 UTC to the backup storage account, with its status poll. */
function nightlyBackup(hsm: typeof HSM_PROD, d: number): HsmEvent[] {
  const job = `${hsm.name}-${d}`;
  return [
    { time: `${day(d)}T01:00:00Z`, hsm, operation: 'BackupCreate', path: `/backup${api}`, httpMethod: 'POST', status: 202, caller: backupJob, ip: ADDRESSES.backupRunner, clientInfo: CLIENT_INFO.dotnet, durationMs: 488 },
    { time: `${day(d)}T01:05:00Z`, hsm, operation: 'BackupStatus', path: `/backup/${job}/pending${api}`, httpMethod: 'GET', status: 200, caller: backupJob, ip: ADDRESSES.backupRunner, clientInfo: CLIENT_INFO.dotnet },
  ];
}

/** A daily unwrap so that each HSM is visibly alive in the logs. */
function dailyUse(hsm: typeof HSM_PROD, d: number): HsmEvent {
  return { time: `${day(d)}T09:00:00Z`, hsm, operation: 'KeyUnwrap', path: `/keys/storage-cmk/9a8b/unwrapkey${api}`, httpMethod: 'POST', status: 200, caller: storageCmk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.storage };
}

const hsm: HsmEvent[] = [];
for (let d = 6; d <= 20; d++) {
  hsm.push(...nightlyBackup(HSM_PROD, d), dailyUse(HSM_PROD, d), dailyUse(HSM_DR, d));
  // The DR HSM's backups stop after 2026-11-12 (the job's role assignment was lost).
  if (d <= 12) hsm.push(...nightlyBackup(HSM_DR, d));
}
hsm.push(
  // 2026-11-19 01:30: a restore drill on the DR HSM by the backup job, inside the maintenance window.
  { time: '2026-11-19T01:30:00Z', hsm: HSM_DR, operation: 'RestoreCreate', path: `/restore${api}`, httpMethod: 'PUT', status: 202, caller: backupJob, ip: ADDRESSES.backupRunner, clientInfo: CLIENT_INFO.dotnet },
  { time: '2026-11-19T01:40:00Z', hsm: HSM_DR, operation: 'RestoreStatus', path: `/restore/drill-19/pending${api}`, httpMethod: 'GET', status: 200, caller: backupJob, ip: ADDRESSES.backupRunner, clientInfo: CLIENT_INFO.dotnet },
  // 2026-11-20 11:15: dave.ops takes a full backup to his own storage container, 11:25 restores an old version of payments-kek.
  { time: '2026-11-20T11:15:00Z', hsm: HSM_PROD, operation: 'BackupCreate', path: `/backup${api}`, httpMethod: 'POST', status: 202, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python, durationMs: 530 },
  { time: '2026-11-20T11:25:00Z', hsm: HSM_PROD, operation: 'SelectiveKeyRestore', path: `/keys/payments-kek/restore${api}`, httpMethod: 'PUT', status: 202, caller: compromisedUser, ip: ADDRESSES.attacker, clientInfo: CLIENT_INFO.python },
);

export const backupRecovery: Scenario = {
  area: 'backup-recovery',
  story: [
    '2026-11-06 to 2026-11-20: nightly full backups at 01:00 UTC by the backup job (managed identity) for contoso-mhsm; for contoso-mhsm-dr they stop after 2026-11-12 while the HSM stays in use.',
    '2026-11-18 10:00 alice.admin changes the tags of contoso-mhsm (AzureActivity write without retention or network changes).',
    '2026-11-19 01:30 the backup job runs a restore drill on contoso-mhsm-dr inside the maintenance window.',
    '2026-11-20 11:15 dave.ops starts a full backup of contoso-mhsm from 203.0.113.66 and at 11:25 restores an old version of payments-kek.',
    '2026-11-20 11:50 dave.ops lowers the soft-delete retention of contoso-mhsm-dr to 7 days; 11:55 deletes it and 11:58 purges it (AzureActivity).',
  ],
  hsm,
  activity: [
    { time: '2026-11-18T10:00:00Z', hsm: HSM_PROD, operation: 'MICROSOFT.KEYVAULT/MANAGEDHSMS/WRITE', displayName: 'Create or Update Managed HSM', caller: hsmAdmin, ip: ADDRESSES.corpEgress, requestBody: { location: 'westeurope', tags: { costCenter: 'crypto-42', owner: 'secops' }, sku: { family: 'B', name: 'Standard_B1' } } },
    { time: '2026-11-20T11:50:00Z', hsm: HSM_DR, operation: 'MICROSOFT.KEYVAULT/MANAGEDHSMS/WRITE', displayName: 'Create or Update Managed HSM', caller: compromisedUser, ip: ADDRESSES.attacker, requestBody: { location: 'westeurope', properties: { softDeleteRetentionInDays: 7, enablePurgeProtection: false } } },
    { time: '2026-11-20T11:55:00Z', hsm: HSM_DR, operation: 'MICROSOFT.KEYVAULT/MANAGEDHSMS/DELETE', displayName: 'Delete Managed HSM', caller: compromisedUser, ip: ADDRESSES.attacker },
    { time: '2026-11-20T11:58:00Z', hsm: HSM_DR, resourceId: '/subscriptions/3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f/providers/microsoft.keyvault/locations/westeurope/deletedmanagedhsms/contoso-mhsm-dr', operation: 'MICROSOFT.KEYVAULT/LOCATIONS/DELETEDMANAGEDHSMS/PURGE/ACTION', displayName: 'Purge a deleted Managed HSM', caller: compromisedUser, ip: ADDRESSES.attacker },
  ],
};
