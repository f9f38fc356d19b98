/**
 * The built-ins the engine promises (issue item 3 and what Sentinel rules use) are registered, deprecated aliases
 * included, and the aliases behave like the functions they stand for.
 */
import { describe, expect, it } from 'vitest';
import { kql, kql1 } from './harness.ts';
import { loadKusto } from '../../../src/kql/kusto.ts';
import { lookupAggregate, lookupScalar, lookupWindow } from '../../../src/kql/functions/registry.ts';

const SCALARS = `strcat strcat_delim strcat_array strlen substring split replace_string replace_regex replace extract extract_all
  trim trim_start trim_end indexof countof reverse tolower toupper parse_url parse_urlquery parse_path parse_command_line
  base64_encode_tostring base64_decode_tostring url_encode url_decode parse_json todynamic parsejson bag_keys bag_merge
  bag_pack pack pack_array array_length array_concat array_slice array_index_of array_sort_asc array_sort_desc set_union
  set_intersect set_difference set_has_element ago now bin floor bin_at startofday startofweek startofmonth startofyear
  endofday endofweek endofmonth endofyear datetime_add datetime_diff datetime_part dayofweek dayofmonth dayofyear
  hourofday getyear monthofyear format_datetime format_timespan unixtime_seconds_todatetime
  unixtime_milliseconds_todatetime make_datetime make_timespan totimespan ipv4_is_private ipv4_is_in_range ipv4_is_match
  ipv4_compare parse_ipv4 parse_ipv4_mask ipv6_compare ipv6_is_match has_ipv4 has_any_ipv4 has_ipv4_prefix
  ipv4_is_in_any_range tobool toint tolong toreal todouble todecimal toguid tostring todatetime tohex iff iif case
  coalesce max_of min_of hash hash_sha256 hash_md5 hash_sha1 isempty isnotempty isnull isnotnull round abs sqrt log pow
  series_decompose_anomalies series_decompose series_fit_line series_stats series_stats_dynamic series_outliers
  series_fill_forward series_fill_backward series_fill_linear series_fill_const parse_xml not`.split(/\s+/);
const AGGREGATES = `count countif dcount dcountif sum sumif avg avgif min max minif maxif make_set make_set_if makeset make_list
  make_list_if makelist make_list_with_nulls make_bag make_bag_if arg_max arg_min take_any any percentile percentiles
  stdev stdevif variance varianceif`.split(/\s+/);
const WINDOWS = ['row_number', 'prev', 'next', 'row_cumsum', 'row_window_session'];

function symbolsNamed(list: object[], name: string): object[] {
  return list.filter((s) => (s as { Name: string }).Name === name);
}

describe('registry coverage', () => {
  const { Kusto } = loadKusto();
  const G = Kusto.Language.GlobalState.Default;
  it.each(SCALARS)('scalar %s is registered', (name) => {
    const syms = symbolsNamed(G.Functions, name);
    expect(syms.length).toBeGreaterThan(0);
    expect(syms.some((s) => lookupScalar(s) !== undefined)).toBe(true);
  });
  it.each(AGGREGATES)('aggregate %s is registered', (name) => {
    const syms = symbolsNamed(G.Aggregates, name);
    expect(syms.length).toBeGreaterThan(0);
    expect(syms.some((s) => lookupAggregate(s) !== undefined)).toBe(true);
  });
  it.each(WINDOWS)('window function %s is registered', (name) => {
    expect(symbolsNamed(G.Functions, name).some((s) => lookupWindow(s) !== undefined)).toBe(true);
  });
});

describe('deprecated aliases behave as their replacements', () => {
  it('makeset/makelist (128 cap), parsejson, iif, any', () => {
    const rows = kql('range x from 1 to 200 step 1 | summarize a = array_length(makeset(x)), b = array_length(make_set(x)), c = array_length(makelist(x))');
    expect(rows).toEqual([[128, 200, 128]]);
    expect(kql1('print iif(1 > 2, "a", "b")')).toBe('b');
    expect(kql1('print parsejson(\'{"k":1}\').k')).toBe(1);
    expect(kql('datatable(x:long)[7] | summarize any(x)')).toEqual([[7]]);
  });
});
