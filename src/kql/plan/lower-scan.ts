/**
 * Lowering of `scan [with_match_id=Id] [order by Expr [asc|desc], ...] [partition by Expr, ...]
 * [declare (Name:type[=default], ...)] with (step Name [output=...]: Condition [=> Column = Expr, ...]; ...)`. Step references (`s1.x`) become columns of an extended row scope; see the `scan`
 * plan node.
 */
import type { ColumnSchema } from '../schema.ts';
import { columnsOf, listOf, namedParameters, textOf, type Node } from '../frontend/syntax.ts';
import type { Scope } from './context.ts';
import { columnIndex, constExpr, lowerExpr } from './lower-expr.ts';
import type { TabularLowerer } from './lower-query.ts';
import type { Expr, Plan } from './nodes.ts';

type ScanPlan = Extract<Plan, { op: 'scan' }>;

export function lowerScan(l: TabularLowerer, op: Node, unordered: Plan, scope: Scope): Plan {
  let columns = columnsOf(op.ResultType);
  const inputEnv = l.env(scope, unordered.columns);
  // `order by` serialises the input as the sort operator would; `partition by` gives each key its own state
  const input: Plan = op.OrderByClause
    ? { op: 'sort', columns: unordered.columns, input: unordered, keys: listOf(op.OrderByClause.Expressions).map((e: Node) => l.sortKey(e, inputEnv)) }
    : unordered;
  const partition = op.PartitionByClause ? listOf(op.PartitionByClause.Expressions).map((e: Node) => lowerExpr(e, inputEnv)) : [];
  const params = namedParameters(op.Parameters);
  const matchIdColumn = params.has('with_match_id') ? textOf(params.get('with_match_id')) : null;

  // the record: input columns, then declared columns that are not input columns
  const record: ColumnSchema[] = [...input.columns];
  const defaults: Expr[] = input.columns.map(() => constExpr(null));
  const empty = l.env(scope, []);
  for (const decl of op.DeclareClause ? listOf(op.DeclareClause.Declarations) : []) {
    const name = String(decl.NameAndType.Name.SimpleName);
    const type = columns.find((c) => c.name === name)?.type ?? 'dynamic';
    const dflt = decl.DefaultValue ? lowerExpr(decl.DefaultValue.Value, empty) : constExpr(type === 'string' ? '' : null, type);
    const existing = columnIndex(record, name);
    if (existing >= 0) defaults[existing] = dflt;
    else {
      record.push({ name, type });
      defaults.push(dflt);
    }
  }

  const stepNodes = listOf(op.Steps);
  const rowScope: ColumnSchema[] = [...record];
  for (const s of stepNodes) {
    const stepName = String(s.Name.SimpleName);
    for (const c of record) rowScope.push({ name: `${stepName}.${c.name}`, type: c.type });
  }
  const env = l.env(scope, rowScope);
  const steps: ScanPlan['steps'] = stepNodes.map((s) => {
    const outputText = s.ScanStepOutput ? textOf(s.ScanStepOutput.OutputKind).toLowerCase() : 'all';
    const output = outputText === 'last' || outputText === 'none' ? outputText : 'all';
    const assigns = (s.ComputationClause ? listOf(s.ComputationClause.Assignments) : []).map((a: Node) => {
      const index = columnIndex(record, String(a.Name.SimpleName));
      return { index, expr: lowerExpr(a.Expression, env) };
    });
    if (assigns.some((a: { index: number }) => a.index < 0)) l.ctx.unsupportedUse('scan assignment to an undeclared column', s);
    return { name: String(s.Name.SimpleName), output, condition: lowerExpr(s.Condition, env), assigns };
  });
  // the binder always appends a match id column (named match_id by default); Kusto outputs it only when asked to
  if (matchIdColumn === null) columns = columns.filter((c) => columnIndex(record, c.name) >= 0);
  const outputs = columns.map((c) => (c.name === matchIdColumn ? -1 : columnIndex(record, c.name)));
  return { op: 'scan', columns, input, partition, recordWidth: record.length, defaults, matchIdColumn, steps, outputs };
}
