/** max_of(a1, ..., an) / min_of(...): the largest (smallest) non-null argument; null when all are null. */
import { defineScalar } from '../registry.ts';
import { compareValues } from '../common/compare.ts';

function make(sign: 1 | -1) {
  return () => (...args: unknown[]) => {
    let best: unknown = null;
    for (const v of args) {
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
      if (best === null || sign * compareValues(v, best) > 0) best = v;
    }
    return best;
  };
}
defineScalar((F) => F.MaxOf, make(1));
defineScalar((F) => F.MinOf, make(-1));
