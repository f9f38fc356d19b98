/**
 * The output table of a lookup-shaped plugin from its matched (input row, lookup row) pairs: each output column
 * taken from the input or the lookup table (see plan/lookup-outputs.ts); an unmatched input row (lookup row null)
 * gets empty lookup columns, '' for strings and null otherwise.
 */
import type { Table } from '../../data/table.ts';
import type { ColumnSchema } from '../../schema.ts';
import type { LookupOutput } from '../../plan/lookup-outputs.ts';

export function pairedTable(plan: { columns: ColumnSchema[]; outputs: LookupOutput[] }, input: Table, lookup: Table, pairs: [number, number | null][]): Table {
  const data = plan.outputs.map(({ side, index }, c) => {
    const type = plan.columns[c]!.type;
    return pairs.map(([i, j]) => {
      if (side === 0) return input.data[index]![i];
      return j === null ? (type === 'string' ? '' : null) : lookup.data[index]![j];
    });
  });
  return { columns: plan.columns, data, rowCount: pairs.length };
}
