/**
 * Azure Monitor resource bodies for workspaces without Sentinel: a log search alert per rule (the rule's query as
 * the criterion) and the action group they notify.
 */
import type { EnvironmentConfig } from '../config.ts';
import { isoFromSeconds, durationSeconds } from '../durations.ts';
import { slug } from '../ids.ts';
import type { DeployRule } from '../model.ts';
import { alertRuleProperties } from '../sentinel/resources.ts';
import type { DesiredResource, Scope } from '../wire.ts';

const MONITOR_OPERATORS: Record<string, string | undefined> = { GreaterThan: 'GreaterThan', LessThan: 'LessThan', Equal: 'Equals', NotEqual: undefined };

const MONITOR_SEVERITY: Record<string, number> = { High: 1, Medium: 2, Low: 3, Informational: 4 };

/** scheduledQueryRules accept windowSize up to two days; longer look-backs go in overrideQueryTimeRange. */
const MAX_WINDOW_SECONDS = 2 * 86400;

/** Readable and unique: the name's slug plus the start of the rule id (names alone can collide once truncated). */
export function logAlertName(rule: DeployRule): string {
  return `hsm-${slug(rule.name).slice(0, 60).replace(/-+$/, '')}-${rule.id.toLowerCase().slice(0, 8)}`;
}

export function actionGroupResource(env: EnvironmentConfig): DesiredResource {
  const ag = env.monitor.actionGroup ?? { name: 'hsm-detections', shortName: 'hsmdetect', emails: [] };
  const emails = [...(ag.emails ?? [])].sort();
  return {
    key: `actionGroups/${ag.name.toLowerCase()}`,
    kind: 'actionGroups',
    target: 'monitor',
    name: ag.name,
    displayName: ag.name,
    body: {
      location: 'Global',
      properties: {
        groupShortName: ag.shortName,
        enabled: true,
        emailReceivers: emails.map((e) => ({ name: e, emailAddress: e, useCommonAlertSchema: true })),
      },
    },
  };
}

/** An Azure Monitor log search alert equivalent to the rule, or undefined when it has none (NotEqual). */
export function logAlertResource(rule: DeployRule, env: EnvironmentConfig, scope: Scope, actionGroupId: string): DesiredResource | undefined {
  const p = alertRuleProperties(rule, env);
  const op = rule.kind === 'NRT' ? 'GreaterThan' : MONITOR_OPERATORS[p.triggerOperator as string];
  if (!op) return undefined;
  const frequency = rule.kind === 'NRT' ? 300 : durationSeconds(p.queryFrequency as string)!;
  const period = rule.kind === 'NRT' ? 300 : durationSeconds(p.queryPeriod as string)!;
  const properties: Record<string, unknown> = {
    displayName: rule.name,
    description: p.description,
    severity: MONITOR_SEVERITY[p.severity as string] ?? 3,
    enabled: p.enabled,
    scopes: [scope.workspaceId],
    evaluationFrequency: isoFromSeconds(Math.min(frequency, 86400)),
    windowSize: isoFromSeconds(Math.min(period, MAX_WINDOW_SECONDS)),
    criteria: {
      allOf: [{
        query: p.query,
        timeAggregation: 'Count',
        operator: op,
        threshold: rule.kind === 'NRT' ? 0 : p.triggerThreshold,
        failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
      }],
    },
    autoMitigate: false,
    actions: { actionGroups: [actionGroupId] },
  };
  if (period > MAX_WINDOW_SECONDS) properties.overrideQueryTimeRange = isoFromSeconds(period);
  if (p.suppressionEnabled) properties.muteActionsDuration = p.suppressionDuration;
  const name = logAlertName(rule);
  return {
    key: `scheduledQueryRules/${name}`,
    kind: 'scheduledQueryRules',
    target: 'monitor',
    name,
    displayName: rule.name,
    body: { location: scope.location, kind: 'LogAlert', properties },
    file: rule.file,
  };
}
