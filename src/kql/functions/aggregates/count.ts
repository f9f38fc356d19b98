/** count(), countif(predicate) and the deprecated cnt(). count counts rows; countif counts rows where the predicate is true. */
import { defineAggregate, type AggregateImpl } from '../registry.ts';

const count: AggregateImpl<number> = {
  init: () => 0,
  add: (n) => n + 1,
  result: (n) => n,
  merge: (a, b) => a + b,
};

const countIf: AggregateImpl<number> = {
  init: () => 0,
  add: (n, args) => (args[0] === true ? n + 1 : n),
  result: (n) => n,
  merge: (a, b) => a + b,
};

defineAggregate((A) => A.Count, count);
defineAggregate((A) => A.Cnt, count);
defineAggregate((A) => A.CountIf, countIf);
