import { describe, expect, it } from 'vitest';
import { kql1, kql, scalar } from './harness.ts';
import { compileRe2, translateRe2 } from '../../../src/kql/functions/common/regex.ts';

describe('RE2 to JavaScript', () => {
  it('lifts leading flags, renames named groups, expands POSIX classes', () => {
    expect(translateRe2('(?i)ab')).toEqual({ source: 'ab', flags: 'i' });
    expect(translateRe2('(?P<user>\\w+)@').source).toBe('(?<user>\\w+)@');
    expect(compileRe2('[[:digit:]]+').test('x42')).toBe(true);
    expect(compileRe2('\\Qa.b\\E').test('axb')).toBe(false);
  });
  it('rejects what RE2 does not have, with a message naming the pattern', () => {
    expect(() => compileRe2('(a)\\1')).toThrow(/back-references/);
    expect(() => compileRe2('a(?=b)')).toThrow(/look-around/);
    expect(() => compileRe2('a(?i)b')).toThrow(/inline flags/);
    expect(() => compileRe2('(')).toThrow(/invalid regular expression "\("/);
  });
});

describe('extract / extract_all / replace_regex through queries', () => {
  it('extracts groups, typed, and returns empty or null on no match', () => {
    expect(kql1('print extract(@"(\\d+)ms", 1, "took 250ms")')).toBe('250');
    expect(kql1('print extract(@"(\\d+)ms", 1, "took long")')).toBe('');
    expect(kql1('print extract(@"(\\d+)ms", 1, "took 250ms", typeof(long))')).toBe(250);
    expect(kql1('print extract(@"(?i)USER=(?P<u>\\w+)", 1, "user=alice")')).toBe('alice');
    expect(kql1('print extract(@"x", 3, "x")')).toBe('');
  });
  it('extract_all returns one array per match, or null', () => {
    expect(kql1('print extract_all(@"(\\w)=(\\d)", "a=1, b=2")')).toEqual([['a', '1'], ['b', '2']]);
    expect(kql1('print extract_all(@"(\\d)", "a1b2")')).toEqual(['1', '2']);
    expect(kql1('print extract_all(@"(\\d)", "none")')).toBeNull();
  });
  it('replace_regex uses \\1 references and leaves $ alone', () => {
    expect(kql1('print replace_regex("a1b22", @"(\\d+)", @"<\\1$>")')).toBe('a<1$>b<22$>');
    expect(kql1('print replace_string("a.b.c", ".", "")')).toBe('abc');
    expect(kql1('print replace_string("abc", "", "x")')).toBe('abc');
  });
});

describe('string functions on empty, null-like and non-string input', () => {
  it('strlen, substring, split, strcat_delim', () => {
    expect(kql('print strlen(""), strlen("⒦⒰"), substring("abcdef", 2), substring("abc", -1, 2), substring("abc", 5)')[0]).toEqual([0, 2, 'cdef', 'a', '']);
    expect(kql1('print split("a,b,,c", ",")')).toEqual(['a', 'b', '', 'c']);
    expect(kql1('print split("", ",")')).toEqual(['']);
    expect(kql1('print split("a_b_c", "_", 1)')).toEqual(['b']);
    expect(kql1('print split("a_b_c", "_", 7)')).toEqual([]);
    expect(kql1('print strcat_delim("-", "a", 1, true)')).toBe('a-1-true');
  });
  it('trim family treats the first argument as a regex', () => {
    expect(kql1('print trim(@"\\s+", "  x y  ")')).toBe('x y');
    expect(kql1('print trim_start("ab", "ababxab")')).toBe('xab');
    expect(kql1('print trim_end("ab", "ababxab")')).toBe('ababx');
  });
  it('indexof_regex finds the n-th match', () => {
    expect(kql('print indexof_regex("abcabc", @"b.", 0, -1, 2), indexof_regex("abc", @"z"), indexof_regex("xx12", @"\\d+")')[0]).toEqual([4, -1, 2]);
    // a negative start, a negative occurrence or a length below -1 give null; matches do not overlap
    expect(kql('print indexof_regex("abcabc", @"a|ab", -1), indexof_regex("abc", "b", 0, -2), indexof_regex("abc", "b", 0, -1, -1), indexof_regex("ababaa", @"a.a", 0, -1, 2), indexof_regex("abcabcdefg", @"a.c", 0, 9, 2)')[0]).toEqual([null, null, null, -1, 3]);
  });
  it('countof counts overlapping plain matches and non-overlapping regex matches', () => {
    expect(kql('print countof("aaaa", "aa"), countof("aaaa", "aa", "regex"), countof("abc", "")')[0]).toEqual([3, 2, 0]);
  });
  it('base64 and URL helpers reject bad input without throwing', () => {
    expect(kql1('print base64_decode_tostring("aGVsbG8=")')).toBe('hello');
    expect(kql1('print base64_decode_tostring("%%%")')).toBe('');
    // unpadded text is not base64 (as .NET reads it): decodes to "" / null; bytes that are not UTF-8 give ""
    expect(kql('print base64_decode_tostring("S3VzdG8"), isnull(base64_decode_toarray("S3VzdG8")), base64_decode_toarray("S3VzdG8="), base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")')[0]).toEqual(['', true, [75, 117, 115, 116, 111], '']);
    expect(kql1('let b = toscalar(print base64_decode_toarray("U3RyaW5n0KHR0tGA0L7Rh9C60LA")); print base64_encode_fromarray(b)')).toBe('');
    expect(kql1('print url_decode("a%2Fb+c")')).toBe('a/b c');
    expect(scalar('UrlDecode', ['string'])('%E0%A4%A')).toBeNull();
    expect(kql1('print parse_url("https://u:p@host:8443/a/b?x=1&y=%20#f")')).toEqual({
      Scheme: 'https', Host: 'host', Port: '8443', Path: '/a/b', Username: 'u', Password: 'p', 'Query Parameters': { x: '1', y: ' ' }, Fragment: 'f',
    });
    expect(kql1('print parse_url("not a url")')).toEqual({});
  });
  it('zlib and gzip compression write stored deflate blocks, as Kusto does, and round-trip any text', () => {
    // the zlib header 78 01 (no compression), one final stored block of 20 bytes, the Adler-32 of the text
    expect(kql1('print zlib_compress_to_base64_string("1234567890qwertyuiop")')).toBe('eAEBFADr/zEyMzQ1Njc4OTBxd2VydHl1aW9wOAkGdw==');
    // gzip: no time, no extra flags, OS unknown (ff), the stored block, CRC-32 and length
    expect(kql1('print gzip_compress_to_base64_string("1234567890qwertyuiop")')).toBe('H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA==');
    const text = 'κόσμε '.repeat(20000); // more than one stored block (65,535 bytes at most each)
    const zlib = scalar('ZlibCompressString', ['string'])(text) as string;
    const gzip = scalar('GzipCompressString', ['string'])(text) as string;
    expect(Buffer.from(zlib, 'base64').length).toBeGreaterThan(Buffer.byteLength(text));
    expect(scalar('ZlibDecompressString', ['string'])(zlib) === text && scalar('GzipDecompressString', ['string'])(gzip) === text).toBe(true);
    expect(kql('print zlib_decompress_from_base64_string(zlib_compress_to_base64_string("")), gzip_decompress_from_base64_string(gzip_compress_to_base64_string(""))')[0]).toEqual(['', '']);
    expect(kql('print zlib_decompress_from_base64_string("not base64!"), gzip_decompress_from_base64_string("eAEBFADr")')[0]).toEqual(['', '']);
  });
  it('parse_command_line splits as Windows does', () => {
    expect(scalar('ParseCommandLine', ['string', 'string'])('cmd.exe /c "echo a b" \\"q\\" x\\\\"y z"', 'windows')).toEqual(['cmd.exe', '/c', 'echo a b', '"q"', 'x\\y z']);
    expect(scalar('ParseCommandLine', ['string', 'string'])('a', 'linux')).toBeNull();
  });
  it('tostring of every type (the formatting rules strcat shares)', () => {
    expect(kql('print tostring(1.5), tostring(2), tostring(true), tostring(datetime(2024-01-02)), tostring(1h), tostring(dynamic({"a":[1]})), tostring(dynamic(null)), tostring(guid(00000000-0000-0000-0000-00000000000a))')[0]).toEqual([
      '1.5', '2', 'true', '2024-01-02T00:00:00.0000000Z', '01:00:00', '{"a":[1]}', '', '00000000-0000-0000-0000-00000000000a',
    ]);
  });
});
