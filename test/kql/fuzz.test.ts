/**
 * Fuzz: random queries from a small grammar over random data. The engine must never crash: every run ends with a
 * result or a KqlError, and never with an `internal error` (a defect of the engine rather than of the query).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDatabase, createEngine, KqlError } from '../../src/kql/index.ts';
import { F, G, gRow, query, row } from './fuzz/grammar.ts';

describe('fuzz', () => {
  const engine = createEngine({ tables: [F, G] });

  it('never crashes: a result or a KqlError that is not an internal error', () => {
    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.array(gRow, { maxLength: 5 }), query, (rows, gRows, q) => {
        const db = createDatabase([{ schema: F, rows }, { schema: G, rows: gRows }]);
        try {
          const r = engine.run(q, db, { now: '2026-11-22T00:00:00Z', maxRows: 10_000, timeoutMs: 5_000 });
          expect(Array.isArray(r.rows)).toBe(true);
          for (const rr of r.rows) expect(rr).toHaveLength(r.columns.length);
          JSON.stringify(r);
          count('result');
        } catch (e) {
          if (!(e instanceof KqlError)) throw e;
          count(e.code);
          if (e.message.startsWith('internal error')) throw new Error(`${q}\n${e.message}`);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    // the grammar must mostly produce queries that bind and run, or the property says little
    const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
    console.log(`fuzz outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    expect((outcomes.get('result') ?? 0) / total).toBeGreaterThan(0.25);
  }, 600_000);
});
