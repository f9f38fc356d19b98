/**
 * "An HSM out of baseline" as an Azure Monitor log search alert: the state checks Resource Graph can see, as one
 * query over Log Analytics' cross-service `arg("").Resources`, in an ARM template of a scheduledQueryRules resource
 * (api-version 2023-12-01) with a system-assigned identity, one alert per HSM (split by the Hsm dimension).
 *
 * Why a log search alert and not a Sentinel rule: Azure Monitor runs such a query as the rule's managed identity
 * (which needs Reader on the subscriptions and Log Analytics Reader on the workspace); Sentinel analytics rules are
 * not documented to support arg(). See docs/posture.md#posture-as-content.
 */
import { stateChecks, type BaselinePractice } from '../coverage/practices.ts';
import { DEFAULT_THRESHOLDS, type PostureThresholds } from './model.ts';

/** The KQL condition under which each Resource Graph-observable check fails, over a Resources row. */
export function failingConditions(t: PostureThresholds = DEFAULT_THRESHOLDS): Record<string, string> {
  return {
    'public-network-access-disabled': 'tostring(properties.publicNetworkAccess) != "Disabled"',
    'firewall-default-deny': 'tostring(properties.networkAcls.defaultAction) != "Deny" and tostring(properties.publicNetworkAccess) != "Disabled"',
    'private-endpoint-approved': 'tostring(properties.privateEndpointConnections) !contains \'"Approved"\'',
    'purge-protection-enabled': 'not(coalesce(tobool(properties.enablePurgeProtection), false))',
    'soft-delete-retention': `coalesce(tobool(properties.enableSoftDelete), true) == false or coalesce(toint(properties.softDeleteRetentionInDays), 90) < ${t.softDeleteRetentionDays}`,
    'security-domain-activated': 'isnotempty(tostring(properties.securityDomainProperties.activationStatus)) and tostring(properties.securityDomainProperties.activationStatus) != "Active"',
  };
}

/** The checks of the map that Resource Graph shows (source `resource`), each with its failing condition. */
export function resourceChecks(practices?: readonly BaselinePractice[], t?: PostureThresholds): { id: string; condition: string }[] {
  const conditions = failingConditions(t);
  return stateChecks(practices).filter((c) => c.source === 'resource').map((c) => {
    const condition = conditions[c.id];
    if (!condition) throw new Error(`state check ${c.id} reads the resource but has no failing condition in src/posture/alert.ts`);
    return { id: c.id, condition };
  });
}

/** One row per HSM that fails any Resource Graph-observable check, with the failing check ids. */
export function outOfBaselineQuery(t: PostureThresholds = DEFAULT_THRESHOLDS, practices?: readonly BaselinePractice[]): string {
  const checks = resourceChecks(practices, t);
  return [
    'arg("").Resources',
    '| where type =~ "microsoft.keyvault/managedhsms"',
    '| extend Failing = pack_array(',
    checks.map((c) => `    iff(${c.condition}, "${c.id}", "")`).join(',\n'),
    '  )',
    '| extend FailingChecks = strcat_array(set_difference(Failing, dynamic([""])), ", ")',
    '| where isnotempty(FailingChecks)',
    '| project Hsm = name, HsmResourceId = id, SubscriptionId = subscriptionId, ResourceGroup = resourceGroup, FailingChecks',
  ].join('\n');
}

export const OUT_OF_BASELINE_ALERT_NAME = 'hsm-out-of-baseline';

/** An ARM deployment template (resource group scope) of the log search alert; outputs the identity to grant. */
export function outOfBaselineAlertTemplate(t: PostureThresholds = DEFAULT_THRESHOLDS): Record<string, unknown> {
  const name = OUT_OF_BASELINE_ALERT_NAME;
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    metadata: { description: 'Managed HSM out of baseline: a daily Azure Monitor log search alert over Azure Resource Graph (arg("")), one alert per HSM. Grant the output principal Reader on the subscriptions and Log Analytics Reader on the workspace.' },
    parameters: {
      workspaceResourceId: { type: 'string', metadata: { description: 'Resource id of the Log Analytics workspace the query runs in' } },
      location: { type: 'string', defaultValue: '[resourceGroup().location]' },
      actionGroupId: { type: 'string', defaultValue: '', metadata: { description: 'Action group to notify (empty: none)' } },
    },
    resources: [{
      type: 'Microsoft.Insights/scheduledQueryRules',
      apiVersion: '2023-12-01',
      name,
      location: "[parameters('location')]",
      kind: 'LogAlert',
      identity: { type: 'SystemAssigned' },
      properties: {
        displayName: 'Managed HSM out of baseline',
        description: 'A Managed HSM fails a state check of the security baseline that Azure Resource Graph shows (public network access, firewall, private endpoint, purge protection, soft-delete retention, security domain activation). FailingChecks names them; content posture gives the evidence and the fix.',
        severity: 2,
        enabled: true,
        scopes: ["[parameters('workspaceResourceId')]"],
        evaluationFrequency: 'P1D',
        windowSize: 'P1D',
        autoMitigate: false,
        criteria: {
          allOf: [{
            query: outOfBaselineQuery(t),
            timeAggregation: 'Count',
            operator: 'GreaterThan',
            threshold: 0,
            dimensions: [{ name: 'Hsm', operator: 'Include', values: ['*'] }, { name: 'FailingChecks', operator: 'Include', values: ['*'] }],
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
          }],
        },
        actions: { actionGroups: "[if(empty(parameters('actionGroupId')), createArray(), createArray(parameters('actionGroupId')))]" },
      },
    }],
    outputs: {
      principalId: { type: 'string', value: `[reference(resourceId('Microsoft.Insights/scheduledQueryRules', '${name}'), '2023-12-01', 'full').identity.principalId]` },
    },
  };
}
