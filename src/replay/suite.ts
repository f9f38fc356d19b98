/**
 * Discovers what `content test` and the vitest suite replay: every analytic rule under the content root, paired
 * with its test file (`<rule>.test.yaml` next to `<rule>.yaml`, or a test file's explicit `rule:` path).
 * Rules without tests, tests without rules, bad test files and rules replay cannot read become problems.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import { contentSchemaDirs, loadContent, loadSchemaSet, toFunctionDefinition, type AnalyticRule, type Problem } from '../content/index.ts';
import type { FunctionDefinition, TableSchema } from '../kql/index.ts';
import { coverageFindings } from './policies.ts';
import { RuleShapeError, toReplayRule, type ReplayRule } from './rule.ts';
import { loadTestFile, type TestFile, type TestProblem } from './test-file.ts';
import { checkCaseColumns } from './test-data-columns.ts';

export interface SuiteEntry {
  /** Rule file relative to the root (forward slashes). */
  ruleFile: string;
  rule: ReplayRule;
  source: AnalyticRule;
  testFile?: string;
  tests?: TestFile;
}

export interface Suite {
  root: string;
  entries: SuiteEntry[];
  problems: TestProblem[];
  /** Every rule of the pack that replay can read, selected or not (a decline's `coveredBy` may name any). */
  packRules?: { ruleFile: string; rule: ReplayRule }[];
  tables: TableSchema[];
  functions: FunctionDefinition[];
  /** The pack's own workspace functions (detections/parsers), without the schema stubs of Sentinel's built-ins. */
  packFunctions: FunctionDefinition[];
}

const TEST_GLOB = '**/*.test.{yaml,yml}';

function rel(root: string, abs: string): string {
  const r = relative(root, abs);
  return (r && !r.startsWith('..') && !isAbsolute(r) ? r : abs).split(sep).join('/');
}

function fromProblem(p: Problem): TestProblem {
  return { file: p.file, line: p.line, column: p.column, code: p.code, severity: p.severity === 'error' ? 'error' : 'warning', message: p.message };
}

/** The rule file a test file belongs to by name: `x.test.yaml` → `x.yaml` (or `x.yml`). */
export function siblingRuleFile(testFile: string): string[] {
  const dir = dirname(testFile);
  const stem = basename(testFile).replace(/\.test\.ya?ml$/, '');
  return [join(dir, `${stem}.yaml`), join(dir, `${stem}.yml`)];
}

function underAny(abs: string, targets: string[]): boolean {
  return targets.some((t) => abs === t || abs.startsWith(t.endsWith(sep) ? t : t + sep));
}

export interface DiscoverOptions {
  /** Files or directories (rules or test files) to restrict to; default everything under `detections/`. */
  paths?: string[];
  /** Extra schema directories. */
  schemaDirs?: string[];
}

export function discoverSuite(root: string, options: DiscoverOptions = {}): Suite {
  const targets = (options.paths ?? []).map((p) => resolve(root, p));
  const selected = (abs: string) => !targets.length || underAny(abs, targets);
  const content = loadContent(root);
  const problems: TestProblem[] = content.problems.filter((p) => selected(resolve(root, p.file))).map(fromProblem);
  // A content root other than this project may carry its own schemas/ (tables/ and functions/).
  const schemas = loadSchemaSet(contentSchemaDirs(root, options.schemaDirs));
  problems.push(...schemas.problems.map(fromProblem));
  const packFunctions = content.functions.map(toFunctionDefinition);
  const functions = [...schemas.functions, ...packFunctions];

  const byAbs = new Map<string, SuiteEntry>();
  for (const r of content.rules) {
    const abs = r.source.absolutePath;
    try {
      byAbs.set(abs, { ruleFile: rel(root, abs), rule: toReplayRule(r.raw, rel(root, abs)), source: r });
    } catch (e) {
      if (!(e instanceof RuleShapeError)) throw e;
      if (selected(abs)) problems.push({ file: rel(root, abs), line: 1, column: 1, code: 'replay-rule-shape', severity: 'error', message: e.message.replace(/^[^:]*: /, '') + ' (the rule cannot be replayed)' });
    }
  }

  const checkedFiles = new Set<string>();
  const testFiles = fg.sync(TEST_GLOB, { cwd: join(root, 'detections'), absolute: true, ignore: ['**/node_modules/**'] }).map((f) => resolve(f));
  for (const t of targets) if (/\.test\.ya?ml$/.test(t) && existsSync(t) && !testFiles.includes(t)) testFiles.push(t);
  for (const abs of testFiles.sort()) {
    const tests = loadTestFile(abs, rel(root, abs));
    const ruleAbs = tests.rule ? [resolve(dirname(abs), tests.rule)] : siblingRuleFile(abs);
    const entry = ruleAbs.map((p) => byAbs.get(p)).find(Boolean);
    if (!selected(abs) && !(entry && selected(entry.source.source.absolutePath))) continue;
    problems.push(...tests.problems);
    if (!entry) {
      const known = ruleAbs.some((p) => existsSync(p));
      if (!known) {
        problems.push({ file: tests.file, line: 1, column: 1, code: 'test-no-rule', severity: 'error', message: `no rule file ${rel(root, ruleAbs[0]!)} for this test file; rename it to <rule>.test.yaml or set "rule:"` });
      }
      continue;
    }
    entry.testFile = tests.file;
    entry.tests = tests;
    if (!tests.problems.some((p) => p.severity === 'error')) problems.push(...checkCaseColumns(tests, { root, tables: schemas.tables, checkedFiles }));
  }

  const entries = [...byAbs.values()].filter((e) => selected(e.source.source.absolutePath) || (e.testFile && selected(resolve(root, e.testFile))));
  for (const e of entries) {
    if (!e.tests) {
      problems.push({ file: e.ruleFile, line: 1, column: 1, code: 'test-missing', severity: 'error', message: `rule "${e.rule.name}" has no test file; add ${e.ruleFile.replace(/\.ya?ml$/, '.test.yaml')} (see docs/testing.md)` });
      continue;
    }
    if (e.tests.problems.some((p) => p.severity === 'error')) continue;
    for (const f of coverageFindings(e.tests)) {
      problems.push({ file: e.tests.file, line: 1, column: 1, code: 'test-coverage', severity: 'error', message: `rule "${e.rule.name}" ${f}` });
    }
  }
  entries.sort((a, b) => a.ruleFile.localeCompare(b.ruleFile));
  const packRules = [...byAbs.values()].map((e) => ({ ruleFile: e.ruleFile, rule: e.rule }));
  return { root, entries, problems, packRules, tables: schemas.tables, functions, packFunctions };
}
