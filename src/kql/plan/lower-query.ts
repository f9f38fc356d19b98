/**
 * Lowers a bound query (statements and tabular operators) to the logical plan. Output schemas come from the
 * binder's ResultType of each operator, so generated names (count_, set_X, Column1, join suffixes, arg_max(x, *)
 * expansions, union supersets) are Kusto's own.
 */
import { argTableName, isArgCall } from '../arg.ts';
import { loadKusto, toArray } from '../kusto.ts';
import { KqlError } from '../engine-api.ts';
import type { ColumnSchema } from '../schema.ts';
import { lookupAggregate } from '../functions/registry.ts';
import { literalValue } from '../frontend/literals.ts';
import {
  columnsOf, isTabular, kindOf, listOf, namedParameters, scalarTypeOf, sourceTextOf, symbolKindOf, textOf, type Node,
} from '../frontend/syntax.ts';
import { LowerContext, Scope, placeholderPlan } from './context.ts';
import {
  bindParameters, columnExpr, columnIndex, constExpr, lowerExpr, lowerLets, type AggregateSink, type ExprEnv,
} from './lower-expr.ts';
import { RUNTIME_COLUMNS, type AggregateSpec, type Expr, type Plan, type SortKey } from './nodes.ts';
import { lowerExtraOperator } from './lower-operators.ts';

export interface LoweredQuery {
  plan: Plan;
  /** `declare query_parameters` names with their default values. */
  parameters: Map<string, Expr | null>;
  /** Whether the query calls ingestion_time(): only then do table scans attach the rows' ingestion times. */
  usesIngestionTime: boolean;
  /** Warnings found while lowering (see LowerContext.warnings). */
  warnings: string[];
}

/** Lowers the statements of a query block; the last tabular statement is the result. */
export function lowerQuery(root: Node, ctx: LowerContext): LoweredQuery {
  const parameters = new Map<string, Expr | null>();
  let scope = new Scope();
  let result: Plan | null = null;
  const lowerer = new TabularLowerer(ctx);
  for (const st of listOf(root.Statements)) {
    const k = kindOf(st);
    if (k === 'LetStatement') {
      scope = lowerLets([st], lowerer.env(scope, []));
    } else if (k === 'QueryParametersStatement') {
      for (const p of listOf(st.Parameters)) {
        const name = String(p.NameAndType.Name.SimpleName);
        ctx.options.parameterNames.add(name);
        parameters.set(name, p.DefaultValue ? lowerExpr(p.DefaultValue.Value, lowerer.env(scope, [])) : null);
      }
    } else if (k === 'ExpressionStatement') {
      const e = st.Expression;
      if (isTabular(e)) result = lowerer.tabular(e, scope);
      else {
        const expr = lowerExpr(e, lowerer.env(scope, []));
        result = { op: 'print', columns: [{ name: 'print_0', type: scalarTypeOrDynamic(e) }], exprs: [expr] };
      }
    } else if (k === 'SetOptionStatement') {
      // `set` options do not change results locally, except those read by functions (bin_auto)
      const value = st.ValueClause?.Expression;
      if (value) ctx.queryOptions.set(String(st.Name.SimpleName).toLowerCase(), lowerExpr(value, lowerer.env(scope, [])));
    } else {
      ctx.unsupportedUse(`statement ${k}`, st);
    }
  }
  if (!result) throw ctx.runtimeError('the query has no tabular expression to return');
  return { plan: result, parameters, usesIngestionTime: ctx.usesIngestionTime, warnings: ctx.warnings };
}

function scalarTypeOrDynamic(n: Node): ColumnSchema['type'] {
  const t = scalarTypeOf(n);
  return t === 'unknown' ? 'dynamic' : t;
}

const SORT_DEFAULT_DESC = true;

export class TabularLowerer {
  constructor(readonly ctx: LowerContext) {}

  env(scope: Scope, columns: ColumnSchema[]): ExprEnv {
    return { ctx: this.ctx, scope, columns, lowerTabular: (n, s) => this.tabular(n, s) };
  }

  tabular(n: Node, scope: Scope): Plan {
    const k = kindOf(n);
    const columns = columnsOf(n.ResultType);
    switch (k) {
      case 'PipeExpression':
        return this.operator(n.Operator, this.tabular(n.Expression, scope), scope);
      case 'ParenthesizedExpression':
        return this.tabular(n.Expression, scope);
      case 'NameReference':
      case 'BracketedNameReference':
        return this.name(n, scope);
      case 'FunctionCallExpression':
        return this.call(n, scope);
      case 'PathExpression': {
        // `arg("").Resources`: a table of the Resource Graph database (see ../arg.ts)
        const table = n.Selector?.ReferencedSymbol;
        if (table && symbolKindOf(table) === 'Table' && isArgCall(n.Expression)) return { op: 'table', name: argTableName(String(table.Name)), columns };
        this.ctx.unsupportedUse(describe(k), n);
        return placeholderPlan(columns);
      }
      case 'MaterializeExpression':
        return { op: 'materialize', columns, input: this.tabular(n.Expression, scope), id: this.ctx.id() };
      case 'DataTableExpression':
        return this.datatable(n, columns);
      case 'PrintOperator': {
        const items: Node[] = listOf(n.Expressions);
        // a call returning several columns (array_sort_asc(a, b), series_stats(x)) or `(a, b) = f(...)`: one
        // column per member, as project makes them, over print's single row
        const tuples = items.some((e) => kindOf(e) === 'CompoundNamedExpression' || (kindOf(e) === 'FunctionCallExpression' && e.ResultType?.Columns));
        if (tuples) return this.project(items, { op: 'print', columns: [], exprs: [] }, columns, scope);
        return { op: 'print', columns, exprs: items.map((e) => lowerExpr(e, this.env(scope, []))) };
      }
      case 'RangeOperator': {
        const env = this.env(scope, []);
        return { op: 'range', columns, from: lowerExpr(n.From, env), to: lowerExpr(n.To, env), step: lowerExpr(n.Step, env) };
      }
      case 'UnionOperator':
        return this.union(n, [], scope);
      default: {
        const extra = lowerExtraOperator(this, n, null, scope);
        if (extra) return extra;
        this.ctx.unsupportedUse(describe(k), n);
        return placeholderPlan(columns);
      }
    }
  }

  private name(n: Node, scope: Scope): Plan {
    const name = String(n.SimpleName);
    const sym = n.ReferencedSymbol;
    const sk = sym ? symbolKindOf(sym) : 'None';
    const b = scope.get(name);
    if (b?.kind === 'tabular' && sk !== 'Table') return b.plan;
    if (sk === 'Table') return { op: 'table', name: String(sym.Name), columns: columnsOf(n.ResultType) };
    if (sk === 'Function') return this.call(n, scope);
    if (b?.kind === 'tabular') return b.plan;
    throw this.ctx.runtimeError(`${name} is not a table`, n);
  }

  private call(n: Node, scope: Scope): Plan {
    const sym = n.ReferencedSymbol;
    const columns = columnsOf(n.ResultType);
    const F = loadKusto().Kusto.Language.Functions;
    const argNodes = n.ArgumentList ? listOf(n.ArgumentList.Expressions) : [];
    if (sym === F.Table) {
      const env = this.env(scope, []);
      const nameExpr = lowerExpr(argNodes[0], env);
      if (nameExpr.kind !== 'const') throw this.ctx.runtimeError('table() needs a constant table name', n);
      return { op: 'table', name: String(nameExpr.value), columns };
    }
    if (sym && this.ctx.builtinFunctions.has(sym)) {
      this.ctx.unsupportedUse(`function ${sym.Name}()`, n);
      return placeholderPlan(columns);
    }
    const body = n.GetCalledFunctionBody?.();
    if (!body) {
      this.ctx.unsupportedUse(`function ${sym?.Name ?? textOf(n)}`, n);
      return placeholderPlan(columns);
    }
    const env = this.env(scope, []);
    const inner = bindParameters(n, argNodes, env);
    const bodyScope = lowerLets(listOf(body.Statements), { ...env, scope: inner });
    return this.tabular(body.Expression, bodyScope);
  }

  private datatable(n: Node, columns: ColumnSchema[]): Plan {
    const values = listOf(n.Values).map((v) => {
      const e = lowerExpr(v, this.env(new Scope(), []));
      if (e.kind !== 'const') throw this.ctx.runtimeError('datatable values must be literals', v);
      return e.value;
    });
    const width = columns.length;
    if (width === 0 || values.length % width !== 0) {
      throw this.ctx.runtimeError(`datatable has ${values.length} values for ${width} columns`, n);
    }
    const rows: unknown[][] = [];
    for (let i = 0; i < values.length; i += width) rows.push(values.slice(i, i + width));
    return { op: 'rows', columns, rows };
  }

  /**
   * A pipeline whose first operator has an implicit input (the subquery of mv-apply): `where x > 1 | summarize ...`.
   */
  chain(n: Node, implicitInput: Plan, scope: Scope): Plan {
    if (kindOf(n) === 'PipeExpression') return this.operator(n.Operator, this.chain(n.Expression, implicitInput, scope), scope);
    if (kindOf(n) === 'ParenthesizedExpression') return this.chain(n.Expression, implicitInput, scope);
    if (kindOf(n).endsWith('Operator')) return this.operator(n, implicitInput, scope);
    return this.tabular(n, scope);
  }

  /** Selects the binder's output columns (by name) from a plan. */
  selectNamed(plan: Plan, expected: ColumnSchema[], keepRuntime = false): Plan {
    return this.reorderTo(plan, plan.columns, expected, keepRuntime);
  }

  /** Extends the input with named expressions (used by mv-expand and mv-apply for `name = expr` items). */
  extendWith(items: Node[], input: Plan, scope: Scope): { plan: Plan; names: string[] } {
    const { plan, names } = this.computeColumns(items, input, [], scope, true);
    return { plan, names };
  }

  /** One tabular operator applied to its input. */
  operator(op: Node, input: Plan, scope: Scope): Plan {
    const k = kindOf(op);
    const columns = columnsOf(op.ResultType);
    const env = this.env(scope, input.columns);
    switch (k) {
      case 'FilterOperator':
        return { op: 'where', columns: input.columns, input, predicate: lowerExpr(op.Condition, env) };
      case 'ExtendOperator':
        return this.extend(listOf(op.Expressions), input, columns, scope);
      case 'ProjectOperator':
        return this.project(listOf(op.Expressions), input, columns, scope);
      case 'ProjectAwayOperator':
      case 'ProjectKeepOperator':
      case 'ProjectReorderOperator':
      case 'ProjectByNamesOperator': // the binder resolves the names and wildcards to the output columns
        return this.selectByName(input, columns, new Map(), op);
      case 'ProjectRenameOperator': {
        const renames = new Map<string, string>();
        for (const e of listOf(op.Expressions)) {
          if (kindOf(e) === 'SimpleNamedExpression') renames.set(String(e.Name.SimpleName), String(e.Expression.SimpleName));
        }
        return this.selectByName(input, columns, renames, op);
      }
      case 'SummarizeOperator':
        return this.summarize(op, input, columns, scope);
      case 'CountOperator':
        return { op: 'count', columns, input };
      case 'TakeOperator':
        return { op: 'take', columns: input.columns, input, count: lowerExpr(op.Expression, env) };
      case 'SortOperator':
        return { op: 'sort', columns: input.columns, input, keys: listOf(op.Expressions).map((e) => this.sortKey(e, env)) };
      case 'TopOperator':
        return { op: 'top', columns: input.columns, input, count: lowerExpr(op.Expression, env), keys: [this.sortKey(op.ByExpression, env)] };
      case 'DistinctOperator': {
        const items = listOf(op.Expressions);
        const exprs = items.length === 1 && kindOf(items[0]) === 'StarExpression'
          ? input.columns.map((_, i) => columnExpr(input.columns, i))
          : items.map((e) => lowerExpr(e, env));
        return { op: 'distinct', columns, input, exprs };
      }
      case 'UnionOperator':
        return this.union(op, [input], scope);
      case 'SerializeOperator': {
        const items = listOf(op.Expressions);
        return items.length ? this.extend(items, input, columns, scope) : input;
      }
      case 'AsOperator':
      case 'RenderOperator':
        return input;
      default: {
        const extra = lowerExtraOperator(this, op, input, scope);
        if (extra) return extra;
        this.ctx.unsupportedUse(describe(k), op);
        return placeholderPlan(columns);
      }
    }
  }

  sortKey(e: Node, env: ExprEnv): SortKey {
    if (kindOf(e) !== 'OrderedExpression') return { expr: lowerExpr(e, env), descending: SORT_DEFAULT_DESC, nullsFirst: !SORT_DEFAULT_DESC };
    const ord = e.Ordering;
    const dirText = ord?.AscOrDescKeyword ? String(ord.AscOrDescKeyword.Text).toLowerCase() : '';
    const descending = dirText ? dirText === 'desc' : SORT_DEFAULT_DESC;
    const nullsText = ord?.NullsClause ? String(ord.NullsClause.FirstOrLastKeyword.Text).toLowerCase() : '';
    // Kusto: nulls last when descending, first when ascending, unless stated.
    const nullsFirst = nullsText ? nullsText === 'first' : !descending;
    return { expr: lowerExpr(e.Expression, env), descending, nullsFirst };
  }

  /**
   * Evaluates named expressions one after another over a growing row scope (as `extend` does) and returns the
   * plan plus the scope's columns.
   */
  private computeColumns(items: Node[], input: Plan, expected: ColumnSchema[], scope: Scope, isProject: boolean):
    { plan: Plan; cols: ColumnSchema[]; names: string[] } {
    const cols = [...input.columns];
    const assigns: { index: number; expr: Expr }[] = [];
    const names: string[] = [];
    const explicit = new Set(items.filter((e) => kindOf(e) === 'SimpleNamedExpression').map((e) => String(e.Name.SimpleName)));
    const inputNames = new Set(input.columns.map((c) => c.name));
    const generated = expected.map((c) => c.name).filter((nm) => !explicit.has(nm) && !(isProject ? false : inputNames.has(nm)));
    let gen = 0;
    for (const item of items) {
      const k = kindOf(item);
      if (k === 'CompoundNamedExpression') {
        // (a, b, c) = f(...): f returns one value per name (an array); computed once into a hidden column
        const tuple = lowerExpr(item.Expression, this.env(scope, cols));
        const hidden = cols.length;
        cols.push({ name: `__tuple${hidden}`, type: 'dynamic' });
        assigns.push({ index: hidden, expr: tuple });
        listOf(item.Names.Names).forEach((nd: Node, j: number) => {
          const name = String(nd.SimpleName);
          const type = expected.find((c) => c.name === name)?.type ?? 'dynamic';
          let index = columnIndex(cols, name);
          if (index >= 0) cols[index] = { name, type };
          else {
            index = cols.length;
            cols.push({ name, type });
          }
          const source: Expr = { kind: 'column', type: 'dynamic', index: hidden, name: `__tuple${hidden}` };
          assigns.push({ index, expr: { kind: 'member', type, target: source, key: constExpr(j, 'long') } });
          names.push(name);
        });
        continue;
      }
      let name: string;
      let exprNode: Node;
      if (k === 'SimpleNamedExpression' && !tupleCall(item.Expression)) {
        name = String(item.Name.SimpleName);
        exprNode = item.Expression;
      } else if ((k === 'NameReference' || k === 'BracketedNameReference') && columnIndex(cols, String(item.SimpleName)) >= 0) {
        name = String(item.SimpleName);
        exprNode = item;
        if (isProject) {
          names.push(name);
          continue;
        }
      } else if (tupleCall(item) || (k === 'SimpleNamedExpression' && tupleCall(item.Expression))) {
        // a call returning a tuple (series_stats(x)) adds one column per tuple member, named by the binder; `f =
        // series_decompose(x)` names the first one f
        const call = k === 'SimpleNamedExpression' ? item.Expression : item;
        const width = toArray(call.ResultType.Columns).length;
        const tuple = lowerExpr(call, this.env(scope, cols));
        const hidden = cols.length;
        cols.push({ name: `__tuple${hidden}`, type: 'dynamic' });
        assigns.push({ index: hidden, expr: tuple });
        const first = k === 'SimpleNamedExpression' ? [String(item.Name.SimpleName)] : [];
        const free = [...first, ...generated.filter((g) => !names.includes(g) && !first.includes(g) && columnIndex(cols, g) < 0)].slice(0, width);
        free.forEach((name, j) => {
          const type = expected.find((c) => c.name === name)?.type ?? 'dynamic';
          let index = columnIndex(cols, name);
          if (index >= 0) cols[index] = { name, type };
          else {
            index = cols.length;
            cols.push({ name, type });
          }
          const source: Expr = { kind: 'column', type: 'dynamic', index: hidden, name: `__tuple${hidden}` };
          assigns.push({ index, expr: { kind: 'member', type, target: source, key: constExpr(j, 'long') } });
          names.push(name);
        });
        continue;
      } else {
        exprNode = item;
        name = this.unnamedColumnName(item, names, cols, expected, generated, isProject) ?? generated[gen] ?? `Column${gen + 1}`;
        gen++;
      }
      const expr = lowerExpr(exprNode, this.env(scope, cols));
      const type = expected.find((c) => c.name === name)?.type ?? (expr.type === 'unknown' ? 'dynamic' : expr.type);
      let index = columnIndex(cols, name);
      if (index >= 0) cols[index] = { name, type };
      else {
        index = cols.length;
        cols.push({ name, type });
      }
      assigns.push({ index, expr });
      names.push(name);
    }
    const plan: Plan = assigns.length ? { op: 'extend', columns: cols, input, assigns } : input;
    return { plan, cols, names };
  }

  /**
   * The column name Kusto gives an unnamed expression: the binder's own rule (`round(d)` is `d`, `strcat(a, b)` has
   * none and gets the next generated `ColumnN`). In a project, a name already used by an earlier item becomes the
   * binder's suffixed name (`d1`) when the output has one.
   */
  private unnamedColumnName(item: Node, names: string[], cols: ColumnSchema[], expected: ColumnSchema[], generated: string[], isProject: boolean): string | undefined {
    const { Kusto } = loadKusto();
    const derived: string | null = Kusto.Language.KustoFacts.GetExpressionResultName(item, null, null);
    if (derived) {
      if (!isProject || !names.includes(derived)) return derived;
      const suffixed = expected.find((c) => !names.includes(c.name) && new RegExp(`^${derived.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d+$`).test(c.name));
      return suffixed?.name ?? derived;
    }
    return generated.find((g) => !names.includes(g) && (isProject || columnIndex(cols, g) < 0));
  }

  private extend(items: Node[], input: Plan, expected: ColumnSchema[], scope: Scope): Plan {
    const { plan, cols } = this.computeColumns(items, input, expected, scope, false);
    return this.reorderTo(plan, cols, expected, true);
  }

  private project(items: Node[], input: Plan, expected: ColumnSchema[], scope: Scope): Plan {
    const { plan, cols } = this.computeColumns(items, input, expected, scope, true);
    return this.reorderTo(plan, cols, expected);
  }

  /**
   * Selects the binder's output columns (by name) from a plan whose columns are `cols`. Columns the binder lists but
   * the plan lacks come from the hidden run-time columns (after bag_unpack or pivot); `keepRuntime` carries the
   * hidden column on (extend keeps every column, project does not).
   */
  private reorderTo(plan: Plan, cols: ColumnSchema[], expected: ColumnSchema[], keepRuntime = false): Plan {
    const hidden = cols.findIndex((c) => c.name.startsWith(RUNTIME_COLUMNS));
    if (hidden < 0 && expected.length === cols.length && expected.every((c, i) => c.name === cols[i]!.name)) {
      plan.columns = expected;
      return plan;
    }
    let source = plan;
    let available = cols;
    const missing = expected.filter((c) => columnIndex(cols, c.name) < 0);
    if (missing.length && hidden >= 0) {
      const prefix = cols[hidden]!.name.slice(RUNTIME_COLUMNS.length);
      available = [...cols];
      const assigns = missing.map((c) => {
        const index = available.length;
        available.push(c);
        const key = c.name.startsWith(prefix) ? c.name.slice(prefix.length) : c.name;
        const expr: Expr = { kind: 'member', type: c.type, target: columnExpr(cols, hidden), key: constExpr(key, 'string') };
        return { index, expr };
      });
      source = { op: 'extend', columns: available, input: plan, assigns };
    }
    const indices = expected.map((c) => columnIndex(available, c.name));
    if (indices.some((i) => i < 0)) throw this.ctx.runtimeError(`internal: cannot find output columns ${expected.map((c) => c.name).join(', ')}`);
    if (keepRuntime && hidden >= 0) {
      indices.push(hidden);
      return { op: 'select', columns: [...expected, cols[hidden]!], input: source, indices };
    }
    return { op: 'select', columns: expected, input: source, indices };
  }

  private selectByName(input: Plan, expected: ColumnSchema[], renames: Map<string, string>, op: Node): Plan {
    const indices = expected.map((c) => columnIndex(input.columns, renames.get(c.name) ?? c.name));
    if (indices.some((i) => i < 0)) throw this.ctx.runtimeError('internal: project output column not found in its input', op);
    return { op: 'select', columns: expected, input, indices };
  }

  summarize(op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
    const env = this.env(scope, input.columns);
    const byItems = op.ByClause ? listOf(op.ByClause.Expressions) : [];
    const keys = byItems.map((e) => lowerExpr(e, env));
    const sink = new SummarizeSink(this.ctx, keys.length);
    const outputs: Expr[] = keys.map((_, i) => columnExpr(columns, i));
    for (const item of listOf(op.Aggregates)) {
      const k = kindOf(item);
      const exprNode = k === 'SimpleNamedExpression' || k === 'CompoundNamedExpression' ? item.Expression : item;
      const before = sink.width;
      const e = lowerExpr(exprNode, { ...env, aggregates: sink });
      const added = sink.width - before;
      if (added > 1 && e.kind === 'column') {
        // a row picker (arg_max(x, *)) contributes several output columns
        for (let j = 0; j < added; j++) outputs.push({ kind: 'column', type: 'unknown', index: keys.length + before + j, name: '' });
      } else outputs.push(e);
    }
    if (outputs.length !== columns.length) {
      throw this.ctx.runtimeError(`internal: summarize produces ${outputs.length} columns, binder expects ${columns.length}`, op);
    }
    return { op: 'summarize', columns, input, keys, aggregates: sink.specs, outputs };
  }

  union(op: Node, leading: Plan[], scope: Scope): Plan {
    const columns = columnsOf(op.ResultType);
    const params = namedParameters(op.Parameters);
    const inputs = [...leading];
    const names: string[] = leading.length ? ['union_arg0'] : [];
    const fuzzy = params.has('isfuzzy') && textOf(params.get('isfuzzy')).toLowerCase() === 'true';
    for (const e of listOf(op.Expressions)) {
      // `*` or `Azure*`: the binder resolves the wildcard to a group of tables, one input each
      const sym = kindOf(e) === 'NameReference' ? e.ReferencedSymbol : null;
      if (sym && symbolKindOf(sym) === 'Group') {
        for (const m of toArray(sym.Members)) {
          if (symbolKindOf(m) !== 'Table') continue;
          inputs.push({ op: 'table', name: String(m.Name), columns: columnsOf(m) });
          names.push(String(m.Name));
        }
        continue;
      }
      // isfuzzy: operands over tables or functions that do not exist are skipped, with a warning (as Kusto does)
      if (fuzzy && (!isTabular(e) || (kindOf(e) === 'NameReference' && !e.ReferencedSymbol))) {
        this.ctx.warnings.push(`union isfuzzy=true: skipped ${sourceTextOf(e)}, which is not a known table or function`);
        continue;
      }
      let input: Plan;
      try {
        input = this.tabular(e, scope);
      } catch (err: unknown) {
        if (!fuzzy || !(err instanceof KqlError) || err.code !== 'KQL_RUNTIME') throw err;
        this.ctx.warnings.push(`union isfuzzy=true: skipped ${sourceTextOf(e)} (${err.message})`);
        continue;
      }
      inputs.push(input);
      names.push(unionInputName(e) ?? `union_arg${names.length}`);
    }
    // as Kusto: when no operand of a fuzzy union resolves, the query fails (union-operator, isfuzzy)
    if (fuzzy && inputs.length === 0) throw this.ctx.runtimeError('union isfuzzy=true: none of its operands is a known table or function', op);
    const kindParam = params.get('kind');
    const inner = kindParam && textOf(kindParam).toLowerCase() === 'inner';
    const withsource = params.get('withsource');
    const sourceColumn = withsource ? textOf(withsource) : null;
    const maps = (!inner && positionalUnionMaps(inputs, columns, sourceColumn)) || inputs.map((p) => columns.map((c) => {
      if (c.name === sourceColumn) return -1;
      let i = p.columns.findIndex((x) => x.name === c.name && x.type === c.type);
      if (i < 0) i = p.columns.findIndex((x) => `${x.name}_${x.type}` === c.name);
      if (i < 0 && !inner) i = -1;
      return i;
    }));
    return { op: 'union', columns, inputs, sourceColumn, sourceNames: names, maps };
  }
}

/** A function call whose binder result is a tuple of several columns (series_stats, series_decompose, ...). */
function tupleCall(n: Node): boolean {
  return Boolean(n && kindOf(n) === 'FunctionCallExpression' && n.ResultType?.Columns && !isTabular(n.Expression ?? {}) && toArray(n.ResultType.Columns).length > 1);
}

/**
 * The binder lists a union's columns in order of first appearance of each (name, type) across the inputs, renaming
 * a name met with several types (x_long, x_int, and x_long1 when an input has its own x_long). Following that
 * order maps each input column to its output column even when the renamed names collide. Null when the binder's
 * columns do not follow that order.
 */
function positionalUnionMaps(inputs: Plan[], columns: ColumnSchema[], sourceColumn: string | null): number[][] | null {
  const outputs = columns.map((c, j) => ({ c, j })).filter(({ c }) => c.name !== sourceColumn);
  const outputOf = new Map<string, number>();
  let next = 0;
  for (const p of inputs) {
    for (const c of p.columns) {
      const key = `${c.name}\u0000${c.type}`;
      if (outputOf.has(key)) continue;
      const out = outputs[next++];
      if (!out || !out.c.name.startsWith(c.name) || out.c.type !== c.type) return null;
      outputOf.set(key, out.j);
    }
  }
  if (next !== outputs.length) return null;
  return inputs.map((p) => {
    const map = columns.map(() => -1);
    p.columns.forEach((c, i) => { map[outputOf.get(`${c.name}\u0000${c.type}`)!] = i; });
    return map;
  });
}

/** Collects the aggregates of one summarize; each aggregate's result is a column after the group keys. */
export class SummarizeSink implements AggregateSink {
  readonly specs: AggregateSpec[] = [];
  width = 0;
  constructor(private readonly ctx: LowerContext, private readonly keyCount: number) {}

  add(call: Node, env: ExprEnv): Expr {
    const A = loadKusto().Kusto.Language.Aggregates;
    const sym = call.ReferencedSymbol;
    const name = String(sym.Name);
    const argNodes = call.ArgumentList ? listOf(call.ArgumentList.Expressions) : [];
    const rowEnv = { ...env, aggregates: undefined };
    const site = { argTypes: argNodes.map((a) => scalarTypeOf(a)), resultType: scalarTypeOf(call), constants: [] as unknown[], name };
    const pickerKind = sym === A.ArgMax || sym === A.ArgMax_Deprecated ? 'max'
      : sym === A.ArgMin || sym === A.ArgMin_Deprecated ? 'min'
        : (sym === A.TakeAny || sym === A.Any) && (argNodes.length > 1 || kindOf(argNodes[0]) === 'StarExpression') ? 'any' : null;
    const index = this.keyCount + this.width;
    if (pickerKind) {
      const tuple = call.ResultType?.Columns ? toArray(call.ResultType.Columns).map((c) => String(c.Name)) : [name];
      const byExpr = pickerKind === 'any' ? constExpr(true, 'bool') : lowerExpr(argNodes[0], rowEnv);
      const outputs: Expr[] = [];
      const rest = pickerKind === 'any' ? argNodes : argNodes.slice(1);
      const explicit = rest.filter((a) => kindOf(a) !== 'StarExpression');
      if (pickerKind !== 'any') outputs.push(byExpr);
      for (const a of explicit) outputs.push(lowerExpr(a, rowEnv));
      // `*` expands to the remaining columns of the binder's tuple, read by name from the picked row
      for (const colName of tuple.slice(outputs.length)) {
        const i = columnIndex(env.columns, colName);
        outputs.push(i >= 0 ? columnExpr(env.columns, i) : constExpr(null));
      }
      this.specs.push({ impl: null, picker: { kind: pickerKind, outputs }, args: [byExpr], site });
      this.width += outputs.length;
      return outputs.length === 1 ? { kind: 'column', type: site.resultType, index, name } : { kind: 'column', type: 'unknown', index, name };
    }
    const impl = lookupAggregate(sym);
    if (!impl) {
      this.ctx.unsupportedUse(`aggregate ${name}()`, call);
      this.width += 1;
      this.specs.push({ impl: null, picker: { kind: 'any', outputs: [constExpr(null)] }, args: [], site });
      return { kind: 'column', type: 'unknown', index, name };
    }
    const args = argNodes.map((a) => (kindOf(a) === 'StarExpression' ? constExpr(true, 'bool') : lowerExpr(a, rowEnv)));
    // several output columns (percentiles(x, 50, 90), percentilesw(...)): the result array is spread over them
    const width = call.ResultType?.Columns ? toArray(call.ResultType.Columns).length : 1;
    this.specs.push(width > 1 ? { impl, args, site, spread: width } : { impl, args, site });
    this.width += width;
    return { kind: 'column', type: width > 1 ? 'unknown' : site.resultType, index, name };
  }
}

/** The name withsource= reports for a union input: a table or let name, or the last `as` name of a pipeline. */
function unionInputName(e: Node): string | null {
  const k = kindOf(e);
  // a wildcard the binder resolved to one table (`union *` over a single table) is named by that table
  if (k === 'NameReference') return e.ReferencedSymbol && symbolKindOf(e.ReferencedSymbol) === 'Table' ? String(e.ReferencedSymbol.Name) : String(e.SimpleName);
  if (k === 'ParenthesizedExpression') return unionInputName(e.Expression);
  if (k === 'PipeExpression') {
    if (kindOf(e.Operator) === 'AsOperator') return String(e.Operator.Name.SimpleName);
    return unionInputName(e.Expression);
  }
  return null;
}

function describe(kind: string): string {
  const m = /^(.*)Operator$/.exec(kind);
  if (m) return `operator ${m[1]!.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`;
  return `syntax ${kind}`;
}

export { constExpr, literalValue };
