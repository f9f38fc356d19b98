/**
 * The benign baseline: days of realistic, attack-free Managed HSM, AzureActivity, SigninLogs and threat
 * intelligence traffic from the Contoso estate (see environment.ts). Rules replay it through the scheduler to
 * measure their noise against the budget in their test files.
 *
 * What happens every day: the payments service wraps and unwraps keys (busy in business hours), each preceded now
 * and then by the SDK's challenge 401; the storage service unwraps its customer-managed key every hour on both
 * HSMs; the confidential VM releases its disk key at boot; the backup job takes a full backup of each HSM at
 * 01:00 UTC; the rotation job rotates and backs up one key at 02:00; the key governance service lists keys; on
 * working days the administrators review role assignments, the crypto officer reads keys and signs in, and a
 * developer without a role is denied a few reads. Once in a while: a key created, a retired key deleted, a Crypto
 * User role assigned to a workload, a tag changed on the HSM, a mistyped password.
 *
 * The production HSM logs to AzureDiagnostics and the DR HSM to AZKVAuditLogs (a workspace with both diagnostic
 * setting modes), so each parser branch sees traffic without duplicated events.
 *
 * A history of `historyDays` precedes `start`, so rules with a lookback (first-seen, anomaly, learning periods) see
 * the same history they would in a workspace that has been collecting for weeks; the measured window is
 * [start, start + days].
 */
import {
  ADDRESSES, ANONYMOUS, CLIENT_INFO, HSM_DR, HSM_PROD, HSM_ROLES, PEOPLE, WORKLOADS, hsmRoleDefinition, type Hsm,
} from './environment.ts';
import { stableGuid, toAzkvAuditLogs, toAzureDiagnostics, type HsmEvent } from './hsm-records.ts';
import { toAzureActivity, toSigninLogs, toThreatIntelligenceIndicator, type ActivityEvent, type IndicatorEvent, type SigninEvent } from './azure-records.ts';
import { Random } from './random.ts';

export interface BaselineOptions {
  /** PRNG seed (default 20261109). */
  seed?: number;
  /** Start of the measured window, ISO-8601 UTC (default 2026-11-09T00:00:00Z, a Monday). */
  start?: string;
  /** Length of the measured window in days (default 7). */
  days?: number;
  /** Days of history generated before `start` for lookback rules (default 14). */
  historyDays?: number;
}

export interface BaselineTables {
  /** Start and end of the measured window (history precedes `from`). */
  from: Date;
  to: Date;
  tables: Record<string, Record<string, unknown>[]>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const api = '?api-version=7.5';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

interface DayContext { rng: Random; dayStart: number; dayIndex: number; weekday: number }

/** The Managed HSM events of one day. */
function hsmDay({ rng, dayStart, dayIndex, weekday }: DayContext): HsmEvent[] {
  const out: HsmEvent[] = [];
  const at = (hour: number, minute = rng.int(0, 59), second = rng.int(0, 59)) => iso(dayStart + hour * HOUR + minute * 60_000 + second * 1000);
  const workday = weekday >= 1 && weekday <= 5;
  const { payments, storageCmk, backupJob, keyRotation, cvmDisk, keyGovernance } = WORKLOADS;
  const { hsmAdmin, hsmAdmin2, cryptoOfficer, developer } = PEOPLE;

  for (let hour = 0; hour < 24; hour++) {
    // Payments: busy by day (Poisson mean 8 per hour on working days, 4 at weekends), quiet at night.
    const busy = hour >= 7 && hour < 19;
    const n = rng.poisson(busy ? (workday ? 8 : 4) : 2);
    for (let i = 0; i < n; i++) {
      const time = at(hour);
      const unwrap = rng.chance(0.5);
      if (rng.chance(0.25)) {
        out.push({ time, operation: 'Authentication', path: `/keys/payments-kek/4f3e2d1c/${unwrap ? 'unwrapkey' : 'wrapkey'}${api}`, httpMethod: 'POST', status: 401, caller: ANONYMOUS, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.java, durationMs: 3 });
      }
      out.push({ time, operation: unwrap ? 'KeyUnwrap' : 'KeyWrap', path: `/keys/payments-kek/4f3e2d1c/${unwrap ? 'unwrapkey' : 'wrapkey'}${api}`, httpMethod: 'POST', status: 200, caller: payments, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.java, durationMs: rng.int(5, 20) });
    }
    // Storage customer-managed key: one unwrap an hour on each HSM.
    for (const hsm of [HSM_PROD, HSM_DR]) {
      out.push({ time: at(hour, rng.int(0, 9)), hsm, operation: 'KeyUnwrap', path: `/keys/storage-cmk/9a8b/unwrapkey${api}`, httpMethod: 'POST', status: 200, caller: storageCmk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.storage, durationMs: rng.int(6, 15) });
    }
  }

  // Nightly full backups at 01:00 with a status poll.
  for (const hsm of [HSM_PROD, HSM_DR]) {
    const job = stableGuid('backup', hsm.name, dayIndex);
    out.push({ time: at(1, rng.int(0, 2)), hsm, operation: 'BackupCreate', path: `/backup${api}`, httpMethod: 'POST', status: 202, caller: backupJob, ip: ADDRESSES.backupRunner, clientInfo: CLIENT_INFO.dotnet, durationMs: rng.int(400, 600) });
    out.push({ time: at(1, rng.int(10, 20)), hsm, operation: 'BackupStatus', path: `/backup/${job}/pending${api}`, httpMethod: 'GET', status: 200, caller: backupJob, ip: ADDRESSES.backupRunner, clientInfo: CLIENT_INFO.dotnet });
  }
  // Rotation job: rotate and back up one tenant key at 02:00.
  const tenantKey = `tenant-${dayIndex % 5}-kek`;
  out.push({ time: at(2, 0, rng.int(0, 30)), operation: 'KeyRotate', path: `/keys/${tenantKey}/rotate${api}`, httpMethod: 'POST', status: 200, caller: keyRotation, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.dotnet });
  out.push({ time: at(2, 1, rng.int(0, 30)), operation: 'KeyBackup', path: `/keys/${tenantKey}/backup${api}`, httpMethod: 'POST', status: 200, caller: keyRotation, ip: ADDRESSES.aksNode, clientInfo: CLIENT_INFO.dotnet });
  // Confidential VM boot: secure key release (sometimes a second boot in the afternoon).
  out.push({ time: at(6, rng.int(0, 5)), operation: 'KeyRelease', path: `/keys/cvm-disk-key/8c9d0e1f/release${api}`, httpMethod: 'POST', status: 200, caller: cvmDisk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.dotnet });
  if (rng.chance(0.2)) out.push({ time: at(15), operation: 'KeyRelease', path: `/keys/cvm-disk-key/8c9d0e1f/release${api}`, httpMethod: 'POST', status: 200, caller: cvmDisk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.dotnet });
  // Key governance service: policy state.
  out.push({ time: at(3), operation: 'KeyList', path: `/keys${api}`, httpMethod: 'GET', status: 200, caller: keyGovernance, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.dotnet });

  if (workday) {
    out.push({ time: at(9, rng.int(20, 40)), operation: 'RoleAssignmentList', path: `/providers/Microsoft.Authorization/roleAssignments${api}`, httpMethod: 'GET', status: 200, caller: rng.chance(0.7) ? hsmAdmin : hsmAdmin2, ip: ADDRESSES.corpEgress });
    for (let i = rng.int(1, 4); i > 0; i--) {
      out.push({ time: at(rng.int(9, 17)), operation: rng.pick(['KeyGet', 'KeyList', 'KeyRotationPolicyGet']), path: `/keys/${rng.pick(['payments-kek', 'customer-db-tde', tenantKey])}${api}`, httpMethod: 'GET', status: 200, caller: cryptoOfficer, ip: ADDRESSES.corpEgress });
    }
    // A developer without a role is denied a few reads.
    for (let i = rng.int(0, 3); i > 0; i--) {
      out.push({ time: at(rng.int(10, 16)), operation: 'KeyGet', path: `/keys/payments-kek${api}`, httpMethod: 'GET', status: 403, caller: developer, ip: ADDRESSES.corpEgress2 });
    }
    // Tuesdays: the crypto officer creates a key for a new tenant.
    if (weekday === 2) out.push({ time: at(11), operation: 'KeyCreate', path: `/keys/tenant-${10 + dayIndex}-kek/create${api}`, httpMethod: 'POST', status: 200, caller: cryptoOfficer, ip: ADDRESSES.corpEgress });
    // Thursdays: a retired tenant key is deleted (key lifecycle).
    if (weekday === 4) out.push({ time: at(14), operation: 'KeyDelete', path: `/keys/tenant-retired-${dayIndex}${api}`, httpMethod: 'DELETE', status: 200, caller: cryptoOfficer, ip: ADDRESSES.corpEgress });
    // Wednesdays: a workload is onboarded with a Crypto User role assignment.
    if (weekday === 3) out.push({ time: at(13), operation: 'RoleAssignmentCreate', path: `/keys/providers/Microsoft.Authorization/roleAssignments/${stableGuid('onboard', dayIndex)}${api}`, httpMethod: 'PUT', status: 201, caller: cryptoOfficer, ip: ADDRESSES.corpEgress, properties: { roleDefinitionId: hsmRoleDefinition(HSM_ROLES.cryptoUser), principalId: stableGuid('workload', dayIndex), scope: '/keys' } });
  }
  return out;
}

function activityDay({ rng, dayStart, weekday }: DayContext): ActivityEvent[] {
  // Monthly-ish: the owner updates tags on the HSM (not a network or retention change).
  if (weekday !== 1 || !rng.chance(0.5)) return [];
  return [{ time: iso(dayStart + 10 * HOUR + rng.int(0, 59) * 60_000), hsm: HSM_PROD, operation: 'MICROSOFT.KEYVAULT/MANAGEDHSMS/WRITE', displayName: 'Create or Update Managed HSM', caller: PEOPLE.hsmAdmin, ip: ADDRESSES.corpEgress, requestBody: { location: 'westeurope', tags: { costCenter: 'crypto-42', reviewed: iso(dayStart).slice(0, 10) } } }];
}

function signinDay({ rng, dayStart, weekday }: DayContext): SigninEvent[] {
  if (weekday < 1 || weekday > 5) return [];
  const out: SigninEvent[] = [];
  for (const user of [PEOPLE.hsmAdmin, PEOPLE.cryptoOfficer, PEOPLE.hsmAdmin2]) {
    const time = dayStart + 8 * HOUR + rng.int(30, 90) * 60_000;
    if (rng.chance(0.15)) out.push({ time: iso(time - 60_000), user, ip: ADDRESSES.corpEgress, resultType: '50126', resultDescription: 'Invalid username or password or Invalid on-premise username or password.' });
    out.push({ time: iso(time), user, ip: ADDRESSES.corpEgress, resultType: '0' });
  }
  return out;
}

function indicators(startMs: number): IndicatorEvent[] {
  // Indicators for addresses that never touch the HSM in the baseline.
  return ['198.51.100.77', '198.51.100.78', '203.0.113.201'].map((ip, i) => ({
    time: iso(startMs + i * HOUR), ip, description: 'Commodity botnet node', expires: iso(startMs + 60 * DAY), confidence: 70,
  }));
}

function hsmRow(e: HsmEvent): { table: string; row: Record<string, unknown> } {
  // Production logs in legacy AzureDiagnostics mode; the DR HSM in resource-specific mode.
  return (e.hsm ?? HSM_PROD) === HSM_DR ? { table: 'AZKVAuditLogs', row: toAzkvAuditLogs(e) } : { table: 'AzureDiagnostics', row: toAzureDiagnostics(e) };
}

export function generateBaseline(options: BaselineOptions = {}): BaselineTables {
  const seed = options.seed ?? 20261109;
  const start = Date.parse(options.start ?? '2026-11-09T00:00:00Z');
  if (Number.isNaN(start)) throw new RangeError(`start: not an ISO-8601 date: ${options.start}`);
  const days = options.days ?? 7;
  const historyDays = options.historyDays ?? 14;
  if (!(days > 0) || !(historyDays >= 0)) throw new RangeError('days must be > 0 and historyDays >= 0');
  const rng = new Random(seed);
  const tables: Record<string, Record<string, unknown>[]> = { AzureDiagnostics: [], AZKVAuditLogs: [], AzureActivity: [], SigninLogs: [], ThreatIntelligenceIndicator: [] };
  const first = Math.floor(start / DAY) * DAY - historyDays * DAY;
  for (let d = 0; d < historyDays + days; d++) {
    const dayStart = first + d * DAY;
    const ctx: DayContext = { rng, dayStart, dayIndex: d, weekday: new Date(dayStart).getUTCDay() };
    for (const e of hsmDay(ctx)) {
      const { table, row } = hsmRow({ hsm: HSM_PROD, ...e });
      tables[table]!.push(row);
    }
    tables.AzureActivity!.push(...activityDay(ctx).map(toAzureActivity));
    tables.SigninLogs!.push(...signinDay(ctx).map(toSigninLogs));
  }
  tables.ThreatIntelligenceIndicator!.push(...indicators(first).map(toThreatIntelligenceIndicator));
  for (const rows of Object.values(tables)) rows.sort((a, b) => String(a.TimeGenerated).localeCompare(String(b.TimeGenerated)));
  return { from: new Date(start), to: new Date(start + days * DAY), tables };
}

export type { Hsm };
