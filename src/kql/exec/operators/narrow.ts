/**
 * evaluate narrow() (narrow-plugin): unpivots the input into three columns, one row per cell in row order and then
 * column order: Row (the row's number, from 0), Column (the column's name) and Value (the value as tostring()
 * writes it; "" for null).
 */
import { KqlError } from '../../engine-api.ts';
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { formatValue } from '../../functions/common/values.ts';

const MAX_CELLS = 10_000_000;

export function executeNarrow(plan: Extract<Plan, { op: 'narrow' }>, input: Table): Table {
  const width = input.columns.length;
  const count = input.rowCount * width;
  if (count > MAX_CELLS) throw new KqlError('KQL_LIMIT', `narrow would make ${count} rows (more than ${MAX_CELLS})`);
  const row = new Array<number>(count);
  const column = new Array<string>(count);
  const value = new Array<string>(count);
  let k = 0;
  for (let i = 0; i < input.rowCount; i++) {
    for (let c = 0; c < width; c++, k++) {
      row[k] = i;
      column[k] = input.columns[c]!.name;
      value[k] = formatValue(input.data[c]![i], input.columns[c]!.type);
    }
  }
  return { columns: plan.columns, data: [row, column, value], rowCount: count };
}
