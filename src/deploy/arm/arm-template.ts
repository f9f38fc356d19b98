/**
 * ARM-template backend: the desired resources as deployment templates, for `az deployment group create`
 * (one Sentinel template, one Azure Monitor template) and for Sentinel Repositories (one file per item,
 * holding only the resource types Repositories accepts for that content type).
 */
import { API_VERSIONS } from './api-versions.ts';
import type { EnvironmentConfig } from '../config.ts';
import type { DeployError } from '../errors.ts';
import { slug } from '../ids.ts';
import type { DeployContent } from '../model.ts';
import { FunctionCalls } from '../function-calls.ts';
import { withOwnership } from './ownership.ts';
import { desiredResources, ruleMetadataBody, type DesiredResource, type Scope } from '../resources.ts';
import { repositoryFiles } from './repository.ts';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const PARAMS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

type Json = Record<string, unknown>;

const WORKSPACE_ID = "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]";

/** Scope whose references are ARM template expressions over the template's parameters. */
export const armScope: Scope = {
  location: "[parameters('location')]",
  workspaceId: WORKSPACE_ID,
  alertRuleId: (rule) => `[resourceId('Microsoft.OperationalInsights/workspaces/providers/alertRules', parameters('workspace'), 'Microsoft.SecurityInsights', '${rule}')]`,
  actionGroupId: () => "[resourceId('Microsoft.Insights/actionGroups', parameters('actionGroupName'))]",
};

export const WORKSPACE_PARAM = { type: 'string', metadata: { description: 'Name of the Log Analytics workspace' } };
export const LOCATION_PARAM = { type: 'string', defaultValue: '[resourceGroup().location]', metadata: { description: 'Region of the workspace' } };

/** One ARM resource declaration for a desired resource (legacy nested names, as Repositories expects). */
export function armResource(r: DesiredResource, content: DeployContent): Json[] {
  const body = withOwnership(r, content.pack);
  switch (r.kind) {
    case 'alertRules': {
      const rule: Json = {
        type: 'Microsoft.OperationalInsights/workspaces/providers/alertRules',
        apiVersion: API_VERSIONS.alertRules,
        name: `[concat(parameters('workspace'), '/Microsoft.SecurityInsights/', '${r.name}')]`,
        kind: body.kind,
        properties: body.properties,
      };
      return [rule];
    }
    case 'savedSearches':
      return [{
        type: 'Microsoft.OperationalInsights/workspaces/savedSearches',
        apiVersion: API_VERSIONS.savedSearches,
        name: `[concat(parameters('workspace'), '/${r.name}')]`,
        properties: body.properties,
      }];
    case 'workbooks':
      return [{ type: 'Microsoft.Insights/workbooks', apiVersion: API_VERSIONS.workbooks, name: r.name, location: body.location, kind: body.kind, tags: body.tags, properties: body.properties }];
    case 'actionGroups': {
      const props = body.properties as Json;
      return [{
        type: 'Microsoft.Insights/actionGroups',
        apiVersion: API_VERSIONS.actionGroups,
        name: "[parameters('actionGroupName')]",
        location: 'Global',
        tags: body.tags,
        properties: {
          ...props,
          groupShortName: "[parameters('actionGroupShortName')]",
          emailReceivers: "[map(parameters('actionGroupEmails'), lambda('e', createObject('name', lambdaVariables('e'), 'emailAddress', lambdaVariables('e'), 'useCommonAlertSchema', true())))]",
        },
      }];
    }
    case 'scheduledQueryRules':
      return [{
        type: 'Microsoft.Insights/scheduledQueryRules',
        apiVersion: API_VERSIONS.scheduledQueryRules,
        name: r.name,
        location: body.location,
        kind: body.kind,
        tags: body.tags,
        properties: body.properties,
      }];
    default:
      return [];
  }
}

/** The template expression for the id of a workspace function (saved search) of the template's workspace. */
export function savedSearchId(name: string): string {
  return `[resourceId('Microsoft.OperationalInsights/workspaces/savedSearches', parameters('workspace'), '${name}')]`;
}

/** The query a rule or log alert runs, a function's body otherwise. */
function queryOf(r: DesiredResource): string {
  const p = (r.body.properties ?? {}) as { query?: string; criteria?: { allOf?: { query?: string }[] } };
  return p.query ?? p.criteria?.allOf?.map((c) => c.query ?? '').join('\n') ?? '';
}

/**
 * Sentinel and Azure Monitor validate a query when its rule is created, and ARM creates resources without a
 * `dependsOn` between them in any order (in parallel): each resource that runs a query depends on the functions
 * it calls, and each function on the functions it calls.
 */
function functionDependsOn(r: DesiredResource, calls: FunctionCalls, functionsInTemplate: Map<string, DesiredResource>): string[] {
  const deps = r.kind === 'savedSearches' ? calls.callsOf(fnAlias(r)) : calls.dependencies(queryOf(r));
  return deps.map((alias) => functionsInTemplate.get(alias)).filter((f): f is DesiredResource => Boolean(f)).map((f) => savedSearchId(f.name));
}

function fnAlias(r: DesiredResource): string {
  return String((r.body.properties as { functionAlias?: string }).functionAlias ?? r.name);
}

function ruleMetadataArm(r: DesiredResource, content: DeployContent): Json {
  const meta = ruleMetadataBody(content.pack, r.name, armScope, undefined);
  return {
    type: 'Microsoft.OperationalInsights/workspaces/providers/metadata',
    apiVersion: API_VERSIONS.metadata,
    name: `[concat(parameters('workspace'), '/Microsoft.SecurityInsights/', 'analyticsrule-${r.name}')]`,
    dependsOn: [armScope.alertRuleId(r.name)],
    properties: meta.properties,
  };
}

export function template(parameters: Json, resources: Json[], description: string, version: string): Json {
  return {
    $schema: SCHEMA,
    contentVersion: toContentVersion(version),
    metadata: { description },
    parameters,
    resources,
  };
}

/** ARM contentVersion is four numeric parts. */
function toContentVersion(version: string): string {
  const parts = version.split(/[.+-]/).filter((p) => /^\d+$/.test(p)).slice(0, 4);
  while (parts.length < 4) parts.push('0');
  return parts.join('.');
}

export interface BuiltFile { path: string; json: Json }

/** All template files, keyed by output-relative path, in a stable order. */
export interface TemplateOptions {
  problems?: DeployError[];
  /** Path of the output directory from the repository root, for sentinel-deployment.config (default `dist/`). */
  repositoryPrefix?: string;
  /** Workspaces a Repositories connection deploys to: each gets `*.parameters-<workspaceId>.json` files (repository.ts). */
  workspaces?: EnvironmentConfig[];
}

export function buildTemplates(content: DeployContent, env: EnvironmentConfig, options: TemplateOptions = {}): BuiltFile[] {
  const problems = options.problems;
  const resources = desiredResources(content, env, armScope, { problems });
  const files: BuiltFile[] = [];
  const sentinel = resources.filter((r) => r.target === 'sentinel');
  const monitor = resources.filter((r) => r.target === 'monitor');
  const v = content.pack.version;

  const calls = new FunctionCalls(content.functions);
  const functions = new Map(resources.filter((r) => r.kind === 'savedSearches').map((r) => [fnAlias(r), r]));
  if (sentinel.length) {
    const decls: Json[] = [];
    const own = new Map([...functions].filter(([, f]) => f.target === 'sentinel'));
    for (const r of sentinel) {
      for (const d of armResource(r, content)) {
        const deps = functionDependsOn(r, calls, own);
        decls.push(deps.length ? withDependsOn(d, deps) : d);
      }
      if (r.kind === 'alertRules') decls.push(ruleMetadataArm(r, content));
    }
    files.push({ path: 'sentinel/azuredeploy.json', json: template({ workspace: WORKSPACE_PARAM, location: LOCATION_PARAM }, decls, `${content.pack.name} ${v}: Microsoft Sentinel analytic rules, workspace functions and workbooks`, v) });
    files.push(...repositoryFiles(content, sentinel, options.workspaces ?? [], options.repositoryPrefix ?? 'dist/', problems));
  }
  if (monitor.length) {
    const params: Json = { workspace: WORKSPACE_PARAM, location: LOCATION_PARAM };
    const hasGroup = monitor.some((r) => r.kind === 'actionGroups');
    if (hasGroup) {
      const ag = monitor.find((r) => r.kind === 'actionGroups')!;
      const agProps = ag.body.properties as Json;
      params.actionGroupName = { type: 'string', defaultValue: ag.name };
      params.actionGroupShortName = { type: 'string', defaultValue: agProps.groupShortName, maxLength: 12 };
      params.actionGroupEmails = { type: 'array', defaultValue: (agProps.emailReceivers as { emailAddress: string }[]).map((e) => e.emailAddress) };
    }
    // The template deploys alone: it carries every function its log alerts call (all of the pack's functions when
    // the Sentinel target is off), created before the alerts.
    const alerts = monitor.filter((r) => r.kind === 'scheduledQueryRules');
    const needed = new Set(alerts.flatMap((a) => calls.dependencies(queryOf(a))));
    const carried = [...functions.values()].filter((f) => f.target === 'monitor' || needed.has(fnAlias(f)));
    const inTemplate = new Map(carried.map((f) => [fnAlias(f), f]));
    const decls: Json[] = [];
    for (const r of [...carried, ...monitor.filter((m) => m.kind !== 'savedSearches')]) {
      for (const d of armResource(r, content)) {
        const deps = [...(r.kind === 'scheduledQueryRules' && hasGroup ? [armScope.actionGroupId('')] : []), ...functionDependsOn(r, calls, inTemplate)];
        decls.push(deps.length ? withDependsOn(d, deps) : d);
      }
    }
    files.push({ path: 'monitor/azuredeploy.json', json: template(params, decls, `${content.pack.name} ${v}: Azure Monitor log search alerts for customers without Sentinel`, v) });
  }
  if (env.workspace) {
    const values: Json = { workspace: { value: env.workspace } };
    if (env.location) values.location = { value: env.location };
    if (sentinel.length) files.push({ path: 'sentinel/azuredeploy.parameters.json', json: { $schema: PARAMS_SCHEMA, contentVersion: '1.0.0.0', parameters: values } });
    if (monitor.length) files.push({ path: 'monitor/azuredeploy.parameters.json', json: { $schema: PARAMS_SCHEMA, contentVersion: '1.0.0.0', parameters: values } });
  }
  return files;
}

/** The declaration with `dependsOn` placed after its name (ARM's usual key order, for readable templates). */
function withDependsOn(decl: Json, dependsOn: string[]): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(decl)) {
    out[k] = v;
    if (k === 'name') out.dependsOn = dependsOn;
  }
  return out;
}

/** Byte-stable serialisation of a template file. */
export function serialise(json: Json): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
