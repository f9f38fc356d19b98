/**
 * Lints every KQL text of the workbooks with the parser and schemas the rules are linted with: parameters are
 * replaced by typed stand-ins ({TimeRange} by a datetime range, {Hsm} by a quoted list, ...), Kusto diagnostics are
 * mapped back to the YAML file, and each step's result is checked statically for the columns its visualization
 * reads. Findings have the shape of src/content's Problem, so `content lint` can print them with the rest.
 */
import { join } from 'node:path';
import { contentSchemaDirs, loadContent, loadSchemaSet, toFunctionDefinition } from '../content/index.ts';
import { buildGlobals, type FunctionDefinition, type KustoGlobals, type TableSchema } from '../kql/schema.ts';
import { analyseQuery, lintQuery, resultColumns, type LintQueryOptions } from '../lint/index.ts';
import { workbookQueries, type WorkbookQuery } from './kql.ts';
import { loadWorkbooks, type CompiledWorkbook } from './load.ts';
import type { WorkbookProblem } from './model.ts';
import { LINT_STAND_INS } from './parameters.ts';

export interface LintWorkbooksOptions {
  /** Repository root: workbooks/, detections/ (functions, rules for ${packRules}) and schemas/ are read from it. */
  root: string;
  /** Workbooks to lint instead of `<root>/workbooks`. */
  workbooks?: CompiledWorkbook[];
  /** Table schemas and functions to bind with instead of the project's. */
  tables?: TableSchema[];
  functions?: FunctionDefinition[];
  /** Extra schema directories (as `content lint --schemas`). */
  schemaDirs?: string[];
  /** Per-check settings from the lint config (`content lint`'s). */
  settings?: LintQueryOptions['settings'];
}

export interface BindingContext { tables: TableSchema[]; functions: FunctionDefinition[]; problems: WorkbookProblem[] }

/** Tables from schemas/ and the workspace functions (parsers) from detections/, as rules are linted with. */
export function projectBindingContext(root: string, schemaDirs: string[] = []): BindingContext {
  const schemas = loadSchemaSet(contentSchemaDirs(root, schemaDirs));
  const content = loadContent(root);
  const functions = [...schemas.functions, ...content.functions.map(toFunctionDefinition)];
  const problems = schemas.problems.map((p) => ({ ...p, severity: p.severity === 'error' ? 'error' as const : 'warning' as const }));
  return { tables: schemas.tables, functions, problems };
}

/**
 * Globals in which each workspace function is a stub returning its real output columns: a workbook query binds
 * against the parser's schema without re-binding the parser's body each time (as `content lint` does for rules).
 * A function whose body does not bind keeps its body, so its errors still show.
 */
export function stubbedGlobals(tables: TableSchema[], functions: FunctionDefinition[]): KustoGlobals {
  const full = buildGlobals(tables, functions);
  const stubbed = functions.map((f) => {
    if (f.parameters && f.parameters.replace(/[()\s]/g, '') !== '') return f;
    const analysis = analyseQuery(f.body, full, { advice: false });
    const columns = analysis.hasErrors ? undefined : resultColumns(analysis.code);
    if (!columns) return f;
    const cols = columns.map((c) => `['${c.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']:${c.type === 'unknown' ? 'dynamic' : c.type}`);
    return { ...f, body: `datatable(${cols.join(', ')})[]` };
  });
  return buildGlobals(tables, stubbed);
}

/** Lints one prepared query against parser globals: Kusto diagnostics, best-practice checks, visualization columns. */
export function lintWorkbookQuery(q: WorkbookQuery, globals: KustoGlobals, file: string, settings?: LintQueryOptions['settings']): WorkbookProblem[] {
  const problems: WorkbookProblem[] = [];
  const at = (offset: number) => ({ file, ...q.positionAt(offset) });
  for (const name of q.unresolved) {
    problems.push({ ...at(0), severity: 'error', code: 'WB004', message: `${q.label}: {${name}} is not a parameter or macro of this workbook` });
  }
  const linted = lintQuery(q.text, globals, { file, offsetMapper: (offset) => q.positionAt(offset), settings });
  for (const p of linted.problems) {
    if (p.severity === 'info') continue;
    problems.push({ ...p, severity: p.severity, message: `${q.label}: ${p.message}` });
  }
  if (linted.analysis.hasErrors) return problems;
  const result = resultColumns(linted.analysis.code);
  if (!result) {
    problems.push({ ...at(0), severity: 'error', code: 'WB201', message: `${q.label}: the query must return a table` });
    return problems;
  }
  const columns = result.map((c) => c.name);
  const missing = q.requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length) {
    problems.push({
      ...at(0), severity: 'error', code: 'WB202',
      message: `${q.label}: its visualization reads ${missing.map((c) => `"${c}"`).join(', ')}, but the query returns ${columns.join(', ') || 'no columns'}`,
    });
  }
  if (q.kind === 'parameter' && columns.length === 0) {
    problems.push({ ...at(0), severity: 'error', code: 'WB201', message: `${q.label}: a parameter query must return at least one column (the values)` });
  }
  return problems;
}

/** Lints the workbooks' KQL; one bad workbook never stops the others. */
export function lintWorkbooks(options: LintWorkbooksOptions): WorkbookProblem[] {
  const problems: WorkbookProblem[] = [];
  let workbooks = options.workbooks;
  if (!workbooks) {
    const loaded = loadWorkbooks(join(options.root, 'workbooks'), { relativeTo: options.root, contentRoot: options.root });
    problems.push(...loaded.problems);
    workbooks = loaded.workbooks;
  }
  let tables = options.tables;
  let functions = options.functions;
  if (!tables || !functions) {
    const ctx = projectBindingContext(options.root, options.schemaDirs);
    tables ??= ctx.tables;
    functions ??= ctx.functions;
  }
  const globals = stubbedGlobals(tables, functions);
  for (const wb of workbooks) {
    // The macros the workbook was compiled with, so lint sees the queries that ship.
    for (const q of workbookQueries(wb.source, LINT_STAND_INS, wb.macros)) {
      problems.push(...lintWorkbookQuery(q, globals, wb.source.file, options.settings));
    }
  }
  return problems;
}
