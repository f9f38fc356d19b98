/**
 * Built-ins implemented from the KQL reference pages (learn.microsoft.com/kusto/query/<name>-function): the values
 * the pages document, their null and out-of-domain rules, and edge cases the pages state.
 */
import { describe, expect, it } from 'vitest';
import { kql, kql1, scalar } from './harness.ts';
import { KqlError } from '../../../src/kql/index.ts';

const close = (a: unknown, b: number, digits = 12) => expect(a as number).toBeCloseTo(b, digits);

describe('erf, erfc', () => {
  it('match the reference table for -3..3', () => {
    const rows = kql('range x from -3 to 3 step 1 | extend e = erf(x), c = erfc(x)');
    const ref = [-0.999977909503001, -0.995322265018953, -0.842700792949715, 0, 0.842700792949715, 0.995322265018953, 0.999977909503001];
    rows.forEach((r, i) => {
      close(r[1], ref[i]!);
      close(r[2], 1 - ref[i]!);
    });
  });
  it('erfc keeps its precision far in the tail; null in, null out', () => {
    expect(kql1('print erfc(10)') as number).toBeGreaterThan(2.0884875837e-45);
    expect(kql1('print erfc(10)') as number).toBeLessThan(2.0884875838e-45);
    expect(kql1('print erf(real(null))')).toBeNull();
    expect(scalar('Erf', ['real'])(Number.NaN)).toBeNaN();
  });
});

describe('beta distribution', () => {
  it('beta_cdf, beta_pdf, beta_inv at the reference values', () => {
    const [row] = kql('print beta_cdf(0.9, 10.0, 20.0), beta_pdf(0.5, 10.0, 20.0), beta_inv(0.1, 10.0, 20.0)');
    close(row![0], 0.999999999999959);
    close(row![1], 0.746176019310951, 10);
    close(row![2], 0.226415022388749);
  });
  it('beta_inv inverts beta_cdf', () => {
    close(kql1('print beta_cdf(beta_inv(0.37, 2.5, 7.0), 2.5, 7.0)'), 0.37);
  });
  it('out of domain: NaN (and beta_inv null for a probability outside (0, 1])', () => {
    const cdf = scalar('BetaCdf', ['real', 'real', 'real']);
    expect(cdf(1.5, 10, 20)).toBeNaN();
    expect(cdf(-10, 10, 20)).toBeNaN();
    expect(cdf(0.1, -1, 20)).toBeNaN();
    expect(cdf(0.1, 10, 10001)).toBeNaN();
    expect(scalar('BetaPdf', ['real', 'real', 'real'])(1, 10, 20)).toBeNaN();
    const inv = scalar('BetaInv', ['real', 'real', 'real']);
    expect(inv(1.5, 10, 20)).toBeNull();
    expect(inv(0.1, -1, 20)).toBeNaN();
    expect(cdf(null, 10, 20)).toBeNull();
  });
});

describe('around', () => {
  it('keeps the bounds, works on datetimes, null when an argument is', () => {
    expect(kql('range dt from datetime(2021-01-01 01:00) to datetime(2021-01-01 02:00) step 1min | where around(dt, datetime(2021-01-01 01:30), 1min) | count')).toEqual([[3]]);
    expect(kql('print around(1.5, 1, 0.5), around(1.51, 1, 0.5), around(long(null), 1, 1)')[0]).toEqual([true, false, null]);
  });
});

describe('assert', () => {
  it('passes through when true; fails the query with the message when false, even with no rows', () => {
    const q = (len: string) => `let checkLength = (len:long, s:string) { assert(len > 0, "Length must be greater than zero") and strlen(s) > len };
      datatable(input:string)['123', '4567'] | where checkLength(len=${len}, input)`;
    expect(kql(q('3'))).toEqual([['4567']]);
    expect(() => kql(q('long(-1)'))).toThrow(/assert\(\) has failed with message: 'Length must be greater than zero'/);
    expect(() => kql('let b=false; print x="Hello" | where b | where assert(b, "Assertion failed")')).toThrow(KqlError);
  });
  it('a condition that depends on the row is an error', () => {
    expect(() => kql('range x from 1 to 2 step 1 | where assert(x > 0, "m")')).toThrow(/must be constants/);
  });
});

describe('geo_azimuth', () => {
  it('the reference value, in radians and degrees', () => {
    close(kql1('print geo_azimuth(5, 10, 10, -40)'), 3.05459939796449);
    close(kql1('print degrees(geo_azimuth(5, 10, 10, -40))'), 175.015653606568, 10);
  });
  it('north is 0, east is pi/2; equal, antipodal or invalid points are null', () => {
    close(kql1('print geo_azimuth(0, 0, 0, 10)'), 0);
    close(kql1('print geo_azimuth(0, 0, 10, 0)'), Math.PI / 2);
    expect(kql('print geo_azimuth(1, 1, 1, 1), geo_azimuth(0, 0, 180, 0), geo_azimuth(0, 100, 1, 1)')[0]).toEqual([null, null, null]);
  });
});

describe('ipv4_range_to_cidr_list', () => {
  it('the reference example and edges', () => {
    expect(kql1('print ipv4_range_to_cidr_list("1.1.128.0", "1.1.140.255")')).toEqual(['1.1.128.0/21', '1.1.136.0/22', '1.1.140.0/24']);
    expect(kql1('print ipv4_range_to_cidr_list("0.0.0.0", "255.255.255.255")')).toEqual(['0.0.0.0/0']);
    expect(kql1('print ipv4_range_to_cidr_list("10.0.0.1", "10.0.0.2")')).toEqual(['10.0.0.1/32', '10.0.0.2/32']);
    expect(kql('print ipv4_range_to_cidr_list("10.0.0.6", "10.0.0.5"), ipv4_range_to_cidr_list("x", "10.0.0.5")')[0]).toEqual([null, null]);
  });
});

describe('treepath', () => {
  it('the reference examples', () => {
    expect(kql1(`print treepath(parse_json('{"a":"b", "c":123}'))`)).toEqual(["['a']", "['c']"]);
    expect(kql1(`print treepath(parse_json('{"prop1":[1,2,3,4], "prop2":"value2"}'))`)).toEqual(["['prop1']", "['prop1'][0]", "['prop2']"]);
    expect(kql1(`print treepath(parse_json('{"listProperty":[100,200,300,"abcde",{"x":"y"}]}'))`)).toEqual(["['listProperty']", "['listProperty'][0]", "['listProperty'][0]['x']"]);
    expect(kql1('print treepath(dynamic({}))')).toEqual([]);
  });
});

describe('parse_csv', () => {
  it('quotes, escaped quotes, line breaks inside quotes; only the first record', () => {
    expect(kql1(`print parse_csv('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\\nline2"')`)).toEqual(['aa', 'b,b,b', 'cc', 'Escaping quotes: "Title"', 'line1\nline2']);
    expect(kql1(`print parse_csv('record1,a,b,c\\nrecord2,x,y,z')`)).toEqual(['record1', 'a', 'b', 'c']);
    expect(kql1(`print parse_csv('')`)).toEqual(['']);
    expect(scalar('ParseCsv', ['string'])(null)).toBeNull();
  });
});

describe('time zones', () => {
  it('local to UTC and back, as the reference shows (DST gap included)', () => {
    expect(kql(`datatable(local_dt: datetime, tz: string)[datetime(2020-02-02 20:02:20), 'US/Pacific', datetime(2020-02-02 20:02:20), 'Europe/Paris']
      | project datetime_local_to_utc(local_dt, tz)`)).toEqual([['2020-02-03T04:02:20.0000000Z'], ['2020-02-02T19:02:20.0000000Z']]);
    expect(kql(`range Local from datetime(2022-03-27 01:00) to datetime(2022-03-27 03:00) step 1h
      | extend UTC = datetime_local_to_utc(Local, 'Europe/Brussels') | extend Back = datetime_utc_to_local(UTC, 'Europe/Brussels') | project UTC, Back`))
      .toEqual([
        ['2022-03-27T00:00:00.0000000Z', '2022-03-27T01:00:00.0000000Z'],
        ['2022-03-27T00:00:00.0000000Z', '2022-03-27T01:00:00.0000000Z'],
        ['2022-03-27T01:00:00.0000000Z', '2022-03-27T03:00:00.0000000Z'],
      ]);
  });
  it('keeps sub-second ticks; an unknown zone or a null datetime is null', () => {
    expect(kql(`print datetime_utc_to_local(datetime(2022-07-11 22:18:48.4678620), 'Australia/Canberra'), datetime_utc_to_local(datetime(2022-07-11), 'Nowhere/City'), datetime_utc_to_local(datetime(null), 'UTC')`)[0])
      .toEqual(['2022-07-12T08:18:48.4678620Z', null, null]);
    expect(kql1('print set_has_element(datetime_list_timezones(), "Europe/Paris")')).toBe(true);
  });
});

describe('new_guid', () => {
  it('a new v4 guid per row', () => {
    const rows = kql('range x from 1 to 50 step 1 | extend g = new_guid() | summarize dcount(g), countif(tostring(g) matches regex "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")');
    expect(rows).toEqual([[50, 50]]);
  });
});

describe('buildschema', () => {
  it('the reference example', () => {
    expect(kql1(`datatable(value: dynamic) [dynamic({"x":1, "y":3.5}), dynamic({"x":"somevalue", "z":[1, 2, 3]}), dynamic({"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]})]
      | summarize buildschema(value)`)).toEqual({ x: ['long', 'string'], y: ['double', { w: 'string' }], z: { '`indexer`': ['long', 'string'] }, t: { '`indexer`': 'string' } });
  });
  it('nulls add nothing; alternatives in the order first met', () => {
    expect(kql1('datatable(v: dynamic)[dynamic(null), dynamic(true)] | summarize buildschema(v)')).toBe('bool');
    expect(kql1('range i from 1 to 4 step 1 | extend v = iff(i % 2 == 0, dynamic({"a": 1}), dynamic({"a": "s"})) | summarize buildschema(v)'))
      .toEqual({ a: ['string', 'long'] });
    expect(kql1('datatable(v: dynamic)[dynamic([]), dynamic([[1], 2.5])] | summarize buildschema(v)')).toEqual({ '`indexer`': [{ '`indexer`': 'long' }, 'double'] });
  });
});

describe('hll and tdigest sketches', () => {
  it('dcount_hll of merged sketches counts distinct values once', () => {
    expect(kql1('range x from 1 to 100 step 1 | summarize h = hll(x % 40) by k = x % 3 | summarize m = hll_merge(h) | project dcount_hll(m)')).toBe(40);
    expect(kql1('range x from 1 to 10 step 1 | summarize h = hll_if(x, x > 7) | project dcount_hll(h)')).toBe(3);
    expect(kql1('range x from 1 to 4 step 1 | summarize a = hll(x), b = hll(x + 2) | project dcount_hll(hll_merge(a, b))')).toBe(6);
  });
  it('rank_tdigest of 685 in 1..1000 is 685; percentiles and percentranks agree', () => {
    expect(kql('range x from 1 to 1000 step 1 | summarize t = tdigest(x) | project rank_tdigest(t, 685), percentrank_tdigest(t, 685), percentile_tdigest(t, 85, typeof(long)), percentiles_array_tdigest(t, 10, 90)')[0])
      .toEqual([685, 68.5, 850, [100, 900]]);
  });
  it('merged digests, datetime digests as typed or dynamic results', () => {
    expect(kql1('range x from 1 to 100 step 1 | summarize t = tdigest(x) by k = x % 4 | summarize m = tdigest_merge(t) | project percentile_tdigest(m, 100, typeof(long))')).toBe(100);
    expect(kql('range x from 1 to 3 step 1 | summarize d = tdigest(datetime(2020-01-01) + x * 1d) | project percentile_tdigest(d, 100), percentile_tdigest(d, 0, typeof(datetime))')[0])
      .toEqual(['2020-01-04T00:00:00.0000000Z', '2020-01-02T00:00:00.0000000Z']);
  });
  it('not a sketch gives null', () => {
    expect(scalar('DCountHll', ['dynamic'])([1, 2])).toBeNull();
    expect(scalar('RankTDigest', ['dynamic', 'long'])({ a: 1 }, 1)).toBeNull();
  });
});
