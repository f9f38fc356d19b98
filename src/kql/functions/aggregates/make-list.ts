/**
 * make_list(expr[, maxSize]), make_list_if(expr, predicate[, maxSize]), make_list_with_nulls(expr[, maxSize]) and
 * the deprecated makelist (default maxSize 128). Values in input order as a dynamic array; nulls are skipped
 * except by make_list_with_nulls. A dynamic array's elements are appended one by one, as make_set does with them
 * (the reference's examples wrap an array in pack_array to keep it whole: geo-point-in-polygon-function, and
 * geo-h3cell-rings-function lists the cells of every ring).
 */
import { defineAggregate, type AggregateImpl } from '../registry.ts';
import { toDynamicValue } from '../common/values.ts';
import { DEPRECATED_COLLECTION_SIZE, MAX_COLLECTION_SIZE, sizeLimit } from './make-set.ts';

interface ListState { values: unknown[]; limit: number }

function make(predicateIndex: number | null, sizeIndex: number, defaultSize: number, keepNulls = false): AggregateImpl<ListState> {
  return {
    init: (site) => ({ values: [], limit: sizeLimit(site, sizeIndex, defaultSize) }),
    add: (s, args, site) => {
      if (predicateIndex !== null && args[predicateIndex] !== true) return s;
      const v = args[0];
      if ((v === null || v === undefined) && !keepNulls) return s;
      if (Array.isArray(v) && site.argTypes[0] === 'dynamic') {
        for (const e of v) if (s.values.length < s.limit) s.values.push(e);
      } else if (s.values.length < s.limit) s.values.push(toDynamicValue(v, site.argTypes[0] ?? 'unknown'));
      return s;
    },
    result: (s) => s.values,
    merge: (a, b) => {
      for (const v of b.values) if (a.values.length < a.limit) a.values.push(v);
      return a;
    },
  };
}

defineAggregate((A) => A.MakeList, make(null, 1, MAX_COLLECTION_SIZE));
defineAggregate((A) => A.MakeList_Deprecated, make(null, 1, DEPRECATED_COLLECTION_SIZE));
defineAggregate((A) => A.MakeListIf, make(1, 2, MAX_COLLECTION_SIZE));
defineAggregate((A) => A.MakeListWithNulls, make(null, 1, MAX_COLLECTION_SIZE, true));
