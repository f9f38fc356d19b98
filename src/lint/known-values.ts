/**
 * The values a workspace function's output columns can hold, read from the function's own body (never a second
 * hand-kept list): for `extend Operation = case(..., "SecurityDomainDownload", ...)` the string results of the
 * case() or iff(), and for `Operation in ("KeyCreate", "KeyDelete")` or `Operation == "Authentication"` in the body
 * the values compared with (the parser's operation lists). A set is a lower bound: a column may also pass raw
 * values through (the ManagedHsmAudit parser keeps OperationName for Key* names), so a literal outside it is only
 * suspicious when it is close to one inside it.
 */
import { toArray } from '../kql/kusto.ts';
import { kindName, stringLiteral, walk } from './analysis.ts';

/** Column name → values, per function. */
export type KnownValues = Map<string, Set<string>>;

/** Comparison kinds whose right side is one value or a list of values, with the column on the left. */
export const VALUE_COMPARISONS: Record<string, { list: boolean }> = {
  EqualExpression: { list: false }, NotEqualExpression: { list: false },
  EqualTildeExpression: { list: false }, BangTildeExpression: { list: false },
  InExpression: { list: true }, NotInExpression: { list: true },
  InCsExpression: { list: true }, NotInCsExpression: { list: true },
};

/** The column name of a comparison's left side, when it is a plain column reference. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function comparedColumn(node: any): string | undefined {
  let left = node.Left;
  while (left && kindName(left) === 'ParenthesizedExpression') left = left.Expression;
  return left && kindName(left) === 'NameReference' ? String(left.Name?.SimpleName ?? left.SimpleName ?? left.ToString().trim()) : undefined;
}

/** The literal values (and their nodes) on a comparison's right side. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function comparedLiterals(node: any, list: boolean): { value: string; node: any }[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const nodes: any[] = list ? toArray(node.Right?.Expressions).map((e: any) => e.Element) : [node.Right];
  return nodes.map((n) => ({ value: stringLiteral(n), node: n })).filter((x): x is { value: string; node: unknown } => x.value !== undefined);
}

/** Known values of the columns a bound function body defines and compares. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function knownValues(code: any): KnownValues {
  const out: KnownValues = new Map();
  const add = (column: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    let set = out.get(column);
    if (!set) out.set(column, (set = new Set()));
    set.add(value);
  };
  walk(code.Syntax, (n) => {
    const kind = kindName(n);
    const comparison = VALUE_COMPARISONS[kind];
    if (comparison) {
      const column = comparedColumn(n);
      if (column) for (const l of comparedLiterals(n, comparison.list)) add(column, l.value);
      return;
    }
    if (kind !== 'SimpleNamedExpression') return;
    const column = String(n.Name?.SimpleName ?? '');
    const call = n.Expression;
    if (!column || !call || kindName(call) !== 'FunctionCallExpression') return;
    const fn = String(call.Name?.SimpleName ?? '').toLowerCase();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const args: any[] = toArray(call.ArgumentList?.Expressions).map((e: any) => e.Element);
    if (fn === 'case') args.forEach((a, i) => { if (i % 2 === 1 || i === args.length - 1) add(column, stringLiteral(a)); });
    else if (fn === 'iff' || fn === 'iif') args.slice(1).forEach((a) => add(column, stringLiteral(a)));
  });
  return out;
}
