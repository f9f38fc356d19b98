/**
 * The rule tests must be able to fail: with each rule's query neutered by `| where false`, every positive case of
 * every rule under detections/ must fail (and negative cases still pass).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSuite, replayEnvironment, runCase } from '../../src/replay/index.ts';

const root = resolve(import.meta.dirname, '../..');
const suite = discoverSuite(root);
const env = replayEnvironment(root, suite.tables, suite.functions);

describe('rule tests detect a neutered query', () => {
  for (const entry of suite.entries.filter((e) => e.tests?.cases.length)) {
    it(entry.rule.name, async () => {
      const rule = { ...entry.rule, query: `${entry.rule.query}\n| where false` };
      const statuses: string[] = [];
      for (const c of entry.tests!.cases) {
        const r = await runCase(c, { rule, testFile: entry.tests!.file, engine: env, data: (k) => env.caseDatabase(entry.tests!.file, k) });
        statuses.push(`${c.kind}:${r.status}`);
      }
      expect(statuses.filter((s) => s.startsWith('positive')).every((s) => s === 'positive:fail'), statuses.join(', ')).toBe(true);
      expect(statuses.filter((s) => s.startsWith('negative')).every((s) => s === 'negative:pass'), statuses.join(', ')).toBe(true);
    }, 120_000);
  }
});
