/**
 * `content test --compare REF`: alert counts per rule on the same data (the working tree's test cases, and the
 * benign baseline when it runs) for the rule as it is now and as it was at REF. Rules and workspace functions at
 * REF are read from a `git archive` of REF; data and tests always come from the working tree.
 */
import { join, relative, resolve } from 'node:path';
import { executeCase, type CaseResult } from './case-runner.ts';
import { checkoutAt } from './git.ts';
import { measureNoise, type Baseline, type NoiseResult } from './noise.ts';
import { discoverSuite, type Suite } from './suite.ts';
import type { ReplayEnvironment } from './suite-runner.ts';
import type { FunctionDefinition } from '../kql/index.ts';

export interface CompareRow {
  ruleFile: string;
  ruleName: string;
  /** Alerts over all the rule's cases: at REF (undefined when the rule did not exist there) and now. */
  casesAtRef?: number;
  casesNow: number;
  baselineAtRef?: number;
  baselineNow?: number;
  status: 'unchanged' | 'changed' | 'new' | 'error';
  message?: string;
}

export interface CompareOptions<D> {
  ref: string;
  /** An environment (engine + data) bound with the workspace functions as they were at REF. */
  environmentAt: (functions: FunctionDefinition[]) => ReplayEnvironment<D>;
  baseline?: Baseline<D>;
  signal?: AbortSignal;
}

export async function compareWithRef<D>(
  suite: Suite,
  cases: CaseResult[],
  noise: NoiseResult[],
  options: CompareOptions<D>,
): Promise<CompareRow[]> {
  const root = resolve(suite.root);
  const ref = checkoutAt(root, options.ref, ['detections']);
  try {
    const refRoot = join(ref.dir, relative(ref.top, root));
    const old = discoverSuite(refRoot);
    const oldByFile = new Map(old.entries.map((e) => [e.ruleFile, e]));
    const env = options.environmentAt(old.functions);
    const rows: CompareRow[] = [];
    for (const entry of suite.entries) {
      if (!entry.tests) continue;
      const casesNow = cases.filter((c) => c.ruleFile === entry.ruleFile).reduce((n, c) => n + (c.outcome?.alerts.length ?? 0), 0);
      const baselineNow = noise.find((n) => n.ruleFile === entry.ruleFile)?.alerts;
      const before = oldByFile.get(entry.ruleFile);
      if (!before) {
        rows.push({ ruleFile: entry.ruleFile, ruleName: entry.rule.name, casesNow, baselineNow, status: 'new' });
        continue;
      }
      try {
        let casesAtRef = 0;
        for (const c of entry.tests.cases) {
          const data = env.caseDatabase(entry.tests.file, c);
          casesAtRef += (await executeCase(before.rule, c, env, data, options.signal)).outcome.alerts.length;
        }
        let baselineAtRef: number | undefined;
        if (options.baseline && baselineNow !== undefined) {
          const r = await measureNoise(before.rule, undefined, env, options.baseline, options.signal);
          if (r.status === 'error') throw new Error(r.message);
          baselineAtRef = r.alerts;
        }
        const changed = casesAtRef !== casesNow || baselineAtRef !== baselineNow;
        rows.push({ ruleFile: entry.ruleFile, ruleName: entry.rule.name, casesAtRef, casesNow, baselineAtRef, baselineNow, status: changed ? 'changed' : 'unchanged' });
      } catch (e) {
        rows.push({ ruleFile: entry.ruleFile, ruleName: entry.rule.name, casesNow, baselineNow, status: 'error', message: (e as Error).message });
      }
    }
    return rows;
  } finally {
    ref.dispose();
  }
}

export function formatCompare(rows: CompareRow[], ref: string): string {
  const width = Math.max(4, ...rows.map((r) => r.ruleName.length));
  const fmt = (a: number | undefined, b: number | undefined) => (a === undefined && b === undefined ? '' : `${a ?? '-'} → ${b ?? '-'}`);
  const lines = [`Alert counts, ${ref} → working tree`, `  ${'rule'.padEnd(width)}  ${'cases'.padEnd(12)}  ${'baseline'.padEnd(12)}  status`];
  for (const r of rows) {
    lines.push(`  ${r.ruleName.padEnd(width)}  ${fmt(r.casesAtRef, r.casesNow).padEnd(12)}  ${fmt(r.baselineAtRef, r.baselineNow).padEnd(12)}  ${r.status}${r.message ? `: ${r.message}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
