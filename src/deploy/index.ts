/**
 * Build and deploy: one wire model (resources.ts) with small backends — ARM templates (arm-template.ts) and the
 * REST deployer (planner.ts, deployer.ts) — plus per-environment config, preflight and live rule queries.
 * Knows nothing of the CLI; the content model is adapted in source.ts.
 */
export type * from './model.ts';
export { API_VERSIONS, type ResourceKind } from './api-versions.ts';
export { DeployError, type DeployErrorCode } from './errors.ts';
export { loadConfig, parseConfig, selectEnvironment, defaultEnvironment, applyParameters, chooseTargets, type ContentConfig, type EnvironmentConfig, type RuleOverride } from './config.ts';
export { uuidV5, contentHash, canonicalJson } from './ids.ts';
export { toIso, durationSeconds } from './durations.ts';
export { desiredResources, selectedRules, alertRuleProperties, metadataName, type DesiredResource, type Scope, type Target } from './resources.ts';
export { buildTemplates, serialise, armScope } from './arm-template.ts';
export { buildToDirectory, type BuildResult, type BuildOptions as BuildToDirectoryOptions } from './build.ts';
export { loadDeployContent, contentTables, packInfo, toDeployRule, toDeployFunction, type SourceProblem } from './source.ts';
export { customFunctionSchemas, type CustomFunctionSchema } from './custom-functions.ts';
export { FunctionCalls, directCalls } from './function-calls.ts';
export { checkConfigReferences, declaredParameters } from './config-references.ts';
export { UPSTREAM_LOGOS, checkWorkbookLogo } from './logos.ts';
export { ArmClient, ArmRequestError, DEFAULT_ARM_ENDPOINT, type ArmClientOptions, type RetryOptions, type AttemptEvent } from './arm-client.ts';
export { planDeployment, readWorkspace, summarise, type Plan, type PlanItem, type PlanAction, type PlanOptions } from './planner.ts';
export { deploy, type DeployResult, type DeployFailure, type DeployOptions } from './deployer.ts';
export { runPreflight, referencedColumns, type PreflightResult, type PreflightQuery, type PreflightOptions } from './preflight.ts';
export { formatPlanText, formatDeployText, planJson, deployJson, summaryLine, queryPatch } from './report.ts';
export { formatPlanMarkdown } from './report-markdown.ts';
export { savePlan, readSavedPlan, toPlan, planDifferences, planFingerprint, PLAN_FORMAT, type SavedPlan, type SavedPlanOptions } from './saved-plan.ts';
export { normalise, normalisedHash, changedPaths } from './normalise.ts';
export { workspacePath, resourcePath, collectionPath, literalScope, type DeployTarget } from './target.ts';
export { DEFAULT_LOGS_ENDPOINT, createLogsClient, type LogsConnection } from './logs.ts';
export { runLiveRuleQueries, wouldTrigger, type LiveRule, type LiveRuleQueryOptions, type LiveRuleResult } from './live.ts';
