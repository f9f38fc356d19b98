import type { AnalyticRule } from '../../content/index.ts';
import type { QueryAnalysis } from '../analysis.ts';

export type RuleSetting = 'off' | 'warn' | 'error' | 'info';

export interface CheckContext {
  query: string;
  analysis: QueryAnalysis;
  /** The rule whose query this is (absent for functions and workbook queries). */
  rule?: AnalyticRule;
  /** Reports a finding at [start, start+length) of the query text. */
  report(start: number, length: number, message: string): void;
}

/** A best-practice check on a query's bound tree; one file per check, registered in checks/index.ts. */
export interface QueryCheck {
  /** Stable id, used in output and in the lint configuration. */
  id: string;
  defaultSetting: RuleSetting;
  description: string;
  run(ctx: CheckContext): void;
}
