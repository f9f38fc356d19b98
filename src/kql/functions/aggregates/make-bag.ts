/**
 * make_bag(bag[, maxSize]) and make_bag_if(bag, predicate[, maxSize]) (and the hidden make_dictionary): the union
 * of the property bags of the group. Non-bag values are ignored; when a key repeats, the first value seen wins.
 */
import { defineAggregate, type AggregateImpl } from '../registry.ts';
import { MAX_COLLECTION_SIZE, sizeLimit } from './make-set.ts';

interface BagState { bag: Record<string, unknown>; size: number; limit: number }

function isBag(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function make(predicateIndex: number | null, sizeIndex: number): AggregateImpl<BagState> {
  const addBag = (s: BagState, v: Record<string, unknown>): void => {
    for (const [k, x] of Object.entries(v)) {
      if (Object.prototype.hasOwnProperty.call(s.bag, k) || s.size >= s.limit) continue;
      s.bag[k] = x;
      s.size += 1;
    }
  };
  return {
    init: (site) => ({ bag: {}, size: 0, limit: sizeLimit(site, sizeIndex, MAX_COLLECTION_SIZE) }),
    add: (s, args) => {
      if (predicateIndex !== null && args[predicateIndex] !== true) return s;
      if (isBag(args[0])) addBag(s, args[0]);
      return s;
    },
    result: (s) => s.bag,
    merge: (a, b) => {
      addBag(a, b.bag);
      return a;
    },
  };
}

defineAggregate((A) => A.MakeBag, make(null, 1));
defineAggregate((A) => A.MakeBagIf, make(1, 2));
defineAggregate((A) => A.MakeDictionary, make(null, 1));
