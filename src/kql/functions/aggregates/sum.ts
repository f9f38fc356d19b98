/**
 * sum(expr) and sumif(expr, predicate). Nulls are ignored; a group with no non-null value sums to null.
 * Integer sums are exact (they switch to bigint beyond 2^53, as long values do).
 */
import { defineAggregate, type AggregateImpl, type CallSite } from '../registry.ts';
import { longResult } from '../common/values.ts';

interface SumState { n: number; big: bigint | null; seen: boolean }

function integral(site: CallSite): boolean {
  const t = site.argTypes[0];
  return t === 'int' || t === 'long' || t === 'timespan';
}

function addValue(s: SumState, v: unknown, site: CallSite): SumState {
  if (v === null || v === undefined) return s;
  let x: number | bigint;
  if (typeof v === 'number' || typeof v === 'bigint') x = v;
  else if (typeof v === 'boolean') x = v ? 1 : 0;
  else return s;
  s.seen = true;
  if (integral(site) && (typeof x === 'bigint' || Number.isFinite(x))) {
    const next = s.n + Number(x);
    if (s.big !== null || typeof x === 'bigint' || !Number.isSafeInteger(next)) {
      s.big = (s.big ?? BigInt(s.n)) + BigInt(typeof x === 'bigint' ? x : Math.trunc(x));
      s.n = 0;
    } else s.n = next;
  } else s.n += Number(x);
  return s;
}

function result(s: SumState): unknown {
  if (!s.seen) return null;
  return s.big !== null ? longResult(s.big) : s.n;
}

function merge(a: SumState, b: SumState): SumState {
  if (!b.seen) return a;
  if (!a.seen) return b;
  if (a.big !== null || b.big !== null) return { n: 0, big: (a.big ?? BigInt(a.n)) + (b.big ?? BigInt(b.n)), seen: true };
  return { n: a.n + b.n, big: null, seen: true };
}

const sum: AggregateImpl<SumState> = {
  init: () => ({ n: 0, big: null, seen: false }),
  add: (s, args, site) => addValue(s, args[0], site),
  result,
  merge,
};

const sumIf: AggregateImpl<SumState> = {
  init: () => ({ n: 0, big: null, seen: false }),
  add: (s, args, site) => (args[1] === true ? addValue(s, args[0], site) : s),
  result,
  merge,
};

defineAggregate((A) => A.Sum, sum);
defineAggregate((A) => A.SumIf, sumIf);
