/**
 * arg_max(expr, c1, c2, ...) / arg_min and the deprecated argmax/argmin.
 *
 * Contract with the engine: `args[0]` is the value to maximise (minimise) and `args[1..]` are the values to carry
 * from the same row (the engine expands `*` into the columns the binder lists). The result is an array with one
 * value per output column, `[extremum, c1, c2, ...]`, taken from the first row holding the extremum; rows whose
 * `expr` is null are skipped; a group without any gives all nulls.
 */
import { defineAggregate, type AggregateImpl } from '../registry.ts';
import { compareValues } from '../common/compare.ts';

interface ArgState { best: unknown[] | null }

function make(sign: 1 | -1): AggregateImpl<ArgState> {
  const consider = (s: ArgState, row: unknown[]): ArgState => {
    const v = row[0];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return s;
    if (s.best === null || sign * compareValues(v, s.best[0]) > 0) s.best = row.slice();
    return s;
  };
  return {
    init: () => ({ best: null }),
    add: (s, args) => consider(s, args),
    result: (s, site) => s.best ?? site.argTypes.map((t) => (t === 'string' ? '' : null)),
    merge: (a, b) => (b.best ? consider(a, b.best) : a),
  };
}

defineAggregate((A) => A.ArgMax, make(1));
defineAggregate((A) => A.ArgMin, make(-1));
defineAggregate((A) => A.ArgMax_Deprecated, make(1));
defineAggregate((A) => A.ArgMin_Deprecated, make(-1));
