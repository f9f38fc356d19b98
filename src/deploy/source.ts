/**
 * Reads the repository's content into the deployer's model: rules and workspace functions through the content
 * model (src/content), workbooks through the workbook compiler (src/workbooks). Files that fail to load are
 * reported and left out; they never stop the others.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contentSchemaDirs, loadContent, loadSchemaSet, readChangelog, type AnalyticRule, type WorkspaceFunction } from '../content/index.ts';
import type { TableSchema } from '../kql/index.ts';
import { loadWorkbooks } from '../workbooks/index.ts';
import { checkWorkbookLogo } from './logos.ts';
import type { DeployContent, DeployFunction, DeployRule, DeployWorkbook, PackInfo } from './model.ts';

export interface SourceProblem {
  file: string; line: number; column: number; message: string;
  /** True when the item is still built (the problem is in metadata that only galleries and packages read). */
  kept?: boolean;
}

export interface LoadedDeployContent { content: DeployContent; problems: SourceProblem[] }

export async function packInfo(root: string): Promise<PackInfo> {
  try {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
    return { name: pkg.name ?? 'managed-hsm-detections', version: pkg.version ?? '0.0.0' };
  } catch {
    return { name: 'managed-hsm-detections', version: '0.0.0' };
  }
}

/** The table schemas the content at `root` is written against (the project's, plus the root's own `schemas/`). */
export function contentTables(root: string): TableSchema[] {
  return loadSchemaSet(contentSchemaDirs(root)).tables;
}

export async function loadDeployContent(root: string): Promise<LoadedDeployContent> {
  const pack = await packInfo(root);
  const loaded = loadContent(root);
  const problems: SourceProblem[] = loaded.problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ file: p.file, line: p.line, column: p.column, message: `${p.code}: ${p.message}` }));
  const bad = new Set(problems.map((p) => p.file));
  const rules = loaded.rules.filter((r) => !bad.has(r.source.file)).map(toDeployRule);
  const functions = loaded.functions.filter((f) => !bad.has(f.source.file)).map(toDeployFunction);
  const workbooks: DeployWorkbook[] = [];
  const dir = join(root, 'workbooks');
  if (existsSync(dir)) {
    const loaded = loadWorkbooks(dir, { relativeTo: root, contentRoot: root });
    const errors = loaded.problems.filter((p) => p.severity === 'error');
    for (const e of errors) problems.push({ file: e.file, line: e.line, column: e.column, message: `${e.code}: ${e.message}` });
    const badFiles = new Set(errors.map((e) => e.file));
    for (const w of loaded.workbooks) {
      if (badFiles.has(w.source.file)) continue;
      const logo = checkWorkbookLogo(root, w.source.file, w.source.metadata.logoFileName);
      if (logo) problems.push({ ...logo, kept: true });
      workbooks.push({
        id: w.source.key, resourceName: w.source.id, displayName: w.source.title, description: w.source.description, notebook: w.template,
        version: w.source.version, dataTypes: w.source.metadata.dataTypesDependencies, dataConnectors: w.source.metadata.dataConnectorsDependencies, file: w.source.file,
      });
    }
  }
  return { content: { pack, rules, functions, workbooks }, problems };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function toDeployRule(r: AnalyticRule): DeployRule {
  const raw = r.raw;
  const subTechniques = Array.isArray(raw.subTechniques) ? (raw.subTechniques as string[]) : [];
  const sem = Array.isArray(raw.sentinelEntitiesMappings) ? (raw.sentinelEntitiesMappings as { columnName: string }[]) : undefined;
  const ic = r.incidentConfiguration;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    severity: r.severity,
    kind: r.kind,
    query: r.query,
    queryFrequency: r.queryFrequency,
    queryPeriod: r.queryPeriod,
    triggerOperator: r.triggerOperator,
    triggerThreshold: r.triggerThreshold,
    tactics: r.tactics,
    relevantTechniques: [...r.relevantTechniques, ...subTechniques],
    entityMappings: r.entityMappings,
    sentinelEntitiesMappings: sem,
    customDetails: r.customDetails,
    alertDetailsOverride: r.alertDetailsOverride,
    eventGroupingSettings: r.eventGroupingSettings,
    incidentConfiguration: ic
      ? {
          createIncident: ic.createIncident,
          groupingConfiguration: ic.groupingConfiguration
            ? {
                enabled: ic.groupingConfiguration.enabled,
                reopenClosedIncident: ic.groupingConfiguration.reopenClosedIncident ?? false,
                lookbackDuration: ic.groupingConfiguration.lookbackDuration ?? 'PT5H',
                matchingMethod: ic.groupingConfiguration.matchingMethod ?? 'AllEntities',
                groupByEntities: ic.groupingConfiguration.groupByEntities,
                groupByAlertDetails: ic.groupingConfiguration.groupByAlertDetails,
                groupByCustomDetails: ic.groupingConfiguration.groupByCustomDetails,
              }
            : undefined,
        }
      : undefined,
    suppressionEnabled: r.suppressionEnabled,
    suppressionDuration: r.suppressionDuration,
    enabled: typeof raw.enabled === 'boolean' ? raw.enabled : undefined,
    version: r.version,
    requiredDataConnectors: r.requiredDataConnectors.map((c) => ({ connectorId: c.connectorId, dataTypes: [...c.dataTypes] })),
    file: r.source.file,
    ...(() => { const c = readChangelog(r).changelog; return c ? { changelog: c.entries } : {}; })(),
  };
}

export function toDeployFunction(f: WorkspaceFunction): DeployFunction {
  const params = f.parameters.map((p) => `${p.name}:${p.type}${p.default !== undefined ? ` = ${formatDefault(p.default)}` : ''}`).join(', ');
  return {
    name: f.alias,
    ...(f.id ? { id: f.id } : {}),
    ...(f.version ? { version: f.version } : {}),
    displayName: f.title ?? str(f.raw.Title) ?? f.alias,
    category: f.category,
    query: f.query,
    parameters: params || undefined,
    file: f.source.file,
  };
}

function formatDefault(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}
