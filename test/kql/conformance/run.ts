/**
 * Runs conformance cases through the engine (one engine, an empty database, a pinned clock) and compares each
 * result with the documented output (compare.ts). Shared by the docs corpus and the held-out set.
 */
import { createEngine, Database, KqlError } from '../../../src/kql/index.ts';
import { compareResult, type ConformanceCase, type Verdict } from './compare.ts';

export function errorReason(e: unknown): string {
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


/** Pass rate and the failing ids grouped by reason, as printed by the conformance tests. */
export function report(label: string, all: ConformanceCase[], inScope: ConformanceCase[], outcomes: CaseOutcome[], floor: number) {
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
    `${label}: ${passed.length}/${inScope.length} in-scope cases pass (${(rate * 100).toFixed(1)}%; floor ${(floor * 100).toFixed(1)}%), ` +
      `${soft.length} with soft differences; ${all.length - inScope.length} out of scope (graph, external plugins)`,
    ...[...byReason.entries()].sort((a, b) => b[1].length - a[1].length).map(([reason, ids]) => `  [${ids.length}] ${reason}: ${ids.join(' ')}`),
  ];
  return { rate, text: lines.join('\n') };
}
