import { describe, expect, it } from 'vitest';
import { kql, kql1, scalar } from './harness.ts';

describe('parse_json / todynamic', () => {
  it('parses JSON text, keeps dynamic values, maps "" to null and keeps non-JSON text as a string', () => {
    expect(kql1('print parse_json(\'{"a":{"b":[1,2]}}\').a.b[1]')).toBe(2);
    expect(kql1('print isnull(parse_json(""))')).toBe(true);
    expect(kql1('print parse_json("not json")')).toBe('not json');
    expect(scalar('ToDynamic_', ['dynamic'])([1])).toEqual([1]);
    expect(kql1('print parsejson("[true]")')).toEqual([true]);
  });
});

describe('bags', () => {
  it('bag_pack/pack build bags, bag_keys/bag_merge/bag_has_key read them', () => {
    expect(kql1('print bag_pack("a", 1, "b", datetime(2024-01-01))')).toEqual({ a: 1, b: '2024-01-01T00:00:00.0000000Z' });
    expect(kql1('print pack("k", "v")')).toEqual({ k: 'v' });
    expect(kql1('print bag_keys(dynamic({"x":1,"y":2}))')).toEqual(['x', 'y']);
    expect(kql1('print bag_keys(parse_json("[1]"))')).toBeNull();
    expect(kql1('print bag_merge(dynamic({"a":1}), dynamic({"a":2,"b":3}))')).toEqual({ a: 1, b: 3 });
    expect(kql1('print bag_has_key(dynamic({"a":{"b":1}}), "$.a.b")')).toBe(true);
    expect(kql1('print bag_remove_keys(dynamic({"a":{"b":1,"c":2},"d":3}), dynamic(["$.a.b","d"]))')).toEqual({ a: { c: 2 } });
  });
});

describe('arrays and sets', () => {
  it('array_length is null for non-arrays', () => {
    expect(kql('print array_length(dynamic([1,2])), array_length(parse_json("{}")), array_length(parse_json(""))')[0]).toEqual([2, null, null]);
  });
  it('slice, concat, index_of, reverse, shift and rotate', () => {
    expect(kql1('print array_slice(dynamic([1,2,3,4]), 1, -2)')).toEqual([2, 3]);
    expect(kql1('print array_slice(dynamic([1,2,3]), 5, 9)')).toEqual([]);
    expect(kql1('print array_concat(dynamic([1]), dynamic(["a"]))')).toEqual([1, 'a']);
    expect(kql1('print array_index_of(dynamic(["a","b"]), "b")')).toBe(1);
    expect(kql1('print array_index_of(dynamic(["a"]), "z")')).toBe(-1);
    expect(kql1('print array_shift_left(dynamic([1,2,3]), 1)')).toEqual([2, 3, null]);
    expect(kql1('print array_rotate_right(dynamic([1,2,3]), 1)')).toEqual([3, 1, 2]);
  });
  it('set functions are distinct and keep first-seen order', () => {
    expect(kql1('print set_union(dynamic([1,2,2]), dynamic([3,1]))')).toEqual([1, 2, 3]);
    expect(kql1('print set_intersect(dynamic([1,2,3]), dynamic([3,2]))')).toEqual([2, 3]);
    expect(kql1('print set_difference(dynamic(["a","b"]), dynamic(["b"]))')).toEqual(['a']);
    expect(kql1('print set_has_element(dynamic(["a"]), "A")')).toBe(false);
  });
  it('array_sort_asc sorts mixed values with nulls last by default', () => {
    expect(kql1('print array_sort_asc(dynamic([3,null,1,2]))')).toEqual([1, 2, 3, null]);
    expect(kql1('print array_sort_desc(dynamic(["b","a",null]), false)')).toEqual([null, 'b', 'a']);
    expect(scalar('ArraySortAsc', ['dynamic', 'dynamic'])([2, 1], ['two', 'one'])).toEqual([[1, 2], ['one', 'two']]);
    expect(scalar('ArraySortAsc', ['dynamic'])('not an array')).toBeNull();
  });
});

describe('parse_xml', () => {
  it('follows Kusto\'s conversion table', () => {
    expect(kql1('print parse_xml("<e/>")')).toEqual({ e: null });
    expect(kql1('print parse_xml("<e>text</e>")')).toEqual({ e: 'text' });
    expect(kql1('print parse_xml("<e name=\\"value\\" />")')).toEqual({ e: { '@name': 'value' } });
    expect(kql1('print parse_xml("<e name=\\"value\\">text</e>")')).toEqual({ e: { '@name': 'value', '#text': 'text' } });
    expect(kql1('print parse_xml("<e> <a>text</a> <b>text</b> </e>")')).toEqual({ e: { a: 'text', b: 'text' } });
    expect(kql1('print parse_xml("<e> <a>text</a> <a>text</a> </e>")')).toEqual({ e: { a: ['text', 'text'] } });
    expect(kql1('print parse_xml("<e> text <a>text</a> </e>")')).toEqual({ e: { '#text': 'text', a: 'text' } });
  });
  it('reads Windows event data, skips the prolog and comments, decodes entities and CDATA', () => {
    const xml = '<?xml version="1.0"?><!-- c --><EventData><Data Name="SubjectUserSid">S-1-5-18</Data><Data Name="Cmd"><![CDATA[a<b]]> &amp; c</Data></EventData>';
    expect(scalar('ParseXml', ['string'])(xml)).toEqual({
      EventData: { Data: [{ '@Name': 'SubjectUserSid', '#text': 'S-1-5-18' }, { '@Name': 'Cmd', '#text': 'a<b & c' }] },
    });
  });
  it('gives null for invalid XML', () => {
    for (const bad of ['<a>', '<a></b>', 'plain text', '', '<a x=1/>', '<a/><b/>']) expect(scalar('ParseXml', ['string'])(bad)).toBeNull();
  });
});
