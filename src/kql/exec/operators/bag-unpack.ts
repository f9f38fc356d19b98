/**
 * evaluate bag_unpack: with a declared schema, typed columns read from the bag's keys; without one, the bags
 * themselves, expanded into columns when they reach the result (see runtime-columns.ts).
 */
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { castValue } from '../cast.ts';
import { KqlError } from '../../engine-api.ts';

export function executeBagUnpack(plan: Extract<Plan, { op: 'bagunpack' }>, input: Table): Table {
  const bagCol = input.data[plan.bag]!;
  if (plan.fixed) {
    // the declared schema: kept columns by name, the rest from the bag's keys, cast to the declared types
    const data = plan.columns.map((c) => {
      const kept = plan.keep.find((i) => input.columns[i]!.name === c.name);
      if (kept !== undefined) return input.data[kept]!;
      const key = c.name.startsWith(plan.prefix) ? c.name.slice(plan.prefix.length) : c.name;
      return bagCol.map((v) => castValue(v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] ?? null : null, c.type));
    });
    return { columns: plan.columns, data, rowCount: input.rowCount };
  }
  // the kept columns, then the bags themselves (expanded into columns when they reach the result)
  const ignored = new Set(plan.ignored);
  const bags = bagCol.map((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    if (!ignored.size) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => !ignored.has(k)));
  }) as Record<string, unknown>[];
  const kept = plan.keep.map((i) => input.data[i]!);
  // a key that names an input column: an error (the default), the bag's value replaces the column's, or dropped
  const byName = new Map(plan.keep.map((i, j) => [input.columns[i]!.name, j]));
  const clashes = new Set<string>();
  for (const b of bags) for (const k of Object.keys(b)) if (byName.has(plan.prefix + k)) clashes.add(k);
  if (clashes.size && plan.conflict === 'error') {
    const name = plan.prefix + [...clashes][0];
    throw new KqlError('KQL_RUNTIME', `bag_unpack: the bag's property '${[...clashes][0]}' would make a second column '${name}'; pass columnsConflict='replace_source' or 'keep_source'`);
  }
  if (clashes.size && plan.conflict === 'replace_source') {
    for (const k of clashes) {
      const j = byName.get(plan.prefix + k)!;
      const type = plan.columns[j]!.type;
      kept[j] = bags.map((b) => castValue(b[k] ?? null, type));
    }
  }
  const out = clashes.size
    ? bags.map((b) => Object.fromEntries(Object.entries(b).filter(([k]) => !clashes.has(k))))
    : bags;
  return { columns: plan.columns, data: [...kept, out], rowCount: input.rowCount };
}
