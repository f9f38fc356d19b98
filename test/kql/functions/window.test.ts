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
