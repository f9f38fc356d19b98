/**
 * Large volumes of Managed HSM audit rows for benchmarks: the baseline's mix of operations, callers and status
 * codes, drawn independently per row so any row count is cheap to produce.
 */
import { ADDRESSES, ANONYMOUS, CLIENT_INFO, HSM_DR, HSM_PROD, PEOPLE, WORKLOADS, type Identity } from './environment.ts';
import { toAzkvAuditLogs, toAzureDiagnostics, type HsmEvent } from './hsm-records.ts';
import { Random } from './random.ts';

export interface VolumeOptions {
  seed?: number;
  /** Number of rows (default 100 000). */
  rows?: number;
  /** First event time (default 2026-11-01T00:00:00Z); rows spread over `spanDays`. */
  start?: string;
  spanDays?: number;
  /** Table shape (default AzureDiagnostics). */
  table?: 'AzureDiagnostics' | 'AZKVAuditLogs';
  /** Number of the first row, for correlation ids distinct across volumes written in parts (default 0). */
  firstRow?: number;
}

const api = '?api-version=7.5';

interface Template { weight: number; operation: string; path: string; status: number; caller: Identity; ip: string }

const TEMPLATES: Template[] = [
  { weight: 50, operation: 'KeyUnwrap', path: `/keys/payments-kek/4f3e2d1c/unwrapkey${api}`, status: 200, caller: WORKLOADS.payments, ip: ADDRESSES.aksNode },
  { weight: 20, operation: 'KeyWrap', path: `/keys/payments-kek/4f3e2d1c/wrapkey${api}`, status: 200, caller: WORKLOADS.payments, ip: ADDRESSES.aksNode },
  { weight: 15, operation: 'Authentication', path: `/keys/payments-kek/4f3e2d1c/unwrapkey${api}`, status: 401, caller: ANONYMOUS, ip: ADDRESSES.aksNode },
  { weight: 8, operation: 'KeyUnwrap', path: `/keys/storage-cmk/9a8b/unwrapkey${api}`, status: 200, caller: WORKLOADS.storageCmk, ip: ADDRESSES.privateEndpointClient },
  { weight: 3, operation: 'KeyGet', path: `/keys/customer-db-tde${api}`, status: 200, caller: PEOPLE.cryptoOfficer, ip: ADDRESSES.corpEgress },
  { weight: 2, operation: 'KeyGet', path: `/keys/payments-kek${api}`, status: 403, caller: PEOPLE.developer, ip: ADDRESSES.corpEgress2 },
  { weight: 1, operation: 'KeyRotate', path: `/keys/tenant-0-kek/rotate${api}`, status: 200, caller: WORKLOADS.keyRotation, ip: ADDRESSES.aksNode },
  { weight: 1, operation: 'RoleAssignmentList', path: `/providers/Microsoft.Authorization/roleAssignments${api}`, status: 200, caller: PEOPLE.hsmAdmin, ip: ADDRESSES.corpEgress },
];
const TOTAL_WEIGHT = TEMPLATES.reduce((s, t) => s + t.weight, 0);

export function generateVolume(options: VolumeOptions = {}): Record<string, Record<string, unknown>[]> {
  const rng = new Random(options.seed ?? 42);
  const count = options.rows ?? 100_000;
  const start = Date.parse(options.start ?? '2026-11-01T00:00:00Z');
  const span = (options.spanDays ?? 7) * 86_400_000;
  const table = options.table ?? 'AzureDiagnostics';
  const toRow = table === 'AZKVAuditLogs' ? toAzkvAuditLogs : toAzureDiagnostics;
  const rows: Record<string, unknown>[] = new Array(count);
  for (let i = 0; i < count; i++) {
    let r = rng.next() * TOTAL_WEIGHT;
    let t = TEMPLATES[0]!;
    for (const candidate of TEMPLATES) {
      r -= candidate.weight;
      if (r < 0) { t = candidate; break; }
    }
    const e: HsmEvent = {
      time: new Date(start + Math.floor((span * i) / count)).toISOString(),
      hsm: rng.chance(0.8) ? HSM_PROD : HSM_DR,
      operation: t.operation, path: t.path, status: t.status, caller: t.caller, ip: t.ip,
      clientInfo: CLIENT_INFO.java, durationMs: rng.int(3, 40),
      correlationId: `00000000-0000-4000-8000-${String(i + (options.firstRow ?? 0)).padStart(12, '0')}`,
    };
    rows[i] = toRow(e);
  }
  return { [table]: rows };
}
