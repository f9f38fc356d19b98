/**
 * The wire model: one builder turns content + an environment into the resources to PUT. The ARM-template
 * backend and the REST deployer both use it, so a template and a `content deploy` send identical properties.
 * Resource references (workspace id, location, ...) come from a `Scope`: literal ids when deploying, ARM template
 * expressions when building templates.
 */
import { API_VERSIONS, type ResourceKind } from './api-versions.ts';
import { applyParameters, matchesRule, overrideFor, type EnvironmentConfig } from './config.ts';
import { isoFromSeconds, durationSeconds, toIso } from './durations.ts';
import { DeployError } from './errors.ts';
import { slug, uuidV5 } from './ids.ts';
import type { DeployContent, DeployFunction, DeployRule, DeployWorkbook, PackInfo } from './model.ts';

export type Target = 'sentinel' | 'monitor';

/** How resources refer to their surroundings. */
export interface Scope {
  location: string;
  workspaceId: string;
  alertRuleId(ruleName: string): string;
  actionGroupId(name: string): string;
}

export interface DesiredResource {
  /** Stable identity across runs: `<kind>/<name lower-case>`. */
  key: string;
  kind: ResourceKind;
  target: Target;
  /** Resource name (last path segment). */
  name: string;
  displayName: string;
  /** The PUT body without ownership marks (tags / metadata), which the deployer adds. */
  body: Record<string, unknown>;
  /** Source file, for messages. */
  file?: string;
}

/** Tag and metadata vocabulary that marks a resource as owned by this pack. */
export const OWNER_TAG = 'content-pack';
export const HASH_TAG = 'content-hash';
export const VERSION_TAG = 'content-pack-version';

const OPERATORS: Record<string, string> = { gt: 'GreaterThan', lt: 'LessThan', eq: 'Equal', ne: 'NotEqual', greaterthan: 'GreaterThan', lessthan: 'LessThan', equal: 'Equal', notequal: 'NotEqual' };
const MONITOR_OPERATORS: Record<string, string | undefined> = { GreaterThan: 'GreaterThan', LessThan: 'LessThan', Equal: 'Equals', NotEqual: undefined };
const MONITOR_SEVERITY: Record<string, number> = { High: 1, Medium: 2, Low: 3, Informational: 4 };
/** scheduledQueryRules accept windowSize up to two days; longer look-backs go in overrideQueryTimeRange. */
const MAX_WINDOW_SECONDS = 2 * 86400;

export function metadataName(ruleId: string): string {
  return `analyticsrule-${ruleId.toLowerCase()}`;
}

export function workbookResourceName(pack: PackInfo, workbookId: string): string {
  return uuidV5(`${pack.name}/workbook/${workbookId}`);
}

/** Readable and unique: the name's slug plus the start of the rule id (names alone can collide once truncated). */
export function logAlertName(rule: DeployRule): string {
  return `hsm-${slug(rule.name).slice(0, 60).replace(/-+$/, '')}-${rule.id.toLowerCase().slice(0, 8)}`;
}

export function functionResourceName(fn: DeployFunction): string {
  return fn.name.toLowerCase();
}

export interface BuildOptions {
  targets?: Partial<Record<Target, boolean>>;
  /** When given, content that cannot become a resource is reported here and left out instead of throwing. */
  problems?: DeployError[];
}

/** Every resource the content needs in this environment, in a stable order. */
export function desiredResources(content: DeployContent, env: EnvironmentConfig, scope: Scope, options: BuildOptions = {}): DesiredResource[] {
  const out: DesiredResource[] = [];
  const sentinel = options.targets?.sentinel ?? env.targets.sentinel;
  const monitor = options.targets?.monitor ?? env.targets.monitor;
  const guard = <T>(make: () => T, subject: string): T | undefined => {
    if (!options.problems) return make();
    try {
      return make();
    } catch (e) {
      if (!(e instanceof DeployError)) throw e;
      e.subject ??= subject;
      options.problems.push(e);
      return undefined;
    }
  };
  const push = (r: DesiredResource | undefined) => { if (r) out.push(r); };
  // A rule that cannot be expressed is left out of every target.
  const rules = selectedRules(content.rules, env).filter((r) => guard(() => alertRuleProperties(r, env), `alertRules/${r.id.toLowerCase()}`) !== undefined);
  // Workspace functions serve both targets: log alerts call them too.
  if (sentinel || monitor) {
    for (const fn of sortBy(content.functions, (f) => f.name.toLowerCase())) {
      const r = guard(() => functionResource(fn, env), `savedSearches/${functionResourceName(fn)}`);
      if (r) push({ ...r, target: sentinel ? 'sentinel' : 'monitor' });
    }
  }
  if (sentinel) {
    for (const rule of rules) push(alertRuleResource(rule, env));
    for (const wb of sortBy(content.workbooks, (w) => w.id)) push(guard(() => workbookResource(content.pack, wb, scope), `workbooks/${wb.id}`));
  }
  if (monitor) {
    const ag = env.monitor.actionGroupId ? undefined : actionGroupResource(env);
    if (ag) out.push(ag);
    const agId = env.monitor.actionGroupId ?? scope.actionGroupId(ag!.name);
    const monitored = env.monitor.rules ? rules.filter((r) => matchesRule(env.monitor.rules!, r)) : rules;
    for (const rule of monitored) {
      const res = logAlertResource(rule, env, scope, agId);
      if (res) out.push(res);
    }
  }
  // Two items mapping to one resource would overwrite each other: keep the first, report the rest.
  const keys = new Map<string, DesiredResource>();
  return out.filter((r) => {
    const first = keys.get(r.key);
    if (!first) { keys.set(r.key, r); return true; }
    const e = new DeployError('CONTENT_INVALID', `${r.displayName} maps to the same ${r.kind} resource '${r.name}' as ${first.displayName}${first.file ? ` (${first.file})` : ''}; give it a distinct id or name`, r.file ? { file: r.file } : undefined, r.key);
    if (!options.problems) throw e;
    options.problems.push(e);
    return false;
  });
}

export function selectedRules(rules: DeployRule[], env: EnvironmentConfig): DeployRule[] {
  const chosen = env.rules.only ? rules.filter((r) => matchesRule(env.rules.only!, r)) : rules;
  return sortBy(chosen, (r) => r.id.toLowerCase());
}

function sortBy<T>(items: T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
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

export function apiVersionOf(kind: ResourceKind): string {
  return API_VERSIONS[kind];
}
