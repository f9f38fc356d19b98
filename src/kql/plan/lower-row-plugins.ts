/**
 * Lowering of the plugins that work row by row on their input: evaluate rows_near, narrow and dcount_intersect.
 * Their output columns are the binder's (rows_near: the input's; narrow: Row, Column, Value; dcount_intersect: the
 * input's, then s0 ... s(n-1)).
 */
import type { ColumnSchema } from '../schema.ts';
import { kindOf, listOf, type Node } from '../frontend/syntax.ts';
import { placeholderPlan, type Scope } from './context.ts';
import { lowerExpr } from './lower-expr.ts';
import type { TabularLowerer } from './lower-query.ts';
import type { Plan } from './nodes.ts';

const argsOf = (op: Node): Node[] => listOf(op.FunctionCall.ArgumentList.Expressions).map((a: Node) => (kindOf(a) === 'SimpleNamedExpression' ? a.Expression : a));

/** rows_near(Condition, NumRows [, RowsAfter]) */
export function rowsNear(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const [condition, rows, after] = argsOf(op);
  if (!condition || !rows) {
    l.ctx.unsupportedUse('evaluate rows_near without a condition and a number of rows', op);
    return placeholderPlan(columns);
  }
  const cenv = l.env(scope, []);
  const before = lowerExpr(rows, cenv);
  return { op: 'rowsnear', columns, input, condition: lowerExpr(condition, l.env(scope, input.columns)), before, after: after ? lowerExpr(after, cenv) : before };
}

/** narrow() */
export function narrow(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[]): Plan {
  if (columns.length !== 3) {
    l.ctx.unsupportedUse('evaluate narrow with these arguments', op);
    return placeholderPlan(columns);
  }
  return { op: 'narrow', columns, input };
}

/** dcount_intersect(hll_1, hll_2 [, hll_3, ...]) */
export function dcountIntersect(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const args = argsOf(op);
  if (args.length < 2 || args.length > 16 || columns.length !== input.columns.length + args.length) {
    l.ctx.unsupportedUse('evaluate dcount_intersect with these arguments (2 to 16 hll sketches)', op);
    return placeholderPlan(columns);
  }
  const env = l.env(scope, input.columns);
  return { op: 'dcountintersect', columns, input, sketches: args.map((a) => lowerExpr(a, env)) };
}
