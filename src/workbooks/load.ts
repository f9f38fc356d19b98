/**
 * Loads every workbook source in a directory, compiles it and runs the gallery and metadata checks.
 * One bad file never stops the others: its problems are reported and the rest are returned.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { loadContent } from '../content/index.ts';
import { packRulesFrom, type MacroContext, type PackRule } from './macros.ts';
import { compileWorkbook, serializeWorkbook, type GalleryTemplate } from './compile.ts';
import { buildMetadataEntry, templateFileName, validateMetadataEntries, type WorkbookMetadataEntry } from './metadata.ts';
import { allStepsOf, queryStepsOf, type SourcePosition, type WorkbookProblem, type WorkbookSource } from './model.ts';
import { parseWorkbookSource } from './source.ts';
import { validateGalleryTemplate } from './validate.ts';

export interface CompiledWorkbook {
  source: WorkbookSource;
  /** What `${...}` macros expanded to in this compilation. */
  macros: MacroContext;
  template: GalleryTemplate;
  /** The template as published (serializeWorkbook). */
  json: string;
  /** File name for the template, e.g. ManagedHsmSecurityOverview.json. */
  fileName: string;
  metadata: WorkbookMetadataEntry;
}

export interface LoadWorkbooksResult { workbooks: CompiledWorkbook[]; problems: WorkbookProblem[] }

export interface LoadWorkbooksOptions {
  /** Paths in problems are made relative to this directory (default: none, paths as found). */
  relativeTo?: string;
  /** The pack's rules for `${packRules}`; default: loaded from `contentRoot`. */
  packRules?: PackRule[];
  /** The repository root whose detections/ holds the pack's rules; default: the parent of the workbook directory. */
  contentRoot?: string;
}

/** The pack's rules under `<root>/detections`, for the `${packRules}` macro (empty when there is none). */
export function loadPackRules(root: string): PackRule[] {
  if (!existsSync(join(root, 'detections'))) return [];
  return packRulesFrom(loadContent(root).rules);
}

function positionsOf(source: WorkbookSource): Map<string, SourcePosition> {
  const m = new Map<string, SourcePosition>();
  for (const s of allStepsOf(source.steps)) m.set(s.id, s.position);
  if (source.parameters[0]) m.set('parameters', source.parameters[0].position);
  return m;
}

/** Compiles one parsed source and checks the result; problems carry the source positions. */
export function buildWorkbook(source: WorkbookSource, macros: MacroContext = {}): { workbook: CompiledWorkbook; problems: WorkbookProblem[] } {
  const template = compileWorkbook(source, macros);
  const problems = validateGalleryTemplate(template, { file: source.file, positions: positionsOf(source) });
  const usesPackRules = [...source.parameters.map((p) => p.query ?? ''), ...queryStepsOf(source.steps).map((s) => s.query)]
    .some((q) => q.includes('${packRules}'));
  if (usesPackRules && !macros.packRules?.length) {
    problems.push({
      file: source.file, line: 1, column: 1, severity: 'warning', code: 'WB009',
      message: '${packRules} expanded to no rules: compile with the pack\'s rules (loadWorkbooks(dir, { contentRoot }) or compileWorkbook(source, { packRules }))',
    });
  }
  const workbook: CompiledWorkbook = {
    source, macros, template, json: serializeWorkbook(template), fileName: templateFileName(source), metadata: buildMetadataEntry(source),
  };
  return { workbook, problems };
}

/** Parses, compiles and checks one file. */
export function loadWorkbookFile(file: string, displayName = file, macros: MacroContext = {}): { workbook?: CompiledWorkbook; problems: WorkbookProblem[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { problems: [{ file: displayName, line: 1, column: 1, severity: 'error', code: 'WB000', message: `cannot read the file: ${(e as Error).message}` }] };
  }
  const parsed = parseWorkbookSource(text, displayName);
  if (!parsed.source) return { problems: parsed.problems };
  const built = buildWorkbook(parsed.source, macros);
  return { workbook: built.workbook, problems: [...parsed.problems, ...built.problems] };
}

/** The workbook sources in a directory (`*.yaml`, `*.yml` files), sorted by name; throws when it can't be read. */
export function workbookSourceFiles(dir: string): string[] {
  return readdirSync(dir).sort().filter((entry) => /\.ya?ml$/.test(entry) && statSync(join(dir, entry)).isFile());
}

/**
 * WB115: the preview images the metadata names are kept in `<dir>/images/` (an upstream contribution ships them
 * in Workbooks/Images/Preview/); `content preview workbook NAME --images` draws them.
 */
function missingPreviewImages(dir: string, workbooks: CompiledWorkbook[]): WorkbookProblem[] {
  const problems: WorkbookProblem[] = [];
  for (const w of workbooks) {
    const missing = w.metadata.previewImagesFileNames.filter((img) => !existsSync(join(dir, 'images', img)));
    if (!missing.length) continue;
    problems.push({
      file: w.source.file, ...keyPosition(join(dir, basename(w.source.file)), 'previewImagesFileNames'), severity: 'warning', code: 'WB115',
      message: `preview image${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not in ${basename(dir)}/images/; draw them with: content preview workbook ${w.source.key} --images`,
    });
  }
  return problems;
}

/** Line and column of a top-level or nested mapping key in a YAML file (line 1 when it cannot be found). */
function keyPosition(file: string, key: string): SourcePosition {
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => new RegExp(`^\\s*${key}\\s*:`).test(l));
    if (i >= 0) return { line: i + 1, column: lines[i].indexOf(key) + 1 };
  } catch {
    // unreadable: reported elsewhere
  }
  return { line: 1, column: 1 };
}

export function loadWorkbooks(dir: string, options: LoadWorkbooksOptions = {}): LoadWorkbooksResult {
  const workbooks: CompiledWorkbook[] = [];
  const problems: WorkbookProblem[] = [];
  let entries: string[];
  try {
    entries = workbookSourceFiles(dir);
  } catch (e) {
    return { workbooks, problems: [{ file: dir, line: 1, column: 1, severity: 'error', code: 'WB000', message: `cannot read the workbook directory: ${(e as Error).message}` }] };
  }
  const macros: MacroContext = { packRules: options.packRules ?? loadPackRules(options.contentRoot ?? dirname(dir)) };
  for (const entry of entries) {
    const file = join(dir, entry);
    const shown = options.relativeTo ? relative(options.relativeTo, file) : file;
    const r = loadWorkbookFile(file, shown, macros);
    problems.push(...r.problems);
    if (r.workbook) workbooks.push(r.workbook);
  }
  problems.push(...validateMetadataEntries(workbooks.map((w) => ({ entry: w.metadata, file: w.source.file, position: { line: 1, column: 1 } }))));
  problems.push(...missingPreviewImages(dir, workbooks));
  const names = new Map<string, string>();
  for (const w of workbooks) {
    const other = names.get(w.source.templateId);
    if (other) problems.push({ file: w.source.file, line: 1, column: 1, severity: 'error', code: 'WB109', message: `templateId ${w.source.templateId} is also used by ${other}` });
    names.set(w.source.templateId, w.source.file);
    const sameId = names.get(`id:${w.source.id}`);
    if (sameId) problems.push({ file: w.source.file, line: 1, column: 1, severity: 'error', code: 'WB109', message: `workbook id ${w.source.id} is also used by ${sameId}; each workbook needs its own GUID` });
    names.set(`id:${w.source.id}`, w.source.file);
  }
  return { workbooks, problems };
}
