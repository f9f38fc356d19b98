/**
 * Helpers shared by the scalar operators: reading an argument as text (for the string operators), equality with
 * Kusto's loose typing, and per-call-site caching of matchers built from a needle.
 */
import type { CallSite } from '../registry.ts';
import { formatDatetime, formatTimespan } from '../../values/datetime.ts';

export function isNull(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** Text of a value as the string operators see it: strings as is, dynamic as JSON, datetimes in ISO form. */
export function textOf(v: unknown, type: string | undefined): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (type === 'datetime') return formatDatetime(v);
    if (type === 'timespan') return formatTimespan(v);
    return String(v);
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Equality across Kusto's loosely compared scalars (string vs number compares the number's text). */
export function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'number') return false;
  if ((ta === 'number' || ta === 'bigint') && (tb === 'number' || tb === 'bigint')) {
    if (ta === 'number' && !Number.isInteger(a)) return false;
    if (tb === 'number' && !Number.isInteger(b)) return false;
    return BigInt(a as number) === BigInt(b as number);
  }
  if (ta === 'string' && (tb === 'number' || tb === 'bigint' || tb === 'boolean')) return a === String(b);
  if (tb === 'string' && (ta === 'number' || ta === 'bigint' || ta === 'boolean')) return b === String(a);
  if (ta === 'object' && tb === 'object' && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/**
 * A matcher built from the needle argument: once when the needle is a constant, else cached per distinct needle
 * (bounded), so a regex is never rebuilt per row.
 */
export function needleCache<M>(site: CallSite, index: number, build: (needle: unknown) => M): (needle: unknown) => M {
  const c = site.constants[index];
  if (c !== undefined) {
    const m = build(c);
    return () => m;
  }
  const cache = new Map<unknown, M>();
  return (needle) => {
    let m = cache.get(needle);
    if (m === undefined) {
      if (cache.size > 1000) cache.clear();
      m = build(needle);
      cache.set(needle, m);
    }
    return m;
  };
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const ALNUM = /[A-Za-z0-9]/;

export function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && ALNUM.test(ch);
}

/**
 * A regex for Kusto's term semantics: the needle must start at a term boundary (prefix) and/or end at one
 * (suffix). A boundary is only required where the needle's own edge character is alphanumeric.
 */
export function termRegex(needle: string, caseSensitive: boolean, atStart: boolean, atEnd: boolean): RegExp {
  const before = atStart && isAlnum(needle[0]) ? '(?<![A-Za-z0-9])' : '';
  const after = atEnd && isAlnum(needle[needle.length - 1]) ? '(?![A-Za-z0-9])' : '';
  return new RegExp(`${before}${escapeRegex(needle)}${after}`, caseSensitive ? '' : 'i');
}

/** Converts RE2 syntax to a JS RegExp: `(?P<name>` groups and leading inline flags such as `(?i)`. */
export function re2ToRegExp(pattern: string, extraFlags = ''): RegExp {
  let p = pattern.replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>');
  let flags = extraFlags;
  const m = /^\(\?([imsU]+)\)/.exec(p);
  if (m) {
    p = p.slice(m[0].length);
    for (const f of m[1]!) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  p = p.replace(/\\z/g, '$').replace(/\\A/g, '^').replace(/\[\[:(\w+):\]\]/g, (_, cls: string) => POSIX[cls] ?? `[[:${cls}:]]`);
  return new RegExp(p, flags);
}

const POSIX: Record<string, string> = {
  alpha: '[A-Za-z]', digit: '[0-9]', alnum: '[A-Za-z0-9]', space: '\\s', upper: '[A-Z]', lower: '[a-z]',
  punct: '[!-\\/:-@\\[-`{-~]', xdigit: '[0-9A-Fa-f]', word: '\\w',
};
