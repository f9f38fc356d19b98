import { describe, expect, it } from 'vitest';
import { kql, windowFn } from './harness.ts';

describe('window functions', () => {
  it('row_number with a start and restarts', () => {
    expect(windowFn('RowNumber', [], [], 3)).toEqual([1, 2, 3]);
    expect(windowFn('RowNumber', ['long', 'bool'], [[0, 0, 0], [false, true, false]], 3)).toEqual([0, 0, 1]);
  });
  it('prev/next with offsets and defaults; strings default to ""', () => {
    expect(windowFn('Prev', ['long'], [[1, 2, 3]], 3)).toEqual([null, 1, 2]);
    expect(windowFn('Next', ['long', 'long', 'long'], [[1, 2, 3], [2, 2, 2], [-1, -1, -1]], 3)).toEqual([3, -1, -1]);
    expect(windowFn('Prev', ['string'], [['a', 'b']], 2)).toEqual(['', 'a']);
  });
  it('row_cumsum skips nulls and restarts', () => {
    expect(windowFn('RowCumSum', ['long'], [[1, null, 2, 3]], 4)).toEqual([1, 1, 3, 6]);
    expect(windowFn('RowCumSum', ['long', 'bool'], [[1, 2, 3], [false, true, false]], 3)).toEqual([1, 2, 5]);
  });
  it('through a serialized query', () => {
    const rows = kql('range x from 1 to 4 step 1 | serialize | extend n = row_number(), p = prev(x), c = row_cumsum(x)');
    expect(rows).toEqual([[1, 1, null, 1], [2, 2, 1, 3], [3, 3, 2, 6], [4, 4, 3, 10]]);
  });
});

describe('row_window_session', () => {
  it('starts sessions on gaps, on the span from the first row, and on restart', () => {
    const min = 600_000_000; // 1 minute in ticks
    const t = [0, 2, 4, 20, 21, 40, 41, 42, 43].map((m) => m * min);
    const starts = windowFn('RowWindowSession', ['datetime', 'timespan', 'timespan'], [t, [60 * min], [5 * min]], t.length) as number[];
    expect(starts.map((s) => s / min)).toEqual([0, 0, 0, 20, 20, 40, 40, 40, 40]);
    const capped = windowFn('RowWindowSession', ['datetime', 'timespan', 'timespan'], [t, [2 * min], [5 * min]], t.length) as number[];
    expect(capped.map((s) => s / min)).toEqual([0, 0, 4, 20, 20, 40, 40, 40, 43]);
    const restarted = windowFn('RowWindowSession', ['datetime', 'timespan', 'timespan', 'bool'], [t, [60 * min], [5 * min], [false, true, false, false, false, false, false, false, false]], t.length) as number[];
    expect(restarted.map((s) => s / min)).toEqual([0, 2, 2, 20, 20, 40, 40, 40, 40]);
  });
});

describe('not()', () => {
  it('negates bools and keeps null', () => {
    expect(kql('print not(true), not(1 > 2), isnull(not(bool(null)))')[0]).toEqual([false, true, true]);
  });
});
