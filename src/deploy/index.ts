/**
 * Build and deploy. Shared code at the top: the content model adapted in source.ts, per-environment config,
 * the wire model (wire.ts, resources.ts: content + environment → resources). Resource bodies by product:
 * sentinel/ (analytic rules, functions, workbooks), monitor/ (log alerts, action groups). Backends: arm/ (ARM
 * templates, and the REST planner and deployer with saved plans and reports), solution/ (the Content Hub package),
 * defender/ (Defender XDR custom detections), workspace/ (Log Analytics queries: preflight, live rule queries).
 * Knows nothing of the CLI.
 */
export type * from './model.ts';
export { API_VERSIONS, type ResourceKind } from './arm/api-versions.ts';
export { DeployError, type DeployErrorCode } from './errors.ts';
export { loadConfig, parseConfig, selectEnvironment, defaultEnvironment, applyParameters, chooseTargets, type ContentConfig, type EnvironmentConfig, type RuleOverride } from './config.ts';
export { uuidV5, contentHash, canonicalJson } from './ids.ts';
export { toIso, durationSeconds } from './durations.ts';
export { desiredResources, selectedRules, alertRuleProperties, metadataName, type DesiredResource, type Scope, type Target } from './resources.ts';
export { buildTemplates, serialise, armScope } from './arm/arm-template.ts';
export { buildToDirectory, type BuildResult, type BuildOptions as BuildToDirectoryOptions } from './build.ts';
export { loadDeployContent, contentTables, packInfo, toDeployRule, toDeployFunction, type SourceProblem } from './source.ts';
export { customFunctionSchemas, type CustomFunctionSchema } from './custom-functions.ts';
export { FunctionCalls, directCalls } from './function-calls.ts';
export { checkConfigReferences, declaredParameters } from './config-references.ts';
export { readSolutionInfo, solutionId, type SolutionInfo } from './solution/info.ts';
export { buildSolution, type SolutionFile } from './solution/package.ts';
export { releaseGroups, releaseNotesTable, type ReleaseGroup } from './solution/release-notes.ts';
export { checkSolution, type PackageFinding } from './solution/checks.ts';
export { buildMainTemplate, CONTENT_API_VERSION } from './solution/main-template.ts';
export { eligibility, detectionRuleBody, detectionQuery, scheduleOf, effectiveRule, isXdrTable, PERIODS, DETECTION_RULES_PATH, type Eligibility, type DetectionRuleBody, type QueryFacts } from './defender/mapping.ts';
export { buildDefender, defenderRules, type DefenderReport, type DefenderRule } from './defender/build.ts';
export { queryFactsFor, type BoundFacts } from './defender/facts.ts';
export { GraphClient, DEFAULT_GRAPH_ENDPOINT, type GraphClientOptions } from './defender/graph-client.ts';
export { ownershipOfRule, normaliseRule, ruleHash, withMark, stripMark } from './defender/ownership.ts';
export { planDefender, type DefenderPlan, type DefenderPlanItem, type DefenderPlanOptions } from './defender/planner.ts';
export { deployDefender, type DefenderDeployResult, type DefenderDeployOptions } from './defender/deployer.ts';
export { formatDefenderPlanText, formatDefenderDeployText, defenderPlanJson, defenderDeployJson } from './defender/report.ts';
export { importRule, ruleResourcesIn, shortDuration, type RuleResource, type ImportedRule, type ImportNote, type ToYamlOptions } from './sentinel/import-rule.ts';
export { UPSTREAM_LOGOS, checkWorkbookLogo } from './logos.ts';
export { ArmClient, ArmRequestError, DEFAULT_ARM_ENDPOINT, type ArmClientOptions, type RetryOptions, type AttemptEvent } from './arm/arm-client.ts';
export { planDeployment, readWorkspace, summarise, type Plan, type PlanItem, type PlanAction, type PlanOptions } from './arm/planner.ts';
export { deploy, type DeployResult, type DeployFailure, type DeployOptions } from './arm/deployer.ts';
export { runPreflight, referencedColumns, type PreflightResult, type PreflightQuery, type PreflightOptions } from './workspace/preflight.ts';
export { formatPlanText, formatDeployText, planJson, deployJson, summaryLine, queryPatch } from './arm/report.ts';
export { formatPlanMarkdown } from './arm/report-markdown.ts';
export { savePlan, readSavedPlan, toPlan, planDifferences, planFingerprint, PLAN_FORMAT, type SavedPlan, type SavedPlanOptions } from './arm/saved-plan.ts';
export { normalise, normalisedHash, changedPaths } from './arm/normalise.ts';
export { workspacePath, resourcePath, collectionPath, literalScope, type DeployTarget } from './arm/target.ts';
export { DEFAULT_LOGS_ENDPOINT, createLogsClient, type LogsConnection } from './workspace/logs.ts';
export { runLiveRuleQueries, wouldTrigger, type LiveRule, type LiveRuleQueryOptions, type LiveRuleResult } from './workspace/live.ts';
