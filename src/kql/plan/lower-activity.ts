/**
 * Lowering of the activity plugins over a timeline: evaluate rolling_percentile, active_users_count,
 * activity_counts_metrics, activity_engagement, activity_metrics and new_activity_metrics. Their output columns are the binder's (timeline, dimensions, then the plugin's metrics).
 */
import type { ColumnSchema } from '../schema.ts';
import { isTabular, kindOf, listOf, scalarTypeOf, type Node } from '../frontend/syntax.ts';
import { placeholderPlan, type Scope } from './context.ts';
import { lowerExpr } from './lower-expr.ts';
import type { TabularLowerer } from './lower-query.ts';
import type { Plan } from './nodes.ts';

const argsOf = (op: Node): Node[] => listOf(op.FunctionCall.ArgumentList.Expressions).map((a: Node) => (kindOf(a) === 'SimpleNamedExpression' ? a.Expression : a));

/** rolling_percentile(ValueColumn, Percentile, IndexColumn, BinSize, BinsPerWindow [, dim1, ...]) */
export function rollingPercentile(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const [value, percentile, index, bin, window, ...dims] = argsOf(op);
  if (!value || !percentile || !index || !bin || !window || columns.length !== dims.length + 2) {
    l.ctx.unsupportedUse('evaluate rolling_percentile with these arguments', op);
    return placeholderPlan(columns);
  }
  const env = l.env(scope, input.columns);
  const cenv = l.env(scope, []);
  return {
    op: 'rollingpercentile', columns, input, value: lowerExpr(value, env), percentile: lowerExpr(percentile, cenv), index: lowerExpr(index, env),
    bin: lowerExpr(bin, cenv), window: lowerExpr(window, cenv), dims: dims.map((d) => lowerExpr(d, env)),
  };
}

/** active_users_count(IdColumn, TimelineColumn, Start, End, LookbackWindow, Period, ActivePeriodsCount, Bin [, dim1, ...]) */
export function activeUsersCount(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const [id, time, start, end, lookback, period, activePeriods, bin, ...dims] = argsOf(op);
  if (!bin || scalarTypeOf(bin) === 'string' || columns.length !== dims.length + 2) {
    // a bin of 'week', 'month' or 'year' (calendar periods) is not implemented
    l.ctx.unsupportedUse('evaluate active_users_count with a calendar bin', op);
    return placeholderPlan(columns);
  }
  const env = l.env(scope, input.columns);
  const cenv = l.env(scope, []);
  return {
    op: 'activeusers', columns, input, id: lowerExpr(id!, env), time: lowerExpr(time!, env), start: lowerExpr(start!, cenv), end: lowerExpr(end!, cenv),
    lookback: lowerExpr(lookback!, cenv), period: lowerExpr(period!, cenv), activePeriods: lowerExpr(activePeriods!, cenv), bin: lowerExpr(bin, cenv),
    dims: dims.map((d) => lowerExpr(d, env)),
  };
}

/** activity_counts_metrics(IdColumn, TimelineColumn, Start, End, Window [, dim1, ...]) */
export function activityCountsMetrics(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  return windowedIds('activitycounts', 'evaluate activity_counts_metrics with a calendar window, a cohort or a lookback table', l, op, input, columns, scope);
}

/** activity_metrics(IdColumn, TimelineColumn, Start, End, Window [, dim1, ...]) */
export function activityMetrics(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  return windowedIds('activitymetrics', 'evaluate activity_metrics without a start and end, or with a calendar window', l, op, input, columns, scope);
}

/** The plugins of (IdColumn, TimelineColumn, Start, End, Window [, dim1, ...]) with five columns beside the dimensions. */
function windowedIds(
  kind: 'activitycounts' | 'activitymetrics', unsupported: string, l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope,
): Plan {
  const [id, time, start, end, window, ...dims] = argsOf(op);
  if (!window || scalarTypeOf(window) === 'string' || columns.length !== dims.length + 5) {
    l.ctx.unsupportedUse(unsupported, op);
    return placeholderPlan(columns);
  }
  const env = l.env(scope, input.columns);
  const cenv = l.env(scope, []);
  return {
    op: kind, columns, input, id: lowerExpr(id!, env), time: lowerExpr(time!, env), start: lowerExpr(start!, cenv), end: lowerExpr(end!, cenv),
    window: lowerExpr(window, cenv), dims: dims.map((d) => lowerExpr(d, env)),
  };
}

/** new_activity_metrics(IdColumn, TimelineColumn, Start, End, Window [, Cohort] [, dim1, ...] [, Lookback]) */
export function newActivityMetrics(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const [id, time, start, end, window, ...rest] = argsOf(op);
  const dimCount = columns.length - 7;
  if (!window || scalarTypeOf(window) === 'string' || rest.some((a) => isTabular(a)) || dimCount < 0 || (rest.length !== dimCount && rest.length !== dimCount + 1)) {
    l.ctx.unsupportedUse('evaluate new_activity_metrics with a calendar window or a lookback table', op);
    return placeholderPlan(columns);
  }
  const env = l.env(scope, input.columns);
  const cenv = l.env(scope, []);
  const cohort = rest.length > dimCount ? lowerExpr(rest[0]!, cenv) : null;
  return {
    op: 'newactivitymetrics', columns, input, id: lowerExpr(id!, env), time: lowerExpr(time!, env), start: lowerExpr(start!, cenv), end: lowerExpr(end!, cenv),
    window: lowerExpr(window, cenv), cohort, dims: rest.slice(rest.length - dimCount).map((d) => lowerExpr(d, env)),
  };
}

/** activity_engagement(IdColumn, TimelineColumn, Start, End, InnerActivityWindow, OuterActivityWindow [, dim1, ...]) */
export function activityEngagement(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const args = argsOf(op);
  const dimCount = columns.length - 4;
  if (dimCount < 0 || args.length !== 6 + dimCount) {
    l.ctx.unsupportedUse('evaluate activity_engagement without a start and end', op);
    return placeholderPlan(columns);
  }
  const [id, time, start, end, inner, outer, ...dims] = args;
  const env = l.env(scope, input.columns);
  const cenv = l.env(scope, []);
  return {
    op: 'activityengagement', columns, input, id: lowerExpr(id!, env), time: lowerExpr(time!, env), start: lowerExpr(start!, cenv), end: lowerExpr(end!, cenv),
    inner: lowerExpr(inner!, cenv), outer: lowerExpr(outer!, cenv), dims: dims.map((d) => lowerExpr(d, env)),
  };
}
