/**
 * series_decompose_forecast (learn.microsoft.com/kusto/query/series-decompose-forecast-function): the last
 * `points` elements are left out of the learning and forecast from the seasonal and trend components; a named
 * tuple call (`f = series_decompose(s)`) names its first column.
 */
import { describe, expect, it } from 'vitest';
import { kql } from './harness.ts';

describe('series_decompose_forecast', () => {
  it('forecasts a period-2 series over its two empty trailing points', () => {
    const [row] = kql('print s = dynamic([10, 20, 10, 20, 10, 20, 10, 20, 0, 0]) | project f = series_decompose_forecast(s, 2, 2)');
    expect(row![0]).toEqual([10, 20, 10, 20, 10, 20, 10, 20, 10, 20]);
  });
  it('extends a linear trend; no seasonality and no trend gives zeros; not an array gives null', () => {
    expect(kql("print s = dynamic([1, 2, 3, 4, 5, 6, 0, 0]) | extend f = series_decompose_forecast(s, 2, 0, 'linefit') | project f"))
      .toEqual([[[1, 2, 3, 4, 5, 6, 7, 8]]]);
    expect(kql("print s = dynamic([1, 2, 3]) | project f = series_decompose_forecast(s, 1, 0, 'none')")[0]![0]).toEqual([0, 0, 0]);
    expect(kql('datatable(s:dynamic)[dynamic({"a": 1})] | project f = series_decompose_forecast(s, 1)')[0]![0]).toBeNull();
  });
  it('a named tuple call names its first column and keeps the binder\'s other columns', () => {
    const rows = kql('print s = dynamic([10, 20, 10, 20]) | project f = series_decompose(s, 0)');
    expect(rows[0]).toEqual([[15, 15, 15, 15], [0, 0, 0, 0], [15, 15, 15, 15], [-5, 5, -5, 5]]);
  });
});
