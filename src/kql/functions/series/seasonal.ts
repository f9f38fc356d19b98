/**
 * series_seasonal(series[, period]): the seasonal component, the median of the values at each phase of the period
 * across the series. period -1 (the default) detects it as series_decompose does, with a threshold of 0.7; no
 * seasonality, or a period below 2, gives zeros. series_periods_validate(series, p1, ...): for each given period
 * its score in [0, 1] (the autocorrelation of the detrended series at that lag, 0 when negative), 0 for a period
 * below 4 or above half the length; output columns periods and scores.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { percentileOf, toSeries } from './series.ts';
import { detectSeasonality, periodScore } from './decompose.ts';

defineScalar((F) => F.SeriesSeasonal, () => (v: unknown, p?: unknown) => {
  const s = toSeries(v);
  if (!s) return null;
  const y = s.map((x) => x ?? 0);
  const given = p === undefined || p === null ? -1 : toNumber(p) ?? -1;
  const period = given < 0 ? detectSeasonality(y, 0.7) : Math.trunc(given);
  if (period < 2) return y.map(() => 0);
  const medians = Array.from({ length: period }, (_, k) => {
    const phase = y.filter((_, i) => i % period === k);
    return phase.length ? percentileOf(phase, 50) : 0;
  });
  return y.map((_, i) => medians[i % period]!);
});

defineScalar((F) => F.SeriesPeriodsValidate, () => (v: unknown, ...periods: unknown[]) => {
  const s = toSeries(v);
  const ps = periods.map((p) => toNumber(p));
  if (!s) return [ps, null];
  const y = s.map((x) => x ?? 0);
  const scores = ps.map((p) => (p === null || p < 4 || p > y.length / 2 ? 0 : Math.max(0, periodScore(y, p))));
  return [ps, scores];
});
