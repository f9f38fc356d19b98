/**
 * `npm run bench:load [-- --sizes 100k,300k,1M,10M] [--gzip]` (or BENCH_SIZES): what loading a data file costs a user,
 * and how that grows with the data. For each size it writes that many seeded Managed HSM AzureDiagnostics records
 * (src/samples/volume.ts: the baseline's mix of operations, callers and status codes, in the record shape of the
 * samples) as JSON lines to the system's temporary directory (kept for later runs; `--gzip`: also as .jsonl.gz),
 * then runs, each in a fresh process and best of BENCH_REPEAT (3; 1 from 10M rows):
 *
 *   content query "<summarize>" --data DIR --format json     the whole command, process start and load included
 *   a hand-written Node loop                                 readline over the file, JSON.parse per line, the same
 *                                                            counts in a Map, sorted the same way
 *
 * and prints, for both, CPU time (user + system: the stable figure on a shared machine), wall time, rows/s and peak
 * RSS (GNU time's maximum resident set size of the process and the processes it waited for), and their ratios. The
 * two answers are compared, so a fast wrong load cannot pass. Goals (issue: loading at hand-loop speed): time and
 * peak RSS <= 1.5x the hand loop's on 300k rows; 10M rows load and run within the default heap.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { generateVolume } from '../src/samples/volume.ts';
import { sizesArg } from './sizes.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SIZES = sizesArg('100k,300k,1M');
const GZIP = process.argv.includes('--gzip');
const TIME = '/usr/bin/time';
/** Records generated and written at a time. */
const PART = 100_000;

const QUERY = 'AzureDiagnostics | summarize n = count() by OperationName, ResultType | order by n desc, OperationName asc, ResultType asc';

/** The hand loop: what someone would write to get the same answer from the file without the engine. */
const HAND_LOOP = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
const { createGunzip } = require('node:zlib');
(async () => {
  const counts = new Map();
  const file = process.argv[2];
  const input = file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    // Kusto: a missing or null string is the empty string
    const key = (r.OperationName ?? '') + '\\u0000' + (r.ResultType ?? '');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].map(([k, n]) => { const [OperationName, ResultType] = k.split('\\u0000'); return { OperationName, ResultType, n }; });
  rows.sort((a, b) => b.n - a.n || (a.OperationName < b.OperationName ? -1 : a.OperationName > b.OperationName ? 1 : 0) || (a.ResultType < b.ResultType ? -1 : a.ResultType > b.ResultType ? 1 : 0));
  process.stdout.write(JSON.stringify(rows));
})();
`;

interface Measured { wallS: number; cpuS: number; rssMb: number; stdout: string; ok: boolean; stderr: string }

function measure(args: string[]): Measured {
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TZ: 'UTC' } });
  const lines = r.stderr.trim().split('\n');
  const [wall, user, sys, rss] = lines.at(-1)!.split(' ').map(Number);
  return { wallS: wall!, cpuS: user! + sys!, rssMb: rss! / 1024, stdout: r.stdout, ok: r.status === 0, stderr: lines.slice(0, -1).join('\n') };
}

/** Best of `repeat` runs: the least CPU time, wall time and peak RSS, each over the runs. */
function best(args: string[], repeat: number): Measured {
  let out: Measured | undefined;
  for (let i = 0; i < repeat; i++) {
    const m = measure(args);
    if (!m.ok) return m;
    out = out ? { ...out, wallS: Math.min(out.wallS, m.wallS), cpuS: Math.min(out.cpuS, m.cpuS), rssMb: Math.min(out.rssMb, m.rssMb) } : m;
  }
  return out!;
}

/** content query's JSON result (columns, rows as arrays) in the hand loop's shape. */
function answerOfQuery(stdout: string): string {
  const { columns, rows } = JSON.parse(stdout) as { columns: { name: string }[]; rows: unknown[][] };
  const at = (name: string) => columns.findIndex((c) => c.name === name);
  const [op, result, n] = [at('OperationName'), at('ResultType'), at('n')];
  return JSON.stringify(rows.map((r) => ({ OperationName: r[op], ResultType: r[result], n: Number(r[n]) })));
}

/**
 * Writes `rows` records in parts of PART rows, one hour of a busy HSM each, in bounded memory. The first part is
 * generated; every later part is that part's lines with the hour moved on and correlation ids of its own (so the
 * values of the other columns repeat per hour, and the answer is the first part's counts times the parts; writing
 * 10M rows is mostly copying bytes, instead of the generator's many minutes).
 */
function writeVolume(file: string, rows: number): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  const { AzureDiagnostics } = generateVolume({ rows: Math.min(PART, rows), seed: 1, start: '2026-11-01T00:00:00Z', spanDays: 1 / 24 });
  const lines = AzureDiagnostics!.map((r) => `${JSON.stringify(r)}\n`);
  // the bytes of the first part, and where each line's date-and-hour and correlation id number are in them
  const base = Buffer.from(lines.join(''));
  const ID = '"CorrelationId":"00000000-0000-4000-8000-';
  const TIME_FIELD = '"TimeGenerated":"';
  const at: { time: number; id: number; end: number }[] = [];
  let offset = 0;
  for (const line of lines) {
    // the records are ASCII: string offsets are byte offsets
    at.push({ time: offset + line.indexOf(TIME_FIELD) + TIME_FIELD.length, id: offset + line.indexOf(ID) + ID.length, end: offset + line.length });
    offset += line.length;
  }
  const work = Buffer.allocUnsafe(base.length);
  try {
    for (let done = 0, part = 0; done < rows; done += PART, part++) {
      const n = Math.min(PART, rows - done);
      base.copy(work);
      const hour = new Date(Date.UTC(2026, 10, 1) + part * 3_600_000).toISOString().slice(0, 13); // yyyy-MM-ddTHH
      for (let i = 0; i < n; i++) {
        work.write(hour, at[i]!.time, 'latin1');
        work.write(String(done + i).padStart(12, '0'), at[i]!.id, 'latin1');
      }
      writeSync(fd, work, 0, at[n - 1]!.end);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

const mb = (n: number) => `${n.toFixed(0)} MB`;
const rate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString('en-US')}`;

async function main(): Promise<void> {
  if (!existsSync(TIME)) {
    console.error(`bench:load needs GNU time at ${TIME} (peak RSS of a process tree)`);
    process.exit(2);
  }
  const handLoop = join(tmpdir(), 'content-bench-load-hand-loop.cjs');
  writeFileSync(handLoop, HAND_LOOP);
  console.log(`bench:load: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; query: ${QUERY}`);
  console.log('cpu = user + system seconds (best of the runs); rows/s by cpu; ratio = content query / hand loop\n');
  const header = ['rows', 'file', 'run', 'cpu s', 'wall s', 'rows/s (cpu)', 'peak RSS', 'cpu ratio', 'wall ratio', 'RSS ratio', 'answer'];
  const table: string[][] = [];
  let failed = false;
  for (const rows of SIZES) {
    const dir = join(tmpdir(), `content-bench-load-v2-${rows}`);
    const file = join(dir, 'AzureDiagnostics.jsonl');
    mkdirSync(dir, { recursive: true });
    if (!existsSync(file)) {
      const t0 = performance.now();
      writeVolume(file, rows);
      console.log(`wrote ${rows.toLocaleString('en-US')} rows to ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const variants: { label: string; dir: string; file: string }[] = [{ label: 'jsonl', dir, file }];
    if (GZIP) {
      const gzDir = `${dir}-gz`;
      const gz = join(gzDir, 'AzureDiagnostics.jsonl.gz');
      if (!existsSync(gz)) {
        mkdirSync(gzDir, { recursive: true });
        await pipeline(createReadStream(file), createGzip(), createWriteStream(`${gz}.tmp`));
        renameSync(`${gz}.tmp`, gz);
      }
      variants.push({ label: 'jsonl.gz', dir: gzDir, file: gz });
    }
    const repeat = Number(process.env.BENCH_REPEAT ?? (rows >= 5_000_000 ? 1 : 3));
    for (const v of variants) {
      const size = `${v.label} ${mb(statSync(v.file).size / 1e6)}`;
      const hand = best([process.execPath, handLoop, v.file], repeat);
      const engine = best([process.execPath, join(ROOT, 'bin/content.js'), 'query', QUERY, '--data', v.dir, '--format', 'json'], repeat);
      const n = rows.toLocaleString('en-US');
      table.push([n, size, 'hand loop', hand.cpuS.toFixed(2), hand.wallS.toFixed(2), rate(rows, hand.cpuS), mb(hand.rssMb), '', '', '', '']);
      if (!engine.ok) {
        failed = true;
        table.push([n, size, 'content query', 'failed', engine.stderr.split('\n')[0]!.slice(0, 100), '', '', '', '', '', '']);
        continue;
      }
      const same = answerOfQuery(engine.stdout) === hand.stdout;
      if (!same) failed = true;
      table.push([n, size, 'content query', engine.cpuS.toFixed(2), engine.wallS.toFixed(2), rate(rows, engine.cpuS), mb(engine.rssMb),
        `${(engine.cpuS / hand.cpuS).toFixed(2)}x`, `${(engine.wallS / hand.wallS).toFixed(2)}x`, `${(engine.rssMb / hand.rssMb).toFixed(2)}x`, same ? 'same' : 'DIFFERENT']);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of table) console.log(line(r));
  process.exitCode = failed ? 1 : 0;
}

await main();
