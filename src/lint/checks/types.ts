import type { AnalyticRule } from '../../content/index.ts';
import type { QueryAnalysis } from '../analysis.ts';

export type RuleSetting = 'off' | 'warn' | 'error' | 'info';

/**
 * An exactly semantics-preserving rewrite of a finding: replace [start, end) of the query text with `text`.
 * Only a check that can prove the rewrite means the same for every input attaches one (`content lint --fix`).
 * `requires` lists the other spans the proof reads (the literal values): the fix applies only where the file holds
 * them as written, so a value that is a stand-in in the linted text (a workbook parameter) never gets a fix.
 */
export interface QueryFix { start: number; end: number; text: string; requires?: QuerySpan[] }

export interface QuerySpan { start: number; end: number }

export interface CheckContext {
  query: string;
  analysis: QueryAnalysis;
  /** The rule whose query this is (absent for functions and workbook queries). */
  rule?: AnalyticRule;
  /** Per workspace function (by name): the values its output columns can hold, read from its body (known-values.ts). */
  functionValues?: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;
  /** Reports a finding at [start, start+length) of the query text, with its fix when there is an exact one. */
  report(start: number, length: number, message: string, fix?: QueryFix): void;
}

/** A best-practice check on a query's bound tree; one file per check, registered in checks/index.ts. */
export interface QueryCheck {
  /** Stable id, used in output and in the lint configuration. */
  id: string;
  defaultSetting: RuleSetting;
  description: string;
  /** Whether some of its findings carry an exact fix (listed by `content lint --list-codes`). */
  fixable?: boolean;
  run(ctx: CheckContext): void;
}
