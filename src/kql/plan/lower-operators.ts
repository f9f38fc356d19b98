/**
 * Lowering of the less common tabular operators: join, lookup, mv-expand, mv-apply, parse, parse-where,
 * make-series, evaluate bag_unpack, getschema, invoke, externaldata. Returns null for a syntax kind it does not
 * know, so that the caller reports it as unsupported.
 */
import { loadKusto, toArray } from '../kusto.ts';
import { lookupAggregate, type AggregateImpl } from '../functions/registry.ts';
import type { ColumnSchema, ScalarTypeName } from '../schema.ts';
import { normaliseTypeName } from '../schema.ts';
import { columnsOf, isTabular, kindOf, listOf, namedParameters, scalarTypeOf, textOf, type Node } from '../frontend/syntax.ts';
import { placeholderPlan, Scope } from './context.ts';
import { columnExpr, columnIndex, lowerExpr, lowerLets, constExpr } from './lower-expr.ts';
import { lowerScan } from './lower-scan.ts';
import { lowerSchemaMerge } from './lower-schema-merge.ts';
import { lowerGeoLookup } from './lower-geo-lookup.ts';
import { dcountIntersect, narrow, rowsNear } from './lower-row-plugins.ts';
import { activeUsersCount, activityCountsMetrics, activityEngagement, activityMetrics, newActivityMetrics, rollingPercentile } from './lower-activity.ts';
import { lowerTopNested } from './lower-top-nested.ts';
import { SummarizeSink, type TabularLowerer } from './lower-query.ts';
import { lookupOutputs } from './lookup-outputs.ts';
import { RUNTIME_COLUMNS, type Expr, type JoinKind, type ParseKind, type Plan } from './nodes.ts';
import { re2ToRegExp, escapeRegex } from '../functions/operators/values.ts';

const JOIN_KINDS: Record<string, JoinKind> = {
  innerunique: 'innerunique', inner: 'inner', leftouter: 'leftouter', rightouter: 'rightouter', fullouter: 'fullouter',
  leftsemi: 'leftsemi', rightsemi: 'rightsemi', leftanti: 'leftanti', anti: 'leftanti', leftantisemi: 'leftanti',
  rightanti: 'rightanti', rightantisemi: 'rightanti', semi: 'leftsemi',
};

export function lowerExtraOperator(l: TabularLowerer, op: Node, input: Plan | null, scope: Scope): Plan | null {
  const k = kindOf(op);
  const columns = columnsOf(op.ResultType);
  if (input === null) {
    switch (k) {
      case 'ExternalDataExpression':
        return externalData(l, op, columns);
      case 'EvaluateOperator':
      default:
        return null;
    }
  }
  switch (k) {
    case 'JoinOperator':
      return join(l, op, input, columns, scope);
    case 'LookupOperator':
      return lookup(l, op, input, columns, scope);
    case 'MvExpandOperator':
      return mvExpand(l, op, input, columns, scope);
    case 'MvApplyOperator':
      return mvApply(l, op, input, columns, scope);
    case 'PartitionOperator':
      return partition(l, op, input, columns, scope);
    case 'ParseOperator':
    case 'ParseWhereOperator':
      return parse(l, op, input, columns, scope, k === 'ParseWhereOperator');
    case 'MakeSeriesOperator':
      return makeSeries(l, op, input, columns, scope);
    case 'ParseKvOperator':
      return parseKv(l, op, input, columns, scope);
    case 'EvaluateOperator':
      return evaluate(l, op, input, columns, scope);
    case 'GetSchemaOperator':
      return { op: 'getschema', columns, input };
    case 'InvokeOperator':
      return invoke(l, op, input, scope);
    case 'ScanOperator':
      return lowerScan(l, op, input, scope);
    case 'TopNestedOperator':
      return lowerTopNested(l, op, input, columns, scope);
    default:
      return null;
  }
}

/** The conjuncts of a join condition: `,`-separated expressions and the operands of `and`. */
function conjunctsOf(expressions: Node[]): Node[] {
  const out: Node[] = [];
  const flatten = (e: Node) => {
    if (kindOf(e) === 'AndExpression') {
      flatten(e.Left);
      flatten(e.Right);
    } else if (kindOf(e) === 'ParenthesizedExpression' && kindOf(e.Expression) === 'AndExpression') flatten(e.Expression);
    else out.push(e);
  };
  for (const e of expressions) flatten(e);
  return out;
}

/** `$left.a == $right.b` (either way round): the left and right operand; null for any other condition. */
function keyEquality(c: Node): { left: Node; right: Node } | null {
  if (kindOf(c) !== 'EqualExpression') return null;
  const side = (e: Node): 'left' | 'right' | null => {
    if (kindOf(e) !== 'PathExpression') return null;
    const t = textOf(e.Expression);
    return t === '$left' ? 'left' : t === '$right' ? 'right' : null;
  };
  const l = side(c.Left);
  const r = side(c.Right);
  if (!l || !r || l === r) return null;
  return l === 'left' ? { left: c.Left, right: c.Right } : { left: c.Right, right: c.Left };
}

interface JoinCondition { lk: Expr[]; rk: Expr[]; condition: Expr | null }

/**
 * Join conditions: `on a, b` and `on $left.a == $right.b` (several, separated by `,` or `and`) are key equalities;
 * with `where` (allowWhere), any other condition over `$left.x` and `$right.y` is kept as the pair condition.
 */
function joinConditions(l: TabularLowerer, conditions: Node[], left: Plan, right: Plan, scope: Scope, allowWhere: boolean): JoinCondition | null {
  const lk: Expr[] = [];
  const rk: Expr[] = [];
  const rest: Expr[] = [];
  for (const c of conditions) {
    const kc = kindOf(c);
    const eq = keyEquality(c);
    if (!allowWhere && (kc === 'NameReference' || kc === 'BracketedNameReference')) {
      const name = String(c.SimpleName);
      const li = columnIndex(left.columns, name);
      const ri = columnIndex(right.columns, name);
      if (li < 0 || ri < 0) return null;
      lk.push(columnExpr(left.columns, li));
      rk.push(columnExpr(right.columns, ri));
    } else if (eq) {
      lk.push(lowerExpr(eq.left.Selector, l.env(scope, left.columns)));
      rk.push(lowerExpr(eq.right.Selector, l.env(scope, right.columns)));
    } else if (allowWhere) {
      const pairScope = [
        ...left.columns.map((col) => ({ name: `$left.${col.name}`, type: col.type })),
        ...right.columns.map((col) => ({ name: `$right.${col.name}`, type: col.type })),
      ];
      rest.push(lowerExpr(c, l.env(scope, pairScope)));
    } else {
      l.ctx.unsupportedUse('join condition other than equality of $left and $right columns', c);
      return null;
    }
  }
  const condition: Expr | null = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : { kind: 'and', type: 'bool', args: rest };
  return { lk, rk, condition };
}

function join(l: TabularLowerer, op: Node, left: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const params = namedParameters(op.Parameters);
  const kindText = params.has('kind') ? textOf(params.get('kind')).toLowerCase() : 'innerunique';
  const kind = JOIN_KINDS[kindText];
  if (!kind) {
    l.ctx.unsupportedUse(`join kind=${kindText}`, op);
    return placeholderPlan(columns);
  }
  const right = l.tabular(op.Expression, scope);
  const clause = op.ConditionClause;
  const clauseKind = clause ? kindOf(clause) : '';
  if (clauseKind !== 'JoinOnClause' && clauseKind !== 'JoinWhereClause') {
    l.ctx.unsupportedUse('join without an `on` or `where` clause', op);
    return placeholderPlan(columns);
  }
  const isWhere = clauseKind === 'JoinWhereClause';
  const keys = joinConditions(l, conjunctsOf(isWhere ? [clause.Expression] : listOf(clause.Expressions)), left, right, scope, isWhere);
  if (!keys) return placeholderPlan(columns);
  if (keys.lk.length === 0 && kind === 'innerunique') {
    // innerunique de-duplicates the left side on the join keys; without a key equality it has nothing to go by
    l.ctx.unsupportedUse('join kind=innerunique with no $left.x == $right.y equality (give kind=inner or a key)', clause);
    return placeholderPlan(columns);
  }
  // a side with columns known only at run time (after evaluate pivot or bag_unpack) carries them in one hidden
  // column that the binder does not list: the known columns map to the binder's, the hidden one rides along at the end
  const known = (p: Plan, side: 'left' | 'right') => p.columns.map((c, index) => ({ side, index, c }))
    .filter(({ c }) => !c.name.startsWith(RUNTIME_COLUMNS)).map(({ side: s, index }) => ({ side: s, index }));
  const hiddenOf = (p: Plan, side: 'left' | 'right') => p.columns.map((c, index) => ({ side, index, c }))
    .filter(({ c }) => c.name.startsWith(RUNTIME_COLUMNS)).map(({ side: s, index }) => ({ side: s, index }));
  let sources: { side: 'left' | 'right'; index: number }[];
  let hidden: { side: 'left' | 'right'; index: number }[];
  if (kind === 'leftsemi' || kind === 'leftanti') [sources, hidden] = [known(left, 'left'), hiddenOf(left, 'left')];
  else if (kind === 'rightsemi' || kind === 'rightanti') [sources, hidden] = [known(right, 'right'), hiddenOf(right, 'right')];
  else {
    sources = [...known(left, 'left'), ...known(right, 'right')];
    hidden = [...hiddenOf(left, 'left'), ...hiddenOf(right, 'right')].slice(0, 1);
  }
  if (sources.length !== columns.length) throw l.ctx.runtimeError('internal: join output columns do not match the binder', op);
  if (hidden.length) {
    const h = hidden[0]!;
    sources = [...sources, h];
    columns = [...columns, (h.side === 'left' ? left : right).columns[h.index]!];
  }
  return { op: 'join', columns, kind, left, right, leftKeys: keys.lk, rightKeys: keys.rk, sources, condition: keys.condition };
}

function lookup(l: TabularLowerer, op: Node, left: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const params = namedParameters(op.Parameters);
  const kindText = params.has('kind') ? textOf(params.get('kind')).toLowerCase() : 'leftouter';
  if (kindText !== 'leftouter' && kindText !== 'inner') {
    l.ctx.unsupportedUse(`lookup kind=${kindText}`, op);
    return placeholderPlan(columns);
  }
  const right = l.tabular(op.Expression, scope);
  const keys = joinConditions(l, conjunctsOf(listOf(op.LookupClause.Expressions)), left, right, scope, false);
  if (!keys) return placeholderPlan(columns);
  // output: every left column, then the right columns that are not keys named like a left column
  const sources: { side: 'left' | 'right'; index: number }[] = left.columns.map((_, i) => ({ side: 'left', index: i }));
  for (const c of columns.slice(left.columns.length)) {
    const i = columnIndex(right.columns, c.name);
    if (i < 0) throw l.ctx.runtimeError(`internal: lookup column ${c.name} not found on the right side`, op);
    sources.push({ side: 'right', index: i });
  }
  return { op: 'join', columns, kind: kindText === 'inner' ? 'inner' : 'leftouter', left, right, leftKeys: keys.lk, rightKeys: keys.rk, sources, condition: null };
}

function castOf(toTypeOf: Node): ScalarTypeName | null {
  if (!toTypeOf) return null;
  const t = textOf(toTypeOf.TypeOf).replace(/^typeof\s*\(/i, '').replace(/\)\s*$/, '');
  return normaliseTypeName(t) ?? null;
}

/** The items of mv-expand/mv-apply: extended by their `name = expr` and typed by `to typeof(T)`. */
function expandItems(l: TabularLowerer, op: Node, input: Plan, scope: Scope) {
  const exprNodes = listOf(op.Expressions);
  const { plan, names } = l.extendWith(exprNodes.map((e) => e.Expression), input, scope);
  const casts = exprNodes.map((e) => castOf(e.ToTypeOf));
  const items = names.map((name, i) => ({ index: columnIndex(plan.columns, name), cast: casts[i] ?? null }));
  const cols = plan.columns.map((c) => ({ ...c }));
  for (const it of items) cols[it.index] = { name: cols[it.index]!.name, type: it.cast ?? 'dynamic' };
  const params = namedParameters(op.Parameters);
  const itemIndexName = params.has('with_itemindex') ? textOf(params.get('with_itemindex')) : null;
  let itemIndex: number | null = null;
  if (itemIndexName) {
    itemIndex = cols.length;
    cols.push({ name: itemIndexName, type: 'long' });
  }
  const bagKind = params.has('kind') && textOf(params.get('kind')).toLowerCase() === 'array' ? 'array' as const : 'bag' as const;
  let limit = Number.MAX_SAFE_INTEGER;
  if (op.RowLimitClause) {
    const e = lowerExpr(op.RowLimitClause.RowLimit, l.env(scope, []));
    if (e.kind === 'const') limit = Number(e.value);
  }
  return { plan, cols, items, itemIndex, bagKind, limit };
}

function mvExpand(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const x = expandItems(l, op, input, scope);
  const expanded: Plan = {
    op: 'mvexpand', columns: x.cols, input: x.plan,
    items: x.items.map((it) => ({ ...it, bagKind: x.bagKind })), limit: x.limit, itemIndex: x.itemIndex,
  };
  return l.selectNamed(expanded, columns);
}

function mvApply(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const x = expandItems(l, op, input, scope);
  const rowInput: Plan = { op: 'materialize', columns: x.cols, input: placeholderPlan(x.cols), id: l.ctx.id() };
  const subquery = l.chain(op.Subquery.Expression, rowInput, scope);
  return {
    op: 'mvapply', columns, input: x.plan, items: x.items, itemIndex: x.itemIndex, subquery,
    inputId: (rowInput as { id: number }).id, rowColumns: x.cols,
  };
}

function partition(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  if (!op.Scope && kindOf(op.Operand) === 'PartitionQuery' && kindOf(op.ByExpression) === 'NameReference') {
    // `partition by Column { query }`: the query has its own source and reads the key as a scalar (Column or
    // toscalar(Column)); it runs once per key value, results appended (partition-operator#syntax)
    const keyName = String(op.ByExpression.SimpleName);
    const ki = columnIndex(input.columns, keyName);
    if (ki < 0) throw l.ctx.runtimeError(`partition: ${keyName} is not a column of the input`, op);
    const keyColumns = [input.columns[ki]!];
    const keyPlan: Plan = { op: 'materialize', columns: keyColumns, input: placeholderPlan(keyColumns), id: l.ctx.id() };
    const inner = new Scope(scope);
    inner.set(keyName, { kind: 'tabular', plan: keyPlan });
    const subquery = l.tabular(op.Operand.Query, inner);
    const key = columnExpr(input.columns, ki);
    return { op: 'partition', columns, input, key, subquery, inputId: (keyPlan as { id: number }).id, keyOnly: keyPlan };
  }
  if (op.Scope || kindOf(op.Operand) !== 'PartitionSubquery') {
    l.ctx.unsupportedUse('partition with this operand (only `partition by Key (subquery)` and `partition by Column { query }` are)', op);
    return placeholderPlan(columns);
  }
  const groupInput: Plan = { op: 'materialize', columns: input.columns, input: placeholderPlan(input.columns), id: l.ctx.id() };
  const subquery = l.chain(op.Operand.Subquery, groupInput, scope);
  const key = lowerExpr(op.ByExpression, l.env(scope, input.columns));
  return { op: 'partition', columns, input, key, subquery, inputId: (groupInput as { id: number }).id };
}

function parse(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope, dropFailures: boolean): Plan {
  const params = namedParameters(op.Parameters);
  const kind = (params.has('kind') ? textOf(params.get('kind')).toLowerCase() : 'simple') as ParseKind;
  if (kind !== 'simple' && kind !== 'regex' && kind !== 'relaxed') {
    l.ctx.unsupportedUse(`parse kind=${kind}`, op);
    return placeholderPlan(columns);
  }
  const flags = params.has('flags') ? textOf(params.get('flags')).replace(/[^imsU]/g, '') : '';
  const env = l.env(scope, input.columns);
  const source = lowerExpr(op.Expression, env);
  const patterns = listOf(op.Patterns);
  let re = '';
  const targets: { name: string; type: ScalarTypeName; group: number }[] = [];
  patterns.forEach((p, i) => {
    const pk = kindOf(p);
    const last = i === patterns.length - 1;
    if (pk === 'StarExpression') re += last ? '.*' : '.*?';
    else if (pk === 'NameAndTypeDeclaration' || pk === 'NameDeclaration') {
      const name = String(pk === 'NameDeclaration' ? p.SimpleName : p.Name.SimpleName);
      const type = pk === 'NameDeclaration' ? 'string' : normaliseTypeName(textOf(p.Type)) ?? 'string';
      // simple: numbers and bools match their own syntax, other columns the shortest text; relaxed: any text (a
      // failed conversion nulls that column only); regex: the longest text the rest of the pattern allows
      const nextIsStar = i + 1 < patterns.length && kindOf(patterns[i + 1]) === 'StarExpression';
      // regex with flags=U (ungreedy, RE2's U): a column takes the shortest text instead
      const group = kind === 'simple' ? TYPED_GROUP[type]
        : kind === 'relaxed' ? (nextIsStar || last ? TYPED_GROUP[type] : undefined)
          : TYPED_GROUP[type] ?? (flags.includes('U') ? '(.*?)' : '(.*)');
      re += group ?? (last ? '(.*)' : '(.*?)');
      targets.push({ name, type, group: targets.length + 1 });
    } else {
      const e = lowerExpr(p, env);
      if (e.kind !== 'const') throw l.ctx.runtimeError('parse patterns must be string constants', p);
      re += kind === 'regex' ? `(?:${String(e.value).replace(/\((?!\?)/g, '(?:')})` : escapeRegex(String(e.value));
    }
  });
  let regex: RegExp;
  try {
    regex = kind === 'regex' ? re2ToRegExp(`^.*?${re}`, flags.includes('s') ? 's' : 's') : new RegExp(`^.*?${re}`, 's');
    if (kind === 'regex' && flags.includes('i')) regex = new RegExp(regex.source, `${regex.flags}i`);
  } catch (e) {
    throw l.ctx.runtimeError(`parse pattern is not a valid regular expression: ${(e as Error).message}`, op);
  }
  // the target columns are added (or replaced) after the input columns, as the binder lists them; a target that
  // names an input column replaces it, unless the binder lists it as a new column under another name (x1)
  const cols = [...input.columns];
  const knownInput = input.columns.filter((c) => !c.name.startsWith(RUNTIME_COLUMNS)).length;
  const appended = columns.length === knownInput + targets.length ? columns.slice(knownInput) : null;
  const resolved = targets.map((t, k) => {
    const renamed = appended?.[k];
    if (renamed && renamed.name !== t.name && columnIndex(cols, renamed.name) < 0) {
      cols.push({ name: renamed.name, type: t.type });
      return { index: cols.length - 1, type: t.type, group: t.group };
    }
    let index = columnIndex(cols, t.name);
    if (index < 0) {
      index = cols.length;
      cols.push({ name: t.name, type: t.type });
    } else cols[index] = { name: t.name, type: t.type };
    return { index, type: t.type, group: t.group };
  });
  const plan: Plan = { op: 'parse', columns: cols, input, source, kind, regex, targets: resolved, dropFailures };
  return l.selectNamed(plan, columns, true);
}

function parseKv(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const source = lowerExpr(op.Expression, l.env(scope, input.columns));
  const options = new Map<string, unknown>();
  for (const p of listOf(op.WithClause?.Properties)) {
    if (kindOf(p) !== 'NamedParameter') continue;
    const v = lowerExpr(p.Expression, l.env(scope, []));
    options.set(String(p.Name.SimpleName).toLowerCase(), v.kind === 'const' ? v.value : null);
  }
  const cols = [...input.columns];
  const keys = listOf(op.Keys.Columns).map((k: Node) => {
    const name = String(k.Name.SimpleName);
    const type = normaliseTypeName(textOf(k.Type)) ?? 'string';
    let index = columnIndex(cols, name);
    if (index < 0) {
      index = cols.length;
      cols.push({ name, type });
    } else cols[index] = { name, type };
    return { name, type, index };
  });
  const quoteText = typeof options.get('quote') === 'string' ? (options.get('quote') as string) : '"';
  const quotes: [string, string][] = quoteText.length === 2 && '([{<'.includes(quoteText[0]!)
    ? [[quoteText[0]!, quoteText[1]!]]
    : [...quoteText].map((q) => [q, q] as [string, string]);
  let regex: RegExp | null = null;
  if (typeof options.get('regex') === 'string') {
    try {
      regex = re2ToRegExp(options.get('regex') as string, 'g');
    } catch (e) {
      throw l.ctx.runtimeError(`parse-kv regex is not valid: ${(e as Error).message}`, op);
    }
  }
  const str = (k: string) => (typeof options.get(k) === 'string' ? (options.get(k) as string) : null);
  const plan: Plan = {
    op: 'parsekv', columns: cols, input, source, keys, pairDelimiter: str('pair_delimiter'), kvDelimiter: str('kv_delimiter'),
    quotes, escape: str('escape'), regex, greedy: options.get('greedy') === true,
  };
  return l.selectNamed(plan, columns);
}

/** What a typed parse column matches (as Kusto: numbers and bools match their own syntax, others any text). */
const TYPED_GROUP: Partial<Record<ScalarTypeName, string>> = {
  int: '([+-]?\\d+)', long: '([+-]?\\d+)', real: '([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)',
  decimal: '([+-]?(?:\\d+\\.?\\d*|\\.\\d+))', bool: '(true|false|True|False|TRUE|FALSE)',
};

function makeSeries(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const env = l.env(scope, input.columns);
  const keys = op.ByClause ? listOf(op.ByClause.Expressions).map((e) => lowerExpr(e, env)) : [];
  const sink = new SummarizeSink(l.ctx, 0);
  const aggregates = listOf(op.Aggregates).map((item) => {
    const e = item.Expression;
    const exprNode = kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e;
    const before = sink.specs.length;
    const lowered = lowerExpr(exprNode, { ...env, aggregates: sink });
    let spec = sink.specs[before];
    if (!spec && (lowered.kind === 'const' || exprNode.IsConstant === true)) {
      // a constant series (`x = -1 default = -2`): the value in bins that have rows, the default elsewhere
      spec = { impl: CONSTANT_SERIES, args: [lowered], site: { argTypes: [lowered.type], resultType: scalarTypeOf(exprNode), constants: [], name: 'constant' } };
    } else if (!spec || lowered.kind !== 'column' || spec.picker) {
      l.ctx.unsupportedUse('make-series aggregate other than a single aggregate call', item);
    }
    const def = item.DefaultExpression ? lowerExpr(item.DefaultExpression.Expression, l.env(scope, [])) : null;
    return { spec: spec ?? sink.specs[0]!, defaultValue: def ?? defaultFor(spec?.site.resultType) };
  });
  const range = op.RangeClause;
  const cenv = l.env(scope, []);
  if (range && kindOf(range) === 'MakeSeriesInRangeClause') {
    // `in range(start, stop, step)`: stop included, bins aligned with bin() rather than at start
    const [start, stop, step] = listOf(range.Arguments.Expressions).map((e: Node) => lowerExpr(e, cenv));
    const axis = lowerExpr(op.OnClause.Expression, env);
    return { op: 'makeseries', columns, input, keys, axis, from: start!, to: stop!, step: step!, aggregates, inRange: true };
  }
  if (!range || kindOf(range) !== 'MakeSeriesFromToStepClause') {
    l.ctx.unsupportedUse('this make-series range', op);
    return placeholderPlan(columns);
  }
  const from = range.MakeSeriesFromClause ? lowerExpr(range.MakeSeriesFromClause.Expression, cenv) : null;
  const to = range.MakeSeriesToClause ? lowerExpr(range.MakeSeriesToClause.Expression, cenv) : null;
  const step = lowerExpr(range.MakeSeriesStepClause.Expression, cenv);
  const axis = lowerExpr(op.OnClause.Expression, env);
  return { op: 'makeseries', columns, input, keys, axis, from, to, step, aggregates };
}

const CONSTANT_SERIES: AggregateImpl = { init: () => null, add: (_state, args) => args[0], result: (state) => state };

function defaultFor(t: string | undefined): Expr {
  // count-like aggregates default to 0; others to null (as Kusto's default=null for non-numeric results)
  return t === 'long' || t === 'int' || t === 'real' || t === 'decimal' ? constExpr(0, 'long') : constExpr(null);
}

/** Why some plugins have no local implementation, for their KQL_UNSUPPORTED message. */
const PLUGIN_WHY: Record<string, string> = {
  autocluster: 'its pattern-mining results depend on heuristics the reference does not specify',
  basket: 'its pattern-mining results depend on heuristics the reference does not specify',
  diffpatterns: 'its pattern-mining results depend on heuristics the reference does not specify',
  python: 'it runs code outside Kusto', r: 'it runs code outside Kusto',
  sql_request: 'it queries an external database', http_request: 'it calls an external service', http_request_post: 'it calls an external service',
};

function evaluate(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const call = op.FunctionCall;
  const name = String(call.Name?.SimpleName ?? call.ReferencedSymbol?.Name ?? '').toLowerCase();
  if (name === 'pivot') return pivot(l, op, input, columns, scope);
  if (name === 'ipv4_lookup' || name === 'ipv6_lookup') return ipLookup(l, op, input, columns, scope, name === 'ipv6_lookup');
  if (name === 'geo_line_lookup' || name === 'geo_polygon_lookup') return lowerGeoLookup(l, op, input, columns, scope, name === 'geo_line_lookup' ? 'line' : 'polygon');
  if (name === 'sequence_detect') return sequenceDetect(l, op, input, columns, scope);
  if (name === 'sliding_window_counts') return slidingWindowCounts(l, op, input, columns, scope);
  if (name === 'rolling_percentile') return rollingPercentile(l, op, input, columns, scope);
  if (name === 'active_users_count') return activeUsersCount(l, op, input, columns, scope);
  if (name === 'activity_counts_metrics') return activityCountsMetrics(l, op, input, columns, scope);
  if (name === 'schema_merge') return lowerSchemaMerge(l, op, input, scope);
  if (name === 'activity_engagement') return activityEngagement(l, op, input, columns, scope);
  if (name === 'activity_metrics') return activityMetrics(l, op, input, columns, scope);
  if (name === 'new_activity_metrics') return newActivityMetrics(l, op, input, columns, scope);
  if (name === 'rows_near') return rowsNear(l, op, input, columns, scope);
  if (name === 'narrow') return narrow(l, op, input, columns);
  if (name === 'dcount_intersect') return dcountIntersect(l, op, input, columns, scope);
  if (name !== 'bag_unpack') {
    l.ctx.unsupportedUse(`evaluate ${name}`, op, PLUGIN_WHY[name]);
    return placeholderPlan(columns);
  }
  const args = listOf(call.ArgumentList.Expressions);
  const env = l.env(scope, input.columns);
  const bagExpr = lowerExpr(args[0], env);
  // bag_unpack(Column [, OutputColumnPrefix] [, columnsConflict] [, ignoredProperties]), by position or by name
  const options: Record<string, unknown> = {};
  const positions = ['outputcolumnprefix', 'columnsconflict', 'ignoredproperties'];
  args.slice(1).forEach((a: Node, i: number) => {
    const isNamed = kindOf(a) === 'SimpleNamedExpression';
    const key = isNamed ? String(a.Name.SimpleName).toLowerCase() : positions[i];
    const e = lowerExpr(isNamed ? a.Expression : a, l.env(scope, []));
    if (key && e.kind === 'const') options[key] = e.value;
  });
  const prefix = typeof options.outputcolumnprefix === 'string' ? options.outputcolumnprefix : '';
  const conflictText = typeof options.columnsconflict === 'string' ? options.columnsconflict : 'error';
  if (!['error', 'replace_source', 'keep_source'].includes(conflictText)) {
    throw l.ctx.runtimeError(`bag_unpack: columnsConflict must be 'error', 'replace_source' or 'keep_source' (got '${conflictText}')`, op);
  }
  const conflict = conflictText as 'error' | 'replace_source' | 'keep_source';
  const ignored = Array.isArray(options.ignoredproperties) ? options.ignoredproperties.map(String) : [];
  let plan = input;
  let bag: number;
  if (bagExpr.kind === 'column') bag = bagExpr.index;
  else {
    bag = input.columns.length;
    plan = { op: 'extend', columns: [...input.columns, { name: '__bag', type: 'dynamic' }], input, assigns: [{ index: bag, expr: bagExpr }] };
  }
  const keep = plan.columns.map((_, i) => i).filter((i) => i !== bag);
  const known = new Set(keep.map((i) => plan.columns[i]!.name));
  const extra = columns.filter((c) => !known.has(c.name)).map((c) => c.name);
  // `evaluate bag_unpack(d) : (*, Name:string)` fixes the output schema; otherwise the bag's keys add columns
  const fixed = Boolean(op.Schema);
  const out = fixed ? columns : [...keep.map((i) => plan.columns[i]!), { name: `${RUNTIME_COLUMNS}${prefix}`, type: 'dynamic' as const }];
  return { op: 'bagunpack', columns: out, input: plan, bag, prefix, keep, extra, fixed, conflict, ignored };
}

function ipLookup(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope, v6: boolean): Plan {
  const name = v6 ? 'ipv6_lookup' : 'ipv4_lookup';
  const args: Node[] = listOf(op.FunctionCall.ArgumentList.Expressions);
  const lookup = l.tabular(args[0], scope);
  let rest = args.slice(1);
  let unmatched = false;
  const last = rest[rest.length - 1];
  if (last && rest.length > 2 && kindOf(last) !== 'NameReference') {
    const named = kindOf(last) === 'SimpleNamedExpression';
    const e = lowerExpr(named ? last.Expression : last, l.env(scope, []));
    if (e.kind === 'const' && typeof e.value === 'boolean') {
      unmatched = e.value;
      rest = rest.slice(0, -1);
    }
  }
  const nameOf = (n: Node) => String(n.SimpleName ?? textOf(n));
  const indexIn = (cols: ColumnSchema[], n: Node, where: string) => {
    const i = columnIndex(cols, nameOf(n));
    if (i < 0) throw l.ctx.runtimeError(`${name}: ${nameOf(n)} is not a column of the ${where}`, n);
    return i;
  };
  const source = indexIn(input.columns, rest[0]!, 'input');
  const key = indexIn(lookup.columns, rest[1]!, 'lookup table');
  const extra = rest.slice(2).map((n): [number, number] => [indexIn(input.columns, n, 'input'), indexIn(lookup.columns, n, 'lookup table')]);
  const outputs = lookupOutputs(l, op, name, columns, input.columns, lookup.columns);
  return { op: 'iplookup', columns, input, lookup, v6, source, key, extra, unmatched, outputs };
}

function sequenceDetect(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const args: Node[] = listOf(op.FunctionCall.ArgumentList.Expressions);
  const env = l.env(scope, input.columns);
  const cenv = l.env(scope, []);
  const unnamed = (a: Node) => (kindOf(a) === 'SimpleNamedExpression' ? a.Expression : a);
  // the step predicates are the boolean arguments after the first three; the dimensions follow them
  let k = 3;
  while (k < args.length && scalarTypeOf(unnamed(args[k]!)) === 'bool') k++;
  const predicates = args.slice(3, k).map((a) => lowerExpr(unnamed(a), env));
  const dims = args.slice(k).map((a) => lowerExpr(unnamed(a), env));
  if (predicates.length === 0 || columns.length !== dims.length + predicates.length + 1) {
    l.ctx.unsupportedUse('evaluate sequence_detect with these arguments', op);
    return placeholderPlan(columns);
  }
  return {
    op: 'seqdetect', columns, input, time: lowerExpr(args[0]!, env), maxStep: lowerExpr(args[1]!, cenv), maxSpan: lowerExpr(args[2]!, cenv), predicates, dims,
  };
}

function slidingWindowCounts(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const args: Node[] = listOf(op.FunctionCall.ArgumentList.Expressions);
  const env = l.env(scope, input.columns);
  const cenv = l.env(scope, []);
  const [id, time, start, end, lookback, bin, ...dims] = args;
  if (!bin || scalarTypeOf(bin) === 'string' || columns.length !== dims.length + 3) {
    // a bin of 'week', 'month' or 'year' (calendar periods) is not implemented
    l.ctx.unsupportedUse('evaluate sliding_window_counts with a calendar bin', op);
    return placeholderPlan(columns);
  }
  return {
    op: 'slidingcounts', columns, input, id: lowerExpr(id!, env), time: lowerExpr(time!, env), start: lowerExpr(start!, cenv),
    end: lowerExpr(end!, cenv), lookback: lowerExpr(lookback!, cenv), bin: lowerExpr(bin, cenv), dims: dims.map((d) => lowerExpr(d, env)),
  };
}

function pivot(l: TabularLowerer, op: Node, input: Plan, columns: ColumnSchema[], scope: Scope): Plan {
  const args = listOf(op.FunctionCall.ArgumentList.Expressions);
  const env = l.env(scope, input.columns);
  const pivotExpr = lowerExpr(args[0], env);
  const sink = new SummarizeSink(l.ctx, 0);
  let aggregate;
  let rest = args.slice(1);
  if (args[1] && kindOf(args[1]) === 'FunctionCallExpression' && l.ctx.builtinAggregates.has(args[1].ReferencedSymbol)) {
    lowerExpr(args[1], { ...env, aggregates: sink });
    aggregate = sink.specs[0];
    rest = args.slice(2);
  } else {
    // the default aggregation is count()
    const A = loadKusto().Kusto.Language.Aggregates;
    const impl = lookupAggregate(A.Count);
    if (!impl) {
      l.ctx.unsupportedUse('evaluate pivot (count() is not registered)', op);
      return placeholderPlan(columns);
    }
    aggregate = { impl, args: [], site: { argTypes: [], resultType: 'long' as const, constants: [], name: 'count' } };
  }
  if (!aggregate || aggregate.picker) {
    l.ctx.unsupportedUse('evaluate pivot with this aggregation', op);
    return placeholderPlan(columns);
  }
  let keys: number[];
  if (rest.length) {
    keys = rest.map((a) => {
      const e = lowerExpr(a, env);
      if (e.kind !== 'column') throw l.ctx.runtimeError('evaluate pivot groups by columns', a);
      return e.index;
    });
  } else {
    // every other column, except the pivot column and the aggregated ones
    const used = new Set<number>();
    const mark = (e: Expr) => {
      if (e.kind === 'column') used.add(e.index);
      if (e.kind === 'call' || e.kind === 'and' || e.kind === 'or') e.args.forEach(mark);
    };
    mark(pivotExpr);
    aggregate.args.forEach(mark);
    keys = input.columns.map((_, i) => i).filter((i) => !used.has(i));
  }
  return { op: 'pivot', columns: [...keys.map((i) => input.columns[i]!), { name: RUNTIME_COLUMNS, type: 'dynamic' }], input, pivot: pivotExpr, keys, aggregate };
}

function invoke(l: TabularLowerer, op: Node, input: Plan, scope: Scope): Plan | null {
  const call = op.Function;
  const body = call.GetCalledFunctionBody?.();
  if (!body) {
    l.ctx.unsupportedUse(`invoke ${textOf(call)}`, op);
    return placeholderPlan(columnsOf(op.ResultType));
  }
  const sig = call.ReferencedSignature;
  const params = sig ? toArray(sig.Parameters) : [];
  const inner = new Scope(scope);
  const args = listOf(call.ArgumentList?.Expressions);
  const env = l.env(scope, []);
  params.forEach((p, i) => {
    const pname = String(p.Name);
    if (i === 0) inner.set(pname, { kind: 'tabular', plan: input });
    else if (args[i - 1]) {
      const a = args[i - 1];
      if (isTabular(a)) inner.set(pname, { kind: 'tabular', plan: l.tabular(a, scope) });
      else inner.set(pname, { kind: 'scalar', expr: lowerExpr(a, env) });
    }
  });
  const bodyScope = lowerLets(listOf(body.Statements), { ...env, scope: inner });
  return l.tabular(body.Expression, bodyScope);
}

function externalData(l: TabularLowerer, op: Node, columns: ColumnSchema[]): Plan {
  const urls = listOf(op.URIs).map((u) => {
    const e = lowerExpr(u, l.env(new Scope(), []));
    return String(e.kind === 'const' ? e.value : '');
  });
  const withText = op.WithClause ? textOf(op.WithClause) : '';
  const fm = /format\s*=\s*["']?(\w+)/i.exec(withText);
  const ignoreFirst = /ignoreFirstRecord\s*=\s*true/i.test(withText);
  return { op: 'externaldata', columns, urls, format: `${fm ? fm[1]!.toLowerCase() : 'csv'}${ignoreFirst ? ':skipfirst' : ''}` };
}
