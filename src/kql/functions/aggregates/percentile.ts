/**
 * percentile(x, p), percentiles(x, p1, p2, ...) (one output column per p: the result is an array, as for
 * arg_max), percentiles_array(x, p1, ... | dynamic([...])) (a dynamic array), and the weighted percentilew,
 * percentilesw, percentilesw_array (x, weight, ...).
 *
 * Kusto estimates percentiles with T-Digest; on small inputs that is the nearest-rank value, which is what this
 * computes exactly: the smallest value whose cumulative weight reaches p% of the total.
 */
import { defineAggregate, type AggregateImpl, type CallSite } from '../registry.ts';
import { compareValues } from '../common/compare.ts';
import { toNumber } from '../common/values.ts';

interface Samples { values: unknown[]; weights: number[] }

export function nearestRank(values: unknown[], weights: number[] | null, p: number): unknown {
  if (values.length === 0) return null;
  const idx = values.map((_, i) => i).sort((a, b) => compareValues(values[a], values[b]));
  const total = weights ? weights.reduce((s, w) => s + w, 0) : values.length;
  const target = (Math.max(0, Math.min(100, p)) / 100) * total;
  let acc = 0;
  for (const i of idx) {
    acc += weights ? weights[i]! : 1;
    if (acc >= target - 1e-9 && acc > 0) return values[i];
  }
  return values[idx[idx.length - 1]!];
}

/** The requested percentiles: constant arguments from `first` on (numbers or one dynamic array). */
function percents(site: CallSite, first: number): number[] {
  const out: number[] = [];
  for (const c of site.constants.slice(first)) {
    for (const x of Array.isArray(c) ? c : [c]) {
      const n = toNumber(x);
      if (n !== null) out.push(n);
    }
  }
  return out;
}

type Shape = 'single' | 'columns' | 'array';

function make(weighted: boolean, shape: Shape): AggregateImpl<Samples> {
  const first = weighted ? 2 : 1;
  return {
    init: () => ({ values: [], weights: [] }),
    add: (s, args) => {
      const v = args[0];
      if (v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) return s;
      if (weighted) {
        const w = toNumber(args[1]);
        if (w === null || w <= 0) return s;
        s.weights.push(w);
      }
      s.values.push(v);
      return s;
    },
    result: (s, site) => {
      let ps = percents(site, first);
      if (ps.length === 0 && site.constants.length <= first) ps = [50];
      const results = ps.map((p) => nearestRank(s.values, weighted ? s.weights : null, p));
      return shape === 'single' || (shape === 'columns' && results.length === 1) ? results[0] : results;
    },
    merge: (a, b) => ({ values: a.values.concat(b.values), weights: a.weights.concat(b.weights) }),
  };
}

defineAggregate((A) => A.Percentile, make(false, 'single'));
defineAggregate((A) => A.Percentiles, make(false, 'columns'));
defineAggregate((A) => A.PercentilesArray, make(false, 'array'));
defineAggregate((A) => A.PercentileW, make(true, 'single'));
defineAggregate((A) => A.PercentilesW, make(true, 'columns'));
defineAggregate((A) => A.PercentilesWArray, make(true, 'array'));
