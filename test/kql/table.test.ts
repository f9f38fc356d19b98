import { describe, expect, it } from 'vitest';
import { forwardColumns, gatherRows, lazyColumns, sliceRows, type Table } from '../../src/kql/data/table.ts';

describe('lazy columns', () => {
  it('builds a column on first read only, once', () => {
    const built: number[] = [];
    const data = lazyColumns(3, (c) => { built.push(c); return [c * 10]; });
    expect(data.length).toBe(3);
    expect(built).toEqual([]);
    expect(data[1]).toEqual([10]);
    expect(data[1]).toBe(data[1]);
    expect(built).toEqual([1]);
  });

  it('an assigned column replaces the lazy one without building it', () => {
    const built: number[] = [];
    const data = lazyColumns(2, (c) => { built.push(c); return [c]; });
    data[0] = ['set'];
    expect(data[0]).toEqual(['set']);
    expect(built).toEqual([]);
  });

  it('reads as an ordinary array: spread, map, JSON, out of range; array methods return plain arrays', () => {
    const data = lazyColumns(3, (c) => [c]);
    expect([...data]).toEqual([[0], [1], [2]]);
    const lengths = data.map((c) => c.length);
    expect(lengths).toEqual([1, 1, 1]);
    expect(Object.getPrototypeOf(lengths)).toBe(Array.prototype);
    expect(JSON.stringify(lazyColumns(2, (c) => [c]))).toBe('[[0],[1]]');
    expect(data[7]).toBeUndefined();
    expect(Array.isArray(data)).toBe(true);
  });

  it('each instance has its own columns, whatever the widths made before', () => {
    const wide = lazyColumns(50, (c) => [`w${c}`]);
    const narrow = lazyColumns(2, (c) => [`n${c}`]);
    expect(narrow[1]).toEqual(['n1']);
    expect(narrow[40]).toBeUndefined();
    expect(wide[40]).toEqual(['w40']);
    expect(narrow.length).toBe(2);
  });
});

describe('row selection', () => {
  const t: Table = { columns: [{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }], data: [[1, 2, 3, 4], ['w', 'x', 'y', 'z']], rowCount: 4 };

  it('gatherRows picks rows by index, in the given order', () => {
    const g = gatherRows(t, Int32Array.from([3, 1, 0, 2]), 2);
    expect(g.rowCount).toBe(2);
    expect([...g.data]).toEqual([[4, 2], ['z', 'x']]);
  });

  it('forwardColumns shares the input columns without building lazy ones, and pads new positions', () => {
    const built: number[] = [];
    const input = lazyColumns(2, (c) => { built.push(c); return [c]; });
    const fwd = forwardColumns(input, 3);
    expect(built).toEqual([]);
    expect(fwd[1]).toBe(input[1]);
    expect(fwd[2]).toEqual([]);
    expect(built).toEqual([1]);
  });

  it('sliceRows keeps the first n rows', () => {
    expect([...sliceRows(t, 2).data]).toEqual([[1, 2], ['w', 'x']]);
    expect(sliceRows(t, 9)).toBe(t);
  });
});
