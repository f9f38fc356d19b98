/**
 * make_set(expr[, maxSize]), make_set_if(expr, predicate[, maxSize]) and the deprecated makeset (default maxSize
 * 128). Distinct non-null values as a dynamic array in first-seen order; a dynamic array input contributes its
 * elements. The default and largest maxSize is 1,048,576.
 */
import { defineAggregate, type AggregateImpl, type CallSite } from '../registry.ts';
import { toDynamicValue, toNumber, setKey } from '../common/values.ts';

export const MAX_COLLECTION_SIZE = 1_048_576;
export const DEPRECATED_COLLECTION_SIZE = 128;

/** The maxSize argument (a constant), clamped to Kusto's limit. */
export function sizeLimit(site: CallSite, index: number, fallback: number): number {
  const given = toNumber(site.constants[index]);
  if (given === null || !(given > 0)) return fallback;
  return Math.min(Math.trunc(given), MAX_COLLECTION_SIZE);
}

interface SetState { keys: Set<unknown>; values: unknown[]; limit: number }

function make(predicateIndex: number | null, sizeIndex: number, defaultSize: number): AggregateImpl<SetState> {
  const addOne = (s: SetState, v: unknown): void => {
    if (v === null || v === undefined || s.values.length >= s.limit) return;
    const k = setKey(v);
    if (s.keys.has(k)) return;
    s.keys.add(k);
    s.values.push(v);
  };
  return {
    init: (site) => ({ keys: new Set(), values: [], limit: sizeLimit(site, sizeIndex, defaultSize) }),
    add: (s, args, site) => {
      if (predicateIndex !== null && args[predicateIndex] !== true) return s;
      const v = args[0];
      if (Array.isArray(v) && site.argTypes[0] === 'dynamic') for (const e of v) addOne(s, e);
      else addOne(s, toDynamicValue(v, site.argTypes[0] ?? 'unknown'));
      return s;
    },
    result: (s) => s.values,
    merge: (a, b) => {
      for (const v of b.values) addOne(a, v);
      return a;
    },
  };
}

defineAggregate((A) => A.MakeSet, make(null, 1, MAX_COLLECTION_SIZE));
defineAggregate((A) => A.MakeSet_Deprecated, make(null, 1, DEPRECATED_COLLECTION_SIZE));
defineAggregate((A) => A.MakeSetIf, make(1, 2, MAX_COLLECTION_SIZE));
