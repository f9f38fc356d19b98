/**
 * Scalar operators, as data: `print` expressions in, values out. Covers Kusto's term semantics for the has family,
 * case rules, null rules, long arithmetic beyond 2^53 and datetime/timespan arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.ts';

const cases: Record<string, [string, unknown][]> = {
  'has family (terms)': [
    ['"KustoExplorerQueryRun" has "Explorer"', false],
    ['"North America" has "america"', true],
    ['"North America" has_cs "america"', false],
    ['"c:\\\\windows\\\\cmd.exe /c" has "cmd.exe"', true],
    ['"xcmd.exe" has "cmd.exe"', false],
    ['"10.0.0.1:443" has "10.0.0.1"', true],
    ['"10.0.0.12" has "10.0.0.1"', false],
    ['"abc def" !has "de"', true],
    ['"abc def" !has_cs "def"', false],
    ['"PrefixTerm" hasprefix "prefix"', true],
    ['"a PrefixTerm" hasprefix "term"', false],
    ['"a PrefixTerm" hassuffix "TERM"', true],
    ['"a PrefixTerm" hassuffix_cs "TERM"', false],
    ['"a b c" has_any ("x", "B")', true],
    ['"a b c" has_any ("x", "bc")', false],
    ['"a b c" has_all ("a", "c")', true],
    ['"a b c" has_all ("a", "d")', false],
  ],
  'substring operators': [
    ['"KustoExplorer" contains "explorer"', true],
    ['"KustoExplorer" contains_cs "explorer"', false],
    ['"KustoExplorer" !contains "xyz"', true],
    ['"KustoExplorer" startswith "kusto"', true],
    ['"KustoExplorer" startswith_cs "kusto"', false],
    ['"KustoExplorer" endswith "ORER"', true],
    ['"KustoExplorer" !endswith_cs "ORER"', true],
    ['"abc" matches regex "^a.c$"', true],
    ['"ABC" matches regex "(?i)b"', true],
    ['"key=v1" matches regex "(?P<k>\\\\w+)=v"', true],
    ['"hello.txt" like "%.txt"', true],
    ['"hello.txt" like "h_llo%"', true],
  ],
  'equality and case': [
    ['"abc" == "ABC"', false],
    ['"abc" =~ "ABC"', true],
    ['"abc" !~ "ABD"', true],
    ['"abc" != "abc"', false],
    ['"0" == 0', true],
    ['1 == 1.0', true],
    ['"a" in ("A", "b")', false],
    ['"a" in~ ("A", "b")', true],
    ['"a" !in ("A", "b")', true],
    ['"a" !in~ ("A", "b")', false],
    ['2 in (dynamic([1, 2]), 5)', true],
    ['"50126" in (50126, 50053)', true],
  ],
  'null rules': [
    ['int(null) == 1', false],
    ['int(null) != 1', true],
    ['int(null) < 1', null],
    ['int(null) + 1', null],
    ['int(null) in (1, 2)', false],
    ['int(null) !in (1, 2)', true],
    ['true and bool(null)', null],
    ['false and bool(null)', false],
    ['true or bool(null)', true],
    ['false or bool(null)', null],
    ['"" has "a"', false],
    ['dynamic(null) has "a"', false],
    ['dynamic(null) !has "a"', true],
  ],
  'arithmetic and ranges': [
    ['7 / 2', 3],
    ['-7 / 2', -3],
    ['7 % 3', 1],
    ['-14 % 12', 10],
    ['14 % -12', 2],
    ['7.0 / 2', 3.5],
    ['9007199254740993 + 0', '9007199254740993'],
    ['9223372036854775807 + 1', '-9223372036854775808'],
    ['4611686018427387904 * 2', '-9223372036854775808'],
    ['-(5)', -5],
    ['datetime(2026-01-02) - datetime(2026-01-01)', '1.00:00:00'],
    ['datetime(2026-01-01) + 90m', '2026-01-01T01:30:00.0000000Z'],
    ['2h * 3', '06:00:00'],
    ['1h / 2', '00:30:00'],
    ['5 between (1 .. 5)', true],
    ['6 between (1 .. 5)', false],
    ['6 !between (1 .. 5)', true],
    ['datetime(2026-01-01 10:00) between (datetime(2026-01-01) .. 12h)', true],
    ['datetime(2026-01-01 10:00) > datetime(2026-01-01 09:59:59.9999999)', true],
    ['1d > 23h', true],
  ],
};

describe('scalar operators', () => {
  for (const [group, list] of Object.entries(cases)) {
    describe(group, () => {
      for (const [expr, expected] of list) {
        it(expr, () => {
          expect(run(`print v = ${expr}`).rows[0]![0]).toEqual(expected);
        });
      }
    });
  }

  it('in with a tabular list', () => {
    expect(run('T | where Caller in ((U | where Role == "admin" | project Caller)) | count').rows).toEqual([[2]]);
  });
  it('in with a let-bound dynamic array', () => {
    expect(run('let vips = dynamic(["bob", "carol"]); T | where Caller in (vips) | count').rows).toEqual([[2]]);
  });
  it('has with a column needle', () => {
    expect(run('T | where isnotempty(Caller) and Op has Caller | count').rows).toEqual([[0]]);
    expect(run('print a = "x y", b = "y" | where a has b | count').rows).toEqual([[1]]);
  });
});

describe('arithmetic on dynamic values that are not numbers', () => {
  it('gives null, never an engine error (found by npm run fuzz)', async () => {
    const { engine, db } = await import('./helpers.ts');
    const r = engine.run('print d = dynamic({"a": 1}), e = dynamic([1]), n = dynamic(2) | project d - 1, e * e, d % 2.5, d + 1h, -d, n * 3, isempty(1 - d), strcat(d + 1h, "-", 1)', db);
    expect(r.rows).toEqual([[null, null, null, null, null, 6, true, '-1']]);
  });
});
