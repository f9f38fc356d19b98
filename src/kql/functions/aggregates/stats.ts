/**
 * stdev, stdevif, stdevp, variance, varianceif, variancep, variancepif (sample or population, Welford's
 * algorithm), covariance, covarianceif, covariancep, covariancepif. Sample statistics of fewer than two values
 * give 0 for variance/stdev (as Kusto), population statistics of no values give null.
 */
import { defineAggregate, type AggregateImpl } from '../registry.ts';
import { toNumber } from '../common/values.ts';

interface Moments { n: number; mean: number; m2: number }

function add(s: Moments, x: number): Moments {
  s.n += 1;
  const d = x - s.mean;
  s.mean += d / s.n;
  s.m2 += d * (x - s.mean);
  return s;
}

function merge(a: Moments, b: Moments): Moments {
  if (b.n === 0) return a;
  if (a.n === 0) return b;
  const n = a.n + b.n;
  const d = b.mean - a.mean;
  return { n, mean: a.mean + (d * b.n) / n, m2: a.m2 + b.m2 + (d * d * a.n * b.n) / n };
}

function variance(kind: 'sample' | 'population', root: boolean, conditional: boolean): AggregateImpl<Moments> {
  return {
    init: () => ({ n: 0, mean: 0, m2: 0 }),
    add: (s, args) => {
      if (conditional && args[1] !== true) return s;
      const x = typeof args[0] === 'string' ? null : toNumber(args[0]);
      return x === null ? s : add(s, x);
    },
    result: (s) => {
      if (s.n === 0) return kind === 'population' ? null : 0;
      const v = kind === 'sample' ? (s.n < 2 ? 0 : s.m2 / (s.n - 1)) : s.m2 / s.n;
      return root ? Math.sqrt(v) : v;
    },
    merge,
  };
}

defineAggregate((A) => A.Stdev, variance('sample', true, false));
defineAggregate((A) => A.StdevIf, variance('sample', true, true));
defineAggregate((A) => A.Stdevp, variance('population', true, false));
defineAggregate((A) => A.Variance, variance('sample', false, false));
defineAggregate((A) => A.VarianceIf, variance('sample', false, true));
defineAggregate((A) => A.Variancep, variance('population', false, false));
defineAggregate((A) => A.VariancepIf, variance('population', false, true));

interface CoMoments { n: number; mx: number; my: number; c: number }

function covariance(kind: 'sample' | 'population', conditional: boolean): AggregateImpl<CoMoments> {
  return {
    init: () => ({ n: 0, mx: 0, my: 0, c: 0 }),
    add: (s, args) => {
      if (conditional && args[2] !== true) return s;
      const x = toNumber(args[0]);
      const y = toNumber(args[1]);
      if (x === null || y === null || typeof args[0] === 'string' || typeof args[1] === 'string') return s;
      s.n += 1;
      const dx = x - s.mx;
      s.mx += dx / s.n;
      s.my += (y - s.my) / s.n;
      s.c += dx * (y - s.my);
      return s;
    },
    result: (s) => {
      if (s.n === 0) return kind === 'population' ? null : 0;
      return kind === 'sample' ? (s.n < 2 ? 0 : s.c / (s.n - 1)) : s.c / s.n;
    },
  };
}

defineAggregate((A) => A.Covariance, covariance('sample', false));
defineAggregate((A) => A.CovarianceIf, covariance('sample', true));
defineAggregate((A) => A.Covariancep, covariance('population', false));
defineAggregate((A) => A.CovariancepIf, covariance('population', true));
