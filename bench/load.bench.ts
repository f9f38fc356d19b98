/**
 * `npm run bench:load [-- --rows 100000,300000]` (or BENCH_ROWS): what loading a data file costs a user.
 * For each row count it writes N seeded AzureDiagnostics rows with `content samples generate --rows N` (kept in the
 * system's temporary directory for later runs), then runs, each in a fresh process and best of BENCH_REPEAT (3):
 *
 *   content query "<summarize>" --data DIR --format json     the whole command, process start and load included
 *   a hand-written Node loop                                 readline over the file, JSON.parse per line, the same
 *                                                            counts in a Map, sorted the same way
 *
 * and prints wall time, rows/s and peak RSS of both (GNU time's maximum resident set size of the process and the
 * processes it waited for) and their ratios. The two answers are compared, so a fast wrong load cannot pass.
 * Goals (issue: loading at hand-loop speed): wall <= 1.5x and peak RSS <= 1.5x the hand loop's on 300k rows.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const argRows = process.argv.indexOf('--rows');
const COUNTS = String(argRows > 0 ? process.argv[argRows + 1] : process.env.BENCH_ROWS ?? '100000,300000')
  .split(',').map((n) => Number(n.replace(/_/g, '')));
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const TIME = '/usr/bin/time';
const CHUNK = 100_000;

const QUERY = 'AzureDiagnostics | summarize n = count() by OperationName, ResultType | order by n desc, OperationName asc, ResultType asc';

/** The hand loop: what someone would write to get the same answer from the file without the engine. */
const HAND_LOOP = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  const counts = new Map();
  for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
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

interface Measured { wallS: number; rssMb: number; stdout: string; ok: boolean; stderr: string }

function measure(args: string[]): Measured {
  const r = spawnSync(TIME, ['-f', '%e %M', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TZ: 'UTC' } });
  const lines = r.stderr.trim().split('\n');
  const [wall, rss] = lines.at(-1)!.split(' ').map(Number);
  return { wallS: wall!, rssMb: rss! / 1024, stdout: r.stdout, ok: r.status === 0, stderr: lines.slice(0, -1).join('\n') };
}

function best(args: string[]): Measured {
  let out: Measured | undefined;
  for (let i = 0; i < REPEAT; i++) {
    const m = measure(args);
    if (!m.ok) return m;
    if (!out || m.wallS < out.wallS) out = { ...m, rssMb: Math.min(m.rssMb, out?.rssMb ?? Infinity) };
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

if (!existsSync(TIME)) {
  console.error(`bench:load needs GNU time at ${TIME} (peak RSS of a process tree)`);
  process.exit(2);
}
const handLoop = join(tmpdir(), 'content-bench-load-hand-loop.cjs');
writeFileSync(handLoop, HAND_LOOP);
console.log(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}; best of ${REPEAT}; query: ${QUERY}`);
let failed = false;
for (const rows of COUNTS) {
  const dir = join(tmpdir(), `content-bench-load-${rows}`);
  const file = join(dir, 'AzureDiagnostics.jsonl');
  if (!existsSync(file)) {
    // The generator builds its file as one string (at most about 512 MB, some 280k of these rows): larger files are
    // written in parts of 100k rows with their own seeds and appended.
    mkdirSync(dir, { recursive: true });
    const part = join(dir, 'part');
    for (let done = 0, seed = 1; done < rows; done += CHUNK, seed++) {
      const n = Math.min(CHUNK, rows - done);
      const g = spawnSync(process.execPath, [join(ROOT, 'bin/content.js'), 'samples', 'generate', '--rows', String(n), '--seed', String(seed), '--out', part], { encoding: 'utf8' });
      if (g.status !== 0) throw new Error(`generating ${n} rows failed: ${g.stderr}`);
      appendFileSync(file, readFileSync(join(part, 'AzureDiagnostics.jsonl')));
    }
    rmSync(part, { recursive: true, force: true });
  }
  const mb = statSync(file).size / 1e6;
  const hand = best([process.execPath, handLoop, file]);
  const engine = best([process.execPath, join(ROOT, 'bin/content.js'), 'query', QUERY, '--data', dir, '--format', 'json']);
  const rate = (m: Measured) => `${Math.round(rows / m.wallS).toLocaleString('en-US')} rows/s`;
  console.log(`\n${rows.toLocaleString('en-US')} rows (${mb.toFixed(0)} MB)`);
  console.log(`  hand loop      ${hand.wallS.toFixed(2)} s  ${rate(hand)}  peak RSS ${hand.rssMb.toFixed(0)} MB`);
  if (!engine.ok) {
    failed = true;
    console.log(`  content query  failed: ${engine.stderr.split('\n')[0]}`);
    continue;
  }
  const same = answerOfQuery(engine.stdout) === hand.stdout;
  console.log(`  content query  ${engine.wallS.toFixed(2)} s  ${rate(engine)}  peak RSS ${engine.rssMb.toFixed(0)} MB`);
  console.log(`  ratio          wall ${(engine.wallS / hand.wallS).toFixed(2)}x  peak RSS ${(engine.rssMb / hand.rssMb).toFixed(2)}x  same answer: ${same ? 'yes' : 'NO'}`);
  if (!same) failed = true;
}
process.exitCode = failed ? 1 : 0;
