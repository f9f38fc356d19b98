/**
 * series_fit_poly(y[, x][, degree]): least-squares polynomial of the given degree (default 1) through (x[i], y[i]),
 * x defaulting to 1, 2, ..., n. Output columns: rsquare, coefficients (highest power first), variance of y,
 * rvariance (of the residuals) and poly_fit (the polynomial at each x). Nulls in y or x leave that point out of
 * the fit; fewer points than coefficients give nulls.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { mean, sampleVariance, toSeries } from './series.ts';

/** Solves A c = b (square) by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-300) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

const NULLS = [null, null, null, null, null];

defineScalar((F) => F.SeriesFitPoly, () => (yv: unknown, xv?: unknown, dv?: unknown) => {
  const y = toSeries(yv);
  if (!y) return NULLS;
  const xs = xv === undefined || xv === null ? y.map((_, i) => i + 1) : toSeries(xv);
  if (!xs || xs.length !== y.length) return NULLS;
  const degree = dv === undefined || dv === null ? 1 : Math.trunc(toNumber(dv) ?? 1);
  if (degree < 1) return NULLS;
  const pts = y.map((v, i) => [xs[i], v] as const).filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null);
  const k = degree + 1;
  if (pts.length < k) return NULLS;
  // normal equations in powers 0..degree (lowest first), centred and scaled x for conditioning
  const cx = mean(pts.map((p) => p[0]));
  const sx = Math.max(...pts.map((p) => Math.abs(p[0] - cx))) || 1;
  const ata = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const atb = new Array<number>(k).fill(0);
  for (const [x, v] of pts) {
    const u = (x - cx) / sx;
    const pw = Array.from({ length: k }, (_, j) => u ** j);
    for (let r = 0; r < k; r++) {
      atb[r]! += pw[r]! * v;
      for (let c = 0; c < k; c++) ata[r]![c]! += pw[r]! * pw[c]!;
    }
  }
  const scaled = solve(ata, atb);
  if (!scaled) return NULLS;
  // back to powers of x: sum_j s_j ((x - cx)/sx)^j expanded by the binomial theorem
  const coef = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    const f = scaled[j]! / sx ** j;
    let binom = 1;
    for (let i = 0; i <= j; i++) {
      coef[i]! += f * binom * (-cx) ** (j - i);
      binom = (binom * (j - i)) / (i + 1);
    }
  }
  const at = (x: number) => coef.reduce((s, c, j) => s + c * x ** j, 0);
  const fit = xs.map((x) => (x === null ? null : at(x)));
  const values = pts.map((p) => p[1]);
  const m = mean(values);
  const ssTot = values.reduce((s, v) => s + (v - m) ** 2, 0);
  const residuals = pts.map(([x, v]) => v - at(x));
  const ssRes = residuals.reduce((s, r) => s + r * r, 0);
  return [ssTot === 0 ? 1 : 1 - ssRes / ssTot, [...coef].reverse(), sampleVariance(values), sampleVariance(residuals), fit];
});
