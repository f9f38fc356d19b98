/**
 * The hll family: hll(x[, accuracy]) and hll_if(x, predicate[, accuracy]) build a distinct-count sketch,
 * hll_merge merges sketches (as an aggregate over rows, or as a function of several sketches), dcount_hll counts
 * one. Like dcount here (see dcount.ts), the sketch is exact: a property bag `{"hll": [keys...]}` holding the
 * distinct non-null values' keys. Kusto's sketch is an opaque array whose layout is not documented; only what the
 * functions compute from it is, and that agrees. A value that is not such a bag counts as no sketch.
 */
import { defineAggregate, defineScalar, type AggregateImpl } from '../registry.ts';
import { valueKey } from '../common/values.ts';

export interface HllSketch { hll: string[] }

export function isSketch(v: unknown): v is HllSketch {
  return typeof v === 'object' && v !== null && Array.isArray((v as HllSketch).hll);
}

function build(predicateIndex: number | null): AggregateImpl<Set<string>> {
  return {
    init: () => new Set<string>(),
    add: (s, args) => {
      if (predicateIndex !== null && args[predicateIndex] !== true) return s;
      const v = args[0];
      if (v === null || v === undefined) return s;
      s.add(valueKey(v));
      return s;
    },
    result: (s) => ({ hll: [...s] }),
    merge: (a, b) => {
      for (const k of b) a.add(k);
      return a;
    },
  };
}

const mergeAgg: AggregateImpl<Set<string>> = {
  init: () => new Set<string>(),
  add: (s, args) => {
    if (isSketch(args[0])) for (const k of args[0].hll) s.add(String(k));
    return s;
  },
  result: (s) => ({ hll: [...s] }),
  merge: (a, b) => {
    for (const k of b) a.add(k);
    return a;
  },
};

defineAggregate((A) => A.Hll, build(null));
defineAggregate((A) => A.HllIf, build(1));
defineAggregate((A) => A.HllMerge, mergeAgg);

defineScalar((F) => F.HllMerge, () => (...sketches: unknown[]) => {
  const keys = new Set<string>();
  for (const s of sketches) if (isSketch(s)) for (const k of s.hll) keys.add(String(k));
  return { hll: [...keys] };
});

defineScalar((F) => F.DCountHll, () => (s: unknown) => (isSketch(s) ? new Set(s.hll).size : null));
