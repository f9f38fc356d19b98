/**
 * A replay optimisation that keeps results identical: a rule that reads a workspace function (the parser) several
 * times - directly, or through a `let` it references more than once - would evaluate the function's whole body
 * for each reference in every scheduled run. Within one run now() is pinned and the time range fixed, so every
 * evaluation of a parameterless function gives the same table; the query is run as
 * `let __replay_F = materialize(F); <query with F replaced>` so the body is evaluated once per run.
 * Only identifier tokens are replaced (never strings or comments); queries that declare parameters, set options
 * or define a `let` of the same name are left alone, and so is any rewrite the engine cannot compile.
 */
import { loadKusto, toArray } from '../kql/kusto.ts';

const IDENTIFIER = 'IdentifierToken';

export interface Token { kind: string; text: string; start: number; end: number }

let kindNames: Record<number, string> | undefined;

/** The query's lexical tokens with their kind names and offsets. */
export function lexicalTokens(query: string): Token[] {
  const { Kusto, System } = loadKusto();
  if (!kindNames) {
    const SK = Kusto.Language.Syntax.SyntaxKind;
    kindNames = Object.fromEntries((System.Enum.getNames(SK) as string[]).map((n) => [SK[n] as number, n]));
  }
  const out: Token[] = [];
  let pos = 0;
  for (const t of toArray(Kusto.Language.KustoCode.Parse(query).GetLexicalTokens())) {
    const text = String(t.Text ?? '');
    const length = Number(t.Length);
    const start = pos + length - text.length;
    out.push({ kind: kindNames[t.Kind as number] ?? String(t.Kind), text, start, end: start + text.length });
    pos += length;
  }
  return out;
}

/** The rewritten query, or undefined when there is nothing to share. */
export function shareFunctionResults(query: string, parameterlessFunctions: string[]): string | undefined {
  if (!parameterlessFunctions.length) return undefined;
  const names = new Set(parameterlessFunctions);
  if (![...names].some((n) => query.includes(n))) return undefined;
  const toks = lexicalTokens(query);
  if (toks.some((t) => t.text === 'declare' || t.text === 'set')) return undefined;
  const uses = new Map<string, { start: number; end: number }[]>();
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== IDENTIFIER || !names.has(t.text)) continue;
    if (toks[i - 1]?.text === 'let' || toks[i - 1]?.text === '.' || toks[i + 1]?.text === '=') return undefined;
    let end = t.end;
    if (toks[i + 1]?.text === '(' && toks[i + 2]?.text === ')') end = toks[i + 2]!.end;
    uses.set(t.text, [...(uses.get(t.text) ?? []), { start: t.start, end }]);
  }
  if (!uses.size) return undefined;
  const spans = [...uses.entries()].flatMap(([name, list]) => list.map((s) => ({ ...s, name }))).sort((a, b) => a.start - b.start);
  let body = '';
  let at = 0;
  for (const s of spans) {
    body += query.slice(at, s.start) + `__replay_${s.name}`;
    at = s.end;
  }
  body += query.slice(at);
  const prefix = [...uses.keys()].map((n) => `let __replay_${n} = materialize(${n});\n`).join('');
  return prefix + body;
}
