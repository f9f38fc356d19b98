/**
 * The whole pack's replay tests in one call, as `content test`, `content check` and the vitest suite use them:
 * discover rules and tests, select (paths, changed since a base), run cases, snapshots and the noise budget, and
 * optionally compare alert counts with a git ref. The engine and the baseline database are built once per process.
 */
import { resolve } from 'node:path';
import type { Database, FunctionDefinition, TableSchema } from '../kql/index.ts';
import { loadBaseline } from './baseline.ts';
import { compareWithRef, type CompareRow } from './compare.ts';
import { changedFiles } from './git.ts';
import { KqlReplay } from './kql-engine.ts';
import type { Baseline } from './noise.ts';
import type { SnapshotMode } from './snapshots.ts';
import { discoverSuite, type Suite } from './suite.ts';
import { runSuite, type SuiteReport, type SuiteRunOptions } from './suite-runner.ts';

const environments = new Map<string, KqlReplay>();

/** The replay environment for a root and schema set, shared within the process (compiled queries, read files). */
export function replayEnvironment(root: string, tables: TableSchema[], functions: FunctionDefinition[]): KqlReplay {
  const key = JSON.stringify([resolve(root), tables.map((t) => [t.name, t.columns.map((c) => c.name).join(',')]), functions.map((f) => [f.name, f.parameters, f.body])]);
  let env = environments.get(key);
  if (!env) {
    env = new KqlReplay(resolve(root), tables, functions);
    environments.set(key, env);
  }
  return env;
}

export interface TestContentOptions {
  paths?: string[];
  /** Only rules whose rule, test, snapshot or case data files changed since this git ref. */
  changedSince?: string;
  snapshots?: SnapshotMode;
  ci?: boolean;
  /** Replay the benign baseline for the noise budget (default true). */
  noise?: boolean;
  compare?: string;
  signal?: AbortSignal;
  onCase?: SuiteRunOptions<Database>['onCase'];
  onNoise?: SuiteRunOptions<Database>['onNoise'];
  /** Run the variant catalogue on every case (default true); or only the listed variant ids. */
  variants?: boolean | string[];
}

export interface TestContentResult {
  suite: Suite;
  report: SuiteReport;
  compare?: CompareRow[];
}

/** Keeps the entries touched by a change; a change to parsers or table schemas touches every rule. */
export function selectChanged(suite: Suite, changed: Set<string>): Suite {
  const root = resolve(suite.root);
  const shared = [...changed].some((f) => f.startsWith(resolve(root, 'detections/parsers')) || f.startsWith(resolve(root, 'schemas')));
  if (shared) return suite;
  const entries = suite.entries.filter((e) => {
    const files = [e.ruleFile, e.testFile, ...(e.tests?.cases.flatMap((c) => c.data.map((d) => d.file)) ?? [])].filter((f): f is string => !!f);
    const snap = resolve(root, e.ruleFile).replace(/([^/\\]+)\.ya?ml$/, '__snapshots__/$1.snap.json');
    return changed.has(snap) || files.some((f) => changed.has(resolve(root, f)));
  });
  const keep = new Set(entries.flatMap((e) => [e.ruleFile, e.testFile]));
  return { ...suite, entries, problems: suite.problems.filter((p) => keep.has(p.file) || changed.has(resolve(root, p.file))) };
}

export async function testContent(root: string, options: TestContentOptions = {}): Promise<TestContentResult> {
  let suite = discoverSuite(root, { paths: options.paths });
  if (options.changedSince) suite = selectChanged(suite, changedFiles(root, options.changedSince));
  const env = replayEnvironment(root, suite.tables, suite.functions);
  let baseline: Baseline<Database> | undefined;
  const wantNoise = options.noise !== false && suite.entries.length > 0;
  const report = await runSuite(suite, env, {
    snapshots: options.snapshots,
    ci: options.ci,
    signal: options.signal,
    onCase: options.onCase,
    onNoise: options.onNoise,
    variants: options.variants === false ? undefined : {
      replay: env,
      replayWith: (tables) => replayEnvironment(root, tables, suite.functions),
      only: Array.isArray(options.variants) ? options.variants : undefined,
    },
    baseline: wantNoise ? async () => (baseline = await loadBaseline(env)) : undefined,
  });
  let compare: CompareRow[] | undefined;
  if (options.compare) {
    compare = await compareWithRef(suite, report.cases, report.noise, {
      ref: options.compare,
      environmentAt: (functions) => replayEnvironment(root, suite.tables, functions),
      baseline,
      signal: options.signal,
    });
  }
  return { suite, report, compare };
}
