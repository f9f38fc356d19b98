/**
 * Build and deploy: one wire model (resources.ts) with small backends — ARM templates (arm-template.ts) and the
 * REST deployer (planner.ts, deployer.ts) — plus per-environment config, preflight and live rule queries.
 * Knows nothing of the CLI; the content model is adapted in source.ts.
 */
export type * from './model.ts';
export { API_VERSIONS, type ResourceKind } from './api-versions.ts';
export { DeployError, type DeployErrorCode } from './errors.ts';
export { loadConfig, parseConfig, selectEnvironment, defaultEnvironment, applyParameters, type ContentConfig, type EnvironmentConfig, type RuleOverride } from './config.ts';
export { uuidV5, contentHash, canonicalJson } from './ids.ts';
export { toIso, durationSeconds } from './durations.ts';
export { desiredResources, alertRuleProperties, metadataName, type DesiredResource, type Scope, type Target } from './resources.ts';
export { buildTemplates, serialise, armScope } from './arm-template.ts';
export { buildToDirectory, type BuildResult } from './build.ts';
export { loadDeployContent, packInfo, toDeployRule, toDeployFunction, type SourceProblem } from './source.ts';
