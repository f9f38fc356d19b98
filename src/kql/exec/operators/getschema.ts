/** getschema: one row per input column (name, ordinal, .NET type name, Kusto type). */
import type { ScalarTypeName } from '../../schema.ts';
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';

export const DOTNET_TYPES: Record<ScalarTypeName, string> = {
  bool: 'System.SByte', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal',
  string: 'System.String', datetime: 'System.DateTime', timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object',
};

export function executeGetSchema(plan: Extract<Plan, { op: 'getschema' }>, input: Table): Table {
  const cols = input.columns;
  return {
    columns: plan.columns,
    data: [cols.map((c) => c.name), cols.map((_, i) => i), cols.map((c) => DOTNET_TYPES[c.type]), cols.map((c) => c.type)],
    rowCount: cols.length,
  };
}
