/**
 * Sets over dynamic arrays: set_union, set_intersect, set_difference (distinct values, first-seen order),
 * set_has_element, set_equals. array_sort_asc / array_sort_desc (nulls last unless the last argument is false).
 */
import { defineScalar } from '../registry.ts';
import { toDynamicValue, valueKey } from '../common/values.ts';
import { compareValues } from '../common/compare.ts';

function distinct(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of values) {
    const k = valueKey(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

defineScalar((F) => F.SetUnion, () => (...arrays: unknown[]) => {
  if (arrays.some((a) => !Array.isArray(a))) return null;
  return distinct((arrays as unknown[][]).flat(1));
});

defineScalar((F) => F.SetIntersect, () => (...arrays: unknown[]) => {
  if (arrays.some((a) => !Array.isArray(a))) return null;
  const [first, ...rest] = arrays as unknown[][];
  const others = rest.map((a) => new Set(a.map(valueKey)));
  return distinct(first!).filter((v) => others.every((s) => s.has(valueKey(v))));
});

defineScalar((F) => F.SetDifference, () => (...arrays: unknown[]) => {
  if (arrays.some((a) => !Array.isArray(a))) return null;
  const [first, ...rest] = arrays as unknown[][];
  const others = new Set(rest.flat(1).map(valueKey));
  return distinct(first!).filter((v) => !others.has(valueKey(v)));
});

defineScalar((F) => F.SetHasElement, (site) => (a: unknown, v: unknown) => {
  if (!Array.isArray(a)) return null;
  const k = valueKey(toDynamicValue(v, site.argTypes[1] ?? 'unknown'));
  return a.some((x) => valueKey(x) === k);
});

defineScalar((F) => F.SetEquals, () => (a: unknown, b: unknown) => {
  if (!Array.isArray(a) || !Array.isArray(b)) return null;
  const x = new Set(a.map(valueKey));
  const y = new Set(b.map(valueKey));
  return x.size === y.size && [...x].every((k) => y.has(k));
});

/**
 * array_sort_asc(a1[, a2, ...][, nulls_last]): sorts a1; further arrays of the same length are reordered alike and
 * the result is then an array of the sorted arrays (null for one whose length differs from a1's). Nulls go last
 * unless nulls_last is false.
 */
function sorter(sign: 1 | -1) {
  return () => (...args: unknown[]) => {
    let nullsLast = true;
    if (typeof args[args.length - 1] === 'boolean') nullsLast = args.pop() as boolean;
    const arrays = args;
    if (arrays.length === 0 || !Array.isArray(arrays[0])) return arrays.length > 1 ? arrays.map(() => null) : null;
    const first = arrays[0] as unknown[];
    const order = first!.map((_, i) => i).sort((i, j) => {
      const x = first![i];
      const y = first![j];
      if (x === null || y === null) return x === y ? i - j : (x === null) === nullsLast ? 1 : -1;
      return sign * compareValues(x, y) || i - j;
    });
    // an array that is not one, or of another length than the first, sorts to null (the others still sort)
    const sorted = arrays.map((a) => (Array.isArray(a) && a.length === first.length ? order.map((i) => a[i]) : null));
    return arrays.length === 1 ? sorted[0] : sorted;
  };
}
defineScalar((F) => F.ArraySortAsc, sorter(1));
defineScalar((F) => F.ArraySortDesc, sorter(-1));
