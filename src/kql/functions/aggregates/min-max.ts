/**
 * min, max, minif, maxif. Nulls are ignored (and empty strings, as Kusto treats them as missing); a group with
 * no value gives null ("" for strings).
 */
import { defineAggregate, type AggregateImpl } from '../registry.ts';
import { compareValues } from '../common/compare.ts';

interface Extremum { value: unknown; seen: boolean }

function pick(sign: 1 | -1) {
  return (s: Extremum, v: unknown): Extremum => {
    if (v === null || v === undefined || v === '') return s;
    if (typeof v === 'number' && Number.isNaN(v)) return s;
    if (!s.seen || sign * compareValues(v, s.value) > 0) {
      s.value = v;
      s.seen = true;
    }
    return s;
  };
}

function make(sign: 1 | -1, conditional: boolean): AggregateImpl<Extremum> {
  const better = pick(sign);
  return {
    init: () => ({ value: null, seen: false }),
    add: (s, args) => (conditional && args[1] !== true ? s : better(s, args[0])),
    result: (s, site) => (s.seen ? s.value : site.resultType === 'string' ? '' : null),
    merge: (a, b) => (b.seen ? better(a, b.value) : a),
  };
}

defineAggregate((A) => A.Min, make(-1, false));
defineAggregate((A) => A.Max, make(1, false));
defineAggregate((A) => A.MinIf, make(-1, true));
defineAggregate((A) => A.MaxIf, make(1, true));
