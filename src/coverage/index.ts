/** Baseline coverage: practices → rules → tests, as Markdown, JSON and an ATT&CK Navigator layer. */
export { BASELINE_PRACTICES, type BaselinePractice } from './practices.ts';
export { buildCoverage, rulePractices, type CoverageReport, type CoveredRule, type PracticeCoverage } from './model.ts';
export { renderCoverageMarkdown, ruleDocName, coverageLinks } from './markdown.ts';
export { toNavigatorLayer, type NavigatorLayer, type NavigatorTechnique } from './navigator.ts';
