import { describe, expect, it } from 'vitest';
import { aggregate, aggregateMerged } from './harness.ts';

describe('count family', () => {
  it('count counts rows, countif only true predicates (null is not true)', () => {
    expect(aggregate('Count', [], [[], [], []])).toBe(3);
    expect(aggregate('Count', [], [])).toBe(0);
    expect(aggregate('CountIf', ['bool'], [[true], [false], [null], [true]])).toBe(2);
    expect(aggregate('Cnt', [], [[], []])).toBe(2);
  });
});

describe('sum / avg', () => {
  it('ignores nulls and gives null for no values', () => {
    expect(aggregate('Sum', ['long'], [[1], [null], [2]])).toBe(3);
    expect(aggregate('Sum', ['long'], [[null]])).toBeNull();
    expect(aggregate('Avg', ['real'], [[1], [null], [2]])).toBe(1.5);
    expect(aggregate('Avg', ['real'], [])).toBeNull();
  });
  it('keeps long sums exact beyond 2^53', () => {
    const big = 2 ** 53;
    expect(aggregate('Sum', ['long'], [[big], [1], [1]])).toBe(9007199254740994n);
    expect(aggregateMerged('Sum', ['long'], [[big], [1], [1], [2]])).toBe(9007199254740996n);
  });
  it('sumif and avgif honour the predicate', () => {
    expect(aggregate('SumIf', ['long', 'bool'], [[1, true], [10, false], [100, null], [5, true]])).toBe(6);
    expect(aggregate('AvgIf', ['long', 'bool'], [[1, true], [10, false], [3, true]])).toBe(2);
  });
});

describe('min / max', () => {
  it('compares by type, skipping nulls, empty strings and NaN', () => {
    expect(aggregate('Max', ['long'], [[3], [null], [7], [5]])).toBe(7);
    expect(aggregate('Min', ['real'], [[NaN], [2.5], [-1]])).toBe(-1);
    expect(aggregate('Min', ['string'], [['b'], [''], ['a']], 'string')).toBe('a');
    expect(aggregate('Max', ['string'], [], 'string')).toBe('');
    expect(aggregate('Max', ['datetime'], [], 'datetime')).toBeNull();
    expect(aggregate('MaxIf', ['long', 'bool'], [[9, false], [4, true]])).toBe(4);
    expect(aggregateMerged('Max', ['long'], [[1], [9], [3], [4]])).toBe(9);
  });
});

describe('dcount', () => {
  it('counts distinct non-null values exactly, by value not by representation', () => {
    expect(aggregate('DCount', ['string'], [['a'], ['b'], ['a'], ['']])).toBe(3);
    expect(aggregate('DCount', ['long'], [[1], [1], [null], [2]])).toBe(2);
    expect(aggregate('DCountIf', ['long', 'bool'], [[1, true], [2, false], [3, true]])).toBe(2);
    expect(aggregateMerged('DCount', ['long'], [[1], [2], [2], [3]])).toBe(3);
  });
});

describe('make_set / make_list / make_bag', () => {
  it('make_set is distinct, skips nulls, flattens dynamic arrays, honours maxSize', () => {
    expect(aggregate('MakeSet', ['string'], [['a'], ['b'], ['a']])).toEqual(['a', 'b']);
    expect(aggregate('MakeSet', ['dynamic'], [[['x', 'y']], [['y', 'z']], [null]])).toEqual(['x', 'y', 'z']);
    expect(aggregate('MakeSet', ['long', 'long'], [[1, 2], [2, 2], [3, 2]], 'dynamic', [undefined, 2])).toEqual([1, 2]);
  });
  it('deprecated makeset/makelist default to 128 elements', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i]);
    expect((aggregate('MakeSet_Deprecated', ['long'], rows) as unknown[]).length).toBe(128);
    expect((aggregate('MakeList_Deprecated', ['long'], rows) as unknown[]).length).toBe(128);
    expect((aggregate('MakeList', ['long'], rows) as unknown[]).length).toBe(200);
  });
  it('make_list keeps duplicates and order; datetimes become ISO strings in dynamic', () => {
    expect(aggregate('MakeList', ['long'], [[1], [null], [1], [2]])).toEqual([1, 1, 2]);
    expect(aggregate('MakeListWithNulls', ['long'], [[1], [null]])).toEqual([1, null]);
    expect(aggregate('MakeList', ['datetime'], [[0]])).toEqual(['2020-01-01T00:00:00.0000000Z']);
    expect(aggregate('MakeListIf', ['long', 'bool'], [[1, true], [2, false]])).toEqual([1]);
  });
  it('make_list appends the elements of a dynamic array (one level), so pack_array keeps an array whole', () => {
    expect(aggregate('MakeList', ['dynamic'], [[[1, 2]], [3], [null], [[]], [[[4, 5]]], [{ a: 1 }]])).toEqual([1, 2, 3, [4, 5], { a: 1 }]);
    expect(aggregate('MakeList', ['dynamic', 'long'], [[[1, 2, 3], 2], [[4], 2]], 'dynamic', [undefined, 2])).toEqual([1, 2]);
    expect(aggregate('MakeListWithNulls', ['dynamic'], [[[1, null]], [null]])).toEqual([1, null, null]);
    expect(aggregate('MakeListIf', ['dynamic', 'bool'], [[['a'], true], [['b'], false]])).toEqual(['a']);
    expect(aggregate('MakeList', ['string'], [['[1,2]']])).toEqual(['[1,2]']);
  });
  it('make_bag merges bags, ignores non-bags, first key wins', () => {
    expect(aggregate('MakeBag', ['dynamic'], [[{ a: 1 }], [[1, 2]], [{ a: 2, b: 3 }], [null]])).toEqual({ a: 1, b: 3 });
    expect(aggregate('MakeBagIf', ['dynamic', 'bool'], [[{ a: 1 }, false], [{ b: 2 }, true]])).toEqual({ b: 2 });
  });
});

describe('arg_max / arg_min / take_any', () => {
  it('returns the extremum and the carried values of the same row, skipping null keys', () => {
    const rows = [[3, 'x', 1], [null, 'n', 0], [7, 'y', 2], [7, 'z', 3], [1, 'w', 4]];
    expect(aggregate('ArgMax', ['long', 'string', 'long'], rows)).toEqual([7, 'y', 2]);
    expect(aggregate('ArgMin', ['long', 'string', 'long'], rows)).toEqual([1, 'w', 4]);
    expect(aggregate('ArgMax_Deprecated', ['long', 'string'], [[1, 'a']])).toEqual([1, 'a']);
    expect(aggregate('ArgMax', ['long', 'string'], [[null, 'a']])).toEqual([null, '']);
    expect(aggregateMerged('ArgMax', ['long', 'string'], [[1, 'a'], [5, 'b'], [2, 'c'], [4, 'd']])).toEqual([5, 'b']);
  });
  it('take_any picks a non-null value; several arguments come from one row', () => {
    expect(aggregate('TakeAny', ['string'], [[''], ['a'], ['b']], 'string')).toBe('a');
    expect(aggregate('Any', ['long', 'string'], [[null, 'x'], [2, 'y']])).toEqual([2, 'y']);
    expect(aggregate('TakeAnyIf', ['long', 'bool'], [[1, false], [2, true]])).toBe(2);
  });
});
