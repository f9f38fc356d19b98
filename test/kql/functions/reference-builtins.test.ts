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

describe('welch_test', () => {
  it('the reference (Wikipedia) example gives p = 0.021', () => {
    const p = kql1(`print s1 = dynamic([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]),
        s2 = dynamic([27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4])
      | mv-expand s1 to typeof(double), s2 to typeof(double)
      | summarize m1 = avg(s1), v1 = variance(s1), c1 = count(), m2 = avg(s2), v2 = variance(s2), c2 = count()
      | project welch_test(m1, v1, c1, m2, v2, c2)`);
    close(p, 0.021378, 5);
  });
  it('equal means give 1; undefined tests and nulls give null', () => {
    close(kql1('print welch_test(5.0, 1.0, 10, 5.0, 2.0, 12)'), 1);
    expect(kql('print welch_test(5.0, 0.0, 10, 6.0, 0.0, 12), welch_test(5.0, 1.0, 1, 6.0, 1.0, 12), welch_test(real(null), 1.0, 10, 6.0, 1.0, 12)')[0]).toEqual([null, null, null]);
  });
});

describe('series_fit_poly, series_fit_2lines, series_fft/ifft, series_seasonal, series_periods_validate', () => {
  it('series_fit_poly recovers an exact quadratic, highest power first; degree 1 agrees with series_fit_line', () => {
    const [row] = kql('print series_fit_poly(dynamic([6, 11, 18, 27, 38]), dynamic([1, 2, 3, 4, 5]), int(2))');
    expect(row).toHaveLength(5);
    close(row![0], 1);
    (row![1] as number[]).forEach((c, i) => close(c, [1, 2, 3][i]!, 9));
    (row![4] as number[]).forEach((v, i) => close(v, [6, 11, 18, 27, 38][i]!, 9));
    const [lin] = kql('print y = dynamic([3, 5, 4, 8, 9]) | project series_fit_poly(y), series_fit_line(y)');
    close(lin![0], lin![5] as number);
    close((lin![1] as number[])[0]!, lin![6] as number);
  });
  it('series_fit_2lines finds the break of a two-segment series', () => {
    const [row] = kql('print series_fit_2lines(dynamic([1, 2, 3, 4, 10, 8, 6, 4, 2]))');
    expect(row![1]).toBe(4);
    close(row![0], 1);
    close(row![6], -2); // right slope
    close(row![11], 1); // left slope
    expect(kql1('print series_fit_2lines_dynamic(dynamic([1, 2, 3]))')).toBeNull();
  });
  it('series_ifft inverts series_fft; fft of a constant is an impulse', () => {
    const [row] = kql('print r = dynamic([1, 2, 3, 4]) | extend (a, b) = series_fft(r) | extend (c, d) = series_ifft(a, b) | project a, c, d');
    (row![0] as number[]).forEach((v, i) => close(v, [10, -2, -2, -2][i]!));
    (row![1] as number[]).forEach((v, i) => close(v, [1, 2, 3, 4][i]!));
    (row![2] as number[]).forEach((v) => close(v, 0));
    const [imp] = kql('print series_fft(dynamic([2, 2, 2, 2]))');
    (imp![0] as number[]).forEach((v, i) => close(v, [8, 0, 0, 0][i]!));
  });
  it('series_seasonal: medians per phase; a given period below 2 or no detected period gives zeros', () => {
    expect(kql1('print series_seasonal(dynamic([1, 5, 9, 3, 5, 9, 1, 5, 7]), 3)')).toEqual([1, 5, 9, 1, 5, 9, 1, 5, 9]);
    expect(kql1('print series_seasonal(dynamic([1, 2, 3]), 1)')).toEqual([0, 0, 0]);
    expect(kql1('print series_seasonal(dynamic([4, 1, 7, 2, 9, 3]))')).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('series_periods_validate scores a true period high and periods out of bounds 0', () => {
    const [row] = kql('range i from 0 to 47 step 1 | summarize s = make_list(sin(2 * pi() * i / 8)) | project series_periods_validate(s, 8.0, 3.0, 30.0)');
    expect(row![0]).toEqual([8, 3, 30]);
    expect((row![1] as number[])[0]).toBeGreaterThan(0.8);
    expect((row![1] as number[]).slice(1)).toEqual([0, 0]);
  });
});

describe('estimate_data_size, iscolumnexists, array_iif', () => {
  it('estimate_data_size counts 8 bytes a long and a string\'s length (the reference example: 180)', () => {
    expect(kql1("range x from 1 to 10 step 1 | extend Text = '1234567890' | summarize Total = sum(estimate_data_size(*))")).toBe(180);
    expect(kql1("print a = 1, b = 'xyz', c = true | project estimate_data_size(b, c)")).toBe(4);
  });
  it('iscolumnexists is resolved against the row scope', () => {
    expect(kql("print a = 1 | project iscolumnexists('a'), iscolumnexists('b')")[0]).toEqual([true, false]);
  });
  it('array_iif is array_iff', () => {
    expect(kql1('print array_iif(dynamic([true, false, 1]), dynamic([1, 2, 3]), 0)')).toEqual([1, 0, 3]);
    // a condition that is neither bool nor number gives null; a shorter when_true/when_false array gives null
    expect(kql1('print array_iff(dynamic(["some string value", datetime(2022-01-01), null, 0, 2.5]), 1, 0)')).toEqual([null, null, null, 0, 1]);
    expect(kql1('print array_iff(dynamic([true, true, true]), dynamic([1, 2]), dynamic([3, 4]))')).toEqual([1, 2, null]);
  });
});

describe('built-ins without a local implementation', () => {
  it('say why in their KQL_UNSUPPORTED message', () => {
    expect(() => kql('print geo_info_from_ip_address("20.53.203.50")')).toThrow(/geo_info_from_ip_address\(\) is not supported by the local engine: it reads the GeoIP database/);
    expect(() => kql('print parse_user_agent("Mozilla/5.0", "browser")')).toThrow(/user-agent database/);
    expect(() => kql('print hash_many("a", 1)')).toThrow(/does not document its hash algorithm/);
  });
});

describe('fixes found on the reference examples', () => {
  it('x.[k] indexes by an expression, as x[k] does', () => {
    expect(kql1('print d = dynamic({"a": {"b": 1}}) | extend k = "b" | project d["a"].[k]')).toBe(1);
    expect(kql1(`let get = (q: string, p: string) { let params = parse_urlquery(q); tostring(params["Query Parameters"].[p]) }; print get('view=vs-2019&preserve-view=true', 'preserve-view')`)).toBe('true');
  });
  it('parse_ipv6_mask: the netmask counts IPv6 bits, for IPv4 input too', () => {
    expect(kql('print parse_ipv6_mask("192.168.255.255", 120), parse_ipv6_mask("192.168.255.255/24", 124), parse_ipv6_mask("255.255.255.255", 128), parse_ipv6_mask("fe80::85d:e82c:9446:7994/120", 124)')[0])
      .toEqual(['0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0000:0000:0000:0000:0000:ffff:ffff:ffff', 'fe80:0000:0000:0000:085d:e82c:9446:7900']);
  });
  it('replace_strings: a replacement that is not a string keeps its match', () => {
    expect(kql1("print replace_strings('This is an example', dynamic(['This', 'is']), dynamic([12345, 'was']))")).toBe('This was an example');
  });
  it('series_dot_product of a series and a number repeats the number', () => {
    expect(kql('range x from 1 to 3 step 1 | project s1 = pack_array(x, x * 2, x * 4), s2 = x | project series_dot_product(s1, s2)')).toEqual([[7], [28], [63]]);
  });
});

describe('convert_speed and convert_volume know every unit of their reference pages', () => {
  it('the reference examples and a few exact definitions', () => {
    close(kql1("print convert_speed(1.2, 'MeterPerSecond', 'CentimeterPerHour')"), 432000, 6);
    close(kql1("print convert_speed(1, 'UsSurveyFootPerSecond', 'MeterPerSecond')"), 1200 / 3937);
    // AcreFoot is UnitsNet's 0.000810714 acre-feet per cubic meter (the reference example: 1.2 m³ = 0.0009728568)
    close(kql1("print convert_volume(1.2, 'CubicMeter', 'AcreFoot')"), 0.0009728568, 15);
    close(kql1("print convert_volume(1, 'AcreFoot', 'CubicMeter')"), 1 / 0.000810714, 9);
    close(kql1("print convert_volume(1, 'UsBeerBarrel', 'UsGallon')"), 31);
    expect(kql1("print convert_volume(1, 'Hogshead', 'Liter')")).toBeNull();
  });
});

describe('invalid polygons', () => {
  it('geo_polygon_area and geo_polygon_to_h3cells give null for a ring without three distinct points', () => {
    expect(kql('print isnull(geo_polygon_area(dynamic({"type": "Polygon","coordinates": [[[0,0],[10,10],[10,10],[0,0]]]}))), isnull(geo_polygon_to_h3cells(dynamic({"type":"Polygon","coordinates":[[[0,0],[1,1]]]})))')[0]).toEqual([true, true]);
    expect(kql1('print geo_polygon_area(dynamic({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})) > 0')).toBe(true);
  });
});
