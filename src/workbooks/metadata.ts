/**
 * The WorkbooksMetadata.json entry for a workbook, checked as Azure-Sentinel's workbooksMetadataValidator does:
 * the metadata schema (additionalProperties false), unique workbookKey, preview images that are .png with at least
 * one dark and one light variant.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { SourcePosition, WorkbookProblem, WorkbookSource } from './model.ts';

export interface WorkbookMetadataEntry {
  workbookKey: string;
  logoFileName: string;
  description: string;
  dataTypesDependencies: string[];
  dataConnectorsDependencies: string[];
  previewImagesFileNames: string[];
  version: string;
  title: string;
  templateRelativePath: string;
  subtitle: string;
  provider: string;
  [optional: string]: unknown;
}

const nonEmptyList = { type: 'array', items: { type: 'string', minLength: 1 } };
/** The shape of `.script/utils/schemas/workbooksMetadataSchema.json` (Azure-Sentinel). */
export const workbooksMetadataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['workbookKey', 'logoFileName', 'description', 'dataTypesDependencies', 'dataConnectorsDependencies',
    'previewImagesFileNames', 'version', 'title', 'templateRelativePath', 'subtitle', 'provider'],
  properties: {
    workbookKey: { type: 'string' },
    logoFileName: { type: 'string' },
    description: { type: 'string' },
    dataTypesDependencies: nonEmptyList,
    dataConnectorsDependencies: nonEmptyList,
    previewImagesFileNames: nonEmptyList,
    version: { type: 'string' },
    title: { type: 'string' },
    templateRelativePath: { type: 'string' },
    subtitle: { type: 'string' },
    provider: { type: 'string' },
    featureFlag: { type: 'string' },
    source: {
      type: 'object', additionalProperties: false, required: ['kind'],
      properties: { kind: { type: 'string' }, name: { type: 'string' }, sourceId: { type: 'string' } },
    },
    author: {
      type: 'object', additionalProperties: false, required: ['name'],
      properties: { name: { type: 'string' }, email: { type: 'string' }, link: { type: 'string' } },
    },
    support: {
      type: 'object', additionalProperties: false, required: ['tier'],
      properties: { tier: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, link: { type: 'string' } },
    },
    categories: {
      type: 'object', additionalProperties: false,
      properties: { domains: nonEmptyList, verticals: nonEmptyList },
    },
    threatAnalysisTactics: nonEmptyList,
    threatAnalysisTechniques: nonEmptyList,
  },
} as const;

let validator: ValidateFunction | undefined;

/** The file name under which the compiled template is published (Workbooks/<Name>.json). */
export function templateFileName(source: WorkbookSource): string {
  return `${source.templateId.replace(/^sentinel-/, '')}.json`;
}

export function buildMetadataEntry(source: WorkbookSource): WorkbookMetadataEntry {
  const m = source.metadata;
  const entry: WorkbookMetadataEntry = {
    workbookKey: m.workbookKey,
    logoFileName: m.logoFileName,
    description: source.description.trim(),
    dataTypesDependencies: m.dataTypesDependencies,
    dataConnectorsDependencies: m.dataConnectorsDependencies,
    previewImagesFileNames: m.previewImagesFileNames,
    version: source.version,
    title: source.title,
    templateRelativePath: templateFileName(source),
    subtitle: m.subtitle,
    provider: m.provider,
  };
  for (const k of ['source', 'author', 'support', 'categories', 'threatAnalysisTactics', 'threatAnalysisTechniques'] as const) {
    if (m[k] !== undefined) entry[k] = m[k];
  }
  return entry;
}

/** Checks a set of entries (one per workbook) together, as the upstream validator checks the whole file. */
export function validateMetadataEntries(
  entries: { entry: WorkbookMetadataEntry; file: string; position?: SourcePosition }[],
): WorkbookProblem[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(workbooksMetadataSchema);
  const problems: WorkbookProblem[] = [];
  const keys = new Map<string, string>();
  for (const { entry, file, position } of entries) {
    const at = position ?? { line: 1, column: 1 };
    const report = (code: string, message: string) => problems.push({ file, ...at, severity: 'error', code, message });
    if (!validator(entry)) {
      for (const e of validator.errors ?? []) report('WB111', `WorkbooksMetadata entry ${e.instancePath || '(entry)'}: ${e.message}`);
    }
    const other = keys.get(entry.workbookKey);
    if (other) report('WB112', `metadata.workbookKey "${entry.workbookKey}" is also used by ${other}; keys must be unique`);
    keys.set(entry.workbookKey, file);
    const images = entry.previewImagesFileNames ?? [];
    for (const img of images) if (!img.toLowerCase().endsWith('.png')) report('WB113', `preview image "${img}" must be a .png file`);
    const dark = images.some((i) => /black|dark/i.test(i));
    const light = images.some((i) => /white|light/i.test(i));
    if (!dark || !light) {
      report('WB114', 'metadata.previewImagesFileNames needs at least one dark (name containing Black or Dark) and one light (White or Light) image');
    }
  }
  return problems;
}

/** WorkbooksMetadata.json as Azure-Sentinel keeps it: an array of entries, ordered by workbookKey. */
export function serializeMetadataFile(entries: WorkbookMetadataEntry[]): string {
  return `${JSON.stringify([...entries].sort((a, b) => a.workbookKey.localeCompare(b.workbookKey)), null, 2)}\n`;
}
