/** Where a deployment goes: ARM paths of the workspace, its resource group and each resource kind. */
import type { ResourceKind } from './api-versions.ts';
import type { Scope } from '../resources.ts';

export interface DeployTarget {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** Region for workbooks and log alerts; read from the workspace when absent. */
  location?: string;
}

export function resourceGroupPath(t: DeployTarget): string {
  return `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}`;
}

export function workspacePath(t: DeployTarget): string {
  return `${resourceGroupPath(t)}/providers/Microsoft.OperationalInsights/workspaces/${t.workspace}`;
}

export function collectionPath(t: DeployTarget, kind: ResourceKind): string {
  switch (kind) {
    case 'alertRules': return `${workspacePath(t)}/providers/Microsoft.SecurityInsights/alertRules`;
    case 'metadata': return `${workspacePath(t)}/providers/Microsoft.SecurityInsights/metadata`;
    case 'savedSearches': return `${workspacePath(t)}/savedSearches`;
    case 'workbooks': return `${resourceGroupPath(t)}/providers/Microsoft.Insights/workbooks`;
    case 'scheduledQueryRules': return `${resourceGroupPath(t)}/providers/Microsoft.Insights/scheduledQueryRules`;
    case 'actionGroups': return `${resourceGroupPath(t)}/providers/Microsoft.Insights/actionGroups`;
  }
}

export function resourcePath(t: DeployTarget, kind: ResourceKind, name: string): string {
  return `${collectionPath(t, kind)}/${name}`;
}

/** Scope with literal resource ids, for REST deployment. */
export function literalScope(t: DeployTarget & { location: string }): Scope {
  return {
    location: t.location,
    workspaceId: workspacePath(t),
    alertRuleId: (rule) => resourcePath(t, 'alertRules', rule),
    actionGroupId: (name) => resourcePath(t, 'actionGroups', name),
  };
}
