import { toArray } from '../../kql/kusto.ts';
import { kindName, nodeEnd, nodeStart, stringLiteral } from '../analysis.ts';
import { caseFoldCalls } from './case-fold-calls.ts';
import { literalContentSpan } from './literal-span.ts';
import type { QueryCheck, QueryFix } from './types.ts';

const ALTERNATIVE: Record<string, string> = {
  EqualExpression: '=~', NotEqualExpression: '!~', InExpression: 'in~', NotInExpression: '!in~',
  HasExpression: 'has', NotHasExpression: '!has', ContainsExpression: 'contains', NotContainsExpression: '!contains',
  StartsWithExpression: 'startswith', NotStartsWithExpression: '!startswith', EndsWithExpression: 'endswith',
  NotEndsWithExpression: '!endswith', HasAnyExpression: 'has_any', HasCsExpression: 'has', ContainsCsExpression: 'contains',
  StartsWithCsExpression: 'startswith', EndsWithCsExpression: 'endswith',
};

/** The comparisons with an exact rewrite, and their case-sensitive operator (for values without letters). */
const EXACT: Record<string, { insensitive: string; sensitive: string }> = {
  EqualExpression: { insensitive: '=~', sensitive: '==' }, NotEqualExpression: { insensitive: '!~', sensitive: '!=' },
  InExpression: { insensitive: 'in~', sensitive: 'in' }, NotInExpression: { insensitive: '!in~', sensitive: '!in' },
};

/** Argument shapes that bind tighter than any comparison, so `X =~ ...` parses as `(X) =~ ...`. */
const OPERAND_KINDS = new Set([
  'NameReference', 'FunctionCallExpression', 'PathExpression', 'ElementExpression', 'ParenthesizedExpression',
  'StringLiteralExpression', 'BracketedExpression',
]);

/**
 * ASCII letters that a non-ASCII character turns into under .NET's invariant casing, which Kusto's tolower and
 * toupper use: KELVIN SIGN (U+212A) lowers to k, LONG S (U+017F) uppers to S. (.NET keeps the Turkish dotted and
 * dotless i as they are.) Kusto's case-insensitive operators fold ASCII only, so `tolower(X) == "key"` holds for
 * "\u212Aey" and `X =~ "key"` does not: no fix for such a literal.
 */
const NON_ASCII_PARTNERS = { tolower: /k/, toupper: /S/ };

/** A literal for which `tolower(X) == lit` and `X =~ lit` agree on every string X (toupper alike). */
function exactLiteral(value: string, fn: 'tolower' | 'toupper'): boolean {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(value)) return false; // non-ASCII text is compared case-sensitively by =~
  if (fn === 'tolower' ? /[A-Z]/.test(value) : /[a-z]/.test(value)) return false; // never equal now; would match after
  return !NON_ASCII_PARTNERS[fn].test(value);
}

export const tolowerComparison: QueryCheck = {
  id: 'kql-tolower-comparison',
  defaultSetting: 'warn',
  description: 'tolower()/toupper() to compare strings: use a case-insensitive operator (=~, in~, has) instead.',
  fixable: true,
  run(ctx) {
    caseFoldCalls(ctx.analysis.code.Syntax, (n, name, p) => {
      const alt = ALTERNATIVE[kindName(p)];
      if (!alt) return;
      ctx.report(nodeStart(n), n.Width as number, `${name}() in a comparison defeats the index and costs a copy per row; compare with '${alt}' (case-insensitive) instead`,
        exactFix(ctx.query, n, p, name));
    });
  },
};

/**
 * `tolower(X) == "abc"` -> `X =~ "abc"`, `tolower(X) in ("a", "b")` -> `X in~ ("a", "b")` (and the negations,
 * the literal on either side of == and !=), only when X is a string and every value is a literal that compares the
 * same either way. Values without letters get the case-sensitive operator (`tolower(X) == "404"` -> `X == "404"`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exactFix(query: string, call: any, comparison: any, fn: 'tolower' | 'toupper'): QueryFix | undefined {
  const ops = EXACT[kindName(comparison)];
  if (!ops) return undefined;
  const args = call.ArgumentList?.Expressions;
  if (!args || args.Count !== 1) return undefined;
  const arg = args.getItem(0).Element;
  if (arg?.ResultType?.Name !== 'string' || !OPERAND_KINDS.has(kindName(arg))) return undefined;
  const callStart = nodeStart(call);
  const argStart = nodeStart(arg);
  const argEnd = nodeEnd(arg);
  const callEnd = nodeEnd(call);
  // Only `name(X)` with nothing but blanks around X: no comment or line break is dropped by the rewrite.
  if (!/^\w+[ \t]*\([ \t]*$/.test(query.slice(callStart, argStart)) || !/^[ \t]*\)$/.test(query.slice(argEnd, callEnd))) return undefined;
  const callIsLeft = nodeStart(comparison.Left) <= callStart && callEnd <= nodeEnd(comparison.Left);
  const inList = kindName(comparison) === 'InExpression' || kindName(comparison) === 'NotInExpression';
  if (inList && !callIsLeft) return undefined;
  const other = callIsLeft ? comparison.Right : comparison.Left;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const literals: any[] = inList ? toArray(other?.Expressions).map((e: any) => e.Element) : [other];
  const values = literals.map(stringLiteral);
  if (!values.length || values.some((v) => v === undefined || !exactLiteral(v, fn))) return undefined;
  const letters = values.some((v) => /[A-Za-z]/.test(v!));
  const op = letters ? ops.insensitive : ops.sensitive;
  const x = query.slice(argStart, argEnd);
  const opStart = nodeStart(comparison.Operator);
  const opEnd = opStart + (comparison.Operator.Width as number);
  const requires = literals.map((l) => literalContentSpan(query, l));
  // One span from the call to the operator (or back): `tolower(X) ==` -> `X =~`, `== tolower(X)` -> `=~ X`.
  return callIsLeft
    ? { start: callStart, end: opEnd, text: x + query.slice(callEnd, opStart) + op, requires }
    : { start: opStart, end: callEnd, text: op + query.slice(opEnd, callStart) + x, requires };
}
