/**
 * Lowers bound scalar expressions to plan expressions. Built-ins are dispatched by the binder's symbol
 * (registry.ts); user and workspace functions are inlined from their per-call-site expansion.
 */
import { loadKusto, toArray } from '../kusto.ts';
import type { ColumnSchema } from '../schema.ts';
import { lookupAggregate, lookupScalar, lookupWindow } from '../functions/registry.ts';
import { literalValue, LiteralError } from '../frontend/literals.ts';
import { isTabular, kindOf, listOf, scalarTypeOf, symbolKindOf, textOf, type Node } from '../frontend/syntax.ts';
import { Scope, type LowerContext } from './context.ts';
import { RUNTIME_COLUMNS, type Expr, type Plan, type StaticSite } from './nodes.ts';

/** Collects aggregate calls met while lowering a summarize's aggregate expressions. */
export interface AggregateSink {
  add(call: Node, env: ExprEnv): Expr;
}

export interface ExprEnv {
  ctx: LowerContext;
  scope: Scope;
  /** The row scope: columns of the operator's input, by name. */
  columns: ColumnSchema[];
  aggregates?: AggregateSink;
  lowerTabular(node: Node, scope: Scope): Plan;
}

const VOLATILE = new Set(['rand', 'new_guid']);

/** Why a built-in of the reference has no local implementation, for its KQL_UNSUPPORTED message. */
function whyUnsupported(name: string): string | undefined {
  if (name === 'geo_info_from_ip_address') return 'it reads the GeoIP database that ships with Kusto';
  if (name === 'parse_user_agent') return 'it reads the user-agent database that ships with Kusto';
  if (name === 'hash_many' || name === 'hash_combine') return 'Kusto does not document its hash algorithm';
  if (/^(current_|extent_|cursor_|estimate_)/.test(name) || name === 'row_id') return 'it reads Azure Data Explorer cluster or storage state that a local run does not have';
  return undefined;
}

export function constExpr(value: unknown, type: Expr['type'] = 'unknown'): Expr {
  return { kind: 'const', type, value } as Expr;
}

export function columnIndex(columns: ColumnSchema[], name: string): number {
  for (let i = 0; i < columns.length; i++) if (columns[i]!.name === name) return i;
  return -1;
}

export function columnExpr(columns: ColumnSchema[], index: number): Expr {
  const c = columns[index]!;
  return { kind: 'column', type: c.type, index, name: c.name };
}

export function lowerExpr(n: Node, env: ExprEnv): Expr {
  const kind = kindOf(n);
  // datetime(now): the query's current time, as now() (scalar-data-types/datetime; Kusto also accepts it in literals)
  if (kind === 'DateTimeLiteralExpression' && /^datetime\s*\(\s*now\s*\)$/i.test(textOf(n))) {
    const factory = lookupScalar(loadKusto().Kusto.Language.Functions.Now)!;
    return { kind: 'call', type: 'datetime', factory, site: { argTypes: [], resultType: 'datetime', constants: [], name: 'now' }, args: [], volatile: false };
  }
  if (kind.endsWith('LiteralExpression') && kind !== 'TokenLiteralExpression' || kind === 'DynamicExpression') {
    try {
      return constExpr(literalValue(n), scalarTypeOf(n));
    } catch (e) {
      if (e instanceof LiteralError) throw env.ctx.runtimeError(e.message, n);
      throw e;
    }
  }
  switch (kind) {
    case 'ParenthesizedExpression':
      if (isTabular(n)) return { kind: 'toscalar', type: 'unknown', plan: env.lowerTabular(n.Expression, env.scope) };
      return lowerExpr(n.Expression, env);
    case 'NameReference':
    case 'BracketedNameReference':
      return lowerName(n, env);
    case 'AndExpression':
    case 'OrExpression':
      return { kind: kind === 'AndExpression' ? 'and' : 'or', type: 'bool', args: [lowerExpr(n.Left, env), lowerExpr(n.Right, env)] };
    case 'BetweenExpression':
    case 'NotBetweenExpression':
      return operatorCall(n, [lowerExpr(n.Left, env), lowerExpr(n.Right.First, env), lowerExpr(n.Right.Second, env)],
        [n.Left, n.Right.First, n.Right.Second], env);
    case 'InExpression': case 'InCsExpression': case 'NotInExpression': case 'NotInCsExpression':
    case 'HasAnyExpression': case 'HasAllExpression': {
      const items = listOf(n.Right.Expressions);
      const args = [lowerExpr(n.Left, env), ...items.map((it) => listItem(it, env))];
      return operatorCall(n, args, [n.Left, ...items], env);
    }
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression':
      return operatorCall(n, [lowerExpr(n.Expression, env)], [n.Expression], env);
    case 'FunctionCallExpression':
      return lowerCall(n, env);
    case 'PathExpression': {
      // `step.column` inside scan and `$left.column` in a join's where clause: the row scope has a column of that
      // name (see the scan and join plan nodes)
      const holder = n.Expression.ReferencedSymbol ? symbolKindOf(n.Expression.ReferencedSymbol) : '';
      if (kindOf(n.Expression) === 'NameReference' && (holder === 'Variable' || holder === 'Tuple')) {
        const i = columnIndex(env.columns, `${String(n.Expression.SimpleName)}.${String(n.Selector.SimpleName)}`);
        if (i >= 0) return columnExpr(env.columns, i);
      }
      // `x.[k]`: a bracketed selector is an expression (a key or an index), as in x[k]
      if (n.Selector.SimpleName === undefined && n.Selector.Expression) {
        return { kind: 'member', type: scalarTypeOf(n), target: lowerExpr(n.Expression, env), key: lowerExpr(n.Selector.Expression, env) };
      }
      return { kind: 'member', type: scalarTypeOf(n), target: lowerExpr(n.Expression, env), key: constExpr(String(n.Selector.SimpleName), 'string') };
    }
    case 'ElementExpression':
      return { kind: 'member', type: scalarTypeOf(n), target: lowerExpr(n.Expression, env), key: lowerExpr(n.Selector.Expression, env) };
    case 'ToScalarExpression':
      if (!isTabular(n.Expression)) return lowerExpr(n.Expression, env);
      return { kind: 'toscalar', type: scalarTypeOf(n), plan: env.lowerTabular(n.Expression, env.scope) };
    case 'SimpleNamedExpression':
      return lowerExpr(n.Expression, env);
    default:
      if (n.Left && n.Right && n.ReferencedSymbol && symbolKindOf(n.ReferencedSymbol) === 'Operator') {
        return operatorCall(n, [lowerExpr(n.Left, env), lowerExpr(n.Right, env)], [n.Left, n.Right], env);
      }
      env.ctx.unsupportedUse(`expression ${kind}`, n);
      return constExpr(null);
  }
}

/** An item of an `in (...)` list: a scalar, or a tabular expression whose first column is the list. */
function listItem(n: Node, env: ExprEnv): Expr {
  if (isTabular(n)) return { kind: 'tablist', type: 'dynamic', plan: env.lowerTabular(n, env.scope) };
  if (kindOf(n) === 'NameReference') {
    const b = env.scope.get(String(n.SimpleName));
    if (b?.kind === 'tabular') return { kind: 'tablist', type: 'dynamic', plan: b.plan };
  }
  return lowerExpr(n, env);
}

function site(n: Node, argNodes: Node[], name: string): StaticSite {
  return { argTypes: argNodes.map((a) => scalarTypeOf(a)), resultType: scalarTypeOf(n), constants: [], name };
}

function operatorCall(n: Node, args: Expr[], argNodes: Node[], env: ExprEnv): Expr {
  const sym = n.ReferencedSymbol ?? n.ReferencedSignature?.Symbol;
  const factory = sym ? lookupScalar(sym) : undefined;
  const name = sym ? String(sym.Name) : kindOf(n);
  if (!factory) {
    env.ctx.unsupportedUse(`operator ${operatorText(n) ?? name}`, n);
    return constExpr(null);
  }
  return { kind: 'call', type: scalarTypeOf(n), factory, site: site(n, argNodes, operatorText(n) ?? name), args, volatile: false, operator: name };
}

function operatorText(n: Node): string | undefined {
  const op = n.Operator;
  return op && op.Text !== undefined ? String(op.Text) : undefined;
}

function lowerName(n: Node, env: ExprEnv): Expr {
  const name = String(n.SimpleName);
  const sym = n.ReferencedSymbol;
  const sk = sym ? symbolKindOf(sym) : 'None';
  if (sk === 'Column' || sk === 'None') {
    const i = columnIndex(env.columns, name);
    if (i >= 0) return columnExpr(env.columns, i);
  }
  const b = env.scope.get(name);
  if (b?.kind === 'scalar') return b.expr;
  if (b?.kind === 'tabular') return { kind: 'toscalar', type: 'unknown', plan: b.plan };
  if (env.ctx.options.parameterNames.has(name)) return { kind: 'param', type: scalarTypeOf(n), name, fallback: null };
  if (sk === 'Column' && columnIndex(env.columns, name) < 0) {
    // a column only known at run time (after evaluate bag_unpack or pivot): read it from the row's bag
    const hidden = env.columns.findIndex((c) => c.name.startsWith(RUNTIME_COLUMNS) && name.startsWith(c.name.slice(RUNTIME_COLUMNS.length)));
    if (hidden >= 0) {
      const key = name.slice(env.columns[hidden]!.name.length - RUNTIME_COLUMNS.length);
      return { kind: 'member', type: scalarTypeOf(n), target: columnExpr(env.columns, hidden), key: constExpr(key, 'string') };
    }
    env.ctx.unsupportedUse(`column ${name}, whose existence is only known at run time`, n);
    return constExpr(null);
  }
  if (sk === 'Function') return lowerCall(n, env);
  throw env.ctx.runtimeError(`cannot resolve name ${name} (${sk})`, n);
}

export function isBuiltinAggregate(sym: object, ctx: LowerContext): boolean {
  return ctx.builtinAggregates.has(sym);
}

/** bin_auto(x) is bin_at(x, query_bin_auto_size, query_bin_auto_at), both from the query's `set` statements. */
function binAuto(n: Node, argNodes: Node[], env: ExprEnv): Expr {
  const size = env.ctx.queryOptions.get('query_bin_auto_size');
  const factory = lookupScalar(loadKusto().Kusto.Language.Functions.BinAt);
  if (!size || !factory) {
    env.ctx.unsupportedUse('bin_auto() without `set query_bin_auto_size`', n);
    return constExpr(null);
  }
  const at = env.ctx.queryOptions.get('query_bin_auto_at') ?? constExpr(0, scalarTypeOf(n));
  const args = [lowerExpr(argNodes[0], env), size, at];
  const argTypes = [scalarTypeOf(argNodes[0]), size.type, at.type];
  return { kind: 'call', type: scalarTypeOf(n), factory, site: { argTypes, resultType: scalarTypeOf(n), constants: [], name: 'bin_at' }, args, volatile: false };
}

function lowerCall(n: Node, env: ExprEnv): Expr {
  const sym = n.ReferencedSymbol;
  const { ctx } = env;
  if (!sym) {
    ctx.unsupportedUse(`function ${textOf(n)}`, n);
    return constExpr(null);
  }
  const name = String(sym.Name);
  if (ctx.builtinAggregates.has(sym)) {
    if (!env.aggregates) throw ctx.runtimeError(`aggregate ${name}() can only be used in summarize or make-series`, n);
    return env.aggregates.add(n, env);
  }
  const argNodes = n.ArgumentList ? listOf(n.ArgumentList.Expressions) : [];
  if (ctx.builtinFunctions.has(sym)) {
    const F = loadKusto().Kusto.Language.Functions;
    if (sym === F.ColumnIfExists || sym === F.ColumnIfExists_Deprecated) {
      const colName = String(literalValue(argNodes[0]));
      const i = columnIndex(env.columns, colName);
      if (i >= 0) return columnExpr(env.columns, i);
      const fallback = lowerExpr(argNodes[1], env);
      // after bag_unpack or pivot, a column the binder does not know may exist at run time, in the hidden column
      const hidden = env.columns.findIndex((c) => c.name.startsWith(RUNTIME_COLUMNS));
      if (hidden < 0) return fallback;
      const prefix = env.columns[hidden]!.name.slice(RUNTIME_COLUMNS.length);
      if (!colName.startsWith(prefix)) return fallback;
      const key = colName.slice(prefix.length);
      const type = scalarTypeOf(n);
      const factory = () => (bag: unknown, otherwise: unknown) =>
        bag && typeof bag === 'object' && Object.prototype.hasOwnProperty.call(bag, key) ? (bag as Record<string, unknown>)[key] : otherwise;
      return {
        kind: 'call', type, factory, args: [columnExpr(env.columns, hidden), fallback], volatile: false,
        site: { argTypes: ['dynamic', fallback.type], resultType: type, constants: [], name: 'column_ifexists' },
      };
    }
    if (sym === F.IsColumnExists) {
      return constExpr(columnIndex(env.columns, String(literalValue(argNodes[0]))) >= 0, 'bool');
    }
    if (sym === F.EstimateDataSize) {
      // estimate_data_size(*) or (col, ...): the columns' values go to the built-in with their types
      const cols = argNodes.some((a) => kindOf(a) === 'StarExpression')
        ? env.columns.map((_, i) => columnExpr(env.columns, i))
        : argNodes.map((a) => lowerExpr(a, env));
      const factory = lookupScalar(sym)!;
      return { kind: 'call', type: 'long', factory, site: { argTypes: cols.map((c) => c.type), resultType: 'long', constants: [], name }, args: cols, volatile: false };
    }
    if (sym === F.PackAll) {
      const skip = argNodes[0] ? lowerExpr(argNodes[0], env) : constExpr(false);
      return {
        kind: 'pack', type: 'dynamic', skipEmpty: skip.kind === 'const' && skip.value === true,
        columns: env.columns.map((c, index) => ({ name: c.name, index, type: c.type })),
      };
    }
    if (sym === F.BagPackColumns) {
      const columns = argNodes.map((a) => {
        const e = lowerExpr(a, env);
        if (e.kind !== 'column') throw ctx.runtimeError('bag_pack_columns() takes column names', a);
        return { name: e.name, index: e.index, type: env.columns[e.index]!.type };
      });
      return { kind: 'pack', type: 'dynamic', skipEmpty: false, columns };
    }
    if (sym === F.ColumnNamesOf && argNodes[0] && isTabular(argNodes[0])) {
      return constExpr(toArray(argNodes[0].ResultType.Columns).map((c) => String(c.Name)), 'dynamic');
    }
    if (sym === F.BinAuto) return binAuto(n, argNodes, env);
    const win = lookupWindow(sym);
    if (win) return { kind: 'window', type: scalarTypeOf(n), fn: win, site: site(n, argNodes, name), args: argNodes.map((a) => lowerExpr(a, env)) };
    const factory = lookupScalar(sym);
    if (factory && sym === F.IngestionTime) {
      // The built-in reads the row's hidden ingestion time, passed to it as its only argument.
      ctx.usesIngestionTime = true;
      return { kind: 'call', type: 'datetime', factory, site: site(n, argNodes, name), args: [{ kind: 'ingestion', type: 'datetime' }], volatile: false };
    }
    if (!factory) {
      ctx.unsupportedUse(`function ${name}()`, n, whyUnsupported(name));
      return constExpr(null);
    }
    return { kind: 'call', type: scalarTypeOf(n), factory, site: site(n, argNodes, name), args: argNodes.map((a) => lowerExpr(a, env)), volatile: VOLATILE.has(name) };
  }
  // A user (let) or workspace function: inline its expansion for this call site.
  const body = n.GetCalledFunctionBody?.();
  if (!body) {
    ctx.unsupportedUse(`function ${name}()`, n);
    return constExpr(null);
  }
  const scope = bindParameters(n, argNodes, env);
  return lowerFunctionBodyScalar(body, { ...env, scope });
}

/** Binds a called function's parameters (by name, as they appear in the expansion) to the call's arguments. */
export function bindParameters(call: Node, argNodes: Node[], env: ExprEnv, skip = 0): Scope {
  const scope = new Scope(env.scope);
  const sig = call.ReferencedSignature;
  const params = sig ? toArray(sig.Parameters).slice(skip) : [];
  // named arguments (`f(c=7, a=12)`) bind by name; the others to the parameter at their own position, as the
  // reference has it (callers give unnamed arguments in declaration order: `f(len=3, input)` binds input to the
  // second parameter)
  const named = new Map<string, Node>();
  const positional: (Node | undefined)[] = [];
  argNodes.forEach((a, k) => {
    if (kindOf(a) === 'SimpleNamedExpression' && params.some((p) => String(p.Name) === String(a.Name.SimpleName))) {
      named.set(String(a.Name.SimpleName), a.Expression);
    } else positional[k] = a;
  });
  params.forEach((p, i) => {
    const pname = String(p.Name);
    const arg = named.get(pname) ?? positional[i];
    if (!arg) {
      const dv = p.DefaultValue;
      if (dv !== undefined && dv !== null && typeof dv === 'object' && typeof dv.Kind === 'number') {
        // the declaration's default is a syntax node (usually a literal): lower it like any other expression
        scope.set(pname, { kind: 'scalar', expr: lowerExpr(dv, env) });
      } else if (dv !== undefined && dv !== null) {
        let v = typeof dv === 'object' && typeof dv.toString === 'function' && typeof dv.toNumber === 'function' ? Number(dv.toString()) : dv;
        // string defaults come back as their literal text
        if (typeof v === 'string' && /^\s*(@?)(["'])(.*)\2\s*$/s.test(v)) v = v.trim().replace(/^@/, '').slice(1, -1);
        scope.set(pname, { kind: 'scalar', expr: constExpr(v) });
      } else scope.set(pname, { kind: 'scalar', expr: constExpr(null) });
      return;
    }
    if (isTabular(arg)) scope.set(pname, { kind: 'tabular', plan: env.lowerTabular(arg, env.scope) });
    else scope.set(pname, { kind: 'scalar', expr: lowerExpr(arg, env) });
  });
  return scope;
}

/** Lowers `let` statements of a function body, returning the scope they define. */
export function lowerLets(statements: Node[], env: ExprEnv): Scope {
  const scope = new Scope(env.scope);
  for (const st of statements) {
    if (kindOf(st) !== 'LetStatement') continue;
    const name = String(st.Name.SimpleName);
    const e = st.Expression;
    const k = kindOf(e);
    if (k === 'FunctionDeclaration') continue; // calls are expanded at their call sites
    if (isTabular(e) || k === 'MaterializeExpression') scope.set(name, { kind: 'tabular', plan: env.lowerTabular(e, scope) });
    else scope.set(name, { kind: 'scalar', expr: lowerExpr(e, { ...env, scope, columns: [] }) });
  }
  return scope;
}

function lowerFunctionBodyScalar(body: Node, env: ExprEnv): Expr {
  const scope = lowerLets(listOf(body.Statements), env);
  const e = body.Expression;
  if (isTabular(e)) return { kind: 'toscalar', type: 'unknown', plan: env.lowerTabular(e, scope) };
  return lowerExpr(e, { ...env, scope });
}

export { lookupAggregate };
