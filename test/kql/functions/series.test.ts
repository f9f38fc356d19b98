import { describe, expect, it } from 'vitest';
import { kql, kql1, scalar } from './harness.ts';
import { KqlError } from '../../../src/kql/index.ts';
import { decompose, detectSeasonality, outlierScores } from '../../../src/kql/functions/series/decompose.ts';

describe('series_stats / series_fit_line', () => {
  it('series_stats gives sample statistics and skips nulls', () => {
    const f = scalar('SeriesStats', ['dynamic']);
    expect(f([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29])).toEqual([2, 8, 87, 3, 32.8, expect.closeTo(28.5036338535483, 9), expect.closeTo(812.457142857143, 9)]);
    expect(f([null, 5, null])).toEqual([5, 1, 5, 1, 5, 0, 0]);
    expect(f('not a series')).toEqual([null, null, null, null, null, null, null]);
    expect(kql1('print series_stats_dynamic(dynamic([1,2,3])).avg')).toBe(2);
    // the bag also has the sum of the elements and the length of the array
    expect(kql1('print series_stats_dynamic(dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]))')).toEqual({
      min: 2, min_idx: 8, max: 87, max_idx: 3, avg: 32.8, stdev: expect.closeTo(28.503633853548269, 9), variance: expect.closeTo(812.45714285714291, 9), sum: 492, len: 15,
    });
    expect(kql1('print series_stats_dynamic(dynamic([]))')).toEqual({ min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null, sum: null, len: 0 });
    expect(kql1('print d = parse_json(\'{"a": 1}\') | project isnull(series_stats_dynamic(d))')).toBe(true);
  });
  it('series_fit_line recovers an exact line', () => {
    const [rsquare, slope, , rvariance, interception, line] = scalar('SeriesFitLine', ['dynamic'])([1, 3, 5, 7]) as unknown[];
    expect([rsquare, slope, rvariance, interception, line]).toEqual([1, 2, 0, 1, [1, 3, 5, 7]]);
  });
});

describe('series_decompose_anomalies', () => {
  const flat = Array.from({ length: 48 }, (_, i) => 10 + (i % 3));
  it('flags a spike on a flat series and nothing else', () => {
    const spiky = [...flat];
    spiky[30] = 60;
    const [flags, scores, baseline] = scalar('SeriesDecomposeAnomalies', ['dynamic', 'real', 'long', 'string'])(spiky, 1.5, -1, 'linefit') as number[][];
    expect(flags!.map((f, i) => (f !== 0 ? i : -1)).filter((i) => i >= 0)).toEqual([30]);
    expect(flags![30]).toBe(1);
    expect(scores![30]).toBeGreaterThan(1.5);
    expect(baseline!.length).toBe(48);
  });
  it('a dip is flagged -1; a smooth series has no anomalies', () => {
    const dip = [...flat];
    dip[10] = -40;
    const [flags] = scalar('SeriesDecomposeAnomalies', ['dynamic'])(dip) as number[][];
    expect(flags![10]).toBe(-1);
    const [none] = scalar('SeriesDecomposeAnomalies', ['dynamic'])(flat) as number[][];
    expect(none!.every((f) => f === 0)).toBe(true);
  });
  it('learns a daily season, so the regular peak is not an anomaly but an off-hour peak is', () => {
    const hourly = Array.from({ length: 24 * 7 }, (_, i) => (i % 24 === 12 ? 100 : 10) + (i % 5));
    expect(detectSeasonality(hourly, 0.6)).toBe(24);
    hourly[24 * 5 + 3] = 100;
    const [flags] = scalar('SeriesDecomposeAnomalies', ['dynamic'])(hourly) as number[][];
    const flagged = flags!.map((f, i) => (f !== 0 ? i : -1)).filter((i) => i >= 0);
    expect(flagged).toEqual([24 * 5 + 3]);
  });
  it('through a query with make-series-like input', (ctx) => {
    let rows: unknown[][];
    try {
      rows = kql('print s = dynamic([5,5,5,5,5,5,5,5,50,5,5,5]) | extend (flag, score, baseline) = series_decompose_anomalies(s, 1.5, 0, "avg") | project flag');
    } catch (e) {
      // Until the engine spreads tuple results into columns, this query is reported as unsupported.
      if (e instanceof KqlError && e.code === 'KQL_UNSUPPORTED') return ctx.skip();
      throw e;
    }
    expect(rows[0]![0]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  });
});

describe('decomposition pieces', () => {
  it('baseline + residual reproduce the series; explicit period uses phase medians', () => {
    const y = [1, 5, 1, 5, 1, 5, 2, 6];
    const d = decompose(y, 2, 'none', 0, 0.6);
    expect(d.seasonal).toEqual([1, 5, 1, 5, 1, 5, 1, 5]);
    expect(d.baseline.map((b, i) => b + d.residual[i]!)).toEqual(y);
  });
  it('outlier scores are 0 inside the quantile range and scaled outside', () => {
    const s = outlierScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 'tukey');
    expect(s.slice(0, 9).every((x) => x === 0 || Math.abs(x) < 1)).toBe(true);
    expect(s[9]).toBeGreaterThan(1.5);
    expect(outlierScores([null, 1, 1], 'ctukey')[0]).toBe(0);
  });
});

describe('fill and element-wise', () => {
  it('fills forward, backward, linear', () => {
    expect(kql1('print series_fill_forward(dynamic([null,1,null,3,null]))')).toEqual([null, 1, 1, 3, 3]);
    expect(kql1('print series_fill_backward(dynamic([null,1,null,3,null]))')).toEqual([1, 1, 3, 3, null]);
    expect(kql1('print series_fill_linear(dynamic([1,null,3]))')).toEqual([1, 2, 3]);
    expect(kql1('print series_fill_const(dynamic([null,1]), 0)')).toEqual([0, 1]);
  });
  it('series_fill_linear: edges filled unless fill_edges is false; an all-missing array gets the constant', () => {
    expect(kql1('print series_fill_linear(dynamic([null, 2, null, 4, null]))')).toEqual([2, 2, 3, 4, 4]);
    expect(kql1('print series_fill_linear(dynamic([null, 2, null, 4, null]), double(null), false)')).toEqual([null, 2, 3, 4, null]);
    expect(kql1('print series_fill_linear(dynamic([null, 2, null, 4, null]), double(null), false, 7)')).toEqual([null, 2, 3, 4, null]);
    expect(kql1('print series_fill_linear(dynamic([null, null]))')).toEqual([0, 0]);
    expect(kql1('print series_fill_linear(dynamic([null, null]), double(null), false)')).toEqual([0, 0]);
    expect(kql1('print series_fill_linear(dynamic([null, null]), double(null), true, 3.5)')).toEqual([3.5, 3.5]);
    expect(kql1('print series_fill_linear(dynamic([null, null]), double(null), true, double(null))')).toEqual([null, null]);
    expect(kql1('print series_fill_linear(dynamic([-1, 5, -1, -1]), -1)')).toEqual([5, 5, 5, 5]);
    expect(kql1('print series_fill_linear(dynamic([-1, -1]), -1)')).toEqual([0, 0]);
    expect(kql1('print series_fill_linear(dynamic([]))')).toEqual([]);
  });
  it('broadcasts scalars and propagates nulls', () => {
    expect(kql1('print series_add(dynamic([1,2,null]), 10)')).toEqual([11, 12, null]);
    expect(kql1('print series_greater(dynamic([1,5]), dynamic([2,2]))')).toEqual([false, true]);
  });
});

describe('the Sentinel anomaly pattern end to end', () => {
  it('make-series, series_decompose_anomalies(v, 3, -1, "linefit"), mv-expand, where anomalies > 0', () => {
    const rows = kql(`range h from 0 to 71 step 1
      | extend TimeGenerated = datetime(2026-11-17) + h * 1h
      | mv-expand n = range(1, iff(h == 50, 40, 3 + h % 2)) to typeof(long)
      | make-series Count = count() default = 0 on TimeGenerated from datetime(2026-11-17) to datetime(2026-11-20) step 1h
      | extend (anomalies, score, baseline) = series_decompose_anomalies(Count, 3, -1, 'linefit')
      | mv-expand TimeGenerated to typeof(datetime), Count to typeof(long), anomalies to typeof(int)
      | where anomalies > 0
      | project TimeGenerated, Count, anomalies`);
    expect(rows).toEqual([['2026-11-19T02:00:00.0000000Z', 40, 1]]);
  });
});
