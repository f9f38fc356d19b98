/** Baseline coverage: practices → rules → tests, as Markdown, JSON and an ATT&CK Navigator layer. */
export { BASELINE_PRACTICES, POSTURE_WORKBOOK, stateChecks, type BaselinePractice, type StateCheck, type StateSource } from './practices.ts';
export { buildCoverage, rulePractices, type CoverageReport, type CoveredRule, type PracticeCoverage } from './model.ts';
export { renderCoverageMarkdown, ruleDocName, coverageLinks } from './markdown.ts';
export { toNavigatorLayer, type NavigatorLayer, type NavigatorTechnique } from './navigator.ts';
