/**
 * Checks on the compiled gallery JSON, as Azure-Sentinel's workbooksTemplateValidator and the
 * Application-Insights-Workbooks review checklist apply them: a gallery `fromTemplateId` that is not the portal
 * default, no hard-coded subscription ids, no `fallbackResourceIds`, unique step names and parameter names/ids.
 */
import type { GalleryItem, GalleryTemplate } from './compile.ts';
import type { SourcePosition, WorkbookProblem } from './model.ts';

const KNOWN_ITEM_TYPES = new Set([1, 2, 3, 9, 10, 11, 12]);
const SUBSCRIPTION_ID = /subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export interface TemplateCheckContext {
  file: string;
  /** Source position of each step name (and of `parameters`), for messages; defaults to 1:1. */
  positions?: Map<string, SourcePosition>;
}

function walk(items: GalleryItem[], visit: (item: GalleryItem) => void): void {
  for (const item of items) {
    visit(item);
    const content = item.content as { items?: GalleryItem[] } | undefined;
    if (item.type === 12 && Array.isArray(content?.items)) walk(content.items, visit);
  }
}

export function validateGalleryTemplate(template: GalleryTemplate, ctx: TemplateCheckContext): WorkbookProblem[] {
  const problems: WorkbookProblem[] = [];
  const at = (name: string | undefined) => ctx.positions?.get(name ?? '') ?? { line: 1, column: 1 };
  const report = (code: string, message: string, name?: string, severity: WorkbookProblem['severity'] = 'error') =>
    problems.push({ file: ctx.file, ...at(name), severity, code, message });

  if (template.version !== 'Notebook/1.0') report('WB101', `version must be "Notebook/1.0" (found ${JSON.stringify(template.version)})`);
  if (!template.fromTemplateId) report('WB102', 'fromTemplateId is missing; Sentinel gallery templates need "sentinel-<Name>"');
  else if (template.fromTemplateId === 'sentinel-UserWorkbook') {
    report('WB102', 'fromTemplateId is "sentinel-UserWorkbook", the portal default for saved user workbooks; give the template its own id');
  } else if (!template.fromTemplateId.startsWith('sentinel-')) {
    report('WB102', `fromTemplateId "${template.fromTemplateId}" should start with "sentinel-" for a Sentinel gallery template`, undefined, 'warning');
  }
  const serialized = JSON.stringify(template);
  const sub = SUBSCRIPTION_ID.exec(serialized);
  if (sub) report('WB103', `the template contains a hard-coded resource id (${sub[0]}); use parameters such as {Workspace} instead`);
  if (serialized.includes('"fallbackResourceIds"')) report('WB104', 'the template has fallbackResourceIds; remove them (they pin the workbook to one subscription)');

  const names = new Map<string, number>();
  const paramNames = new Set<string>();
  const paramIds = new Set<string>();
  walk(template.items, (item) => {
    if (!item.name) report('WB105', `an item of type ${item.type} has no name; every step needs a unique name`);
    else names.set(item.name, (names.get(item.name) ?? 0) + 1);
    if (!KNOWN_ITEM_TYPES.has(item.type)) report('WB106', `step "${item.name}" has unknown item type ${item.type}`, item.name);
    const content = (item.content ?? {}) as Record<string, unknown>;
    if (item.type === 3 && content.version !== 'KqlItem/1.0') report('WB106', `query step "${item.name}" must have content.version "KqlItem/1.0"`, item.name);
    if (item.type === 3 && typeof content.query !== 'string') report('WB106', `query step "${item.name}" has no query`, item.name);
    if (item.type === 9) {
      for (const p of (content.parameters ?? []) as Record<string, unknown>[]) {
        const pname = String(p.name);
        if (paramNames.has(pname)) report('WB107', `parameter name "${pname}" is declared twice; parameter names must be unique`, item.name);
        paramNames.add(pname);
        const id = String(p.id);
        if (paramIds.has(id)) report('WB107', `parameter id ${id} is used twice; parameter ids must be unique`, item.name);
        paramIds.add(id);
      }
    }
  });
  for (const [name, count] of names) {
    if (count > 1) report('WB108', `step name "${name}" is used by ${count} steps; step names must be unique`, name);
  }
  return problems;
}
