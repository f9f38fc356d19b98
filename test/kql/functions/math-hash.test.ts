import { describe, expect, it } from 'vitest';
import { kql, kql1, scalar } from './harness.ts';

describe('math', () => {
  it('round half away from zero, with precision', () => {
    expect(kql('print round(2.5), round(-2.5), round(2.675, 2), round(1234.5678, -2)')[0]).toEqual([3, -3, 2.68, 1200]);
  });
  it('max_of/min_of skip nulls', () => {
    expect(kql('print max_of(1, 5, 3), min_of(2, 1), max_of("b", "a")')[0]).toEqual([5, 1, 'b']);
    expect(scalar('MaxOf', ['long', 'long'])(null, 2)).toBe(2);
    expect(scalar('MaxOf', ['long', 'long'])(null, null)).toBeNull();
  });
  it('invalid domains give NaN, not errors', () => {
    expect(kql('print isnan(sqrt(-1)), isnan(log(-1)), exp2(3), pow(2, 10), abs(-4)')[0]).toEqual([true, true, 8, 1024, 4]);
  });
  it('binary functions use 64-bit two\'s complement', () => {
    expect(kql('print binary_and(12, 10), binary_or(12, 10), binary_xor(12, 10), binary_not(0), binary_shift_left(1, 62), bitset_count_ones(255)')[0]).toEqual([8, 14, 6, -1, '4611686018427387904', 8]);
  });
});

describe('hashes', () => {
  it('hash() is XXH64 of UTF-8 text (and of .NET ticks for datetimes)', () => {
    expect(kql1('print hash("World")')).toBe('1846988464401551951');
    expect(kql1('print hash("World", 100)')).toBe(51);
    expect(kql1('print hash_xxhash64(datetime(2015-01-01))')).toBe('1380966698541616202');
  });
  it('digests are lower-case hex of the UTF-8 text', () => {
    expect(kql1('print hash_sha256("")')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(kql1('print hash_md5("World")')).toBe('f5a7924e621e84c9280a9a27e1bcb7f6');
    expect(kql1('print hash_sha1("abc")')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});

describe('conversions on bad input', () => {
  it('return null, never throw', () => {
    expect(kql('print isnull(tobool("yes")), tobool("TRUE"), isnull(toreal("1.2.3")), toreal("1e3"), isnull(toguid("xyz")), toguid("0123456789ABCDEF0123456789ABCDEF")')[0]).toEqual([true, true, true, 1000, true, '01234567-89ab-cdef-0123-456789abcdef']);
    expect(kql('print tohex(255), tohex(-1), tohex(255, 4)')[0]).toEqual(['ff', 'ffffffffffffffff', '00ff']);
    // an int in 32-bit two's complement, a long in 64-bit; a width shorter than the digits is ignored
    expect(kql('print tohex(toint(-256), 8), tohex(toint(-1)), tohex(-256), tohex(256, 2), tohex(int(null))')[0]).toEqual(['ffffff00', 'ffffffff', 'ffffffffffffff00', '100', '']);
  });
  it('case and iff with null conditions take the else branch', () => {
    expect(kql1('print case(bool(null), "a", 1 > 2, "b", "c")')).toBe('c');
  });
});
