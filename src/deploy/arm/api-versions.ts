/**
 * One table of api-versions, shared by the ARM templates and the REST deployer so both send the same shapes.
 *
 * alertRules/metadata use a preview: no stable Microsoft.SecurityInsights version has the NRT kind,
 * subTechniques or sentinelEntitiesMappings, and listing with a stable version hides NRT rules.
 */
export const API_VERSIONS = {
  alertRules: '2025-10-01-preview',
  metadata: '2025-10-01-preview',
  savedSearches: '2025-02-01',
  workbooks: '2023-06-01',
  scheduledQueryRules: '2023-12-01',
  actionGroups: '2023-01-01',
} as const;

export type ResourceKind = keyof typeof API_VERSIONS;
