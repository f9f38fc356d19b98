/**
 * CustomFunctions schema files for Azure-Sentinel's KQL validation harness (`.script/tests/KqlvalidationsTests/
 * CustomFunctions/<name>.json`): that harness knows a workspace function only through such a file, so a rule that
 * calls the pack's parser fails upstream validation unless the file is contributed with it. The shape follows the
 * files in that folder: `FunctionName`, `FunctionParameters` and `FunctionResultColumns` (`{ name, type }`).
 * Parameters are written as `{ name, type, isRequired }` (the harness's FunctionParameter fields; the casing of
 * the upstream examples, which have no parameters, is assumed).
 *
 * The result columns are the function's output schema as Microsoft's Kusto parser binds it against the table
 * schemas, so the file always matches the function it describes.
 */
import { buildGlobals, loadKusto, parseAndAnalyze, type FunctionDefinition, type TableSchema } from '../kql/index.ts';
import { DeployError } from './errors.ts';
import type { DeployFunction } from './model.ts';

export interface CustomFunctionSchema {
  FunctionName: string;
  FunctionParameters: { name: string; type: string; isRequired: boolean }[];
  FunctionResultColumns: { name: string; type: string }[];
}

interface Param { name: string; type: string; default?: string }

/** `a:string, b:int = 5` as a list; commas inside brackets or quotes do not split. */
export function parseParameters(text: string | undefined): Param[] {
  if (!text?.trim()) return [];
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of text) {
    if (quote) { if (ch === quote) quote = ''; cur += ch; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^=]+?)\s*(?:=\s*(.+?))?\s*$/s.exec(p);
    if (!m) throw new Error(`cannot read function parameter '${p.trim()}'`);
    return { name: m[1]!, type: m[2]!, default: m[3] };
  });
}

function definition(fn: DeployFunction): FunctionDefinition {
  return { name: fn.name, parameters: `(${fn.parameters ?? ''})`, body: fn.query };
}

/** The schema file of each function; a function whose output cannot be bound is reported and skipped. */
export function customFunctionSchemas(functions: DeployFunction[], tables: TableSchema[], problems: DeployError[] = []): CustomFunctionSchema[] {
  const { Bridge } = loadKusto();
  const arr = (x: unknown): any[] => (Array.isArray(x) ? x : Bridge.toArray(x));
  const globals = buildGlobals(tables, functions.map(definition));
  const out: CustomFunctionSchema[] = [];
  for (const fn of [...functions].sort((a, b) => a.name.localeCompare(b.name))) {
    const fail = (why: string) => problems.push(new DeployError('CONTENT_INVALID', `function '${fn.name}': no CustomFunctions schema written: ${why}`, fn.file ? { file: fn.file } : undefined, `savedSearches/${fn.name.toLowerCase()}`));
    let params: Param[];
    try { params = parseParameters(fn.parameters); } catch (e) { fail((e as Error).message); continue; }
    if (params.some((p) => p.type.trim().startsWith('('))) { fail('tabular parameters are not supported'); continue; }
    // As the harness validates parsers: each parameter becomes a `let` before the body.
    const prefix = params.map((p) => `let ${p.name} = ${p.default ?? `${p.type.trim()}(null)`};\n`).join('');
    const code = parseAndAnalyze(prefix + fn.query, globals);
    const errors = arr(code.GetDiagnostics()).filter((d) => String(d.Severity) === 'Error');
    if (errors.length) { fail(`${errors[0].Code}: ${errors[0].Message}`); continue; }
    const columns = code.ResultType?.Columns;
    if (!columns) { fail('the body does not end in a tabular expression'); continue; }
    out.push({
      FunctionName: fn.name,
      FunctionParameters: params.map((p) => ({ name: p.name, type: p.type.trim(), isRequired: p.default === undefined })),
      FunctionResultColumns: arr(columns).map((c) => ({ name: String(c.Name), type: String(c.Type.Name) === 'unknown' ? 'dynamic' : String(c.Type.Name) })),
    });
  }
  return out;
}
