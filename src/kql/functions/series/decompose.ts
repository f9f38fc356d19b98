/**
 * Time-series decomposition and anomaly scoring, following the documented algorithm of Kusto's functions:
 *
 * series_decompose(series, seasonality = -1, trend = 'avg', test_points = 0, seasonality_threshold = 0.6)
 *   1. seasonal: the median of the points in the same phase of the period (0 when no period);
 *   2. trend, fitted on the deseasonalised series (without the last test_points): its average ('avg'), a least-squares
 *      line ('linefit') or 0 ('none');
 *   3. baseline = seasonal + trend, residual = series - baseline.
 *   Returns [baseline, seasonal, trend, residual].
 * seasonality -1 detects the period: the lag (4 .. n/2 bins) with the highest autocorrelation of the detrended
 * series, if that correlation reaches seasonality_threshold; otherwise none. (Kusto's series_periods_detect
 * combines a periodogram with autocorrelation; with clear periodic data both find the same period.)
 *
 * series_outliers(series, kind = 'ctukey', ignore_val, min_percentile = 10, max_percentile = 90): Tukey's score per
 *   point: (x - Q_high) / (Q_high - Q_low) above the upper quantile, (x - Q_low) / (Q_high - Q_low) below the lower
 *   one, else 0; 'tukey' uses the 25th/75th percentiles, 'ctukey' the given ones (10/90 by default).
 * series_decompose_anomalies(series, threshold = 1.5, seasonality = -1, trend = 'avg', test_points = 0,
 *   AD_method = 'ctukey', seasonality_threshold = 0.6): the residual of series_decompose scored by series_outliers;
 *   returns [ad_flag (+1, -1 or 0 where |score| > threshold), ad_score, baseline].
 * series_periods_detect(series, min_period, max_period, num_periods): [periods, scores] by autocorrelation.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { fitLine, mean, percentileOf, toSeries } from './series.ts';

function median(values: number[]): number {
  return percentileOf(values, 50);
}

function autocorrelation(y: number[], lag: number): number {
  const n = y.length;
  const m = mean(y);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) den += (y[i]! - m) ** 2;
  for (let i = 0; i + lag < n; i++) num += (y[i]! - m) * (y[i + lag]! - m);
  return den === 0 ? 0 : (num / (n - lag)) / (den / n);
}

/** Candidate periods by autocorrelation of the linearly detrended series, best first. */
export function detectPeriods(y: number[], minPeriod = 4, maxPeriod = Math.floor(y.length / 2)): { period: number; score: number }[] {
  const line = fitLine(y).line;
  const detrended = y.map((v, i) => v - line[i]!);
  const out: { period: number; score: number }[] = [];
  for (let p = Math.max(2, minPeriod); p <= Math.min(maxPeriod, Math.floor(y.length / 2)); p++) {
    out.push({ period: p, score: autocorrelation(detrended, p) });
  }
  // Prefer the fundamental period: a multiple of a good period scores about as well, keep the smallest.
  out.sort((a, b) => b.score - a.score || a.period - b.period);
  return out;
}

/** The autocorrelation of the linearly detrended series at a (possibly fractional, rounded) lag. */
export function periodScore(y: number[], period: number): number {
  const line = fitLine(y).line;
  return autocorrelation(y.map((v, i) => v - line[i]!), Math.round(period));
}

export function detectSeasonality(y: number[], threshold: number): number {
  const candidates = detectPeriods(y);
  const best = candidates[0];
  if (!best || best.score < threshold) return 0;
  const near = candidates.filter((c) => c.score >= best.score - 0.05 && best.period % c.period === 0);
  return near.length ? Math.min(...near.map((c) => c.period)) : best.period;
}

export interface Decomposition { baseline: number[]; seasonal: number[]; trend: number[]; residual: number[] }

export function decompose(series: number[], seasonality: number, trend: string, testPoints: number, seasonalityThreshold: number): Decomposition {
  const n = series.length;
  const learn = Math.max(0, n - Math.max(0, testPoints));
  const training = series.slice(0, learn);
  const period = seasonality < 0 ? detectSeasonality(training, seasonalityThreshold) : Math.trunc(seasonality);
  let seasonal = new Array<number>(n).fill(0);
  if (period > 1) {
    const phases = Array.from({ length: period }, (_, k) => training.filter((_, i) => i % period === k));
    const medians = phases.map((p) => (p.length ? median(p) : 0));
    seasonal = series.map((_, i) => medians[i % period]!);
  }
  const deseasoned = series.map((v, i) => v - seasonal[i]!);
  let trendLine: number[];
  switch (trend) {
    case 'linefit': trendLine = fitLine(deseasoned, learn).line; break;
    case 'none': trendLine = new Array<number>(n).fill(0); break;
    default: {
      const m = mean(deseasoned.slice(0, learn));
      trendLine = new Array<number>(n).fill(Number.isNaN(m) ? 0 : m);
    }
  }
  const baseline = series.map((_, i) => seasonal[i]! + trendLine[i]!);
  return { baseline, seasonal, trend: trendLine, residual: series.map((v, i) => v - baseline[i]!) };
}

export function outlierScores(series: (number | null)[], kind = 'ctukey', minPercentile = 10, maxPercentile = 90, ignore: number | null = null): number[] {
  const values = series.filter((x): x is number => x !== null && x !== ignore && Number.isFinite(x));
  const [pl, ph] = kind === 'tukey' ? [25, 75] : [minPercentile, maxPercentile];
  const ql = percentileOf(values, pl);
  const qh = percentileOf(values, ph);
  const range = qh - ql;
  return series.map((x) => {
    if (x === null || x === ignore || !Number.isFinite(x) || values.length === 0) return 0;
    if (x > qh) return range === 0 ? (x === qh ? 0 : Infinity) : (x - qh) / range;
    if (x < ql) return range === 0 ? (x === ql ? 0 : -Infinity) : (x - ql) / range;
    return 0;
  });
}

export function num(v: unknown, fallback: number): number {
  const n = v === undefined || v === null ? null : toNumber(v);
  return n === null || Number.isNaN(n) ? fallback : n;
}

export function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v !== '' ? v.toLowerCase() : fallback;
}

/** Missing elements count as 0 (make-series' default fill). */
export function dense(v: unknown): number[] | null {
  const s = toSeries(v);
  return s ? s.map((x) => x ?? 0) : null;
}

defineScalar((F) => F.SeriesDecompose, () => (v: unknown, seasonality?: unknown, trend?: unknown, testPoints?: unknown, threshold?: unknown) => {
  const s = dense(v);
  if (!s) return [null, null, null, null];
  const d = decompose(s, num(seasonality, -1), str(trend, 'avg'), num(testPoints, 0), num(threshold, 0.6));
  return [d.baseline, d.seasonal, d.trend, d.residual];
});

defineScalar((F) => F.SeriesDecomposeAnomalies, () => (v: unknown, threshold?: unknown, seasonality?: unknown, trend?: unknown, testPoints?: unknown, method?: unknown, seasonalityThreshold?: unknown) => {
  const s = dense(v);
  if (!s) return [null, null, null];
  const t = num(threshold, 1.5);
  const d = decompose(s, num(seasonality, -1), str(trend, 'avg'), num(testPoints, 0), num(seasonalityThreshold, 0.6));
  const scores = outlierScores(d.residual, str(method, 'ctukey'));
  const flags = scores.map((x) => (x > t ? 1 : x < -t ? -1 : 0));
  return [flags, scores, d.baseline];
});

defineScalar((F) => F.SeriesOutliers, () => (v: unknown, kind?: unknown, ignore?: unknown, minP?: unknown, maxP?: unknown) => {
  const s = toSeries(v);
  if (!s) return null;
  const ig = ignore === undefined || ignore === null ? null : toNumber(ignore);
  return outlierScores(s, str(kind, 'ctukey'), num(minP, 10), num(maxP, 90), ig);
});

defineScalar((F) => F.SeriesPeriodsDetect, () => (v: unknown, minPeriod?: unknown, maxPeriod?: unknown, numPeriods?: unknown) => {
  const s = dense(v);
  if (!s) return [null, null];
  const found = detectPeriods(s, num(minPeriod, 4), num(maxPeriod, Math.floor(s.length / 2))).filter((c) => c.score > 0);
  const k = Math.max(1, Math.trunc(num(numPeriods, 1)));
  const top = found.slice(0, k);
  while (top.length < k) top.push({ period: 0, score: 0 });
  return [top.map((c) => c.period), top.map((c) => c.score)];
});
