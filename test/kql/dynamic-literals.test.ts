/**
 * dynamic(...) literals read as Kusto reads them (scalar-data-types/dynamic, scalar-data-types/string): verbatim,
 * obfuscated and adjacent string literals, typed literals and timespans inside; datetime(now).
 */
import { describe, expect, it } from 'vitest';
import { kql, kql1 } from './functions/harness.ts';

describe('dynamic literals', () => {
  it('verbatim and obfuscated strings keep their text; adjacent strings are one string', () => {
    expect(kql1(String.raw`print dynamic([@"C:\Windows\", @'\tmp\', h"secret", "NTDS.out" "DumpExt.dll", 'it''s', @'it''s'])`))
      .toEqual(['C:\\Windows\\', '\\tmp\\', 'secret', 'NTDS.outDumpExt.dll', 'its', "it's"]);
  });
  it('typed literals inside: datetimes as ISO text, timespans as text, numbers and nested dynamic', () => {
    expect(kql1('print dynamic({"t": datetime(2020-01-01), "s": 3s, "n": -2.5, "l": long(7), "d": dynamic([1]), "z": null, "b": true})'))
      .toEqual({ t: '2020-01-01T00:00:00.0000000Z', s: '00:00:03', n: -2.5, l: 7, d: [1], z: null, b: true });
  });
  it('a dynamic datetime converts back', () => {
    expect(kql('print d = dynamic({"t": datetime(2020-01-01)}) | project t = todatetime(d.t)')).toEqual([['2020-01-01T00:00:00.0000000Z']]);
  });
  it('datetime(now) is the query time', () => {
    expect(kql('print a = datetime(now), b = datetime(now) == now()')).toEqual([['2026-11-20T12:00:00.0000000Z', true]]);
  });
});
