import { describe, expect, it } from 'vitest';
import { kql, kql1 } from './harness.ts';

describe('start/end of periods', () => {
  it('week starts on Sunday; end is the last tick', () => {
    expect(kql1('print startofweek(datetime(2026-11-20 13:00))')).toBe('2026-11-15T00:00:00.0000000Z');
    expect(kql1('print endofday(datetime(2026-11-20 13:00))')).toBe('2026-11-20T23:59:59.9999999Z');
    expect(kql1('print startofmonth(datetime(2024-03-31), -1)')).toBe('2024-02-01T00:00:00.0000000Z');
    expect(kql1('print endofmonth(datetime(2024-02-10))')).toBe('2024-02-29T23:59:59.9999999Z');
    expect(kql1('print startofyear(datetime(2024-07-01), 1)')).toBe('2025-01-01T00:00:00.0000000Z');
  });
});

describe('datetime_diff counts period boundaries', () => {
  it('for calendar and fixed periods', () => {
    expect(kql('print datetime_diff("year", datetime(2017-01-01), datetime(2016-12-31)), datetime_diff("day", datetime(2017-10-30 23:05:01), datetime(2017-10-29 23:00:00)), datetime_diff("hour", datetime(2017-10-31 01:00), datetime(2017-10-30 23:59:59.9)), datetime_diff("month", datetime(2017-01-01), datetime(2016-12-31)), datetime_diff("minute", datetime(2017-10-30 23:05:01), datetime(2017-10-30 23:00:59))')[0]).toEqual([1, 1, 2, 1, 5]);
    expect(kql1('print datetime_diff("week", datetime(2026-11-15), datetime(2026-11-14))')).toBe(1);
  });
  it('datetime_add clamps the day of month', () => {
    expect(kql1('print datetime_add("month", 1, datetime(2024-01-31))')).toBe('2024-02-29T00:00:00.0000000Z');
    expect(kql1('print datetime_add("hour", -2, datetime(2024-01-01))')).toBe('2023-12-31T22:00:00.0000000Z');
  });
});

describe('parts and formats', () => {
  it('dayofweek is a timespan, the others integers', () => {
    expect(kql('print dayofweek(datetime(2026-11-20)), dayofmonth(datetime(2026-11-20)), dayofyear(datetime(2024-12-31)), hourofday(datetime(2026-11-20 23:59)), monthofyear(datetime(2026-11-20)), week_of_year(datetime(2021-01-03))')[0]).toEqual(['5.00:00:00', 20, 366, 23, 11, 53]);
    expect(kql1('print datetime_part("quarter", datetime(2026-11-20))')).toBe(4);
  });
  it('format_datetime and format_timespan', () => {
    expect(kql1('print format_datetime(datetime(2026-01-02 03:04:05.678), "yyyy-MM-dd HH:mm:ss.fff tt")')).toBe('2026-01-02 03:04:05.678 AM');
    expect(kql1('print format_datetime(datetime(2026-01-02 15:04:05), "h:mm tt")')).toBe('3:04 PM');
    expect(kql1('print format_timespan(time(1.02:03:04.5), "d.hh:mm:ss.f")')).toBe('1.02:03:04.5');
  });
  it('make_datetime validates fields; unixtime conversions', () => {
    expect(kql1('print make_datetime(2024, 2, 29, 1, 2, 3.5)')).toBe('2024-02-29T01:02:03.5000000Z');
    expect(kql1('print isnull(make_datetime(2023, 2, 29))')).toBe(true);
    expect(kql1('print unixtime_seconds_todatetime(0)')).toBe('1970-01-01T00:00:00.0000000Z');
    expect(kql1('print unixtime_milliseconds_todatetime(1700000000123)')).toBe('2023-11-14T22:13:20.1230000Z');
  });
  it('todatetime/totimespan return null on bad text', () => {
    expect(kql('print isnull(todatetime("yesterday")), isnull(totimespan("soon")), totimespan("01:30:00")')[0]).toEqual([true, true, '01:30:00']);
  });
});
