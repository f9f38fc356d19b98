/**
 * series_stats(series[, ignore_nonfinite]): min, min_idx, max, max_idx, avg, stdev, variance (sample) of the
 * numeric elements, returned as an array with one value per output column (the binder's tuple).
 * series_stats_dynamic: the same as a property bag, with sum (of the elements used) and len (of the input array) too.
 */
import { defineScalar } from '../registry.ts';
import { toSeries, mean, sampleVariance } from './series.ts';

export function seriesStats(v: unknown, ignoreNonFinite = false): Record<string, number | null> | null {
  const s = toSeries(v);
  if (!s) return null;
  const values: number[] = [];
  let min = Infinity, max = -Infinity, minIdx = -1, maxIdx = -1;
  s.forEach((x, i) => {
    if (x === null || (ignoreNonFinite && !Number.isFinite(x))) return;
    values.push(x);
    if (x < min) { min = x; minIdx = i; }
    if (x > max) { max = x; maxIdx = i; }
  });
  if (values.length === 0) return { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null };
  const variance = sampleVariance(values);
  return { min, min_idx: minIdx, max, max_idx: maxIdx, avg: mean(values), stdev: Math.sqrt(variance), variance };
}

const KEYS = ['min', 'min_idx', 'max', 'max_idx', 'avg', 'stdev', 'variance'] as const;

defineScalar((F) => F.SeriesStats, () => (v: unknown, ignore?: unknown) => {
  const s = seriesStats(v, ignore === true);
  return KEYS.map((k) => (s ? s[k] : null));
});

defineScalar((F) => F.SeriesStatsDynamic, () => (v: unknown, ignore?: unknown) => {
  const s = seriesStats(v, ignore === true);
  if (!s) return null;
  const values = (toSeries(v) ?? []).filter((x): x is number => x !== null && (ignore !== true || Number.isFinite(x)));
  return { ...s, sum: values.length ? values.reduce((a, b) => a + b, 0) : null, len: Array.isArray(v) ? v.length : 0 };
});
