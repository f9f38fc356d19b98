/**
 * Linting of content: Kusto parser diagnostics at their YAML line and column, best-practice checks with stable
 * ids (configurable off/info/warn/error), rule output-column checks, exact fixes (`--fix`), and reporters
 * (human, JSON, SARIF).
 */
export { lintContent, compareProblems, count, type LintOptions, type LintResult, type LintCounts } from './lint-content.ts';
export {
  lintQuery, lineColumnMapper, applySetting, type LintQueryOptions, type LintQueryResult, type LintProblem, type ProblemFix,
} from './lint-query.ts';
export {
  fixContent, planFileFixes, withApplicableFixes, formatFixDiff, fixableCount, type FixOptions, type FixOutcome, type FileChange, type FilePlan,
} from './fix.ts';
export { analyseQuery, resultColumns, type QueryAnalysis, type KustoDiagnostic } from './analysis.ts';
export { checkOutputColumns, type OutputColumn } from './output-columns.ts';
export { loadLintConfig, CONFIG_FILE, type LintConfig } from './config.ts';
export { QUERY_CHECKS, type QueryCheck, type QueryFix, type RuleSetting } from './checks/index.ts';
export { CODE_DESCRIPTIONS, KNOWN_CODES } from './codes.ts';
export { formatGithub, formatHuman, formatJson, formatSarif, type HumanOptions, type SarifOptions } from './reporters/index.ts';
export { inlineSuppressions } from './lint-query.ts';
