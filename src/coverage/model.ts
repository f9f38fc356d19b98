/**
 * The coverage model: each baseline practice with the rules that detect for it (from `metadata.baselinePractice`)
 * and the replay tests behind each rule (the sibling `<rule>.test.yaml`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadContent, type AnalyticRule, type Problem } from '../content/index.ts';
import { loadTestFile, type TestFile } from '../replay/test-file.ts';
import { snapshotPath, type SnapshotEntry } from '../replay/snapshots.ts';
import { worseStatus } from '../replay/variants/report.ts';
import type { VariantStatus } from '../replay/variants/model.ts';
import { BASELINE_PRACTICES, type BaselinePractice } from './practices.ts';

export interface CoveredRule {
  id: string;
  name: string;
  file: string;
  severity: string;
  tactics: string[];
  techniques: string[];
  practices: string[];
  testFile?: string;
  positiveCases: number;
  negativeCases: number;
  noiseBudget?: number;
  /** Variants the rule's cases survive, as recorded in its snapshot file by `content test` (absent: never run). */
  variants?: VariantCoverage;
}

export interface VariantCoverage {
  /** Variant ids every applicable case passes. */
  survived: string[];
  /** Variant ids the rule declines, with the reason. */
  declined: { id: string; reason: string; coveredBy?: string }[];
  /** Variant ids some case breaks under (a failing `content test`). */
  broken: string[];
}

export interface PracticeCoverage extends BaselinePractice {
  rules: CoveredRule[];
  /** Covered: at least one rule with a positive and a negative test case. */
  covered: boolean;
  /** What watches the practice: its detections (covered rules), its state checks (`content posture`), both, or nothing. */
  coveredBy: 'detection' | 'state-check' | 'both' | 'none';
}

export interface CoverageReport {
  practices: PracticeCoverage[];
  rules: CoveredRule[];
  /** Rules that name no practice or an unknown one, rules without tests, and content that failed to load. */
  problems: Problem[];
}

/** `metadata.baselinePractice` as a list (a string or a list of strings). */
export function rulePractices(rule: AnalyticRule): string[] {
  const v = rule.metadata?.baselinePractice;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

function testFileOf(root: string, ruleFile: string): string | undefined {
  const stem = ruleFile.replace(/\.ya?ml$/, '');
  for (const candidate of [`${stem}.test.yaml`, `${stem}.test.yml`]) if (existsSync(resolve(root, candidate))) return candidate;
  return undefined;
}

/** The variant verdicts recorded in a rule's snapshot file, over all its cases. */
function variantCoverage(file: string, tests: TestFile): VariantCoverage | undefined {
  if (!existsSync(file)) return undefined;
  let stored: Record<string, SnapshotEntry>;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, SnapshotEntry>;
  } catch {
    return undefined;
  }
  const status = new Map<string, VariantStatus>();
  for (const c of tests.cases) {
    for (const [id, st] of Object.entries(stored[c.name]?.variants ?? {})) {
      if (!['pass', 'declined', 'error', 'break'].includes(st)) continue; // not a verdict content test writes
      status.set(id, worseStatus(status.get(id) ?? 'pass', st as VariantStatus));
    }
  }
  if (!status.size) return undefined;
  const declines = { ...tests.declines, ...Object.assign({}, ...tests.cases.map((c) => c.declines ?? {})) } as Record<string, { reason: string; coveredBy?: string }>;
  const ids = (st: string) => [...status].filter(([, s]) => s === st).map(([id]) => id);
  return {
    survived: ids('pass'),
    declined: ids('declined').map((id) => ({ id, reason: declines[id]?.reason ?? '', coveredBy: declines[id]?.coveredBy })),
    broken: [...ids('break'), ...ids('error')],
  };
}

export function buildCoverage(root: string, options: { paths?: string[]; practices?: readonly BaselinePractice[] } = {}): CoverageReport {
  const catalogue = options.practices ?? BASELINE_PRACTICES;
  const known = new Set(catalogue.map((p) => p.id));
  const content = loadContent(root, { paths: options.paths });
  const problems: Problem[] = [...content.problems];
  const rules: CoveredRule[] = [];
  for (const rule of content.rules) {
    const practices = rulePractices(rule);
    const at = rule.source.locate(['metadata', 'baselinePractice']).value;
    if (!practices.length) {
      problems.push({ file: rule.source.file, line: at.line, column: at.column, code: 'coverage-no-practice', severity: 'warning', message: `rule "${rule.name}" names no baseline practice: add metadata.baselinePractice (one of ${[...known].join(', ')})` });
    }
    for (const p of practices.filter((x) => !known.has(x))) {
      problems.push({ file: rule.source.file, line: at.line, column: at.column, code: 'coverage-unknown-practice', severity: 'error', message: `unknown baseline practice "${p}": use one of ${[...known].join(', ')}` });
    }
    const testFile = testFileOf(root, rule.source.file);
    let positiveCases = 0;
    let negativeCases = 0;
    let noiseBudget: number | undefined;
    let variants: VariantCoverage | undefined;
    if (testFile) {
      const tests = loadTestFile(join(root, testFile), testFile);
      variants = variantCoverage(snapshotPath(resolve(root), rule.source.file), tests);
      positiveCases = tests.cases.filter((c) => c.kind === 'positive').length;
      negativeCases = tests.cases.filter((c) => c.kind === 'negative').length;
      noiseBudget = tests.noiseBudget?.alertsPerDay;
    }
    if (!positiveCases || !negativeCases) {
      problems.push({ file: rule.source.file, line: 1, column: 1, code: 'coverage-untested', severity: 'warning', message: `rule "${rule.name}" needs a positive and a negative test case in ${testFile ?? rule.source.file.replace(/\.ya?ml$/, '.test.yaml')}` });
    }
    rules.push({
      id: rule.id, name: rule.name, file: rule.source.file, severity: rule.severity, tactics: rule.tactics,
      techniques: rule.relevantTechniques, practices, testFile, positiveCases, negativeCases, noiseBudget, variants,
    });
  }
  rules.sort((a, b) => a.file.localeCompare(b.file));
  const practices = catalogue.map((p): PracticeCoverage => {
    const mine = rules.filter((r) => r.practices.includes(p.id));
    const covered = mine.some((r) => r.positiveCases > 0 && r.negativeCases > 0);
    const stated = p.stateChecks.length > 0;
    return { ...p, rules: mine, covered, coveredBy: covered && stated ? 'both' : covered ? 'detection' : stated ? 'state-check' : 'none' };
  });
  return { practices, rules, problems };
}
