/**
 * What the defender mapping needs to know about a rule's query, from Microsoft's Kusto parser bound against the
 * table schemas and the pack's workspace functions: the result columns, and the tables read (the query's own and
 * those of the workspace functions it calls, found by name).
 */
import { buildGlobals, loadKusto, parseAndAnalyze, type TableSchema } from '../../kql/index.ts';
import { customFunctionSchemas } from '../custom-functions.ts';
import type { DeployFunction } from '../model.ts';
import { isXdrTable, type QueryFacts } from './mapping.ts';

export interface BoundFacts extends QueryFacts {
  /** The first binding error, when the query does not bind (then `columns` is absent). */
  error?: string;
}

const WORD = /\b[A-Za-z_][A-Za-z0-9_]*\b/g;

/** A function from query text to its facts, sharing one set of globals. */
export function queryFactsFor(functions: DeployFunction[], tables: TableSchema[]): (query: string) => BoundFacts {
  const { Bridge } = loadKusto();
  const arr = (x: unknown): any[] => (Array.isArray(x) ? x : Bridge.toArray(x));
  // Rules bind against stubs that return each function's result columns (as content lint does): binding a large
  // parser at every call site costs far more than the rule itself.
  const stubs = new Map(customFunctionSchemas(functions, tables).map((s) => [s.FunctionName, `datatable(${s.FunctionResultColumns.map((c) => `['${c.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']:${c.type}`).join(', ')})[]`]));
  const globals = buildGlobals(tables, functions.map((f) => ({ name: f.name, parameters: `(${f.parameters ?? ''})`, body: stubs.get(f.name) ?? f.query })));
  const known = new Set(tables.map((t) => t.name));
  const bodies = new Map(functions.map((f) => [f.name, f.query]));
  const tablesOf = (text: string, seen: Set<string>): Set<string> => {
    const out = new Set<string>();
    for (const w of text.match(WORD) ?? []) {
      if (known.has(w) || isXdrTable(w)) out.add(w);
      else if (bodies.has(w) && !seen.has(w)) {
        seen.add(w);
        for (const t of tablesOf(bodies.get(w)!, seen)) out.add(t);
      }
    }
    return out;
  };
  return (query) => {
    const code = parseAndAnalyze(query, globals);
    const tablesRead = [...tablesOf(query, new Set())].sort();
    const error = arr(code.GetDiagnostics()).find((d) => String(d.Severity) === 'Error');
    if (error) return { tables: tablesRead, error: String(error.Message) };
    const cols = code.ResultType?.Columns;
    return { tables: tablesRead, ...(cols ? { columns: arr(cols).map((c) => String(c.Name)) } : {}) };
  };
}
