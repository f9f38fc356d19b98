/**
 * The text a remote engine runs for one scheduled run. A backtest replays the pack as it is in the repository, not
 * as deployed: the pack's workspace functions (the ManagedHsmAudit parser) are declared in front of the query as
 * `let` functions, dependencies first, so the workspace's or cluster's own copies (if any) are shadowed. Sentinel's
 * built-ins (`_GetWatchlist`) are left to the service.
 */
import type { FunctionDefinition } from '../kql/index.ts';

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`).test(text);
}

/** `let F = (params) { body };` for each function the query reads, directly or through another function. */
export function functionPrelude(query: string, functions: FunctionDefinition[]): string {
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (f: FunctionDefinition) => {
    if (state.has(f.name)) return;
    state.set(f.name, 'visiting');
    for (const g of functions) if (g !== f && mentions(f.body, g.name)) visit(g);
    state.set(f.name, 'done');
    const params = f.parameters?.trim() ? (f.parameters.trim().startsWith('(') ? f.parameters.trim() : `(${f.parameters.trim()})`) : '()';
    out.push(`let ${f.name} = ${params} {\n${f.body.trim().replace(/;\s*$/, '')}\n};`);
  };
  for (const f of functions) if (mentions(query, f.name)) visit(f);
  return out.length ? `${out.join('\n')}\n` : '';
}

/** The query with the pack's functions declared before it. */
export function withFunctions(query: string, functions: FunctionDefinition[]): string {
  return functionPrelude(query, functions) + query;
}

/** Tables the text reads, directly or through the functions (for the volume estimate and ADX's window lets). */
export function tablesReadBy(query: string, tables: string[], functions: FunctionDefinition[]): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (text: string) => {
    for (const t of tables) if (mentions(text, t)) found.add(t);
    for (const f of functions) {
      if (seen.has(f.name) || !mentions(text, f.name)) continue;
      seen.add(f.name);
      visit(f.body);
    }
  };
  visit(query);
  return tables.filter((t) => found.has(t));
}
