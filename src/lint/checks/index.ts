/** The best-practice checks, each with a stable id and a default setting (configurable off/warn/error). */
import { agoBeyondPeriod } from './ago-beyond-period.ts';
import { caseNeverMatches } from './case-never-matches.ts';
import { preferHas } from './prefer-has.ts';
import { searchStar } from './search-star.ts';
import { tiLatestIndicator } from './ti-latest-indicator.ts';
import { tolowerComparison } from './tolower-comparison.ts';
import { unneededCaseInsensitive } from './unneeded-case-insensitive.ts';
import { unknownValue } from './unknown-value.ts';
import type { QueryCheck } from './types.ts';

export type { QueryCheck, CheckContext, QueryFix, QuerySpan, RuleSetting } from './types.ts';

export const QUERY_CHECKS: readonly QueryCheck[] = [
  preferHas, tolowerComparison, caseNeverMatches, unneededCaseInsensitive, agoBeyondPeriod, tiLatestIndicator, searchStar, unknownValue,
];
