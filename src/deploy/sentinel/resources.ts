/**
 * Sentinel resource bodies: analytic rules (Scheduled, NRT) and their metadata, workspace functions (saved
 * searches) and workbooks, at the api-versions of arm/api-versions.ts.
 */
import { applyParameters, matchesRule, overrideFor, type EnvironmentConfig } from '../config.ts';
import { toIso, durationSeconds } from '../durations.ts';
import { DeployError } from '../errors.ts';
import { uuidV5 } from '../ids.ts';
import type { DeployFunction, DeployRule, DeployWorkbook, PackInfo } from '../model.ts';
import type { DesiredResource, Scope } from '../wire.ts';

const OPERATORS: Record<string, string> = { gt: 'GreaterThan', lt: 'LessThan', eq: 'Equal', ne: 'NotEqual', greaterthan: 'GreaterThan', lessthan: 'LessThan', equal: 'Equal', notequal: 'NotEqual' };

export function metadataName(ruleId: string): string {
  return `analyticsrule-${ruleId.toLowerCase()}`;
}

export function workbookResourceName(pack: PackInfo, workbookId: string): string {
  return uuidV5(`${pack.name}/workbook/${workbookId}`);
}

export function functionResourceName(fn: DeployFunction): string {
  return fn.name.toLowerCase();
}

function iso(rule: DeployRule, field: string, value: string | undefined, fallback?: string): string | undefined {
  if (value === undefined) return fallback;
  if (durationSeconds(value) === undefined) {
    throw new DeployError('CONTENT_INVALID', `rule '${rule.name}': ${field} '${value}' is not a duration (use 5m, 1h, 1d or ISO 8601)`, rule.file ? { file: rule.file } : undefined);
  }
  return toIso(value);
}

/** The properties object of a Microsoft.SecurityInsights/alertRules resource (Scheduled or NRT). */
export function alertRuleProperties(rule: DeployRule, env: EnvironmentConfig): Record<string, unknown> {
  const o = overrideFor(env, rule);
  const enabled = o.enabled ?? (matchesRule(env.rules.disabled, rule) ? false : rule.enabled ?? true);
  const techniques = rule.relevantTechniques ?? [];
  const parents = unique(techniques.map((t) => t.split('.')[0]!.toUpperCase()));
  const subs = unique(techniques.filter((t) => t.includes('.')).map((t) => t.toUpperCase()));
  const p: Record<string, unknown> = {
    displayName: rule.name,
    description: rule.description.trim(),
    severity: o.severity ?? rule.severity,
    enabled,
    query: applyParameters(rule.query, env.parameters),
  };
  if (rule.kind === 'Scheduled') {
    p.queryFrequency = iso(rule, 'queryFrequency', o.queryFrequency ?? rule.queryFrequency);
    p.queryPeriod = iso(rule, 'queryPeriod', o.queryPeriod ?? rule.queryPeriod);
    const op = OPERATORS[(rule.triggerOperator ?? 'gt').toLowerCase()];
    if (!op) throw new DeployError('CONTENT_INVALID', `rule '${rule.name}': triggerOperator '${rule.triggerOperator}' is not gt, lt, eq or ne`, rule.file ? { file: rule.file } : undefined);
    p.triggerOperator = op;
    p.triggerThreshold = o.triggerThreshold ?? rule.triggerThreshold ?? 0;
  }
  p.suppressionEnabled = o.suppressionEnabled ?? rule.suppressionEnabled ?? false;
  p.suppressionDuration = iso(rule, 'suppressionDuration', o.suppressionDuration ?? rule.suppressionDuration, 'PT5H');
  p.tactics = unique((rule.tactics ?? []).map((t) => t.replace(/\s+/g, '')));
  p.techniques = parents;
  p.subTechniques = subs;
  if (rule.entityMappings?.length) p.entityMappings = rule.entityMappings;
  if (rule.sentinelEntitiesMappings?.length) p.sentinelEntitiesMappings = rule.sentinelEntitiesMappings;
  if (rule.customDetails && Object.keys(rule.customDetails).length) p.customDetails = rule.customDetails;
  if (rule.alertDetailsOverride) p.alertDetailsOverride = rule.alertDetailsOverride;
  p.eventGroupingSettings = rule.eventGroupingSettings ?? { aggregationKind: 'SingleAlert' };
  p.incidentConfiguration = incidentConfiguration(rule);
  // `templateVersion` belongs with `alertRuleTemplateName` (rules created from a gallery template); ours are not.
  return p;
}

function incidentConfiguration(rule: DeployRule): Record<string, unknown> {
  const ic = rule.incidentConfiguration;
  const g = ic?.groupingConfiguration;
  return {
    createIncident: ic?.createIncident ?? true,
    groupingConfiguration: {
      enabled: g?.enabled ?? false,
      reopenClosedIncident: g?.reopenClosedIncident ?? false,
      lookbackDuration: iso(rule, 'incidentConfiguration.groupingConfiguration.lookbackDuration', g?.lookbackDuration, 'PT5H'),
      matchingMethod: g?.matchingMethod ?? 'AllEntities',
      groupByEntities: g?.groupByEntities ?? [],
      groupByAlertDetails: g?.groupByAlertDetails ?? [],
      groupByCustomDetails: g?.groupByCustomDetails ?? [],
    },
  };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

export function alertRuleResource(rule: DeployRule, env: EnvironmentConfig): DesiredResource {
  const name = rule.id.toLowerCase();
  return {
    key: `alertRules/${name}`,
    kind: 'alertRules',
    target: 'sentinel',
    name,
    displayName: rule.name,
    body: { kind: rule.kind, properties: alertRuleProperties(rule, env) },
    file: rule.file,
  };
}

/** The metadata resource linking a rule to this pack (the deployer adds the content hash to it). */
export function ruleMetadataBody(pack: PackInfo, ruleId: string, scope: Scope, ruleVersion?: string): Record<string, unknown> {
  return {
    properties: {
      contentId: ruleId.toLowerCase(),
      parentId: scope.alertRuleId(ruleId.toLowerCase()),
      kind: 'AnalyticsRule',
      version: ruleVersion ?? pack.version,
      source: { kind: 'SourceRepository', name: pack.name, sourceId: pack.name },
      author: { name: pack.name },
      support: { tier: 'Community', name: pack.name },
    },
  };
}

export function functionResource(fn: DeployFunction, env: EnvironmentConfig): DesiredResource {
  const properties: Record<string, unknown> = {
    category: fn.category ?? 'Managed HSM',
    displayName: fn.displayName ?? fn.name,
    query: applyParameters(fn.query, env.parameters),
    functionAlias: fn.name,
  };
  if (fn.parameters) properties.functionParameters = fn.parameters;
  properties.version = 2;
  const name = functionResourceName(fn);
  return { key: `savedSearches/${name}`, kind: 'savedSearches', target: 'sentinel', name, displayName: fn.name, body: { properties }, file: fn.file };
}

export function workbookResource(pack: PackInfo, wb: DeployWorkbook, scope: Scope): DesiredResource {
  const name = (wb.resourceName ?? workbookResourceName(pack, wb.id)).toLowerCase();
  const properties: Record<string, unknown> = {
    displayName: wb.displayName,
    serializedData: JSON.stringify(wb.notebook),
    version: 'Notebook/1.0',
    category: 'sentinel',
    sourceId: scope.workspaceId,
  };
  if (wb.description) properties.description = wb.description;
  return { key: `workbooks/${name}`, kind: 'workbooks', target: 'sentinel', name, displayName: wb.displayName, body: { location: scope.location, kind: 'shared', properties }, file: wb.file };
}
