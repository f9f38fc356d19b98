/**
 * IPv4: parse_ipv4, parse_ipv4_mask, format_ipv4, format_ipv4_mask, ipv4_compare, ipv4_is_match,
 * ipv4_is_in_range, ipv4_is_in_any_range, ipv4_is_private, ipv4_netmask_suffix. Addresses may carry a
 * `/prefix`; invalid text gives null.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';

export interface Ipv4 { addr: number; prefix: number }

/** Parses `a.b.c.d[/n]` (unsigned 32-bit address) or null; surrounding blanks are allowed. A hand-written scan: hot path. */
export function parseIpv4(text: unknown): Ipv4 | null {
  if (typeof text !== 'string') return null;
  let i = 0;
  let end = text.length;
  while (i < end && text.charCodeAt(i) <= 32) i++;
  while (end > i && text.charCodeAt(end - 1) <= 32) end--;
  let addr = 0;
  for (let part = 0; part < 4; part++) {
    let value = 0;
    let digits = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3 || value > 255) return null;
    addr = addr * 256 + value;
    if (part < 3) {
      if (text.charCodeAt(i) !== 46) return null;
      i++;
    }
  }
  let prefix = 32;
  if (i < end) {
    if (text.charCodeAt(i) !== 47) return null;
    i++;
    let value = 0;
    let digits = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      value = value * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0 || digits > 2 || value > 32) return null;
    prefix = value;
  }
  return { addr, prefix };
}

export function mask(addr: number, prefix: number): number {
  if (prefix <= 0) return 0;
  return (addr & (0xffffffff << (32 - Math.min(32, prefix)))) >>> 0;
}

function formatIpv4(addr: number): string {
  return [addr >>> 24, (addr >>> 16) & 255, (addr >>> 8) & 255, addr & 255].join('.');
}

/** The prefix argument: a number within 0..32, or null when given and invalid. */
function prefixArg(v: unknown): number | null | undefined {
  if (v === undefined) return undefined;
  const n = toNumber(v);
  return n === null || n < 0 || n > 32 ? null : Math.trunc(n);
}

defineScalar((F) => F.ParseIPV4, () => (ip: unknown) => {
  const p = parseIpv4(ip);
  return p ? mask(p.addr, p.prefix) : null;
});

defineScalar((F) => F.ParseIPV4Mask, () => (ip: unknown, prefix: unknown) => {
  const p = parseIpv4(ip);
  const n = prefixArg(prefix);
  return p && typeof n === 'number' ? mask(p.addr, Math.min(p.prefix, n)) : null;
});

function ipFromValue(v: unknown): Ipv4 | null {
  if (typeof v === 'number' || typeof v === 'bigint') {
    const n = Number(v);
    return n >= 0 && n <= 0xffffffff ? { addr: n, prefix: 32 } : null;
  }
  return parseIpv4(v);
}

defineScalar((F) => F.FormatIPV4, () => (ip: unknown, prefix?: unknown) => {
  const p = ipFromValue(ip);
  const n = prefix === undefined ? 32 : prefixArg(prefix);
  return p && typeof n === 'number' ? formatIpv4(mask(p.addr, Math.min(p.prefix, n))) : '';
});

defineScalar((F) => F.FormatIPV4Mask, () => (ip: unknown, prefix?: unknown) => {
  const p = ipFromValue(ip);
  const n = prefix === undefined ? 32 : prefixArg(prefix);
  if (!p || typeof n !== 'number') return '';
  const bits = Math.min(p.prefix, n);
  return `${formatIpv4(mask(p.addr, bits))}/${bits}`;
});

/** Compares two addresses on the shorter of their prefixes (and the optional explicit prefix). */
export function compareIpv4(a: Ipv4, b: Ipv4, prefix = 32): number {
  const bits = Math.min(a.prefix, b.prefix, prefix);
  const x = mask(a.addr, bits);
  const y = mask(b.addr, bits);
  return x < y ? -1 : x > y ? 1 : 0;
}

defineScalar((F) => F.Ipv4Compare, () => (a: unknown, b: unknown, prefix?: unknown) => {
  const x = parseIpv4(a);
  const y = parseIpv4(b);
  const n = prefixArg(prefix);
  return x && y && n !== null ? compareIpv4(x, y, n) : null;
});

defineScalar((F) => F.Ipv4IsMatch, () => (a: unknown, b: unknown, prefix?: unknown) => {
  const x = parseIpv4(a);
  const y = parseIpv4(b);
  const n = prefixArg(prefix);
  return x && y && n !== null ? compareIpv4(x, y, n) === 0 : null;
});

export function inRange(ip: Ipv4, range: Ipv4): boolean {
  return mask(ip.addr, range.prefix) === mask(range.addr, range.prefix);
}

defineScalar((F) => F.Ipv4IsInRange, () => (ip: unknown, range: unknown) => {
  const x = parseIpv4(ip);
  const r = parseIpv4(range);
  return x && r ? inRange(x, r) : null;
});

defineScalar((F) => F.Ipv4IsInAnyRange, () => (ip: unknown, ...ranges: unknown[]) => {
  const x = parseIpv4(ip);
  if (!x) return null;
  const list = ranges.flatMap((r) => (Array.isArray(r) ? r : [r]));
  for (const r of list) {
    const p = parseIpv4(r);
    if (p === null) return null;
    if (inRange(x, p)) return true;
  }
  return false;
});

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((r) => parseIpv4(r)!);

defineScalar((F) => F.Ipv4IsPrivate, () => (ip: unknown) => {
  const x = parseIpv4(ip);
  if (!x) return null;
  return PRIVATE.some((r) => x.prefix >= r.prefix && inRange(x, r));
});

defineScalar((F) => F.Ipv4NetmaskSuffix, () => (ip: unknown) => parseIpv4(ip)?.prefix ?? null);
