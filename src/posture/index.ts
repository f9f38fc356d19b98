/**
 * Posture: every Managed HSM against the state checks of the baseline map (src/coverage/practices.ts), from Resource
 * Graph, ARM, the HSM data plane, Microsoft Graph and the workspace logs. Knows nothing of the CLI.
 */
export type * from './model.ts';
export { DEFAULT_THRESHOLDS, readable, unreadable } from './model.ts';
export { PostureError, type PostureErrorCode } from './errors.ts';
export { runPosture, evaluateHsm, type PostureOptions } from './evaluate.ts';
export { EVALUATORS, type CheckEvaluator, type EvaluationContext } from './checks/index.ts';
export { HSM_INVENTORY_QUERY, listManagedHsms, resetDelayMs } from './sources/resource-graph.ts';
export { HSM_ACTIVITY_QUERY } from './sources/workspace-logs.ts';
export { POSTURE_API_VERSIONS } from './sources/arm.ts';
export { DATA_PLANE_API_VERSION, dataPlaneScope } from './sources/data-plane.ts';
export { DEFAULT_GRAPH_ENDPOINT } from './sources/directory.ts';
export { MANAGED_HSM_POLICIES, managedHsmPolicy } from './policies.ts';
export { mapLimit } from './concurrency.ts';
export { failingConditions, resourceChecks, outOfBaselineQuery, outOfBaselineAlertTemplate, OUT_OF_BASELINE_ALERT_NAME } from './alert.ts';
export { formatPostureText } from './report/human.ts';
export { formatPostureMarkdown } from './report/markdown.ts';
export { toPostureSarif } from './report/sarif.ts';
export { postureFailed, requiredChecks, unknownRequirements } from './report/exit-code.ts';
