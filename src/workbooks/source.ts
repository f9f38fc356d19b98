/**
 * Reads one workbook source (YAML) into the model, with every problem located at file:line:col.
 * Structure is checked by JSON schema (source-schema.ts); cross-references (unique ids, declared parameters,
 * the columns each visualization needs) are checked here.
 */
import { basename, extname } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node, type Pair, Scalar } from 'yaml';
import { explainYamlError } from '../content/yaml-errors.ts';
import type {
  GroupStep, QueryPosition, QueryStep, SourcePosition, TextStep, Visualization, VisualizationColumns,
  WorkbookParameter, WorkbookProblem, WorkbookSource, WorkbookStep,
} from './model.ts';
import { groupStepSchema, queryStepSchema, textStepSchema, workbookSourceSchema } from './source-schema.ts';
import { macroReferences, parameterReferences } from './parameters.ts';
import { KNOWN_MACROS } from './macros.ts';
import { positionInQuery } from './positions.ts';

let validators: { source: ValidateFunction; text: ValidateFunction; query: ValidateFunction; group: ValidateFunction } | undefined;
function getValidators() {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validators = {
      source: ajv.compile(workbookSourceSchema),
      text: ajv.compile(textStepSchema),
      query: ajv.compile(queryStepSchema),
      group: ajv.compile(groupStepSchema),
    };
  }
  return validators;
}

type Path = (string | number)[];

class Located {
  readonly problems: WorkbookProblem[] = [];
  constructor(readonly file: string, readonly text: string, readonly doc: Document, readonly lines: LineCounter) {}

  pos(offset: number): SourcePosition {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** The node at a path, or the nearest ancestor that exists. */
  nodeAt(path: Path): Node | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (node && (node as { range?: unknown }).range) return node;
    }
    return this.doc.contents ?? undefined;
  }

  positionOf(path: Path, key?: string): SourcePosition {
    if (key !== undefined) {
      const parent = this.nodeAt(path);
      if (isMap(parent)) {
        const pair = parent.items.find((p: Pair) => isScalar(p.key) && p.key.value === key);
        const k = pair?.key as Node | undefined;
        if (k?.range) return this.pos(k.range[0]);
      }
    }
    const node = this.nodeAt(path);
    return node?.range ? this.pos(node.range[0]) : { line: 1, column: 1 };
  }

  error(path: Path, code: string, message: string, key?: string): void {
    this.problems.push({ file: this.file, ...this.positionOf(path, key), severity: 'error', code, message });
  }

  /** Where a string value's text starts, and how its lines map back to the file. */
  queryPosition(path: Path): QueryPosition {
    const node = this.doc.getIn(path, true) as Node | undefined;
    if (!node || !node.range || !isScalar(node)) return { start: this.positionOf(path) };
    const start = this.pos(node.range[0]);
    const type = (node as Scalar).type;
    if (type === Scalar.BLOCK_LITERAL) {
      const firstLine = start.line + 1;
      const starts = this.lines.lineStarts;
      let indent = 0;
      // The indentation of the block is that of its first non-blank content line.
      for (let l = firstLine - 1; l < starts.length; l++) {
        const line = this.text.slice(starts[l], starts[l + 1] ?? this.text.length).replace(/\r?\n$/, '');
        if (line.trim() === '') continue;
        indent = line.length - line.trimStart().length;
        break;
      }
      return { start: { line: firstLine, column: indent + 1 }, block: { firstLine, indent } };
    }
    if (type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE) return { start: { line: start.line, column: start.column + 1 } };
    return { start };
  }
}

function describeAjvError(e: ErrorObject): { key?: string; message: string } {
  switch (e.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      return { key, message: `unknown field "${key}" (see docs/workbooks.md for the fields allowed here)` };
    }
    case 'required':
      return { message: `missing required field "${(e.params as { missingProperty: string }).missingProperty}"` };
    case 'enum':
      return { message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'pattern':
      return { message: `does not match the expected format ${(e.params as { pattern: string }).pattern}` };
    default:
      return { message: e.message ?? 'invalid' };
  }
}

function reportAjv(loc: Located, base: Path, errors: ErrorObject[] | null | undefined): void {
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const path: Path = [...base, ...e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')))];
    const { key, message } = describeAjvError(e);
    const where = path.length ? path.join('.') : '(top level)';
    const text = `${where}: ${message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    loc.error(path, 'WB001', text, key);
  }
}

function pascal(key: string): string {
  return key.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

const SIZE: Record<string, QueryStep['size']> = { small: 'small', medium: 'medium', large: 'large', full: 'full' };

/** Columns each visualization needs, with the defaults documented in docs/workbooks.md. */
function requiredColumnsFor(vis: Visualization, c: VisualizationColumns): { required: string[]; missing?: string } {
  const y = c.y ?? [];
  switch (vis) {
    case 'table':
      return { required: c.show ?? [] };
    case 'timechart':
      if (!y.length) return { required: [], missing: 'columns.y (the numeric series to plot)' };
      return { required: [c.x ?? 'TimeGenerated', ...y, ...(c.series ? [c.series] : [])] };
    case 'barchart':
      if (!c.x || !y.length) return { required: [], missing: 'columns.x (categories) and columns.y (values)' };
      return { required: [c.x, ...y, ...(c.series ? [c.series] : [])] };
    case 'piechart':
      if (!c.x || y.length !== 1) return { required: [], missing: 'columns.x (slice label) and one columns.y (slice value)' };
      return { required: [c.x, y[0]] };
    case 'tiles':
      if (!c.x || y.length !== 1) return { required: [], missing: 'columns.x (tile title) and one columns.y (tile value)' };
      return { required: [c.x, y[0], ...(c.subtitle ? [c.subtitle] : [])] };
  }
}

/** Parses and checks one workbook source. `source` is undefined when the file has errors. */
export function parseWorkbookSource(text: string, file: string): { source?: WorkbookSource; problems: WorkbookProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const loc = new Located(file, text, doc, lines);
  const yamlError = doc.errors[0]; // later errors are usually consequences of the first
  if (yamlError) {
    const e = explainYamlError(yamlError, text, lines);
    loc.problems.push({ file, line: e.line, column: e.column, severity: 'error', code: 'WB000', message: `YAML: ${e.message}` });
  }
  if (doc.errors.length) return { problems: loc.problems };
  const raw = doc.toJS() as Record<string, unknown>;
  const v = getValidators();
  if (!v.source(raw)) {
    reportAjv(loc, [], v.source.errors);
    if (!raw || typeof raw !== 'object') return { problems: loc.problems };
  }

  const key = basename(file, extname(file));
  const parameters: WorkbookParameter[] = [];
  const paramNames = new Set<string>();
  const rawParams = Array.isArray(raw.parameters) ? (raw.parameters as Record<string, unknown>[]) : [];
  rawParams.forEach((p, i) => {
    if (!p || typeof p !== 'object' || typeof p.name !== 'string') return;
    if (paramNames.has(p.name)) loc.error(['parameters', i, 'name'], 'WB002', `parameter name "${p.name}" is used twice; parameter names must be unique`);
    paramNames.add(p.name);
    const type = p.type as WorkbookParameter['type'];
    if (type === 'dropdown' && !p.query && !p.choices) {
      loc.error(['parameters', i], 'WB003', `dropdown parameter "${p.name}" needs a "query" or "choices"`);
    }
    parameters.push({
      name: p.name,
      type,
      label: p.label as string | undefined,
      description: p.description as string | undefined,
      required: p.required !== undefined ? Boolean(p.required) : type !== 'text',
      multiSelect: Boolean(p.multiSelect),
      includeAll: Boolean(p.includeAll),
      default: p.default as string | undefined,
      options: p.options as string[] | undefined,
      query: p.query as string | undefined,
      choices: p.choices as string[] | undefined,
      sampleValue: p.sampleValue as string | string[] | undefined,
      hidden: Boolean(p.hidden),
      position: loc.positionOf(['parameters', i]),
      queryPosition: p.query ? loc.queryPosition(['parameters', i, 'query']) : undefined,
    });
  });

  const stepIds = new Set<string>();
  const checkRefs = (query: string, path: Path) => {
    const where = loc.queryPosition(path);
    for (const m of macroReferences(query)) {
      if (!(KNOWN_MACROS as readonly string[]).includes(m.name)) {
        loc.problems.push({
          file, ...positionInQuery(where, query, m.start), severity: 'error', code: 'WB008',
          message: `unknown macro \${${m.name}}; known macros: ${KNOWN_MACROS.map((k) => `\${${k}}`).join(', ')}`,
        });
      }
    }
    for (const ref of parameterReferences(query)) {
      if (!paramNames.has(ref.name)) {
        loc.problems.push({
          file, ...positionInQuery(where, query, ref.start), severity: 'error', code: 'WB004',
          message: `query uses parameter {${ref.name}} but the workbook declares no parameter "${ref.name}"`,
        });
      }
    }
  };
  parameters.forEach((p, i) => { if (p.query) checkRefs(p.query, ['parameters', i, 'query']); });

  const readSteps = (list: unknown, path: Path): WorkbookStep[] => {
    if (!Array.isArray(list)) return [];
    const out: WorkbookStep[] = [];
    list.forEach((s: Record<string, unknown>, i) => {
      const at: Path = [...path, i];
      if (!s || typeof s !== 'object') return;
      const kinds = ['text', 'query', 'group'].filter((k) => k in s);
      if (kinds.length !== 1) {
        loc.error(at, 'WB005', `a step needs exactly one of "text", "query" or "group" (found ${kinds.length ? kinds.join(', ') : 'none'})`);
        return;
      }
      const kind = kinds[0] as 'text' | 'query' | 'group';
      const id = s.id as string;
      if (typeof id === 'string') {
        if (stepIds.has(id)) loc.error([...at, 'id'], 'WB006', `step id "${id}" is used twice; step ids must be unique within a workbook`);
        stepIds.add(id);
      }
      const validate = v[kind];
      if (!validate(s)) { reportAjv(loc, at, validate.errors); return; }
      const vw = s.visibleWhen as { parameter: string; equals: string } | undefined;
      if (vw && !paramNames.has(vw.parameter)) loc.error([...at, 'visibleWhen', 'parameter'], 'WB004', `visibleWhen names parameter "${vw.parameter}", which the workbook does not declare`);
      const base = { id, title: s.title as string | undefined, width: s.width as number | undefined, visibleWhen: vw, position: loc.positionOf(at) };
      if (kind === 'text') {
        out.push({ ...base, kind, markdown: s.text as string, style: s.style as TextStep['style'] });
      } else if (kind === 'group') {
        out.push({ ...base, kind, steps: readSteps(s.group, [...at, 'group']) } satisfies GroupStep);
      } else {
        const c = (s.columns ?? {}) as Record<string, unknown>;
        const columns: VisualizationColumns = {
          show: c.show as string[] | undefined,
          x: c.x as string | undefined,
          y: c.y === undefined ? undefined : Array.isArray(c.y) ? (c.y as string[]) : [c.y as string],
          series: c.series as string | undefined,
          subtitle: c.subtitle as string | undefined,
        };
        const visualization = s.visualization as Visualization;
        const req = requiredColumnsFor(visualization, columns);
        if (req.missing) loc.error([...at], 'WB007', `a ${visualization} step needs ${req.missing}`, 'columns' in s ? 'columns' : 'visualization');
        checkRefs(s.query as string, [...at, 'query']);
        out.push({
          ...base, kind, query: s.query as string, queryPosition: loc.queryPosition([...at, 'query']), visualization, columns,
          size: SIZE[(s.size as string) ?? 'medium'] ?? 'medium', noDataMessage: s.noDataMessage as string | undefined,
          requiredColumns: [...new Set(req.required)],
        } satisfies QueryStep);
      }
    });
    return out;
  };
  const steps = readSteps(raw.steps, ['steps']);

  if (loc.problems.some((p) => p.severity === 'error')) return { problems: loc.problems };
  const source: WorkbookSource = {
    key,
    file,
    title: raw.title as string,
    description: raw.description as string,
    version: raw.version as string,
    templateId: (raw.templateId as string | undefined) ?? `sentinel-${pascal(key)}`,
    id: (raw.id as string).toLowerCase(),
    metadata: raw.metadata as WorkbookSource['metadata'],
    parameters,
    steps,
  };
  return { source, problems: loc.problems };
}
