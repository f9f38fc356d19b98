/**
 * series_decompose_forecast(series, points [, seasonality, trend, seasonality_threshold]): the series' baseline
 * (seasonal + trend components, series_decompose's) learned from all but the last `points` elements and extended
 * over the whole series, so that the last `points` elements are the forecast. Seasonality -1 (the default) detects
 * the period, 0 skips it; trend avg (default), linefit or none. With neither component the result is all zeros, as
 * the reference says. A series that is not a numeric array gives null.
 *
 * Kusto.Language types the call over a column as series_decompose's tuple (baseline, seasonal, trend, residual;
 * `f = series_decompose_forecast(y, 24)` names the baseline f) and over a literal as one dynamic: the result
 * follows the call site's type.
 */
import { defineScalar } from '../registry.ts';
import { decompose, dense, num, str } from './decompose.ts';

defineScalar((F) => F.SeriesDecomposeForecast, (site) => {
  const single = site.resultType !== 'unknown';
  return (v: unknown, points: unknown, seasonality?: unknown, trend?: unknown, threshold?: unknown) => {
    const s = dense(v);
    if (!s) return single ? null : [null, null, null, null];
    const p = Math.max(0, Math.min(s.length, Math.trunc(num(points, 0))));
    const d = decompose(s, num(seasonality, -1), str(trend, 'avg'), p, num(threshold, 0.6));
    return single ? d.baseline : [d.baseline, d.seasonal, d.trend, d.residual];
  };
});
