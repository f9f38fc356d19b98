/**
 * A replay optimisation that keeps results identical: a parser such as ManagedHsmAudit is evaluated once per
 * database instead of once per scheduled run, and each run reads the rows of its window from that output.
 *
 * This is only valid for a *row-local* function: each output row depends on one input row only, its TimeGenerated
 * is the input row's TimeGenerated, and nothing depends on now() or on other rows. Then evaluating the function
 * over the rows of a window gives exactly the rows of its whole output whose TimeGenerated is in the window, in
 * the same order. The check below is deliberately conservative (an allow-list over the function's tokens):
 *   - tabular operators: let, union (of tables or lets), where/filter, extend, project, project-away/keep/reorder;
 *   - scalar calls from a fixed list of pure, row-level functions (no now(), ago(), toscalar(), rand(), ...);
 *   - every table it reads has a datetime TimeGenerated; it never assigns TimeGenerated; it calls no other function.
 *   - one exception to "one input row": `join kind=leftanti (...) on ...` whose keys include TimeGenerated (the
 *     parser's de-duplication of an event delivered to two tables). A row is then dropped only for a row of the
 *     same TimeGenerated, which is in every window the dropped row is in, so windows still commute with it.
 * Anything else leaves the function as it is. The rule's query then binds the function name as a table (which also
 * spares binding the parser's body for every rule).
 */
import type { FunctionDefinition, TableSchema } from '../kql/index.ts';
import { lexicalTokens, type Token } from './shared-functions.ts';

/** Pure scalar functions whose value depends only on their arguments (all of the same row). */
const ROW_SCALARS = new Set([
  'column_ifexists', 'coalesce', 'iff', 'iif', 'case', 'isnull', 'isnotnull', 'isempty', 'isnotempty',
  'tostring', 'toint', 'tolong', 'toreal', 'todouble', 'tobool', 'toboolean', 'todecimal', 'toguid', 'todynamic', 'todatetime', 'totimespan',
  'parse_json', 'tolower', 'toupper', 'trim', 'trim_start', 'trim_end', 'strcat', 'strcat_delim', 'strlen', 'substring',
  'indexof', 'replace_string', 'replace_regex', 'split', 'extract', 'extract_all', 'array_length', 'bag_keys',
  'real', 'bool', 'int', 'long', 'string', 'dynamic', 'datetime', 'timespan', 'guid', 'not',
]);

/** Keyword token kinds allowed in a row-local function (tabular operators listed in the header, and predicates). */
const KEYWORDS = new Set(['LetKeyword', 'UnionKeyword', 'WhereKeyword', 'FilterKeyword', 'ExtendKeyword', 'ProjectKeyword',
  'ProjectAwayKeyword', 'ProjectKeepKeyword', 'ProjectReorderKeyword', 'AndKeyword', 'OrKeyword', 'OnKeyword']);
const PREDICATE_KEYWORD = /^(Not|Bang)?(Has|In|StartsWith|EndsWith|Contains|MatchesRegex|Between|Like|NotBetween|NotIn|NotHas|NotContains|NotStartsWith|NotEndsWith)\w*Keyword$/;

/** Why the function is not row-local, or undefined when it is. */
export function notRowLocal(f: FunctionDefinition, tables: TableSchema[], functionNames: Set<string>): string | undefined {
  if (f.parameters && !/^\(\s*\)$/.test(f.parameters)) return 'it has parameters';
  const byName = new Map(tables.map((t) => [t.name, t]));
  const toks = lexicalTokens(f.body).filter((t) => t.kind !== 'EndOfTextToken');
  const lets = new Set<string>();
  // Parentheses opened by a union's operand list may hold tabular expressions; any other (a predicate's list, a
  // call's arguments) must not read a table, or a row's result would depend on the rows of another table.
  const parens: boolean[] = [];
  let statementHasUnion = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const next = toks[i + 1];
    const prev = toks[i - 1];
    if (t.kind === 'SemicolonToken') statementHasUnion = false;
    if (t.kind === 'UnionKeyword') statementHasUnion = true;
    if (t.kind === 'JoinKeyword') {
      const why = timeKeyedAntiJoin(toks, i);
      if (why) return why;
      parens.push(true);
      i += 4; // join kind = leftanti (
      continue;
    }
    if (t.kind === 'OpenParenToken') {
      parens.push(prev?.kind === 'UnionKeyword' || (prev?.kind === 'CommaToken' && !parens.length && statementHasUnion));
      continue;
    }
    if (t.kind === 'CloseParenToken') {
      parens.pop();
      continue;
    }
    const inExpression = parens.some((u) => !u);
    if (inExpression && (t.kind === 'BarToken' || (t.kind === 'IdentifierToken' && (lets.has(t.text) || byName.has(t.text)) && next?.kind !== 'OpenParenToken'))) {
      return `it reads ${t.kind === 'BarToken' ? 'a tabular expression' : t.text} inside an expression`;
    }
    if (t.kind.endsWith('Keyword')) {
      if (!KEYWORDS.has(t.kind) && !PREDICATE_KEYWORD.test(t.kind)) return `it uses ${t.text}`;
      if (t.kind === 'LetKeyword' && next?.kind === 'IdentifierToken') lets.add(next.text);
      continue;
    }
    if (t.kind === 'AsteriskToken' && toks.some((u) => u.kind === 'UnionKeyword')) return 'it may union tables by wildcard';
    if (t.kind !== 'IdentifierToken') continue;
    if (t.text === 'TimeGenerated' && next?.kind === 'EqualToken') return 'it assigns TimeGenerated';
    if (next?.kind === 'OpenParenToken' && toks[i - 1]?.kind !== 'DotToken') {
      if (!ROW_SCALARS.has(t.text)) return `it calls ${t.text}()`;
      continue;
    }
    if (functionNames.has(t.text)) return `it calls the function ${t.text}`;
    const table = byName.get(t.text);
    if (table && !lets.has(t.text) && !table.columns.some((c) => c.name === 'TimeGenerated' && c.type === 'datetime')) {
      return `it reads ${t.text}, which has no datetime TimeGenerated`;
    }
  }
  return undefined;
}

/**
 * Why the join at `toks[i]` is not a de-duplicating anti-join keyed on TimeGenerated, or undefined when it is:
 * `join kind=leftanti (<tabular>) on K1, K2, ...` with TimeGenerated among the keys.
 */
function timeKeyedAntiJoin(toks: Token[], i: number): string | undefined {
  const [kind, eq, anti, open] = [toks[i + 1], toks[i + 2], toks[i + 3], toks[i + 4]];
  if (kind?.kind !== 'KindKeyword' || eq?.kind !== 'EqualToken' || anti?.text.toLowerCase() !== 'leftanti' || open?.kind !== 'OpenParenToken') {
    return 'it joins (other than a leftanti join keyed on TimeGenerated)';
  }
  let depth = 0;
  let j = i + 4;
  for (; j < toks.length; j++) {
    if (toks[j]!.kind === 'OpenParenToken') depth++;
    if (toks[j]!.kind === 'CloseParenToken' && --depth === 0) break;
  }
  if (toks[j + 1]?.kind !== 'OnKeyword') return 'it joins without an on clause';
  for (let k = j + 2; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'IdentifierToken' && t.text === 'TimeGenerated') return undefined;
    if (t.kind !== 'IdentifierToken' && t.kind !== 'CommaToken') break;
  }
  return 'it joins on keys without TimeGenerated';
}

/** The parameterless functions replay may evaluate once per database. */
export function rowLocalFunctions(functions: FunctionDefinition[], tables: TableSchema[]): FunctionDefinition[] {
  const names = new Set(functions.map((f) => f.name));
  return functions.filter((f) => {
    if (byNameClash(f.name, tables)) return false;
    const others = new Set([...names].filter((n) => n !== f.name));
    return notRowLocal(f, tables, others) === undefined;
  });
}

function byNameClash(name: string, tables: TableSchema[]): boolean {
  return tables.some((t) => t.name === name);
}

/**
 * The query with each use of the given functions (`F` or `F()`) left as a plain name, read as a table; undefined
 * when the query does not use them or when the rewrite cannot be made safely (it defines a let of the same name,
 * declares parameters, sets options, or may enumerate tables: search, find, union with wildcards).
 */
export function asTableReferences(query: string, names: Set<string>): { text: string; used: string[] } | undefined {
  if (![...names].some((n) => query.includes(n))) return undefined;
  const toks = lexicalTokens(query);
  if (toks.some((t) => t.text === 'declare' || t.text === 'set' || t.kind === 'SearchKeyword' || t.kind === 'FindKeyword' || t.kind === 'AsteriskToken' && wildcardTable(toks, t))) return undefined;
  const used = new Set<string>();
  let text = '';
  let at = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== 'IdentifierToken' || !names.has(t.text)) continue;
    if (toks[i - 1]?.text === 'let' || toks[i - 1]?.text === '.' || toks[i + 1]?.text === '=') return undefined;
    used.add(t.text);
    if (toks[i + 1]?.text === '(' && toks[i + 2]?.text === ')') {
      text += query.slice(at, t.end);
      at = toks[i + 2]!.end;
    }
  }
  if (!used.size) return undefined;
  return { text: text + query.slice(at), used: [...used] };
}

/** A `*` that is part of a table name pattern (union T*, union *), not a multiplication. */
function wildcardTable(toks: Token[], star: Token): boolean {
  const i = toks.indexOf(star);
  for (let j = i - 1; j >= 0; j--) {
    const k = toks[j]!.kind;
    if (k === 'UnionKeyword') return true;
    if (k === 'BarToken' || k === 'SemicolonToken' || k === 'EqualToken' || k === 'OpenParenToken') return false;
  }
  return false;
}
