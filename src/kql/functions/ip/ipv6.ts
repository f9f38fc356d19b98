/**
 * IPv6: parse_ipv6 (canonical, fully expanded lower-case form; IPv4, also written in IPv6 as ::a.b.c.d or
 * ::ffff:a.b.c.d, maps to ::ffff:a.b.c.d), parse_ipv6_mask,
 * ipv6_compare, ipv6_is_match, ipv6_is_in_range, ipv6_is_in_any_range. Addresses may carry a `/prefix`.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { parseIpv4 } from './ipv4.ts';

export interface Ipv6 { addr: bigint; prefix: number }

function parseGroups(text: string): bigint | null {
  let t = text;
  let tail4: number[] = [];
  const v4 = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(t);
  if (v4) {
    const p = parseIpv4(v4[1]!);
    if (!p) return null;
    tail4 = [p.addr >>> 16, p.addr & 0xffff];
    t = `${t.slice(0, v4.index)}:`;
    if (t.endsWith('::')) t += '';
    else t = t.slice(0, -1);
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - tail4.length - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  for (const g of tail4) v = (v << 16n) | BigInt(g);
  return v;
}

export function parseIpv6(text: unknown): Ipv6 | null {
  if (typeof text !== 'string') return null;
  const m = /^\s*([^/\s]+)(?:\/(\d{1,3}))?\s*$/.exec(text);
  if (!m) return null;
  const v4 = parseIpv4(m[1]!);
  let prefix = m[2] === undefined ? 128 : Number(m[2]);
  if (v4) {
    if (m[2] !== undefined) prefix = Math.min(128, 96 + Number(m[2]));
    return { addr: (0xffffn << 32n) | BigInt(v4.addr), prefix };
  }
  if (prefix > 128) return null;
  const addr = parseGroups(m[1]!);
  if (addr === null) return null;
  if (/\.\d{1,3}$/.test(m[1]!) && (addr >> 32n === 0n || addr >> 32n === 0xffffn)) {
    // IPv4 notation inside IPv6 (`::a.b.c.d`, `::ffff:a.b.c.d`) is the IPv4 address, mapped as parse_ipv6 maps
    // IPv4, and a prefix of up to 32 bits counts IPv4 bits (parse-ipv6-mask-function#example)
    const mapped = (0xffffn << 32n) | (addr & 0xffffffffn);
    return { addr: mapped, prefix: m[2] !== undefined && prefix <= 32 ? 96 + prefix : prefix };
  }
  return { addr, prefix };
}

export function mask6(addr: bigint, prefix: number): bigint {
  if (prefix <= 0) return 0n;
  const bits = BigInt(128 - Math.min(128, prefix));
  return (addr >> bits) << bits;
}

function format6(addr: bigint): string {
  const hex = addr.toString(16).padStart(32, '0');
  return hex.match(/.{4}/g)!.join(':');
}

function prefixArg(v: unknown): number | null {
  if (v === undefined) return 128;
  const n = toNumber(v);
  return n === null || n < 0 || n > 128 ? null : Math.trunc(n);
}

defineScalar((F) => F.ParseIPV6, () => (ip: unknown) => {
  const p = parseIpv6(ip);
  return p ? format6(mask6(p.addr, p.prefix)) : null;
});

defineScalar((F) => F.ParseIPV6Mask, () => (ip: unknown, prefix: unknown) => {
  const p = parseIpv6(ip);
  const n = prefixArg(prefix);
  // the netmask counts IPv6 bits for IPv4 input too (120 keeps 24 bits of the IPv4 address); an IPv4 /prefix
  // already counts from bit 96
  return p && n !== null ? format6(mask6(p.addr, Math.min(p.prefix, n))) : null;
});

export function compareIpv6(a: Ipv6, b: Ipv6, prefix = 128): number {
  const bits = Math.min(a.prefix, b.prefix, prefix);
  const x = mask6(a.addr, bits);
  const y = mask6(b.addr, bits);
  return x < y ? -1 : x > y ? 1 : 0;
}

defineScalar((F) => F.Ipv6Compare, () => (a: unknown, b: unknown, prefix?: unknown) => {
  const x = parseIpv6(a);
  const y = parseIpv6(b);
  const n = prefixArg(prefix);
  return x && y && n !== null ? compareIpv6(x, y, n) : null;
});

defineScalar((F) => F.Ipv6IsMatch, () => (a: unknown, b: unknown, prefix?: unknown) => {
  const x = parseIpv6(a);
  const y = parseIpv6(b);
  const n = prefixArg(prefix);
  return x && y && n !== null ? compareIpv6(x, y, n) === 0 : null;
});

const inRange6 = (ip: Ipv6, r: Ipv6) => mask6(ip.addr, r.prefix) === mask6(r.addr, r.prefix);

defineScalar((F) => F.Ipv6IsInRange, () => (ip: unknown, range: unknown) => {
  const x = parseIpv6(ip);
  const r = parseIpv6(range);
  return x && r ? inRange6(x, r) : null;
});

defineScalar((F) => F.Ipv6IsInAnyRange, () => (ip: unknown, ...ranges: unknown[]) => {
  const x = parseIpv6(ip);
  if (!x) return null;
  for (const r of ranges.flatMap((v) => (Array.isArray(v) ? v : [v]))) {
    const p = parseIpv6(r);
    if (p === null) return null;
    if (inRange6(x, p)) return true;
  }
  return false;
});
