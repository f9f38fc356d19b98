import { describe, expect, it } from 'vitest';
import { dt, NOW, scalar } from './harness.ts';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE } from '../../../src/kql/values/datetime.ts';

describe('now / ago', () => {
  it('use the pinned clock', () => {
    expect(scalar('Now', [])()).toBe(NOW);
    expect(scalar('Now', ['timespan'])(-TICKS_PER_HOUR)).toBe(NOW - TICKS_PER_HOUR);
    expect(scalar('Ago', ['timespan'])(TICKS_PER_DAY)).toBe(NOW - TICKS_PER_DAY);
    expect(scalar('Ago', ['timespan'])(null)).toBeNull();
  });
});

describe('bin / floor / bin_at', () => {
  it('rounds numbers down and rejects bad sizes', () => {
    expect(scalar('Bin', ['real', 'long'], 'real')(4.5, 1)).toBe(4);
    expect(scalar('Bin', ['real', 'long'], 'real')(-4.5, 1)).toBe(-5);
    expect(scalar('Bin', ['long', 'long'], 'long')(17, 5)).toBe(15);
    expect(scalar('Floor', ['long', 'long'], 'long')(17, 5)).toBe(15);
    expect(scalar('Bin', ['long', 'long'], 'long')(17, 0)).toBeNull();
    expect(scalar('Bin', ['long', 'long'], 'long')(17, -1)).toBeNull();
    expect(scalar('Bin', ['long', 'long'], 'long')(null, 5)).toBeNull();
  });
  it('bins datetimes by timespans, aligned to days and to 0001-01-01 for weeks', () => {
    const f = scalar('Bin', ['datetime', 'timespan'], 'datetime');
    expect(f(dt('1970-05-11T13:45:07Z'), TICKS_PER_DAY)).toBe(dt('1970-05-11T00:00:00Z'));
    expect(f(dt('2026-11-20T11:47:00Z'), 5 * TICKS_PER_MINUTE)).toBe(dt('2026-11-20T11:45:00Z'));
    // 0001-01-01 was a Monday, so 7d bins start on Mondays.
    expect(f(dt('2026-11-20T11:47:00Z'), 7 * TICKS_PER_DAY)).toBe(dt('2026-11-16T00:00:00Z'));
  });
  it('bin_at aligns to the fixed point', () => {
    expect(scalar('BinAt', ['real', 'real', 'long'], 'real')(6.5, 2.5, 7)).toBe(4.5);
    expect(scalar('BinAt', ['timespan', 'timespan', 'timespan'], 'timespan')(TICKS_PER_HOUR, TICKS_PER_DAY, 12 * TICKS_PER_HOUR)).toBe(-12 * TICKS_PER_HOUR);
    expect(scalar('BinAt', ['datetime', 'timespan', 'datetime'], 'datetime')(dt('2017-05-17T10:20:00Z'), 7 * TICKS_PER_DAY, dt('2017-06-04T00:00:00Z'))).toBe(dt('2017-05-14T00:00:00Z'));
  });
});

describe('strcat / tostring / case', () => {
  it('formats every type as Kusto does', () => {
    const f = scalar('Strcat', ['string', 'long', 'real', 'bool', 'datetime', 'timespan', 'dynamic', 'dynamic', 'string']);
    expect(f('a', 1, 2.5, true, dt('2020-01-01T00:00:00Z'), 90 * TICKS_PER_MINUTE, { k: 'v' }, 'dyn', '')).toBe(
      'a12.5true2020-01-01T00:00:00.0000000Z01:30:00{"k":"v"}dyn',
    );
    expect(scalar('Strcat', ['long', 'string'])(null, 'x')).toBe('x');
    expect(scalar('ToString', ['real'])(1e20)).toBe('1E+20');
    expect(scalar('ToString', ['real'])(0.1)).toBe('0.1');
    expect(scalar('ToString', ['real'])(1.0)).toBe('1');
    expect(scalar('ToString', ['dynamic'])(null)).toBe('');
    expect(scalar('ToString', ['dynamic'])([1, 'a'])).toBe('[1,"a"]');
    expect(scalar('ToString', ['datetime'])(dt('2020-01-01T00:00:00.5Z'))).toBe('2020-01-01T00:00:00.5000000Z');
    expect(scalar('ToLower', ['string'])('AbC')).toBe('abc');
    expect(scalar('ToUpper', ['dynamic'])(null)).toBe('');
  });
});

describe('conversions', () => {
  it('todatetime parses strings and returns null on bad input', () => {
    const f = scalar('ToDateTime', ['string']);
    expect(f('2026-11-20T12:00:00Z')).toBe(NOW);
    expect(f('not a date')).toBeNull();
    expect(f('')).toBeNull();
    expect(scalar('ToDateTime', ['datetime'])(NOW)).toBe(NOW);
  });
  it('tolong / toint', () => {
    const l = scalar('ToLong', ['string']);
    expect(l('123')).toBe(123);
    expect(l(' -7 ')).toBe(-7);
    expect(l('abc')).toBeNull();
    expect(l('9223372036854775807')).toBe(9223372036854775807n);
    expect(l('9223372036854775808')).toBeNull();
    expect(scalar('ToLong', ['real'])(2.9)).toBe(2);
    expect(scalar('ToLong', ['real'])(-2.9)).toBe(-2);
    expect(scalar('ToLong', ['real'])(NaN)).toBeNull();
    expect(scalar('ToLong', ['bool'])(true)).toBe(1);
    expect(scalar('ToLong', ['datetime'])(0)).toBe(637134336000000000n);
    expect(scalar('ToInt', ['string'])('2147483648')).toBeNull();
    expect(scalar('ToInt', ['dynamic'])(42)).toBe(42);
  });
});

describe('null and emptiness tests, iff, coalesce', () => {
  it('isempty is true for null and "", not for [] or 0', () => {
    const e = scalar('IsEmpty', ['dynamic']);
    expect([e(null), e(''), e([]), e(0), e({})]).toEqual([true, true, false, false, false]);
    expect(scalar('IsNotEmpty', ['string'])('x')).toBe(true);
    expect(scalar('NotEmpty_Deprecated', ['string'])('')).toBe(false);
  });
  it('isnull is false for "" (strings are never null)', () => {
    expect(scalar('IsNull', ['string'])('')).toBe(false);
    expect(scalar('IsNull', ['long'])(null)).toBe(true);
    expect(scalar('IsNotNull', ['long'])(0)).toBe(true);
  });
  it('iff/iif pick the else branch for a null condition', () => {
    for (const p of ['Iff', 'Iif']) {
      const f = scalar(p, ['bool', 'string', 'string']);
      expect([f(true, 'a', 'b'), f(false, 'a', 'b'), f(null, 'a', 'b')]).toEqual(['a', 'b', 'b']);
    }
  });
  it('coalesce skips null and empty strings', () => {
    expect(scalar('Coalesce', ['long', 'long'], 'long')(null, 2)).toBe(2);
    expect(scalar('Coalesce', ['string', 'string'], 'string')('', 'x')).toBe('x');
    expect(scalar('Coalesce', ['string', 'string'], 'string')('', '')).toBe('');
    expect(scalar('Coalesce', ['long'], 'long')(null)).toBeNull();
  });
});
