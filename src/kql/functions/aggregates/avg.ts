/** avg(expr) and avgif(expr, predicate): the mean of the non-null values as a real; null when there are none. */
import { defineAggregate, type AggregateImpl } from '../registry.ts';
import { toNumber } from '../common/values.ts';

interface AvgState { sum: number; n: number }

function addValue(s: AvgState, v: unknown): AvgState {
  if (v === null || v === undefined || typeof v === 'string') return s;
  const x = toNumber(v);
  if (x === null) return s;
  s.sum += x;
  s.n += 1;
  return s;
}

const result = (s: AvgState): unknown => (s.n === 0 ? null : s.sum / s.n);
const merge = (a: AvgState, b: AvgState): AvgState => ({ sum: a.sum + b.sum, n: a.n + b.n });

defineAggregate((A) => A.Avg, {
  init: () => ({ sum: 0, n: 0 }),
  add: (s, args) => addValue(s, args[0]),
  result,
  merge,
} satisfies AggregateImpl<AvgState>);
defineAggregate((A) => A.AvgIf, {
  init: () => ({ sum: 0, n: 0 }),
  add: (s, args) => (args[1] === true ? addValue(s, args[0]) : s),
  result,
  merge,
} satisfies AggregateImpl<AvgState>);
