/**
 * `npm run bench:engine [-- --sizes 100k,1M,10M]` (or BENCH_SIZES; default 100k,1M): for each size, generates N seeded synthetic Managed HSM
 * AzureDiagnostics rows in columnar form and times typical rule shapes through the engine, each against a
 * hand-written JavaScript loop that computes the same answer over the same columns in the same process.
 * Prints rows/s, the ratio to the hand loop, and memory (peak RSS, heap after each run) against the raw columnar
 * data size. Goals (1M rows): filter+summarize >= 2M rows/s and within 3x of the hand loop; peak heap within 3x of
 * the raw data; 10M rows run with the default heap limit.
 *
 * Every shape's engine result is checked against the hand loop's answer, so a fast wrong engine cannot pass.
 * A summary at the end gives rows/s and memory per size, so the growth with the data is visible.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEngine, Database, warmUpKusto, type TableSchema } from '../src/kql/index.ts';
import { datetimeFromUnixMs, TICKS_PER_HOUR } from '../src/kql/values/datetime.ts';
import { sizesArg } from './sizes.ts';

const SIZES = sizesArg('100k,1M');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

const schema: TableSchema = {
  name: 'AzureDiagnostics',
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'ResourceProvider', type: 'string' },
    { name: 'ResourceType', type: 'string' },
    { name: 'Resource', type: 'string' },
    { name: 'OperationName', type: 'string' },
    { name: 'ResultType', type: 'string' },
    { name: 'CallerIPAddress', type: 'string' },
    { name: 'identity_claim_oid_g', type: 'string' },
    { name: 'DurationMs', type: 'long' },
    { name: 'httpStatusCode_d', type: 'real' },
    { name: 'AdditionalFields', type: 'dynamic' },
  ],
};

/** mulberry32: a small seeded PRNG so every run sees the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPS = ['KeyWrap', 'KeyUnwrap', 'KeyRelease', 'KeyGet', 'KeySign', 'KeyCreate', 'KeyDelete', 'KeyPurge',
  'SecurityDomainDownload', 'RoleAssignmentCreate', 'BackupCreate'];
const OP_WEIGHTS = [30, 25, 15, 15, 8, 2, 1.5, 0.5, 0.2, 0.5, 2.3];
const RESULTS = ['Success', 'Forbidden', 'Unauthorized', 'NotFound'];
const START = datetimeFromUnixMs(Date.UTC(2026, 10, 13));
const SPAN = 7 * 24 * TICKS_PER_HOUR;

function generate(n: number) {
  const rnd = prng(42);
  const ips = Array.from({ length: 200 }, (_, i) => `10.20.${i >> 4}.${i & 15}`);
  const oids = Array.from({ length: 500 }, (_, i) => `c0ffee00-1111-4222-8333-${String(i).padStart(12, '0')}`);
  const hsms = ['CONTOSO-MHSM', 'FABRIKAM-MHSM', 'TAILSPIN-MHSM'];
  const keySets = Array.from({ length: 50 }, (_, i) => ({ keys: [`key-${i}`, `key-${(i * 7) % 50}`, `kek-${i % 5}`] }));
  const cumulative = OP_WEIGHTS.map(((sum) => (w: number) => (sum += w))(0));
  const total = cumulative[cumulative.length - 1]!;
  const cols: unknown[][] = schema.columns.map(() => new Array(n));
  const [tg, rp, rt, res, op, result, ip, oid, dur, http, add] = cols as unknown[][] as [
    number[], string[], string[], string[], string[], string[], string[], string[], number[], number[], unknown[]];
  for (let i = 0; i < n; i++) {
    tg[i] = START + Math.floor(rnd() * SPAN);
    rp[i] = 'MICROSOFT.KEYVAULT';
    rt[i] = 'MANAGEDHSMS';
    res[i] = hsms[Math.floor(rnd() * hsms.length)]!;
    const r = rnd() * total;
    let k = 0;
    while (cumulative[k]! < r) k++;
    op[i] = OPS[k]!;
    const failure = rnd() < 0.05;
    result[i] = failure ? RESULTS[1 + Math.floor(rnd() * 3)]! : 'Success';
    ip[i] = ips[Math.floor(rnd() * rnd() * ips.length)]!;
    oid[i] = oids[Math.floor(rnd() * oids.length)]!;
    dur[i] = Math.floor(rnd() * 200);
    http[i] = failure ? 403 : 200;
    add[i] = op[i] === 'KeyRelease' ? keySets[Math.floor(rnd() * keySets.length)] : null;
  }
  return cols;
}

// A full GC before each measured run, so that the heap sampled after a run holds the data plus what that run
// allocated (an upper bound of its peak), not garbage left by earlier runs or by the hand loops.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/**
 * Best of REPEAT runs, as wall-clock and as CPU time of this process (user + system). On a shared machine the CPU
 * time is the stable figure; rows/s and ratios use it.
 */
function time<T>(fn: () => T): { ms: number; wallMs: number; value: T } {
  let best = Infinity;
  let bestWall = Infinity;
  let value!: T;
  for (let r = 0; r < REPEAT; r++) {
    collect();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = fn();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
    bestWall = Math.min(bestWall, wall);
  }
  return { ms: best, wallMs: bestWall, value };
}

/** Canonical text of a result (rows sorted), for comparing the engine with the hand loop. */
function canonical(rows: unknown[][]): string {
  return rows.map((r) => JSON.stringify(r)).sort().join('\n');
}

interface Shape { name: string; query: string; hand: (c: unknown[][]) => unknown[][]; rows: (r: unknown[][]) => unknown[][] }

const hourIso = (t: number) => new Date((Math.floor(t / TICKS_PER_HOUR) * TICKS_PER_HOUR) / 10_000 + Date.UTC(2020, 0, 1)).toISOString().replace('.000Z', '.0000000Z');

const shapes: Shape[] = [
  {
    name: 'filter + summarize by caller and bin',
    query: `AzureDiagnostics
      | where ResourceProvider == "MICROSOFT.KEYVAULT" and ResultType != "Success"
      | summarize Failures = count() by identity_claim_oid_g, bin(TimeGenerated, 1h)`,
    hand: (c) => {
      const [tg, rp, , , , result, , oid] = c as [number[], string[], string[], string[], string[], string[], string[], string[]];
      const groups = new Map<string, Map<number, number>>();
      for (let i = 0; i < tg.length; i++) {
        if (rp[i] !== 'MICROSOFT.KEYVAULT' || result[i] === 'Success') continue;
        const hour = Math.floor(tg[i]! / TICKS_PER_HOUR) * TICKS_PER_HOUR;
        let m = groups.get(oid[i]!);
        if (!m) groups.set(oid[i]!, (m = new Map()));
        m.set(hour, (m.get(hour) ?? 0) + 1);
      }
      const out: unknown[][] = [];
      for (const [o, m] of groups) for (const [h, n] of m) out.push([o, hourIso(h), n]);
      return out;
    },
    rows: (r) => r,
  },
  {
    name: 'join (failures with key deletions per caller IP)',
    query: `let failures = AzureDiagnostics | where ResultType != "Success" | summarize Failures = count() by CallerIPAddress;
      AzureDiagnostics
      | where OperationName in ("KeyDelete", "KeyPurge")
      | summarize Deletes = count() by CallerIPAddress
      | join kind=inner failures on CallerIPAddress
      | project CallerIPAddress, Deletes, Failures`,
    hand: (c) => {
      const op = c[4] as string[];
      const result = c[5] as string[];
      const ip = c[6] as string[];
      const failures = new Map<string, number>();
      const deletes = new Map<string, number>();
      for (let i = 0; i < ip.length; i++) {
        if (result[i] !== 'Success') failures.set(ip[i]!, (failures.get(ip[i]!) ?? 0) + 1);
        if (op[i] === 'KeyDelete' || op[i] === 'KeyPurge') deletes.set(ip[i]!, (deletes.get(ip[i]!) ?? 0) + 1);
      }
      const out: unknown[][] = [];
      for (const [k, d] of deletes) if (failures.has(k)) out.push([k, d, failures.get(k)]);
      return out;
    },
    rows: (r) => r,
  },
  {
    name: 'mv-expand (released keys)',
    query: `AzureDiagnostics
      | where OperationName == "KeyRelease"
      | mv-expand Key = AdditionalFields.keys to typeof(string)
      | summarize Releases = count() by Key`,
    hand: (c) => {
      const op = c[4] as string[];
      const add = c[10] as ({ keys: string[] } | null)[];
      const counts = new Map<string, number>();
      for (let i = 0; i < op.length; i++) {
        if (op[i] !== 'KeyRelease') continue;
        const keys = add[i]?.keys;
        if (!keys || keys.length === 0) {
          if (!keys) counts.set('', (counts.get('') ?? 0) + 1);
          continue;
        }
        for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts].map(([k, n]) => [k, n]);
    },
    rows: (r) => r,
  },
  {
    name: 'make-series by caller IP (hourly)',
    query: `AzureDiagnostics
      | make-series Ops = count() default = 0 on TimeGenerated from datetime(2026-11-13) to datetime(2026-11-20) step 1h by CallerIPAddress
      | project CallerIPAddress, Ops`,
    hand: (c) => {
      const tg = c[0] as number[];
      const ip = c[6] as string[];
      const bins = 7 * 24;
      const series = new Map<string, number[]>();
      for (let i = 0; i < tg.length; i++) {
        const b = Math.floor((tg[i]! - START) / TICKS_PER_HOUR);
        if (b < 0 || b >= bins) continue;
        let s = series.get(ip[i]!);
        if (!s) series.set(ip[i]!, (s = new Array(bins).fill(0)));
        s[b]!++;
      }
      return [...series].map(([k, s]) => [k, s]);
    },
    rows: (r) => r,
  },
];

interface SizeSummary { rows: number; rawMb: number; peakHeapMb: number; rssMb: number; rates: string[] }

function main(N: number, engine: ReturnType<typeof createEngine>): SizeSummary {
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const cols = generate(N);
  collect();
  const raw = process.memoryUsage().heapUsed - heapBefore;
  const db = new Database([{ name: 'AzureDiagnostics', columns: schema.columns, data: cols, rowCount: N }]);
  console.log(`engine bench: ${N.toLocaleString('en-US')} rows, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; raw columnar data ≈ ${mb(raw)} (heap delta)`);
  console.log('');
  let peakHeap = 0;
  let failures = 0;
  const rates: string[] = [];
  const header = ['shape', 'engine cpu ms', '(wall)', 'rows/s', 'hand cpu ms', 'ratio', 'heap after run', 'result'];
  const lines: string[][] = [];
  for (const shape of shapes) {
    let shapePeak = 0;
    const eng = time(() => {
      const r = engine.run(shape.query, db, { now: '2026-11-20T00:00:00Z' });
      shapePeak = Math.max(shapePeak, process.memoryUsage().heapUsed - heapBefore);
      return r;
    });
    peakHeap = Math.max(peakHeap, shapePeak);
    const hand = time(() => shape.hand(cols));
    const same = canonical(shape.rows(eng.value.rows)) === canonical(hand.value);
    if (!same) failures++;
    lines.push([
      shape.name, eng.ms.toFixed(0), eng.wallMs.toFixed(0), `${((N / eng.ms) * 1000 / 1e6).toFixed(2)}M`, hand.ms.toFixed(0),
      `${(eng.ms / hand.ms).toFixed(2)}x`, mb(shapePeak),
      same ? `ok (${eng.value.rows.length} rows)` : 'MISMATCH',
    ]);
    rates.push(`${((N / eng.ms) * 1000 / 1e6).toFixed(2)}M`);
  }
  // series_decompose_anomalies on top of make-series, when the built-in is registered
  try {
    const q = `AzureDiagnostics
      | make-series Ops = count() default = 0 on TimeGenerated from datetime(2026-11-13) to datetime(2026-11-20) step 1h by CallerIPAddress
      | extend (Anomalies, Score, Baseline) = series_decompose_anomalies(Ops, 2.5, -1, 'linefit')
      | mv-expand Anomalies to typeof(int) | where Anomalies != 0 | count`;
    let shapePeak = 0;
    const eng = time(() => {
      const r = engine.run(q, db, { now: '2026-11-20T00:00:00Z' });
      shapePeak = Math.max(shapePeak, process.memoryUsage().heapUsed - heapBefore);
      return r;
    });
    peakHeap = Math.max(peakHeap, shapePeak);
    lines.push(['make-series + series_decompose_anomalies', eng.ms.toFixed(0), eng.wallMs.toFixed(0), `${((N / eng.ms) * 1000 / 1e6).toFixed(2)}M`, '-', '-',
      mb(shapePeak), `ok (${String(eng.value.rows[0]?.[0])} anomalies)`]);
  } catch (e) {
    lines.push(['make-series + series_decompose_anomalies', '-', '-', '-', '-', '-', '-', `skipped: ${(e as Error).message.slice(0, 60)}`]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
  const mem = process.memoryUsage();
  console.log('');
  console.log(`memory: raw columnar data ${mb(raw)}; peak heap (data + a run's allocations, sampled after each run) ${mb(peakHeap)} = ${(peakHeap / raw).toFixed(2)}x raw; rss now ${mb(mem.rss)}`);
  if (failures) {
    console.error(`${failures} shape(s) differ from the hand-written loop`);
    process.exitCode = 1;
  }
  return { rows: N, rawMb: raw / 1024 / 1024, peakHeapMb: peakHeap / 1024 / 1024, rssMb: mem.rss / 1024 / 1024, rates };
}

warmUpKusto();
const engineForAll = createEngine({ tables: [schema] });
const summaries: SizeSummary[] = [];
for (const n of SIZES) {
  summaries.push(main(n, engineForAll));
  console.log('');
}
console.log(`scaling (engine rows/s by CPU time, per shape: ${shapes.map((s) => s.name.split(' ')[0]).join(', ')}):`);
for (const s of summaries) {
  console.log(`  ${s.rows.toLocaleString('en-US').padStart(12)} rows  ${s.rates.map((r) => r.padStart(7)).join(' ')}  raw ${s.rawMb.toFixed(0)} MB  peak heap ${s.peakHeapMb.toFixed(0)} MB  rss ${s.rssMb.toFixed(0)} MB`);
}
