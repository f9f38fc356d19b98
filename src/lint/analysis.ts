/**
 * One Kusto.Language analysis of a query: parser/binder diagnostics, Kusto's own analyzers (KS5xx advice such as
 * a join without kind), and the bound tree for our checks. Offsets are in the query text.
 */
import { enumNames, loadKusto, toArray, type KustoNamespace } from '../kql/kusto.ts';
import type { KustoGlobals } from '../kql/schema.ts';
import { parseAndAnalyze } from '../kql/parse-cache.ts';

export interface KustoDiagnostic {
  code: string;
  /** error, warning or info as mapped from Kusto's severity. */
  severity: 'error' | 'warning' | 'info';
  message: string;
  start: number;
  length: number;
  /** true for Kusto's analyzer advice (KS5xx), false for parse/bind diagnostics. */
  advice: boolean;
}

export interface QueryAnalysis {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  code: any;
  diagnostics: KustoDiagnostic[];
  hasErrors: boolean;
}

let syntaxKinds: Record<number, string> | undefined;
/** Name of a syntax node's kind (`ContainsExpression`, `FunctionCallExpression`, ...). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kindName(node: any): string {
  syntaxKinds ??= enumNames(loadKusto().Kusto.Language.Syntax.SyntaxKind);
  return syntaxKinds[node.Kind as number] ?? '';
}

function mapSeverity(s: unknown): KustoDiagnostic['severity'] {
  const t = String(s).toLowerCase();
  return t === 'error' ? 'error' : t === 'warning' ? 'warning' : 'info';
}

export interface AnalyseOptions {
  /** Run Kusto's analyzers too (default true). */
  advice?: boolean;
}

export function analyseQuery(query: string, globals: KustoGlobals, options: AnalyseOptions = {}): QueryAnalysis {
  const { Kusto } = loadKusto();
  const K: KustoNamespace = Kusto.Language;
  const code = parseAndAnalyze(query, globals);
  const diagnostics: KustoDiagnostic[] = toArray(code.GetDiagnostics()).map((d) => ({
    code: String(d.Code), severity: mapSeverity(d.Severity), message: String(d.Message), start: d.Start as number, length: d.Length as number, advice: false,
  }));
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  if (options.advice !== false && !hasErrors) {
    for (const d of adviceOf(code, K)) diagnostics.push({ ...d });
  }
  return { code, diagnostics, hasErrors };
}

/** Kusto's analyzer advice for a bound query, kept with the (immutable, cached: parse-cache.ts) KustoCode. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const adviceByCode = new WeakMap<any, KustoDiagnostic[]>();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function adviceOf(code: any, K: KustoNamespace): KustoDiagnostic[] {
  let advice = adviceByCode.get(code);
  if (advice) return advice;
  advice = [];
  try {
    const service = new K.Editor.KustoCodeService.ctor(code);
    for (const d of toArray(service.GetAnalyzerDiagnostics(true, new K.Utils.CancellationToken()))) {
      advice.push({ code: String(d.Code), severity: 'warning', message: String(d.Message), start: d.Start as number, length: d.Length as number, advice: true });
    }
  } catch {
    // Analyzer advice is optional; the parser's own diagnostics are what matter.
  }
  adviceByCode.set(code, advice);
  return advice;
}

/** Visits every syntax node (not tokens) depth-first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function walk(root: any, visit: (node: any) => void): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stack: any[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (!n || n.IsToken) continue;
    visit(n);
    for (let i = n.ChildCount - 1; i >= 0; i--) stack.push(n.GetChild(i));
  }
}

/** Columns of the query's result (its last tabular statement), or undefined when the result is not a table. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resultColumns(code: any): { name: string; type: string }[] | undefined {
  const t = code.ResultType;
  if (!t || !t.Columns) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return toArray(t.Columns).map((c: any) => ({ name: String(c.Name), type: String(c.Type?.Name ?? 'unknown') }));
}

/** Text of a string literal node (`"a"`, `'a'`, `@"a"`, `h"a"`), or undefined when the node is not one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function stringLiteral(node: any): string | undefined {
  if (!node || kindName(node) !== 'StringLiteralExpression') return undefined;
  const v = node.LiteralValue;
  return typeof v === 'string' ? v : undefined;
}

/** Start offset of a node's text, without leading trivia. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function nodeStart(node: any): number {
  return node.TextStart as number;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function nodeEnd(node: any): number {
  return (node.TextStart as number) + (node.Width as number);
}
