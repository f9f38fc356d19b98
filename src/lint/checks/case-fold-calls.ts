import { kindName, walk } from '../analysis.ts';

/**
 * Every `tolower(...)`/`toupper(...)` call in a tree, with the expression it is an operand of (parentheses
 * skipped): for `tolower(X) == "a"` the EqualExpression; for `tolower(X) in (...)` the InExpression (the list
 * sits in an ExpressionList under it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function caseFoldCalls(root: any, visit: (call: any, fn: 'tolower' | 'toupper', parent: any) => void): void {
  walk(root, (n) => {
    if (kindName(n) !== 'FunctionCallExpression') return;
    const fn = String(n.Name?.SimpleName ?? '').toLowerCase();
    if (fn !== 'tolower' && fn !== 'toupper') return;
    let p = n.Parent;
    while (p && kindName(p) === 'ParenthesizedExpression') p = p.Parent;
    if (p) visit(n, fn, p);
  });
}
