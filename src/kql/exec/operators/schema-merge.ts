/**
 * evaluate schema_merge(PreserveOrder): merges schemas in getschema's form (ColumnName, ColumnOrdinal, DataType,
 * ColumnType rows; a schema starts where the ordinal does not grow) into one. Schemas are read in order: a column
 * not seen before is inserted at its ordinal (or appended), a column seen before keeps its place, its type reduced
 * with the earlier one (int, long and real reduce to the wider; other differing types cannot be reduced). With
 * PreserveOrder (the default) a column met at another ordinal than in the first schema it appeared in is out of
 * order. A column that cannot be merged is shown with ordinal -1 and the error as its types, as the reference's
 * example shows; the others are numbered by their place in the merged schema.
 */
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import type { ScalarTypeName } from '../../schema.ts';
import { DOTNET_TYPES } from './getschema.ts';

interface Merged { name: string; type: string; ordinal: number; error: string | null }

const NUMERIC_RANK: Record<string, number> = { int: 0, long: 1, real: 2 };

function reduceTypes(a: string, b: string): string | null {
  if (a === b) return a;
  const ra = NUMERIC_RANK[a];
  const rb = NUMERIC_RANK[b];
  if (ra === undefined || rb === undefined) return null;
  return ra >= rb ? a : b;
}

export function executeSchemaMerge(plan: Extract<Plan, { op: 'schemamerge' }>, input: Table): Table {
  const col = (name: string) => input.data[input.columns.findIndex((c) => c.name === name)]!;
  const names = col('ColumnName');
  const ordinals = col('ColumnOrdinal');
  const types = col('ColumnType');
  const merged: Merged[] = [];
  const byName = new Map<string, Merged>();
  let previous = Infinity;
  let seenInSchema = new Set<string>();
  for (let i = 0; i < input.rowCount; i++) {
    const name = names[i] == null ? '' : String(names[i]);
    const ordinal = Number(ordinals[i] ?? 0);
    const type = types[i] == null ? '' : String(types[i]);
    if (!(ordinal > previous)) seenInSchema = new Set();
    previous = ordinal;
    if (seenInSchema.has(name)) continue;
    seenInSchema.add(name);
    const known = byName.get(name);
    if (!known) {
      const entry: Merged = { name, type, ordinal, error: null };
      merged.splice(Math.max(0, Math.min(ordinal, merged.length)), 0, entry);
      byName.set(name, entry);
      continue;
    }
    if (known.error) continue;
    if (plan.preserveOrder && known.ordinal !== ordinal) {
      known.error = 'columns are out of order';
      continue;
    }
    const reduced = reduceTypes(known.type, type);
    if (reduced === null) known.error = `types ${known.type} and ${type} cannot be reduced`;
    else known.type = reduced;
  }
  const data: unknown[][] = [[], [], [], []];
  let place = 0;
  for (const m of merged) {
    data[0]!.push(m.name);
    data[1]!.push(m.error ? -1 : place);
    data[2]!.push(m.error ? `ERROR(unknown CSL type:ERROR(${m.error}))` : DOTNET_TYPES[m.type as ScalarTypeName] ?? m.type);
    data[3]!.push(m.error ? `ERROR(${m.error})` : m.type);
    place++;
  }
  return { columns: plan.columns, data, rowCount: merged.length };
}
