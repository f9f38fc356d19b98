/**
 * Runs a discovered suite: every case of every rule, snapshot checks, and the noise budget over the baseline.
 */
import { resolve } from 'node:path';
import type { ReplayEngine } from './engine.ts';
import { runCase, type CaseResult } from './case-runner.ts';
import { measureNoise, type Baseline, type NoiseResult } from './noise.ts';
import { SnapshotFile, snapshotPath, type SnapshotMode } from './snapshots.ts';
import type { Suite, SuiteEntry } from './suite.ts';
import type { KqlDiagnostic } from '../kql/index.ts';
import type { TestCase, TestProblem } from './test-file.ts';
import { runVariants, tablesRead, type VariantReplay } from './variants/run.ts';
import type { TableSchema } from '../kql/index.ts';
import type { ReplayRule } from './rule.ts';

export interface VariantRunOptions {
  replay: VariantReplay;
  /** A replay bound with other table schemas (shared per schema set). */
  replayWith: (tables: TableSchema[]) => VariantReplay;
  /** Only these variant ids. */
  only?: string[];
}

export interface ReplayEnvironment<D> extends ReplayEngine<D> {
  caseDatabase(testFile: string, c: TestCase): D;
}

export interface SuiteRunOptions<D> {
  snapshots?: SnapshotMode;
  /** Do not record snapshots of cases that have none (CI). */
  ci?: boolean;
  /** The benign baseline; undefined skips the noise budget. Called once, after the cases. */
  baseline?: () => Baseline<D> | undefined | Promise<Baseline<D> | undefined>;
  signal?: AbortSignal;
  onCase?: (r: CaseResult) => void;
  onNoise?: (r: NoiseResult) => void;
  /** Run every case under the variant catalogue (docs/testing.md, "Variants"). */
  variants?: VariantRunOptions;
}

export interface SuiteReport {
  /** Rule files whose cases were run (or found not to run: a query that does not bind is still a rule tested). */
  rules?: string[];
  cases: CaseResult[];
  noise: NoiseResult[];
  problems: TestProblem[];
  snapshotsWritten: string[];
  durationMs: number;
}

export function summarise(report: SuiteReport) {
  const count = (s: string) => report.cases.filter((c) => c.status === s).length;
  return {
    rules: new Set([...(report.rules ?? []), ...report.cases.map((c) => c.ruleFile ?? c.ruleId)]).size,
    cases: report.cases.length,
    passed: count('pass'),
    failed: count('fail'),
    errors: count('error'),
    noiseOver: report.noise.filter((n) => n.status === 'fail').length,
    noiseErrors: report.noise.filter((n) => n.status === 'error').length,
    variantRuns: report.cases.reduce((n, c) => n + (c.variants?.length ?? 0), 0),
    variantBreaks: report.cases.reduce((n, c) => n + (c.variants?.filter((v) => v.status === 'break' || v.status === 'error').length ?? 0), 0),
    variantDeclines: report.cases.reduce((n, c) => n + (c.variants?.filter((v) => v.status === 'declined').length ?? 0), 0),
    problems: report.problems.filter((p) => p.severity === 'error').length,
    warnings: report.problems.filter((p) => p.severity === 'warning').length,
  };
}

export function reportFailed(report: SuiteReport): boolean {
  const s = summarise(report);
  return s.failed + s.errors + s.noiseOver + s.noiseErrors + s.problems > 0;
}

/** The tables a query reads in this suite (its schemas and workspace functions), memoised per query text. */
export function tablesReadBy(suite: Pick<Suite, 'tables' | 'functions'>): (query: string) => string[] {
  const readBy = new Map<string, string[]>();
  return (query) => {
    let t = readBy.get(query);
    if (!t) readBy.set(query, (t = [...tablesRead(query, suite.tables, suite.functions)]));
    return t;
  };
}

/** The suite's rules by id and by file stem (`failed-access-burst`), for a decline's `coveredBy`. */
export function ruleLookup(suite: Suite): (key: string) => ReplayRule | undefined {
  const by = new Map<string, ReplayRule>();
  // Every rule of the pack, not only those selected: `content test one-rule.yaml` checks its declines too.
  for (const e of suite.packRules ?? suite.entries) {
    by.set(e.rule.id, e.rule);
    by.set(e.ruleFile.replace(/^.*\//, '').replace(/\.ya?ml$/, ''), e.rule);
  }
  return (key) => by.get(key);
}

/**
 * A query's parser and binder errors at their positions in the rule file (the content model maps query offsets to
 * the YAML), as `content lint` reports them.
 */
export function placeDiagnostics(entry: SuiteEntry, diagnostics: KqlDiagnostic[]): TestProblem[] {
  const seen = new Set<string>();
  const out: TestProblem[] = [];
  for (const d of diagnostics) {
    const key = `${d.code}@${d.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = entry.source.querySource.positionAt(d.start);
    out.push({
      file: entry.ruleFile, line: at.line, column: at.column, code: d.code, severity: 'error',
      message: d.code === 'replay-unsupported'
        ? `${d.message} (so none of the rule's cases ran; content lint reports the same as replay-unsupported)`
        : `${d.message} (the query does not bind, so none of the rule's cases ran; content lint reports the same)`,
    });
  }
  return out;
}

/** Runs the case's variants and folds breaks into the case result (a break fails the case). */
export async function withVariants(
  result: CaseResult,
  c: TestCase,
  ctx: VariantRunOptions & { rule: ReplayRule; testFile: string; ruleByKey: (key: string) => ReplayRule | undefined; signal?: AbortSignal },
): Promise<void> {
  const started = performance.now();
  result.variants = await runVariants(c, result.outcome, { ...ctx, declines: c.declines });
  for (const v of result.variants) {
    if (v.status === 'break' || v.status === 'error') {
      result.failures.push({ message: `variant ${v.variant} ${v.status === 'break' ? 'breaks the case' : 'failed'}: ${v.message}` });
      result.status = 'fail';
    }
  }
  result.durationMs += performance.now() - started;
}

export async function runSuite<D>(suite: Suite, env: ReplayEnvironment<D>, options: SuiteRunOptions<D> = {}): Promise<SuiteReport> {
  const started = performance.now();
  const cases: CaseResult[] = [];
  const written: string[] = [];
  const mode = options.snapshots ?? 'check';
  const ruleByKey = ruleLookup(suite);
  const queryProblems: TestProblem[] = [];
  const broken = new Set<SuiteEntry>();
  const rules: string[] = [];
  const tablesOf = tablesReadBy(suite);
  for (const entry of suite.entries) {
    const tests = entry.tests;
    if (!tests || tests.problems.some((p) => p.severity === 'error')) continue;
    rules.push(entry.ruleFile);
    const snap = mode === 'off' ? undefined : new SnapshotFile(snapshotPath(resolve(suite.root), entry.ruleFile), mode, !options.ci);
    for (const c of tests.cases) {
      const result = await runCase(c, {
        rule: entry.rule,
        testFile: tests.file,
        engine: env,
        tablesRead: tablesOf,
        data: (k) => env.caseDatabase(tests.file, k),
        signal: options.signal,
      });
      if (result.queryDiagnostics) {
        // The query itself is wrong: one finding per diagnostic at the rule file's position, and no case runs.
        queryProblems.push(...placeDiagnostics(entry, result.queryDiagnostics));
        broken.add(entry);
        break;
      }
      if (options.variants && result.status === 'fail') {
        // A case that already fails would fail under its variants for the same reason: say so once.
        result.variantsSkipped = true;
      } else if (options.variants && result.status === 'pass') {
        await withVariants(result, c, { rule: entry.rule, testFile: tests.file, ruleByKey, signal: options.signal, ...options.variants });
      }
      if (snap && result.outcome && result.status !== 'error') {
        const v = snap.check(c.name, result.outcome, result.status === 'pass', result.variants);
        if (v.status === 'mismatch') {
          result.failures.push({ message: 'alerts differ from the golden snapshot (run with --update-snapshots if the change is intended)', diff: v.diff });
          result.status = 'fail';
        }
      }
      cases.push(result);
      options.onCase?.(result);
    }
    if (snap?.save()) written.push(snap.path);
  }
  const noise: NoiseResult[] = [];
  const problems = [...suite.problems, ...queryProblems];
  const baseline = options.baseline ? await options.baseline() : undefined;
  if (options.baseline && !baseline) {
    problems.push({ file: 'src/samples', line: 1, column: 1, code: 'noise-no-baseline', severity: 'warning', message: 'no benign baseline generator is available; the noise budget was not measured' });
  }
  if (baseline) {
    for (const entry of suite.entries) {
      if (broken.has(entry)) continue;
      const r = await measureNoise(entry.rule, entry.tests?.noiseBudget?.alertsPerDay, env, baseline, options.signal);
      noise.push(r);
      options.onNoise?.(r);
    }
  }
  return { rules, cases, noise, problems, snapshotsWritten: written, durationMs: performance.now() - started };
}
