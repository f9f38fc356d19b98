/**
 * series_fit_line(series): least-squares line over the indexes; returns [rsquare, slope, variance, rvariance,
 * interception, line_fit] (one value per output column). series_fit_line_dynamic returns the same as a bag.
 * Null elements are treated as 0, as make-series defaults would be.
 */
import { defineScalar } from '../registry.ts';
import { fitLine, toSeries } from './series.ts';

function fit(v: unknown) {
  const s = toSeries(v);
  if (!s || s.length === 0) return null;
  return fitLine(s.map((x) => x ?? 0));
}

defineScalar((F) => F.SeriesFitLine, () => (v: unknown) => {
  const f = fit(v);
  return f ? [f.rsquare, f.slope, f.variance, f.rvariance, f.interception, f.line] : [null, null, null, null, null, null];
});

defineScalar((F) => F.SeriesFitLineDynamic, () => (v: unknown) => {
  const f = fit(v);
  return f ? { rsquare: f.rsquare, slope: f.slope, variance: f.variance, rvariance: f.rvariance, interception: f.interception, line_fit: f.line } : null;
});
