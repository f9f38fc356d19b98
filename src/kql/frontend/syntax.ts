/**
 * Small helpers over Kusto.Language's bound syntax tree (a dynamically typed Bridge.NET object model).
 */
import { enumNames, loadKusto, toArray } from '../kusto.ts';
import type { ColumnSchema, ScalarTypeName } from '../schema.ts';
import { normaliseTypeName } from '../schema.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sym = any;

let syntaxKinds: Record<number, string> | undefined;
let symbolKinds: Record<number, string> | undefined;

export function kindOf(n: Node): string {
  syntaxKinds ??= enumNames(loadKusto().Kusto.Language.Syntax.SyntaxKind);
  return syntaxKinds[n.Kind as number] ?? 'Unknown';
}

export function symbolKindOf(s: Sym): string {
  symbolKinds ??= enumNames(loadKusto().Kusto.Language.Symbols.SymbolKind);
  return symbolKinds[s.Kind as number] ?? 'Unknown';
}

/** Elements of a SyntaxList (of SeparatedElement or plain nodes). */
export function listOf(list: Node): Node[] {
  if (!list) return [];
  const out: Node[] = [];
  const count: number = list.Count ?? list.ChildCount ?? 0;
  for (let i = 0; i < count; i++) {
    const item = list.getItem ? list.getItem(i) : list.GetChild(i);
    if (!item) continue;
    out.push(kindOf(item) === 'SeparatedElement' ? item.Element : item);
  }
  return out;
}

export function childNodes(n: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < n.ChildCount; i++) {
    const c = n.GetChild(i);
    if (c) out.push(c);
  }
  return out;
}

/** Text of the node without surrounding trivia. */
export function textOf(n: Node): string {
  return String(n.ToString()).trim();
}

/** The node's text as written, the spaces and line breaks between its tokens kept, collapsed to one line. */
export function sourceTextOf(n: Node): string {
  const { Kusto } = loadKusto();
  return String(n.ToString(Kusto.Language.Syntax.IncludeTrivia.Interior) ?? n.ToString()).trim().replace(/\s+/g, ' ');
}

export function startOf(n: Node): number {
  return n.TextStart as number;
}

export function widthOf(n: Node): number {
  return n.Width as number;
}

/** The binder's scalar type name for an expression ('unknown' when it has none). */
export function scalarTypeOf(n: Node): ScalarTypeName | 'unknown' {
  const t = n?.ResultType;
  return typeNameOfSymbol(t);
}

export function typeNameOfSymbol(t: Sym): ScalarTypeName | 'unknown' {
  if (!t || t.Columns) return 'unknown';
  const name = String(t.Name ?? '');
  return normaliseTypeName(name) ?? 'unknown';
}

/** Column symbols of a tabular result type (empty when not tabular). */
export function columnSymbolsOf(t: Sym): Sym[] {
  if (!t || !t.Columns) return [];
  return toArray(t.Columns);
}

export function isTabular(n: Node): boolean {
  return Boolean(n?.ResultType?.Columns) || isUnboundPluginPipe(n);
}

/** Plugins the reference documents that Kusto.Language does not enable (binder-gaps.ts): their pipe is tabular. */
const UNBOUND_PLUGINS = new Set(['schema_merge']);

function isUnboundPluginPipe(n: Node): boolean {
  if (kindOf(n) !== 'PipeExpression' || kindOf(n.Operator) !== 'EvaluateOperator') return false;
  const name = n.Operator.FunctionCall?.Name?.SimpleName;
  return name != null && UNBOUND_PLUGINS.has(String(name).toLowerCase());
}

/** Column schemas of a tabular type; columns of unknown type are typed dynamic. */
export function columnsOf(t: Sym): ColumnSchema[] {
  return columnSymbolsOf(t).map((c) => ({ name: String(c.Name), type: columnTypeOf(c) }));
}

export function columnTypeOf(c: Sym): ScalarTypeName {
  const t = typeNameOfSymbol(c.Type);
  return t === 'unknown' ? 'dynamic' : t;
}

/** Named parameters of an operator (`kind=inner`, `isfuzzy=true`) as name → value text. */
export function namedParameters(list: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const p of listOf(list)) {
    if (kindOf(p) === 'NamedParameter') out.set(String(p.Name.SimpleName).toLowerCase(), p.Expression);
  }
  return out;
}
