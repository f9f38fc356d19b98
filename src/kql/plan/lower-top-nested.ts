/**
 * Lowering of top-nested: `top-nested [N] of Expr [with others = Const] by [Name =] Aggregation [asc|desc], ...`.
 * Each level becomes a summarize by its expression over the rows of one group of the level above (fed through a
 * materialized input), and, for `with others`, a summarize without keys over the rows left out of the top N. The
 * binder's output columns are, per level, the expression's column then the aggregation's.
 */
import type { ColumnSchema } from '../schema.ts';
import { kindOf, listOf, type Node } from '../frontend/syntax.ts';
import { placeholderPlan, type Scope } from './context.ts';
import { columnExpr, lowerExpr } from './lower-expr.ts';
import { SummarizeSink, type TabularLowerer } from './lower-query.ts';
import type { Expr, Plan } from './nodes.ts';

export interface TopNestedLevel {
  /** The row count to keep (null: every value). */
  count: Expr | null;
  /** The level's expression, over the input's columns. */
  key: Expr;
  descending: boolean;
  /** summarize by the key of the rows fed through `inputId`: columns key, aggregation. */
  summarize: Plan;
  /** `with others = Const`: the constant, and the summarize without keys of the rows fed through `inputId`. */
  others: { value: Expr; summarize: Plan } | null;
}

export function lowerTopNested(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const clauses = listOf(op.Clauses);
  if (clauses.length === 0 || columns.length !== clauses.length * 2) {
    l.ctx.unsupportedUse('top-nested with these clauses', op);
    return placeholderPlan(columns);
  }
  const inputId = l.ctx.id();
  const groupInput: Plan = { op: 'materialize', columns: input.columns, input: placeholderPlan(input.columns), id: inputId };
  const env = l.env(scope, input.columns);
  const cenv = l.env(scope, []);
  const levels: TopNestedLevel[] = clauses.map((c: Node, i: number) => {
    let by = c.ByExpression;
    let descending = true;
    if (kindOf(by) === 'OrderedExpression') {
      const dir = by.Ordering?.AscOrDescKeyword ? String(by.Ordering.AscOrDescKeyword.Text).toLowerCase() : '';
      descending = dir !== 'asc';
      by = by.Expression;
    }
    if (kindOf(by) === 'SimpleNamedExpression') by = by.Expression;
    const key = lowerExpr(c.OfExpression, env);
    const keyColumn = columns[2 * i]!;
    const aggColumn = columns[2 * i + 1]!;
    const summarizeOf = (withKey: boolean): Plan => {
      const sink = new SummarizeSink(l.ctx, withKey ? 1 : 0);
      const agg = lowerExpr(by, { ...env, aggregates: sink });
      const cols = withKey ? [keyColumn, aggColumn] : [aggColumn];
      const outputs = withKey ? [columnExpr(cols, 0), agg] : [agg];
      return { op: 'summarize', columns: cols, input: groupInput, keys: withKey ? [key] : [], aggregates: sink.specs, outputs };
    };
    const others = c.WithOthersClause ? { value: lowerExpr(c.WithOthersClause.Expression, cenv), summarize: summarizeOf(false) } : null;
    return { count: c.Expression ? lowerExpr(c.Expression, cenv) : null, key, descending, summarize: summarizeOf(true), others };
  });
  return { op: 'topnested', columns, input, levels, inputId };
}
