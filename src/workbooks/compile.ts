/**
 * Compiles a workbook source to the gallery template JSON (Notebook/1.0) that Azure Workbooks and Sentinel load.
 * Output is deterministic: step names are the source step ids, parameter ids are derived from the workbook id and
 * the parameter name, and keys are always written in the same order, so a rebuild without changes is byte-equal.
 */
import { createHash } from 'node:crypto';
import { expandMacros, type MacroContext } from './macros.ts';
import type { QueryStep, WorkbookParameter, WorkbookSource, WorkbookStep } from './model.ts';
import { knownSeriesColors } from './series-colors.ts';

export const WORKBOOK_SCHEMA_URL = 'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json';
const LOG_ANALYTICS = 'microsoft.operationalinsights/workspaces';
const RESOURCE_GRAPH = 'microsoft.resourcegraph/resources';

export type GalleryItem = Record<string, unknown> & { type: number; name: string };
export interface GalleryTemplate {
  version: 'Notebook/1.0';
  items: GalleryItem[];
  fromTemplateId: string;
  $schema: string;
}

/** A GUID derived from a name (SHA-1 based, version 5 layout), stable across builds. */
export function stableGuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
export function durationMs(text: string): number {
  const m = /^(\d+)([mhd])$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

const DEFAULT_TIME_OPTIONS = ['1h', '4h', '12h', '1d', '2d', '3d', '7d', '14d', '30d', '90d'];
const SIZE_CODE: Record<QueryStep['size'], number> = { medium: 0, small: 1, large: 2, full: 4 };

/** Shared by compile and the checks: the names that tie items to the parameters. */
export function roles(source: WorkbookSource): { timeRange?: WorkbookParameter; workspace?: WorkbookParameter; subscription?: WorkbookParameter } {
  return {
    timeRange: source.parameters.find((p) => p.type === 'timeRange'),
    workspace: source.parameters.find((p) => p.type === 'workspace'),
    subscription: source.parameters.find((p) => p.type === 'subscription'),
  };
}

function compileParameter(source: WorkbookSource, p: WorkbookParameter, macros: MacroContext): Record<string, unknown> {
  const { timeRange, workspace, subscription } = roles(source);
  const out: Record<string, unknown> = {
    id: stableGuid(source.id, 'parameter', p.name),
    version: 'KqlParameterItem/1.0',
    name: p.name,
  };
  if (p.label) out.label = p.label;
  const allOption = p.includeAll ? ['value::all'] : [];
  switch (p.type) {
    case 'timeRange': {
      const options = p.options ?? DEFAULT_TIME_OPTIONS;
      Object.assign(out, {
        type: 4,
        isRequired: p.required,
        value: { durationMs: durationMs(p.default ?? '1d') },
        typeSettings: { selectableValues: options.map((o) => ({ durationMs: durationMs(o) })), allowCustom: true },
      });
      break;
    }
    case 'subscription':
      Object.assign(out, {
        type: 6,
        isRequired: p.required,
        multiSelect: p.multiSelect,
        quote: "'",
        delimiter: ',',
        query: 'summarize by subscriptionId\n| project value = strcat("/subscriptions/", subscriptionId), label = subscriptionId',
        crossComponentResources: ['value::selected'],
        typeSettings: { additionalResourceOptions: allOption, showDefault: false },
        value: p.includeAll ? ['value::all'] : [],
        queryType: 1,
        resourceType: RESOURCE_GRAPH,
      });
      break;
    case 'workspace':
      Object.assign(out, {
        type: 5,
        isRequired: p.required,
        multiSelect: p.multiSelect,
        quote: "'",
        delimiter: ',',
        query: "where type =~ 'microsoft.operationalinsights/workspaces'"
          + (subscription ? `\n| where strcat('/subscriptions/', subscriptionId) in ({${subscription.name}})` : '')
          + '\n| order by name asc\n| project id',
        crossComponentResources: [subscription ? `{${subscription.name}}` : 'value::all'],
        typeSettings: { resourceTypeFilter: { [LOG_ANALYTICS]: true }, additionalResourceOptions: allOption, showDefault: false },
        queryType: 1,
        resourceType: RESOURCE_GRAPH,
      });
      break;
    case 'dropdown': {
      Object.assign(out, {
        type: 2,
        isRequired: p.required,
        multiSelect: p.multiSelect,
        quote: "'",
        delimiter: ',',
      });
      if (p.query) {
        out.query = expandMacros(p.query, macros);
        if (workspace) out.crossComponentResources = [`{${workspace.name}}`];
      } else {
        out.jsonData = JSON.stringify((p.choices ?? []).map((v) => ({ value: v, label: v })));
      }
      out.typeSettings = { additionalResourceOptions: allOption, ...(p.includeAll ? { selectAllValue: '*' } : {}), showDefault: false };
      if (p.includeAll) { out.defaultValue = 'value::all'; out.value = p.multiSelect ? ['value::all'] : 'value::all'; }
      if (p.query) {
        out.timeContext = { durationMs: timeRange ? durationMs(timeRange.default ?? '1d') : 86_400_000 };
        if (timeRange) out.timeContextFromParameter = timeRange.name;
        out.queryType = 0;
        out.resourceType = LOG_ANALYTICS;
      }
      break;
    }
    case 'text':
      Object.assign(out, { type: 1, isRequired: p.required, value: p.default ?? '' });
      break;
  }
  if (p.description) out.description = p.description;
  if (p.hidden) out.isHiddenWhenLocked = true;
  return out;
}

function visualizationSettings(step: QueryStep): Record<string, unknown> {
  const c = step.columns;
  switch (step.visualization) {
    case 'table':
      return { gridSettings: { filter: true, ...(c.show ? { sortBy: [] } : {}) } };
    case 'timechart':
    case 'barchart':
    case 'piechart': {
      // Workbooks' chart settings: xAxis, yAxis (list), group (the column splitting rows into series).
      const chart: Record<string, unknown> = {};
      const x = c.x ?? (step.visualization === 'timechart' ? 'TimeGenerated' : undefined);
      if (x) chart.xAxis = x;
      if (c.y) chart.yAxis = c.y;
      if (c.series) chart.group = c.series;
      chart.createOtherGroup = 0;
      chart.showLegend = true;
      // A series of a known value set (severity, result, network origin, HTTP status) has its fixed colour in
      // every chart, as the preview draws it (series-colors.ts).
      const colors = knownSeriesColors(step.visualization === 'piechart' ? x : c.series);
      if (colors.length) chart.seriesLabelSettings = colors.map(([seriesName, color]) => ({ seriesName, color: color.workbook }));
      // Counts: whole-number ticks from zero.
      if (step.visualization !== 'piechart') {
        chart.ySettings = { min: 0, numberFormatSettings: { unit: 0, options: { style: 'decimal', useGrouping: true, maximumFractionDigits: 0 } } };
      }
      return { chartSettings: chart };
    }
    case 'tiles': {
      const tiles: Record<string, unknown> = {
        titleContent: { columnMatch: c.x, formatter: 1 },
        leftContent: {
          columnMatch: c.y?.[0], formatter: 12, formatOptions: { palette: 'auto' },
          numberFormat: { unit: 17, options: { maximumSignificantDigits: 3, maximumFractionDigits: 2 } },
        },
      };
      if (c.subtitle) tiles.subtitleContent = { columnMatch: c.subtitle, formatter: 1 };
      tiles.showBorder = false;
      return { tileSettings: tiles };
    }
  }
}

function compileStep(source: WorkbookSource, step: WorkbookStep, macros: MacroContext): GalleryItem {
  const { timeRange, workspace } = roles(source);
  let item: GalleryItem;
  if (step.kind === 'text') {
    item = { type: 1, content: { json: step.markdown, ...(step.style ? { style: step.style } : {}) }, name: step.id };
  } else if (step.kind === 'group') {
    item = {
      type: 12,
      content: {
        version: 'NotebookGroup/1.0',
        groupType: 'editable',
        ...(step.title ? { title: step.title } : {}),
        items: step.steps.map((s) => compileStep(source, s, macros)),
      },
      name: step.id,
    };
  } else {
    const content: Record<string, unknown> = { version: 'KqlItem/1.0', query: expandMacros(step.query, macros), size: SIZE_CODE[step.size] };
    if (step.title) content.title = step.title;
    if (step.noDataMessage) content.noDataMessage = step.noDataMessage;
    if (timeRange) {
      content.timeContext = { durationMs: durationMs(timeRange.default ?? '1d') };
      content.timeContextFromParameter = timeRange.name;
    }
    content.queryType = 0;
    content.resourceType = LOG_ANALYTICS;
    if (workspace) content.crossComponentResources = [`{${workspace.name}}`];
    content.visualization = step.visualization;
    Object.assign(content, visualizationSettings(step));
    item = { type: 3, content, name: step.id };
  }
  if (step.width !== undefined) item.customWidth = String(step.width);
  if (step.visibleWhen) item.conditionalVisibility = { parameterName: step.visibleWhen.parameter, comparison: 'isEqualTo', value: step.visibleWhen.equals };
  return item;
}

/**
 * The gallery template JSON for one workbook source. `macros` supplies what `${...}` macros expand to
 * (e.g. the pack's rules for `${packRules}`); without it they expand to empty data.
 */
export function compileWorkbook(source: WorkbookSource, macros: MacroContext = {}): GalleryTemplate {
  const items: GalleryItem[] = [];
  if (source.parameters.length) {
    const { workspace } = roles(source);
    items.push({
      type: 9,
      content: {
        version: 'KqlParameterItem/1.0',
        ...(workspace ? { crossComponentResources: [`{${workspace.name}}`] } : {}),
        parameters: source.parameters.map((p) => compileParameter(source, p, macros)),
        style: 'pills',
        queryType: 0,
        resourceType: LOG_ANALYTICS,
      },
      name: 'parameters',
    });
  }
  for (const step of source.steps) items.push(compileStep(source, step, macros));
  return { version: 'Notebook/1.0', items, fromTemplateId: source.templateId, $schema: WORKBOOK_SCHEMA_URL };
}

/** Serialised as the ARM `serializedData` and as the file under Workbooks/: two-space indent, trailing newline. */
export function serializeWorkbook(template: GalleryTemplate): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}
