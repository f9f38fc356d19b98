/**
 * dcount, dcountif, count_distinct, count_distinctif: exact distinct counts of non-null values. Kusto's dcount
 * is a HyperLogLog estimate, but it is exact for cardinalities up to 1000 at the default accuracy, which covers
 * replay data; the optional accuracy argument is accepted and ignored.
 */
import { defineAggregate, type AggregateImpl } from '../registry.ts';
import { setKey } from '../common/values.ts';

function make(predicateIndex: number | null): AggregateImpl<Set<unknown>> {
  return {
    init: () => new Set<unknown>(),
    add: (s, args) => {
      if (predicateIndex !== null && args[predicateIndex] !== true) return s;
      const v = args[0];
      if (v === null || v === undefined) return s;
      s.add(setKey(v));
      return s;
    },
    result: (s) => s.size,
    merge: (a, b) => {
      for (const k of b) a.add(k);
      return a;
    },
  };
}

defineAggregate((A) => A.DCount, make(null));
defineAggregate((A) => A.DCountIf, make(1));
defineAggregate((A) => A.CountDistinct, make(null));
defineAggregate((A) => A.CountDistinctIf, make(1));
