/**
 * series_fit_2lines(series) and series_fit_2lines_dynamic(series): the best two-segment piecewise linear fit. Every
 * split index i (2 <= i <= n - 2: at least two points a side) fits one least-squares line to [0, i) and one to
 * [i, n) over the global indexes; the split with the least total squared residual wins (the first on ties).
 * Columns as the binder names them: rsquare, split_idx, variance, rvariance, line_fit, then right_ and left_
 * rsquare, slope, interception, variance, rvariance. Nulls count as 0; fewer than four points give nulls.
 */
import { defineScalar } from '../registry.ts';
import { mean, sampleVariance, toSeries } from './series.ts';

interface Side { slope: number; interception: number; rsquare: number; variance: number; rvariance: number; ssRes: number }

function fitRange(y: number[], from: number, to: number): Side {
  const n = to - from;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = from; i < to; i++) {
    sx += i;
    sy += y[i]!;
    sxx += i * i;
    sxy += i * y[i]!;
  }
  const denom = n * sxx - sx * sx;
  const slope = denom === 0 ? 0 : (n * sxy - sx * sy) / denom;
  const interception = (sy - slope * sx) / n;
  const part = y.slice(from, to);
  const residuals = part.map((v, j) => v - (interception + slope * (from + j)));
  const m = mean(part);
  const ssTot = part.reduce((a, v) => a + (v - m) ** 2, 0);
  const ssRes = residuals.reduce((a, r) => a + r * r, 0);
  return { slope, interception, rsquare: ssTot === 0 ? 1 : 1 - ssRes / ssTot, variance: sampleVariance(part), rvariance: sampleVariance(residuals), ssRes };
}

function fit2(v: unknown) {
  const s = toSeries(v);
  if (!s || s.length < 4) return null;
  const y = s.map((x) => x ?? 0);
  const n = y.length;
  let best: { i: number; left: Side; right: Side } | null = null;
  for (let i = 2; i <= n - 2; i++) {
    const left = fitRange(y, 0, i);
    const right = fitRange(y, i, n);
    if (!best || left.ssRes + right.ssRes < best.left.ssRes + best.right.ssRes) best = { i, left, right };
  }
  const { i, left, right } = best!;
  const line = y.map((_, k) => (k < i ? left.interception + left.slope * k : right.interception + right.slope * k));
  const m = mean(y);
  const ssTot = y.reduce((a, x) => a + (x - m) ** 2, 0);
  const residuals = y.map((x, k) => x - line[k]!);
  return {
    rsquare: ssTot === 0 ? 1 : 1 - (left.ssRes + right.ssRes) / ssTot, split_idx: i, variance: sampleVariance(y),
    rvariance: sampleVariance(residuals), line_fit: line,
    right_rsquare: right.rsquare, right_slope: right.slope, right_interception: right.interception, right_variance: right.variance, right_rvariance: right.rvariance,
    left_rsquare: left.rsquare, left_slope: left.slope, left_interception: left.interception, left_variance: left.variance, left_rvariance: left.rvariance,
  };
}

defineScalar((F) => F.SeriesFit2Lines, () => (v: unknown) => {
  const f = fit2(v);
  return f ? Object.values(f) : new Array(15).fill(null);
});

defineScalar((F) => F.SeriesFit2LinesDynamic, () => (v: unknown) => fit2(v));
