/**
 * Replays every case of every rule under detections/ through the local KQL engine, one test per case, named
 * `<rule name> › <case name>`; plus the test policies, golden snapshots and each rule's noise budget over the
 * benign baseline, and every case under the variant catalogue. `content test` runs the same cases from the command line.
 *
 * The rules are dealt over a few test files (test/rules/shard-*.test.ts) so that the workers replay them in parallel.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSuite, replayEnvironment, runCase } from '../../src/replay/index.ts';
import { ruleLookup, tablesReadBy, withVariants } from '../../src/replay/suite-runner.ts';
import { loadBaseline } from '../../src/replay/baseline.ts';
import { measureNoise } from '../../src/replay/noise.ts';
import { SnapshotFile, snapshotPath } from '../../src/replay/snapshots.ts';

const root = resolve(import.meta.dirname, '../..');
const suite = discoverSuite(root);
const env = replayEnvironment(root, suite.tables, suite.functions);
const ruleByKey = ruleLookup(suite);
const tablesRead = tablesReadBy(suite);

function explain(failures: { message: string; diff?: string }[], rowCounts?: { heading: string; table: string; nearest?: string[] }): string {
  const parts = rowCounts ? [[rowCounts.heading, rowCounts.table, ...(rowCounts.nearest ?? [])].join('\n')] : [];
  parts.push(...failures.map((f) => (f.diff ? `${f.message}\n${f.diff}` : f.message)));
  return parts.join('\n\n');
}

export const SHARDS = 3;

/** Declares the tests of shard `shard` (1-based) of SHARDS: every SHARDS-th rule. Shard 1 also checks the test files. */
export function ruleTests(shard: number): void {
  if (shard === 1) {
    describe('rule test files', () => {
      it('every rule has a valid test file with positive and negative cases', () => {
        const errors = suite.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.code}]`);
        expect(errors, errors.join('\n')).toEqual([]);
      });
    });
  }
  suite.entries.forEach((entry, i) => {
    if (i % SHARDS === shard - 1) ruleEntryTests(entry);
  });
}

function ruleEntryTests(entry: (typeof suite.entries)[number]): void {
  const tests = entry.tests;
  if (!tests || tests.problems.some((p) => p.severity === 'error')) return;
  describe(entry.rule.name, () => {
    const snapshots = new SnapshotFile(snapshotPath(root, entry.ruleFile), 'check', false);
    for (const c of tests.cases) {
      it(`${entry.rule.name} › ${c.name}`, async () => {
        const result = await runCase(c, { rule: entry.rule, testFile: tests.file, engine: env, tablesRead, data: (k) => env.caseDatabase(tests.file, k) });
        // Every case also runs under the variant catalogue (docs/testing.md, "Variants"): a break fails the case.
        if (result.status !== 'error') {
          await withVariants(result, c, {
            rule: entry.rule, testFile: tests.file, ruleByKey, replay: env,
            replayWith: (tables) => replayEnvironment(root, tables, suite.functions),
          });
        }
        if (result.outcome && result.status !== 'error') {
          const v = snapshots.check(c.name, result.outcome, true, result.variants);
          if (v.status === 'mismatch') {
            result.failures.push({ message: 'alerts differ from the golden snapshot (run content test --update-snapshots if intended)', diff: v.diff });
          }
        }
        if (result.failures.length) throw new Error(`${tests.file}:${c.line}:${c.column}\n${explain(result.failures, result.explanation)}`);
      });
    }
    it(`${entry.rule.name} › noise budget`, async (ctx) => {
      const baseline = await loadBaseline(env);
      if (!baseline) return ctx.skip();
      const r = await measureNoise(entry.rule, tests.noiseBudget?.alertsPerDay, env, baseline);
      ctx.annotate?.(`${r.alertsPerDay} alerts/day over ${r.days} days (budget ${r.budget})`);
      expect(r.status, r.message).toBe('pass');
    }, 600_000);
  });
}
