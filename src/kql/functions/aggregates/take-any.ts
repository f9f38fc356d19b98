/**
 * take_any(e1[, e2, ...]), take_anyif(e, predicate) and the deprecated any/anyif. Picks the first row whose first
 * argument is not null (the deterministic choice among Kusto's "arbitrary" ones). With several arguments the
 * result is an array with one value per output column, as for arg_max.
 */
import { defineAggregate, type AggregateImpl } from '../registry.ts';

interface AnyState { row: unknown[] | null }

function make(conditional: boolean): AggregateImpl<AnyState> {
  return {
    init: () => ({ row: null }),
    add: (s, args) => {
      if (s.row !== null) return s;
      if (conditional && args[1] !== true) return s;
      const v = args[0];
      if (v === null || v === undefined || v === '') return s;
      s.row = conditional ? [v] : args.slice();
      return s;
    },
    result: (s, site) => {
      const n = conditional ? 1 : site.argTypes.length;
      const row = s.row ?? site.argTypes.slice(0, n).map((t) => (t === 'string' ? '' : null));
      return n === 1 ? row[0] : row;
    },
    merge: (a, b) => (a.row !== null ? a : b),
  };
}

defineAggregate((A) => A.TakeAny, make(false));
defineAggregate((A) => A.Any, make(false));
defineAggregate((A) => A.TakeAnyIf, make(true));
defineAggregate((A) => A.AnyIf, make(true));
