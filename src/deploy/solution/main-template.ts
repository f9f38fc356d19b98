/**
 * The Content Hub package's `mainTemplate.json`, in the shape Azure-Sentinel's solution packager (Tools/
 * Create-Azure-Sentinel-Solution, V3) writes: one `contentPackages` resource for the solution, and a
 * `contentTemplates` resource per item wrapping what the Content Hub installs from it (an AlertRuleTemplate and
 * its metadata per rule, a saved search and its metadata per parser, a workbook and its metadata per workbook).
 * Rules are templates: installing the solution creates no rule; a SOC creates rules from the templates, and the
 * Content Hub offers an update when a template's version is higher than the one a rule was created from.
 * Parsers are also deployed as saved searches, as the packager does, since rules created from the templates call
 * them. Resource names, variables and ids follow the packager's conventions (`-ar-`, `-pr-`, `-wb-` template
 * names, `contentProductId` from the solution id, kind, content id and version).
 *
 * Bodies come from the same wire model as `content build` and `content deploy` (sentinel/resources.ts), at the
 * api-versions of arm/api-versions.ts, so a rule created from a template matches the deployed rule.
 */
import { API_VERSIONS } from '../arm/api-versions.ts';
import type { EnvironmentConfig } from '../config.ts';
import { uuidV5 } from '../ids.ts';
import type { DeployContent, DeployFunction, DeployRule, DeployWorkbook } from '../model.ts';
import { alertRuleProperties, functionResource, functionResourceName, workbookResource, workbookResourceName } from '../sentinel/resources.ts';
import { solutionId, type SolutionInfo } from './info.ts';

type Json = Record<string, unknown>;

export const CONTENT_API_VERSION = '2023-04-01-preview';
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const WS = "parameters('workspace')";
const LOCATION = "[parameters('workspace-location')]";
const PACKAGE_ID = "[extensionResourceId(resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace')), 'Microsoft.SecurityInsights/contentPackages', variables('_solutionId'))]";

/** A literal string ARM would read as an expression (`[...]`) is escaped as `[[...]`. */
export function armLiteral<T>(value: T): T {
  if (typeof value === 'string') return (value.startsWith('[') ? `[${value}` : value) as T;
  if (Array.isArray(value)) return value.map(armLiteral) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, armLiteral(v)])) as T;
  return value;
}

/** An ARM string literal inside an expression. */
function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export interface PackageItem {
  kind: 'AnalyticsRule' | 'Parser' | 'Workbook';
  contentId: string;
  version: string;
  displayName: string;
  /** Variable holding the item's variables (rules and parsers) or the prefix of its flat variables (workbooks). */
  ref: (name: string) => string;
}

export interface MainTemplate { template: Json; items: PackageItem[] }

export function ruleVersion(rule: DeployRule): string {
  return rule.version ?? '1.0.0';
}

export function parserContentId(fn: DeployFunction, packName: string): string {
  return (fn.id ?? uuidV5(`${packName}/parser/${fn.name}`)).toLowerCase();
}

export function workbookContentId(content: DeployContent, wb: DeployWorkbook): string {
  return (wb.resourceName ?? workbookResourceName(content.pack, wb.id)).toLowerCase();
}

export function buildMainTemplate(content: DeployContent, env: EnvironmentConfig, info: SolutionInfo): MainTemplate {
  const source = { kind: 'Solution', name: info.displayName, sourceId: "[variables('_solutionId')]" };
  const author = { name: info.author.name, ...(info.author.email ? { email: info.author.email } : {}) };
  const support = info.support;
  const parameters: Json = {
    location: {
      type: 'string', minLength: 1, defaultValue: '[resourceGroup().location]',
      metadata: { description: 'Not used, but needed to pass arm-ttk test `Location-Should-Not-Be-Hardcoded`.  We instead use the `workspace-location` which is derived from the LA workspace' },
    },
    'workspace-location': { type: 'string', defaultValue: '', metadata: { description: "[concat('Region to deploy solution resources -- separate from location selection',parameters('location'))]" } },
    workspace: { defaultValue: '', type: 'string', metadata: { description: 'Workspace name for Log Analytics where Microsoft Sentinel is setup' } },
  };
  const variables: Json = {
    _solutionName: info.displayName,
    _solutionVersion: info.version,
    solutionId: solutionId(info),
    _solutionId: "[variables('solutionId')]",
    workspaceResourceId: "[resourceId('microsoft.OperationalInsights/Workspaces', parameters('workspace'))]",
  };
  const productId = (abbrev: string, kind: string, idExpr: string, versionExpr: string) =>
    `[concat(take(variables('_solutionId'),50),'-',${lit(abbrev)},'-', uniqueString(concat(variables('_solutionId'),'-',${lit(kind)},'-',${idExpr},'-', ${versionExpr})))]`;
  const templateName = (abbrev: string, idExpr: string) => `[concat(${WS},'/Microsoft.SecurityInsights/',concat(${WS},'-${abbrev}-',uniquestring(${idExpr})))]`;
  const resources: Json[] = [];
  const items: PackageItem[] = [];
  const wrap = (name: string, description: string, contentVersion: string, inner: Json[], item: { contentId: string; kind: string; displayName: string; productId: string; version: string }): Json => ({
    type: 'Microsoft.OperationalInsights/workspaces/providers/contentTemplates',
    apiVersion: CONTENT_API_VERSION,
    name,
    location: LOCATION,
    dependsOn: [PACKAGE_ID],
    properties: {
      description,
      mainTemplate: { $schema: SCHEMA, contentVersion, parameters: {}, variables: {}, resources: inner },
      packageKind: 'Solution',
      packageVersion: "[variables('_solutionVersion')]",
      packageName: "[variables('_solutionName')]",
      packageId: "[variables('_solutionId')]",
      contentSchemaVersion: '3.0.0',
      contentId: item.contentId,
      contentKind: item.kind,
      displayName: item.displayName,
      contentProductId: item.productId,
      id: item.productId,
      version: item.version,
    },
  });
  // The packager also writes a `description` here; the metadata REST spec has no such property, so it is left out.
  const metadata = (name: string, kind: string, parentId: string, contentId: string, version: string, extra: Json = {}): Json => ({
    type: 'Microsoft.OperationalInsights/workspaces/providers/metadata',
    apiVersion: API_VERSIONS.metadata,
    name,
    properties: { parentId, contentId, kind, version, source, author, support, ...extra },
  });

  // Parsers: a template each, and the saved search itself (rules created from the templates call it).
  content.functions.forEach((fn, k) => {
    const n = k + 1;
    const obj = `parserObject${n}`;
    const v = (name: string) => `variables('${obj}').${name}${n}`;
    const contentId = parserContentId(fn, content.pack.name);
    const version = fn.version ?? '1.0.0';
    variables[obj] = {
      [`_parserName${n}`]: `[concat(${WS},'/',${lit(functionResourceName(fn))})]`,
      [`_parserId${n}`]: `[resourceId('Microsoft.OperationalInsights/workspaces/savedSearches', ${WS}, ${lit(functionResourceName(fn))})]`,
      [`parserTemplateSpecName${n}`]: templateName('pr', lit(contentId)),
      [`parserVersion${n}`]: version,
      [`parserContentId${n}`]: contentId,
    };
    const search = (): Json => ({
      type: 'Microsoft.OperationalInsights/workspaces/savedSearches',
      apiVersion: API_VERSIONS.savedSearches,
      name: `[${v('_parserName')}]`,
      properties: armLiteral(functionResource(fn, env).body.properties),
    });
    const metaName = `[concat(${WS},'/Microsoft.SecurityInsights/',concat('Parser-', last(split(${v('_parserId')},'/'))))]`;
    const meta = () => metadata(metaName, 'Parser', `[${v('_parserId')}]`, `[${v('parserContentId')}]`, `[${v('parserVersion')}]`);
    resources.push(wrap(`[${v('parserTemplateSpecName')}]`, `${fn.name} Data Parser with template version ${info.version}`, `[${v('parserVersion')}]`, [search(), meta()], {
      contentId: `[${v('parserContentId')}]`, kind: 'Parser', displayName: fn.displayName ?? fn.name,
      productId: productId('pr', 'Parser', `${v('parserContentId')}`, `${v('parserVersion')}`), version: `[${v('parserVersion')}]`,
    }));
    resources.push(search(), { ...meta(), dependsOn: [`[${v('_parserId')}]`] });
    items.push({ kind: 'Parser', contentId, version, displayName: fn.displayName ?? fn.name, ref: (x) => `variables('${obj}').${x}${n}` });
  });

  // Analytic rules: templates only.
  [...content.rules].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase())).forEach((rule, k) => {
    const n = k + 1;
    const obj = `analyticRuleObject${n}`;
    const v = (name: string) => `variables('${obj}').${name}${n}`;
    const id = rule.id.toLowerCase();
    const version = ruleVersion(rule);
    variables[obj] = {
      [`analyticRuleVersion${n}`]: version,
      [`_analyticRulecontentId${n}`]: id,
      [`analyticRuleId${n}`]: `[resourceId('Microsoft.SecurityInsights/AlertRuleTemplates', ${lit(id)})]`,
      [`analyticRuleTemplateSpecName${n}`]: templateName('ar', lit(id)),
      [`_analyticRulecontentProductId${n}`]: productId('ar', 'AnalyticsRule', lit(id), lit(version)),
    };
    const props = alertRuleProperties(rule, env);
    const templateProps = armLiteral({
      ...props,
      enabled: false,
      status: 'Available',
      requiredDataConnectors: rule.requiredDataConnectors ?? [],
    });
    const ruleTemplate: Json = {
      type: 'Microsoft.SecurityInsights/AlertRuleTemplates',
      name: `[${v('_analyticRulecontentId')}]`,
      apiVersion: API_VERSIONS.alertRules,
      kind: rule.kind,
      location: LOCATION,
      properties: templateProps,
    };
    const meta = metadata(
      `[concat(${WS},'/Microsoft.SecurityInsights/',concat('AnalyticsRule-', last(split(${v('analyticRuleId')},'/'))))]`,
      'AnalyticsRule', `[${v('analyticRuleId')}]`, `[${v('_analyticRulecontentId')}]`, `[${v('analyticRuleVersion')}]`,
    );
    const stem = (rule.file ?? id).split('/').pop()!.replace(/\.ya?ml$/, '');
    resources.push(wrap(`[${v('analyticRuleTemplateSpecName')}]`, `${stem}_AnalyticalRules Analytics Rule with template version ${info.version}`, `[${v('analyticRuleVersion')}]`, [ruleTemplate, meta], {
      contentId: `[${v('_analyticRulecontentId')}]`, kind: 'AnalyticsRule', displayName: rule.name, productId: `[${v('_analyticRulecontentProductId')}]`, version: `[${v('analyticRuleVersion')}]`,
    }));
    items.push({ kind: 'AnalyticsRule', contentId: id, version, displayName: rule.name, ref: (x) => `variables('${obj}').${x}${n}` });
  });

  // Workbooks: templates only; the name is a parameter the installer may change.
  [...content.workbooks].sort((a, b) => a.id.localeCompare(b.id)).forEach((wb, k) => {
    const n = k + 1;
    const contentId = workbookContentId(content, wb);
    const version = wb.version ?? '1.0.0';
    parameters[`workbook${n}-name`] = { type: 'string', defaultValue: wb.displayName, minLength: 1, metadata: { description: 'Name for the workbook' } };
    variables[`workbookVersion${n}`] = version;
    variables[`workbookContentId${n}`] = contentId;
    variables[`workbookId${n}`] = `[resourceId('Microsoft.Insights/workbooks', variables('workbookContentId${n}'))]`;
    variables[`workbookTemplateSpecName${n}`] = templateName('wb', `variables('_workbookContentId${n}')`);
    variables[`_workbookContentId${n}`] = `[variables('workbookContentId${n}')]`;
    variables[`_workbookcontentProductId${n}`] = productId('wb', 'Workbook', `variables('_workbookContentId${n}')`, `variables('workbookVersion${n}')`);
    const { sourceId: _sourceId, displayName: _name, ...props } = workbookResource(content.pack, wb, { location: LOCATION, workspaceId: '', alertRuleId: () => '', actionGroupId: () => '' }).body.properties as Json;
    const workbook: Json = {
      type: 'Microsoft.Insights/workbooks',
      name: `[variables('workbookContentId${n}')]`,
      location: LOCATION,
      kind: 'shared',
      apiVersion: API_VERSIONS.workbooks,
      metadata: { description: armLiteral(wb.description ?? wb.displayName) },
      properties: { displayName: `[parameters('workbook${n}-name')]`, ...armLiteral(props), sourceId: "[variables('workspaceResourceId')]" },
    };
    const criteria = [
      ...(wb.dataTypes ?? []).map((t) => ({ contentId: t, kind: 'DataType' })),
      ...(wb.dataConnectors ?? []).map((c) => ({ contentId: c, kind: 'DataConnector' })),
    ];
    const meta = metadata(
      `[concat(${WS},'/Microsoft.SecurityInsights/',concat('Workbook-', last(split(variables('workbookId${n}'),'/'))))]`,
      'Workbook', `[variables('workbookId${n}')]`, `[variables('_workbookContentId${n}')]`, `[variables('workbookVersion${n}')]`,
      criteria.length ? { dependencies: { operator: 'AND', criteria } } : {},
    );
    resources.push(wrap(`[variables('workbookTemplateSpecName${n}')]`, `${wb.id} Workbook with template version ${info.version}`, `[variables('workbookVersion${n}')]`, [workbook, meta], {
      contentId: `[variables('_workbookContentId${n}')]`, kind: 'Workbook', displayName: `[parameters('workbook${n}-name')]`, productId: `[variables('_workbookcontentProductId${n}')]`, version: `[variables('workbookVersion${n}')]`,
    }));
    items.push({ kind: 'Workbook', contentId, version, displayName: wb.displayName, ref: (x) => `variables('${x}${n}')` });
  });

  if (!content.workbooks.length) delete variables.workspaceResourceId;
  variables._solutioncontentProductId = productId('sl', 'Solution', "variables('_solutionId')", "variables('_solutionVersion')");
  const criteria = items.map((i) => {
    switch (i.kind) {
      case 'Parser': return { kind: 'Parser', contentId: `[${i.ref('parserContentId')}]`, version: `[${i.ref('parserVersion')}]` };
      case 'AnalyticsRule': return { kind: 'AnalyticsRule', contentId: `[${i.ref('_analyticRulecontentId')}]`, version: `[${i.ref('analyticRuleVersion')}]` };
      default: return { kind: 'Workbook', contentId: `[${i.ref('_workbookContentId')}]`, version: `[${i.ref('workbookVersion')}]` };
    }
  });
  const counts = summaryCounts(items);
  resources.push({
    type: 'Microsoft.OperationalInsights/workspaces/providers/contentPackages',
    apiVersion: CONTENT_API_VERSION,
    location: LOCATION,
    properties: {
      version: info.version,
      kind: 'Solution',
      contentSchemaVersion: '3.0.0',
      displayName: info.displayName,
      publisherDisplayName: support.name,
      descriptionHtml: armLiteral(`<p>${escapeHtml(info.description)}</p>\n<p>${counts.map(([k, c]) => `<strong>${k}:</strong> ${c}`).join(', ')}</p>\n`),
      contentKind: 'Solution',
      contentProductId: "[variables('_solutioncontentProductId')]",
      id: "[variables('_solutioncontentProductId')]",
      icon: logoHtml(info.logo),
      contentId: "[variables('_solutionId')]",
      parentId: "[variables('_solutionId')]",
      source,
      author,
      support,
      dependencies: { operator: 'AND', criteria },
      firstPublishDate: info.firstPublishDate,
      ...(info.lastPublishDate ? { lastPublishDate: info.lastPublishDate } : {}),
      providers: info.providers,
      categories: { domains: info.categories.domains, ...(info.categories.verticals.length ? { verticals: info.categories.verticals } : {}) },
    },
    name: `[concat(${WS},'/Microsoft.SecurityInsights/', variables('_solutionId'))]`,
  });
  const template: Json = {
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: { author: `${info.author.name}${info.author.email ? ` - ${info.author.email}` : ''}`, comments: `Solution template for ${info.displayName}` },
    parameters,
    variables,
    resources,
    outputs: {},
  };
  return { template, items };
}

/** `Analytic Rules: 32` style counts, in the packager's order and wording. */
export function summaryCounts(items: PackageItem[]): [string, number][] {
  const n = (k: PackageItem['kind']) => items.filter((i) => i.kind === k).length;
  return ([['Parsers', n('Parser')], ['Workbooks', n('Workbook')], ['Analytic Rules', n('AnalyticsRule')]] as [string, number][]).filter(([, c]) => c > 0);
}

export function logoHtml(logo: string): string {
  return `<img src="https://raw.githubusercontent.com/Azure/Azure-Sentinel/master/Logos/${logo}" width="75px" height="75px">`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
