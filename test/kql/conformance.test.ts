/**
 * The KQL docs conformance corpus (a copy of ../shared/kql-conformance/dev.json, with its url/doc attribution)
 * run through the engine. Passes while the pass rate over in-scope cases (no graph operators, no external plugins)
 * stays at or above the floor recorded in conformance/floor.json; prints the rate and the failing ids by reason.
 * Set CONFORMANCE_REPORT=<file> to write every verdict as JSON.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine, Database, KqlError } from '../../src/kql/index.ts';
import { compareResult, outOfScope, type ConformanceCase, type Verdict } from './conformance/compare.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CANDIDATES = [join(here, 'conformance', 'dev.json'), join(here, '..', '..', '..', 'shared', 'kql-conformance', 'dev.json')];
const corpusPath = CANDIDATES.find((p) => existsSync(p));
const floor = JSON.parse(readFileSync(join(here, 'conformance', 'floor.json'), 'utf8')) as { passRate: number };

function errorReason(e: unknown): string {
  if (e instanceof KqlError) {
    const unsupported = /^(.*? is not supported)/.exec(e.message);
    if (e.code === 'KQL_UNSUPPORTED' && unsupported) return `${e.code}: ${unsupported[1]}`;
    const msg = e.message.replace(/ at line \d+, column \d+/, '').replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N');
    return `${e.code}: ${msg.slice(0, 90)}`;
  }
  return `crash: ${(e as Error).message?.slice(0, 90)}`;
}

export interface CaseOutcome { id: string; verdict: Verdict }

export function runCorpus(cases: ConformanceCase[]): CaseOutcome[] {
  const engine = createEngine({ tables: [] });
  const db = new Database();
  return cases.map((c) => {
    let verdict: Verdict;
    try {
      const result = engine.run(c.query, db, { now: '2026-01-01T00:00:00Z', timeoutMs: 10_000, maxRows: 100_000 });
      verdict = compareResult(c, result);
    } catch (e) {
      verdict = { status: 'fail', reason: errorReason(e), detail: (e as Error).message };
    }
    return { id: c.id, verdict };
  });
}

describe.skipIf(!corpusPath)('KQL docs conformance corpus', () => {
  it(`passes at least the recorded floor of in-scope cases`, () => {
    const all = JSON.parse(readFileSync(corpusPath!, 'utf8')) as ConformanceCase[];
    const inScope = all.filter((c) => outOfScope(c) === null);
    const outcomes = runCorpus(inScope);
    const passed = outcomes.filter((o) => o.verdict.status === 'pass');
    const soft = passed.filter((o) => o.verdict.status === 'pass' && o.verdict.soft);
    const rate = passed.length / inScope.length;
    const byReason = new Map<string, string[]>();
    for (const o of outcomes) {
      if (o.verdict.status !== 'fail') continue;
      const list = byReason.get(o.verdict.reason) ?? [];
      list.push(o.id);
      byReason.set(o.verdict.reason, list);
    }
    const lines = [
      `conformance: ${passed.length}/${inScope.length} in-scope cases pass (${(rate * 100).toFixed(1)}%; floor ${(floor.passRate * 100).toFixed(1)}%), ` +
        `${soft.length} with soft differences; ${all.length - inScope.length} out of scope (graph, external plugins)`,
      ...[...byReason.entries()].sort((a, b) => b[1].length - a[1].length).map(([reason, ids]) => `  [${ids.length}] ${reason}: ${ids.join(' ')}`),
    ];
    console.log(lines.join('\n'));
    if (process.env.CONFORMANCE_REPORT) writeFileSync(process.env.CONFORMANCE_REPORT, JSON.stringify(outcomes, null, 2));
    expect(rate).toBeGreaterThanOrEqual(floor.passRate);
  });
});

if (!corpusPath) console.log(`conformance corpus not found (looked in ${CANDIDATES.join(', ')}); skipping`);
