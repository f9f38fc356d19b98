/**
 * Lowering of evaluate schema_merge(PreserveOrder) (schema-merge-plugin). Kusto.Language does not enable the
 * plugin (frontend/binder-gaps.ts), so the output columns are the plugin's own, those of getschema; later
 * operators cannot name them, since the binder does not know them.
 */
import type { ColumnSchema } from '../schema.ts';
import { kindOf, listOf, type Node } from '../frontend/syntax.ts';
import type { Scope } from './context.ts';
import { columnIndex, lowerExpr } from './lower-expr.ts';
import type { TabularLowerer } from './lower-query.ts';
import type { Plan } from './nodes.ts';

export const SCHEMA_COLUMNS: ColumnSchema[] = [
  { name: 'ColumnName', type: 'string' }, { name: 'ColumnOrdinal', type: 'int' },
  { name: 'DataType', type: 'string' }, { name: 'ColumnType', type: 'string' },
];

export function lowerSchemaMerge(l: TabularLowerer, op: Node, input: Plan, scope: Scope): Plan {
  const args: Node[] = listOf(op.FunctionCall.ArgumentList.Expressions);
  if (args.length > 1) throw l.ctx.runtimeError('schema_merge takes one argument, PreserveOrder', op);
  let preserveOrder = true;
  if (args[0]) {
    const a = args[0];
    const named = kindOf(a) === 'SimpleNamedExpression';
    if (named && String(a.Name.SimpleName).toLowerCase() !== 'preserveorder') {
      throw l.ctx.runtimeError(`schema_merge: unknown argument ${String(a.Name.SimpleName)} (PreserveOrder is the only one)`, a);
    }
    const e = lowerExpr(named ? a.Expression : a, l.env(scope, []));
    if (e.kind !== 'const' || typeof e.value !== 'boolean') throw l.ctx.runtimeError('schema_merge: PreserveOrder is a bool constant', a);
    preserveOrder = e.value;
  }
  for (const c of ['ColumnName', 'ColumnOrdinal', 'ColumnType']) {
    if (columnIndex(input.columns, c) < 0) throw l.ctx.runtimeError(`schema_merge: the input has no ${c} column (it takes getschema's output)`, op);
  }
  return { op: 'schemamerge', columns: SCHEMA_COLUMNS, input, preserveOrder };
}
