/**
 * The tdigest family: tdigest(x[, weight]) builds a percentile sketch, tdigest_merge/merge_tdigest merge sketches
 * (an aggregate over rows, or a function of several sketches), percentile_tdigest(sketch, p[, typeof(T)]),
 * percentiles_array_tdigest(sketch, p1, ... | dynamic([...])), rank_tdigest(sketch, v) (the weight of values at or
 * below v) and percentrank_tdigest(sketch, v) (that rank as a percentage of the total) read one.
 *
 * Like percentile() here (see percentile.ts), the sketch is exact: a property bag `{"tdigest": type, "values": [...],
 * "weights": [...]}` with every value and its weight, and percentiles are nearest-rank. Kusto's T-Digest is an
 * opaque array whose layout is not documented; on small inputs its answers are these.
 */
import { defineAggregate, defineScalar, type AggregateImpl, type CallSite } from '../registry.ts';
import { compareValues } from '../common/compare.ts';
import { toDynamicValue, toNumber, type ArgType } from '../common/values.ts';
import { nearestRank } from './percentile.ts';

export interface TDigestSketch { tdigest: string; values: unknown[]; weights: number[] }

function isSketch(v: unknown): v is TDigestSketch {
  return typeof v === 'object' && v !== null && typeof (v as TDigestSketch).tdigest === 'string'
    && Array.isArray((v as TDigestSketch).values) && Array.isArray((v as TDigestSketch).weights);
}

interface State { type: string; values: unknown[]; weights: number[] }

const build: AggregateImpl<State> = {
  init: (site) => ({ type: String(site.argTypes[0] ?? 'unknown'), values: [], weights: [] }),
  add: (s, args) => {
    const v = args[0];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return s;
    const w = args.length > 1 ? toNumber(args[1]) : 1;
    if (w === null || w <= 0) return s;
    s.values.push(typeof v === 'bigint' ? Number(v) : v);
    s.weights.push(w);
    return s;
  },
  result: (s) => ({ tdigest: s.type, values: s.values, weights: s.weights }),
  merge: (a, b) => ({ type: a.type, values: a.values.concat(b.values), weights: a.weights.concat(b.weights) }),
};

function mergeInto(s: State, d: unknown): void {
  if (!isSketch(d)) return;
  if (s.type === 'unknown') s.type = d.tdigest;
  s.values.push(...d.values);
  s.weights.push(...d.weights);
}

const mergeAgg: AggregateImpl<State> = {
  init: () => ({ type: 'unknown', values: [], weights: [] }),
  add: (s, args) => {
    mergeInto(s, args[0]);
    return s;
  },
  result: (s) => ({ tdigest: s.type, values: s.values, weights: s.weights }),
  merge: (a, b) => {
    mergeInto(a, { tdigest: b.type, values: b.values, weights: b.weights });
    return a;
  },
};

defineAggregate((A) => A.TDigest, build);
defineAggregate((A) => A.TDigestMerge, mergeAgg);
defineAggregate((A) => A.MergeTDigest, mergeAgg);

const mergeFn = () => (...sketches: unknown[]) => {
  const s: State = { type: 'unknown', values: [], weights: [] };
  for (const d of sketches) mergeInto(s, d);
  return { tdigest: s.type, values: s.values, weights: s.weights };
};
defineScalar((F) => F.TDigestMerge, mergeFn);
defineScalar((F) => F.MergeTDigest, mergeFn);

/** A percentile of the sketch as the call's result type: a typed value, or (dynamic) the value as JSON. */
function percentileOf(d: TDigestSketch, p: number, site: CallSite): unknown {
  const v = nearestRank(d.values, d.weights, p);
  if (v === null || v === undefined) return null;
  return site.resultType === 'dynamic' || site.resultType === 'unknown' ? toDynamicValue(v, d.tdigest as ArgType) : v;
}

defineScalar((F) => F.PercentileTDigest, (site) => (d: unknown, p: unknown) => {
  const pct = toNumber(p);
  if (!isSketch(d) || pct === null) return null;
  return percentileOf(d, pct, site);
});

defineScalar((F) => F.PercentileArrayTDigest, () => (d: unknown, ...ps: unknown[]) => {
  if (!isSketch(d)) return null;
  const list = ps.flatMap((p) => (Array.isArray(p) ? p : [p])).map(toNumber);
  return list.map((p) => (p === null ? null : toDynamicValue(nearestRank(d.values, d.weights, p), d.tdigest as ArgType)));
});

function rank(d: TDigestSketch, v: unknown): number {
  let r = 0;
  d.values.forEach((x, i) => {
    if (compareValues(x, v) <= 0) r += d.weights[i]!;
  });
  return r;
}

defineScalar((F) => F.RankTDigest, () => (d: unknown, v: unknown) => {
  if (!isSketch(d) || v === null || v === undefined) return null;
  return rank(d, typeof v === 'bigint' ? Number(v) : v);
});

defineScalar((F) => F.PercentRankTDigest, () => (d: unknown, v: unknown) => {
  if (!isSketch(d) || v === null || v === undefined) return null;
  const total = d.weights.reduce((a, w) => a + w, 0);
  return total === 0 ? null : (rank(d, typeof v === 'bigint' ? Number(v) : v) * 100) / total;
});
