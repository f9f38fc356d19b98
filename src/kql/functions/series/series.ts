/** Helpers for the series_* functions: reading dynamic arrays as numeric series, percentiles, least squares. */

/** The elements of a dynamic array as numbers; null (and non-numeric elements) as null. Null when not an array. */
export function toSeries(v: unknown): (number | null)[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((x) => (typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : typeof x === 'boolean' ? (x ? 1 : 0) : null));
}

/** Percentile with linear interpolation between closest ranks (p in 0..100) of the non-null values. */
export function percentileOf(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (p / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export function mean(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample variance (n - 1 in the denominator), as series_stats and series_fit_line report. */
export function sampleVariance(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return values.reduce((a, x) => a + (x - m) ** 2, 0) / (values.length - 1);
}

export interface LineFit { slope: number; interception: number; rsquare: number; variance: number; rvariance: number; line: number[] }

/** Least-squares line through (i, y[i]) for the first `learn` points, evaluated at every index. */
export function fitLine(y: number[], learn = y.length): LineFit {
  const n = Math.max(0, Math.min(learn, y.length));
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += i;
    sy += y[i]!;
    sxx += i * i;
    sxy += i * y[i]!;
  }
  const denom = n * sxx - sx * sx;
  const slope = denom === 0 ? 0 : (n * sxy - sx * sy) / denom;
  const interception = n === 0 ? NaN : (sy - slope * sx) / n;
  const line = y.map((_, i) => interception + slope * i);
  const fitted = y.slice(0, n);
  const residuals = fitted.map((v, i) => v - line[i]!);
  const m = mean(fitted);
  const ssTot = fitted.reduce((a, v) => a + (v - m) ** 2, 0);
  const ssRes = residuals.reduce((a, r) => a + r * r, 0);
  return {
    slope, interception, line,
    rsquare: ssTot === 0 ? 1 : 1 - ssRes / ssTot,
    variance: sampleVariance(fitted),
    rvariance: sampleVariance(residuals),
  };
}
