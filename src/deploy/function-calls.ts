/**
 * Which workspace functions of the pack a query calls, directly or through other functions. Sentinel and Azure
 * Monitor validate a rule's query when the rule is created, so a template must create every function a rule calls
 * before the rule (`dependsOn`), and a template that holds rules must hold the functions they call.
 *
 * Calls are found on the query's lexical tokens (Microsoft's Kusto parser), so names in strings and comments do
 * not count; a name used as a property (`x.Name`), declared by the query itself (`let Name =`) or assigned as a
 * column (`Name = ...`) is not a call.
 */
import { loadKusto } from '../kql/index.ts';
import type { DeployFunction } from './model.ts';

let kindNames: Record<number, string> | undefined;

type IdentifierToken = { text: string; before?: string; after?: string };

/** Each query's identifiers, kept by text: a build asks for the same rules' and functions' calls per template. */
const tokensByText = new Map<string, IdentifierToken[]>();
const TEXTS_KEPT = 1024;

function identifierTokens(query: string): IdentifierToken[] {
  let tokens = tokensByText.get(query);
  if (!tokens) {
    if (tokensByText.size >= TEXTS_KEPT) tokensByText.delete(tokensByText.keys().next().value!);
    tokensByText.set(query, (tokens = lexIdentifiers(query)));
  }
  return tokens;
}

function lexIdentifiers(query: string): IdentifierToken[] {
  const { Kusto, System, Bridge } = loadKusto();
  if (!kindNames) {
    const SK = Kusto.Language.Syntax.SyntaxKind;
    kindNames = Object.fromEntries((System.Enum.getNames(SK) as string[]).map((n) => [SK[n] as number, n]));
  }
  const list = Kusto.Language.KustoCode.Parse(query).GetLexicalTokens();
  const tokens = (Array.isArray(list) ? list : Bridge.toArray(list)) as { Kind: number; Text: string }[];
  const out: IdentifierToken[] = [];
  tokens.forEach((t, i) => {
    if (kindNames![t.Kind] !== 'IdentifierToken') return;
    out.push({ text: String(t.Text), before: tokens[i - 1] ? String(tokens[i - 1]!.Text) : undefined, after: tokens[i + 1] ? String(tokens[i + 1]!.Text) : undefined });
  });
  return out;
}

/** Aliases of `functions` that `query` names as calls (direct only). */
export function directCalls(query: string, functions: readonly DeployFunction[]): Set<string> {
  const byName = new Map(functions.map((f) => [f.name, f.name]));
  const out = new Set<string>();
  if (!functions.some((f) => query.includes(f.name))) return out;
  const declared = new Set<string>();
  for (const t of identifierTokens(query)) {
    if (t.before === 'let') { declared.add(t.text); continue; }
    if (!byName.has(t.text) || t.before === '.' || t.after === '=') continue;
    out.add(t.text);
  }
  for (const d of declared) out.delete(d);
  return out;
}

/**
 * Resolves calls transitively: `dependencies(query)` gives the aliases a query needs, the functions called by those
 * functions included, in an order where each function comes after the functions it calls.
 */
export class FunctionCalls {
  private readonly direct = new Map<string, Set<string>>();

  constructor(private readonly functions: readonly DeployFunction[]) {
    for (const f of functions) this.direct.set(f.name, directCalls(f.query, functions.filter((g) => g !== f)));
  }

  /** Functions this function calls directly. */
  callsOf(alias: string): string[] {
    return [...(this.direct.get(alias) ?? [])].sort();
  }

  dependencies(query: string): string[] {
    const order: string[] = [];
    const seen = new Set<string>();
    const visit = (name: string, path: Set<string>) => {
      if (seen.has(name) || path.has(name)) return;
      path.add(name);
      for (const dep of this.callsOf(name)) visit(dep, path);
      path.delete(name);
      seen.add(name);
      order.push(name);
    };
    for (const name of [...directCalls(query, this.functions)].sort()) visit(name, new Set());
    return order;
  }
}
