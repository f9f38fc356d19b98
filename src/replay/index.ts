/**
 * Rule tests and Sentinel's scheduler, simulated: test files, alert building, scheduling, suppression, incident
 * grouping, expectations, policies, snapshots, noise budget, reports and backtests.
 */
export { toReplayRule, triggers, RuleShapeError, type ReplayRule, type Severity } from './rule.ts';
export { parseDuration, formatDuration, parseInstant, isoTime } from './duration.ts';
export { alertFacts, buildAlerts, renderTemplate, MAX_ALERTS_PER_RUN, type Alert, type QueryRows } from './alerts.ts';
export { extractEntities, type Entity } from './entities.ts';
export { groupIncidents, type Incident } from './incidents.ts';
export { simulate, runOnce, runTimes, queryWindow, type Timeline, type RunRecord } from './scheduler.ts';
export type { ReplayEngine, RunRequest } from './engine.ts';
export { parseTestFile, loadTestFile, type TestFile, type TestCase, type TestProblem } from './test-file.ts';
export { checkExpectations, type Failure, type CaseOutcome } from './expect.ts';
export { runCase, executeCase, type CaseResult } from './case-runner.ts';
export { discoverSuite, type Suite, type SuiteEntry } from './suite.ts';
export { runSuite, summarise, reportFailed, type SuiteReport } from './suite-runner.ts';
export { formatHuman, formatJson, formatJunit } from './report.ts';
export { formatCompare, type CompareRow } from './compare.ts';
export { GitError } from './git.ts';
export { KqlReplay } from './kql-engine.ts';
export { testContent, replayEnvironment, type TestContentOptions, type TestContentResult } from './pack.ts';
export { backtest, backtestRules, selectRules, formatBacktestTable, BacktestError, type BacktestResult, type BacktestRulesOptions, type RuleBacktest } from './backtest.ts';
export { VARIANTS, variantById } from './variants/catalogue/index.ts';
export { runVariants, tablesRead } from './variants/run.ts';
export type { Variant, VariantResult, VariantKind, VariantStatus } from './variants/model.ts';
export { formatVariantCatalogue, variantSummary } from './variants/report.ts';
