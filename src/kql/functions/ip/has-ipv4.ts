/**
 * has_ipv4(source, ip), has_ipv4_prefix(source, prefix), has_any_ipv4(source, ips...), has_any_ipv4_prefix.
 * An address counts when it appears in the text as a whole IPv4 address: not part of a longer run of digits
 * and dots. A prefix must end with a dot ("10.1.") or be a complete address.
 */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';
import { parseIpv4 } from './ipv4.ts';

const CANDIDATE = /(?<![0-9.])\d{1,3}(?:\.\d{1,3}){3}(?![0-9]|\.\d)/g;

export function ipv4sIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CANDIDATE)) if (parseIpv4(m[0])) out.push(m[0]);
  return out;
}

function canonical(ip: string): string | null {
  const p = parseIpv4(ip);
  return p && p.prefix === 32 ? ip.trim().split('.').map(Number).join('.') : null;
}

function validPrefix(prefix: string): boolean {
  const t = prefix.trim();
  if (canonical(t)) return true;
  return /^\d{1,3}(\.\d{1,3}){0,2}\.$/.test(t) && t.slice(0, -1).split('.').every((o) => Number(o) <= 255);
}

function matchesPrefix(ip: string, prefix: string): boolean {
  const canon = ip.split('.').map(Number).join('.');
  const t = prefix.trim();
  return t.endsWith('.') ? `${canon}.`.startsWith(t.split('.').filter(Boolean).map(Number).join('.') + '.') : canon === canonical(t);
}

defineScalar((F) => F.HasIpv4, (site) => (source: unknown, ip: unknown) => {
  const target = typeof ip === 'string' ? canonical(ip) : null;
  if (!target) return false;
  return ipv4sIn(formatValue(source, site.argTypes[0] ?? 'unknown')).some((c) => canonical(c) === target);
});

defineScalar((F) => F.HasIpv4Prefix, (site) => (source: unknown, prefix: unknown) => {
  if (typeof prefix !== 'string' || !validPrefix(prefix)) return false;
  return ipv4sIn(formatValue(source, site.argTypes[0] ?? 'unknown')).some((c) => matchesPrefix(c, prefix));
});

function lookups(args: unknown[]): string[] {
  return args.flatMap((a) => (Array.isArray(a) ? a : [a])).filter((x): x is string => typeof x === 'string');
}

defineScalar((F) => F.HasAnyIpv4, (site) => (source: unknown, ...ips: unknown[]) => {
  const targets = new Set(lookups(ips).map(canonical).filter((x): x is string => x !== null));
  return ipv4sIn(formatValue(source, site.argTypes[0] ?? 'unknown')).some((c) => targets.has(canonical(c)!));
});

defineScalar((F) => F.HasAnyIpv4Prefix, (site) => (source: unknown, ...prefixes: unknown[]) => {
  const list = lookups(prefixes).filter(validPrefix);
  return ipv4sIn(formatValue(source, site.argTypes[0] ?? 'unknown')).some((c) => list.some((p) => matchesPrefix(c, p)));
});
