/**
 * `npm run fuzz [-- --queries N] [--seed S] [--rows R] [--skip K]`: runs N random queries from the fuzz grammar (grammar.ts)
 * over random typed data (a new dataset every 100 queries), seeded so that a run can be repeated, and counts the
 * outcomes. An `internal error` (a defect of the engine, not of the query) is printed with its query and data
 * seed; the exit code is 1 when there was any. `--skip K` (a multiple of 100) starts at query K of the same sequence,
 * so that `--queries 50000` and `--skip 50000 --queries 50000` together run what `--queries 100000` runs. Not part
 * of `npm test`.
 */
import fc from 'fast-check';
import { createDatabase, createEngine, KqlError } from '../../../src/kql/index.ts';
import { F, G, gRow, query, row } from './grammar.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`fuzz: --${name} needs a non-negative integer (got ${process.argv[i + 1] ?? 'nothing'})`);
    process.exit(2);
  }
  return v;
}

const total = option('queries', 10_000);
const seed = option('seed', 20261203);
const maxRows = option('rows', 12);
const CHUNK = 100;
const skip = option('skip', 0);
if (skip % CHUNK) {
  console.error(`fuzz: --skip needs a multiple of ${CHUNK} (got ${skip})`);
  process.exit(2);
}

const engine = createEngine({ tables: [F, G] });
const outcomes = new Map<string, number>();
const internal: { query: string; message: string; chunkSeed: number }[] = [];
const started = Date.now();

for (let done = 0, chunk = skip / CHUNK; done < total; chunk++) {
  const chunkSeed = seed + chunk;
  const [[rows, gRows]] = fc.sample(fc.tuple(fc.array(row, { maxLength: maxRows }), fc.array(gRow, { maxLength: 5 })), { seed: chunkSeed, numRuns: 1 });
  const db = createDatabase([{ schema: F, rows: rows! }, { schema: G, rows: gRows! }]);
  const queries = fc.sample(query, { seed: chunkSeed, numRuns: Math.min(CHUNK, total - done) });
  for (const q of queries) {
    let key: string;
    try {
      const r = engine.run(q, db, { now: '2026-11-22T00:00:00Z', maxRows: 10_000, timeoutMs: 5_000 });
      for (const rr of r.rows) if (rr.length !== r.columns.length) throw new Error(`a row has ${rr.length} cells for ${r.columns.length} columns`);
      JSON.stringify(r);
      key = 'result';
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      if (e instanceof KqlError && !message.startsWith('internal error')) key = e.code;
      else {
        key = 'internal error';
        if (internal.length < 20) internal.push({ query: q, message, chunkSeed });
      }
    }
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
  done += queries.length;
  if (chunk % 50 === 49) process.stderr.write(`fuzz: ${done}/${total} queries, ${outcomes.get('internal error') ?? 0} internal errors so far\n`);
}

const seconds = (Date.now() - started) / 1000;
const internalCount = outcomes.get('internal error') ?? 0;
console.log(`fuzz: ${total} queries (seed ${seed}${skip ? `, from query ${skip}` : ''}) in ${seconds.toFixed(1)} s: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
console.log(`fuzz: ${internalCount} internal errors`);
for (const i of internal) console.log(`\n  data seed ${i.chunkSeed}: ${i.query}\n    ${i.message}`);
process.exit(internalCount ? 1 : 0);
