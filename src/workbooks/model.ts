/**
 * The workbook source model: what `workbooks/*.yaml` files say, after validation. Nothing here knows the
 * gallery JSON (compile.ts) or any deployment target.
 */

/** A position in a source file (1-based line and column). */
export interface SourcePosition { line: number; column: number }

/** A problem found in a workbook source, its compiled JSON or one of its queries. */
export interface WorkbookProblem {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: 'error' | 'warning';
  /** Stable code, e.g. WB001 (source schema), WB1xx (gallery checks), KS142 (Kusto diagnostics). */
  code: string;
  message: string;
}

export type ParameterType = 'timeRange' | 'workspace' | 'subscription' | 'dropdown' | 'text';

export interface WorkbookParameter {
  name: string;
  type: ParameterType;
  label?: string;
  description?: string;
  required: boolean;
  multiSelect: boolean;
  /** Adds an "All" choice; for dropdowns it expands to `selectAllValue` ('*' by default). */
  includeAll: boolean;
  /** timeRange: the default duration ("7d"); text: the default value. */
  default?: string;
  /** timeRange: the durations offered ("1h", "1d", ...). */
  options?: string[];
  /** dropdown: KQL whose first column gives the values (Log Analytics). */
  query?: string;
  /** Fixed choices for a dropdown without a query. */
  choices?: string[];
  /** Value used by lint, replay and preview where the workbook would ask the user (defaults by type). */
  sampleValue?: string | string[];
  hidden: boolean;
  position: SourcePosition;
  queryPosition?: QueryPosition;
}

export type Visualization = 'table' | 'timechart' | 'barchart' | 'piechart' | 'tiles';

/** Columns a visualization reads. Which keys apply depends on the visualization (see docs/workbooks.md). */
export interface VisualizationColumns {
  /** table: the columns shown, in order. */
  show?: string[];
  /** timechart/barchart: the x axis column; piechart: the slice label; tiles: the tile title. */
  x?: string;
  /** timechart/barchart: numeric series columns; piechart/tiles: the one value column. */
  y?: string[];
  /** timechart/barchart: a column splitting rows into series. */
  series?: string;
  /** tiles: an optional subtitle column. */
  subtitle?: string;
}

/** Where a query's text sits in its YAML file, so diagnostics can point into it. */
export interface QueryPosition {
  /** Position of the first character of the query text. */
  start: SourcePosition;
  /** For a literal block scalar: the text maps line for line, each line indented by `indent` columns. */
  block?: { firstLine: number; indent: number };
}

interface StepBase {
  id: string;
  title?: string;
  /** Percentage of the row this step takes (customWidth). */
  width?: number;
  /** Show the step only when a parameter has a value. */
  visibleWhen?: { parameter: string; equals: string };
  position: SourcePosition;
}

export interface TextStep extends StepBase { kind: 'text'; markdown: string; style?: 'info' | 'warning' | 'success' | 'error' | 'upsell' }

export interface QueryStep extends StepBase {
  kind: 'query';
  query: string;
  queryPosition: QueryPosition;
  visualization: Visualization;
  columns: VisualizationColumns;
  size: 'small' | 'medium' | 'large' | 'full';
  noDataMessage?: string;
  /** The columns the step needs in its result, derived from `columns` (checked on replay). */
  requiredColumns: string[];
}

export interface GroupStep extends StepBase { kind: 'group'; steps: WorkbookStep[] }

export type WorkbookStep = TextStep | QueryStep | GroupStep;

/** Metadata for the WorkbooksMetadata.json entry (Azure-Sentinel schema). */
export interface WorkbookMetadataSource {
  workbookKey: string;
  logoFileName: string;
  subtitle: string;
  provider: string;
  dataTypesDependencies: string[];
  dataConnectorsDependencies: string[];
  previewImagesFileNames: string[];
  source?: { kind: string; name?: string; sourceId?: string };
  author?: { name: string; email?: string; link?: string };
  support?: { tier: string; name?: string; email?: string; link?: string };
  categories?: { domains?: string[]; verticals?: string[] };
  threatAnalysisTactics?: string[];
  threatAnalysisTechniques?: string[];
}

export interface WorkbookSource {
  /** File stem, e.g. `managed-hsm-security-overview`. */
  key: string;
  file: string;
  title: string;
  description: string;
  version: string;
  /** Gallery template id (`fromTemplateId`), e.g. `sentinel-ManagedHsmSecurityOverview`. */
  templateId: string;
  /** Stable GUID for the deployed workbook resource name. */
  id: string;
  metadata: WorkbookMetadataSource;
  parameters: WorkbookParameter[];
  steps: WorkbookStep[];
}

/** Every query step in document order, groups flattened. */
export function queryStepsOf(steps: WorkbookStep[]): QueryStep[] {
  const out: QueryStep[] = [];
  for (const s of steps) {
    if (s.kind === 'query') out.push(s);
    else if (s.kind === 'group') out.push(...queryStepsOf(s.steps));
  }
  return out;
}

/** Every step in document order, groups before their children. */
export function allStepsOf(steps: WorkbookStep[]): WorkbookStep[] {
  const out: WorkbookStep[] = [];
  for (const s of steps) {
    out.push(s);
    if (s.kind === 'group') out.push(...allStepsOf(s.steps));
  }
  return out;
}
