import { describe, expect, it } from 'vitest';
import { kql, kql1 } from './harness.ts';

describe('IPv4', () => {
  it('ipv4_is_private covers the three RFC 1918 ranges only', () => {
    expect(kql('print ipv4_is_private("10.1.2.3"), ipv4_is_private("172.31.0.1"), ipv4_is_private("172.32.0.1"), ipv4_is_private("192.168.0.1"), ipv4_is_private("8.8.8.8")')[0]).toEqual([true, true, false, true, false]);
    expect(kql1('print isnull(ipv4_is_private("999.1.1.1"))')).toBe(true);
    expect(kql1('print isnull(ipv4_is_private(""))')).toBe(true);
  });
  it('ranges, matches and comparisons honour prefixes', () => {
    expect(kql('print ipv4_is_in_range("192.168.1.7", "192.168.1.0/24"), ipv4_is_in_range("192.168.2.7", "192.168.1.0/24"), ipv4_is_match("192.168.1.1/24", "192.168.1.255/24"), ipv4_compare("10.0.0.1", "10.0.0.2"), ipv4_is_in_any_range("8.8.8.8", dynamic(["10.0.0.0/8", "8.8.0.0/16"]))')[0]).toEqual([true, false, true, -1, true]);
    expect(kql1('print parse_ipv4("127.0.0.1")')).toBe(2130706433);
    expect(kql1('print parse_ipv4("10.1.2.3/8")')).toBe(167772160);
  });
  it('has_ipv4 matches whole addresses only', () => {
    expect(kql('print has_ipv4("from 10.0.0.1:443", "10.0.0.1"), has_ipv4("from 10.0.0.12", "10.0.0.1"), has_ipv4("v1.10.0.0.1", "10.0.0.1"), has_any_ipv4("a 1.2.3.4 b", dynamic(["9.9.9.9", "1.2.3.4"])), has_ipv4_prefix("x 10.20.30.40", "10.20.")')[0]).toEqual([true, false, false, true, true]);
  });
});

describe('IPv6', () => {
  it('parse_ipv6 expands, maps IPv4, and compares with prefixes', () => {
    expect(kql1('print parse_ipv6("fe80::85d:e82c:9446:7994")')).toBe('fe80:0000:0000:0000:085d:e82c:9446:7994');
    expect(kql1('print parse_ipv6("127.0.0.1")')).toBe('0000:0000:0000:0000:0000:ffff:7f00:0001');
    expect(kql1('print ipv6_compare("::ffff:7f00:1", "127.0.0.1")')).toBe(0);
    expect(kql1('print ipv6_is_match("fe80::85d:e82c:9446:7994/120", "fe80::85d:e82c:9446:7900/120")')).toBe(true);
    expect(kql1('print isnull(parse_ipv6("1::2::3"))')).toBe(true);
  });
  it('IPv4 notation inside IPv6 is the mapped IPv4 address, its prefix counting IPv4 bits', () => {
    expect(kql('print parse_ipv6("::192.168.255.255"), parse_ipv6_mask("::192.168.255.255/24", 128), parse_ipv6_mask("::ffff:192.168.255.255", 120), parse_ipv6("1::1.2.3.4")')[0]).toEqual([
      '0000:0000:0000:0000:0000:ffff:c0a8:ffff', '0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0001:0000:0000:0000:0000:0000:0102:0304']);
    expect(kql1('print ipv6_compare("::127.0.0.1", "127.0.0.1")')).toBe(0);
    expect(kql1('print isnull(parse_ipv6("::300.1.1.1"))')).toBe(true);
  });
});
