/** mv-expand: one output row per element of the expanded arrays or bags (zipped when several), `limit` per row. */
import { lazyColumns, type Table } from '../../data/table.ts';
import type { Plan } from '../../plan/nodes.ts';
import type { RunContext } from '../context.ts';
import { castValue } from '../cast.ts';

export type MvExpandPlan = Pick<Extract<Plan, { op: 'mvexpand' }>, 'columns' | 'items' | 'limit' | 'itemIndex'>;

/** The elements an mv-expand item yields for one value: array elements, bag entries, or the value itself. */
function elementsOf(v: unknown, bagKind: 'bag' | 'array'): unknown[] {
  if (v === null || v === undefined) return [null];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => (bagKind === 'array' ? [k, x] : { [k]: x }));
  }
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[') || t.startsWith('{')) {
      try {
        return elementsOf(JSON.parse(t), bagKind);
      } catch {
        return [v];
      }
    }
  }
  return [v];
}

export function executeMvExpand(plan: MvExpandPlan, input: Table, rc: RunContext): Table {
  const n = input.rowCount;
  const items = plan.items;
  // pass 1: the element lists of every row, and the output size
  const lists = items.map((it) => {
    const col = input.data[it.index]!;
    const out = new Array<unknown[]>(n);
    for (let i = 0; i < n; i++) out[i] = elementsOf(col[i], it.bagKind);
    return out;
  });
  const lengths = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let len = 0;
    for (const l of lists) if (l[i]!.length > len) len = l[i]!.length;
    len = Math.min(len, plan.limit); // an empty array or bag yields no row
    lengths[i] = len;
    total += len;
  }
  rc.checkRows(total, 'mv-expand');
  rc.tick(n);
  // pass 2: source row and element number of every output row
  const rowOf = new Int32Array(total);
  const elemOf = new Int32Array(total);
  for (let i = 0, r = 0; i < n; i++) {
    for (let e = 0; e < lengths[i]!; e++, r++) {
      rowOf[r] = i;
      elemOf[r] = e;
    }
  }
  const data = lazyColumns(plan.columns.length, (c) => {
    if (c >= input.data.length) return [];
    const src = input.data[c]!;
    const out = new Array(total);
    for (let r = 0; r < total; r++) out[r] = src[rowOf[r]!];
    return out;
  });
  items.forEach((it, k) => {
    const l = lists[k]!;
    const out = new Array(total);
    const cast = it.cast;
    for (let r = 0; r < total; r++) {
      const list = l[rowOf[r]!]!;
      const e = elemOf[r]!;
      const v = e < list.length ? list[e] : null;
      out[r] = cast ? castValue(v, cast) : v ?? null;
    }
    data[it.index] = out;
  });
  if (plan.itemIndex !== null) data[plan.itemIndex] = Array.from(elemOf);
  return { columns: plan.columns, data, rowCount: total };
}
