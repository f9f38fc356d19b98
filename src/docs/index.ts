/** Rule documentation generated from the rules, their tests and replayed sample alerts. */
export { generateDocs, renderIndex, renderFunctionPage, GENERATED_MARKER, type GenerateDocsOptions, type GenerateDocsResult } from './generate.ts';
export { renderRulePage, type RulePageInput, type SampleAlert } from './rule-page.ts';
export { tuningParameters, type TuningParameter } from './tuning.ts';
