/**
 * evaluate bag_unpack: with a declared schema, typed columns read from the bag's keys; without one, the bags
 * themselves, expanded into columns when they reach the result (see runtime-columns.ts).
 */
import type { Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import { castValue } from '../cast.ts';

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
  const bags = bagCol.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {}));
  return { columns: plan.columns, data: [...plan.keep.map((i) => input.data[i]!), bags], rowCount: input.rowCount };
}
