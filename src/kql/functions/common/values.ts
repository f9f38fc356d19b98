/**
 * Value helpers shared by the built-ins: reading arguments of any Kusto type as numbers, strings or dynamic
 * values, and formatting values the way Kusto's tostring() does. Values follow src/kql/values/README.md.
 */
import type { ScalarTypeName } from '../../schema.ts';
import { DOTNET_TICKS_AT_EPOCH, formatDatetime, formatTimespan, parseDatetime, parseTimespan } from '../../values/datetime.ts';

export type ArgType = ScalarTypeName | 'unknown';

/** Kusto null for any type: null/undefined (strings are never null, so "" is not null). */
export function isNull(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** null, undefined or "" (what isempty() is true for). */
export function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}

/** A number from a numeric value (bigint longs included), a bool, or a numeric string; null otherwise. */
export function toNumber(v: unknown): number | null {
  switch (typeof v) {
    case 'number': return v;
    case 'bigint': return Number(v);
    case 'boolean': return v ? 1 : 0;
    case 'string': {
      const t = v.trim();
      if (t === '') return null;
      if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
      if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
      if (/^nan$/i.test(t)) return NaN;
      return null;
    }
    default: return null;
  }
}

/** Formats a real as .NET's shortest round-trip form does ("1E+15", "1E-05", "0.1", "NaN", "∞"). */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  if (Object.is(x, -0)) return '-0';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e15 || abs < 1e-4) {
    const [mant, exp] = x.toExponential().split('e') as [string, string];
    const e = Number(exp);
    return `${mant}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(x);
}

/** Kusto's tostring(): null → "", strings as is, datetimes ISO-8601 with 7 fractional digits and Z, dynamic strings unquoted. */
export function formatValue(v: unknown, type: ArgType): string {
  if (v === null || v === undefined) return '';
  switch (type) {
    case 'datetime': if (typeof v === 'number') return formatDatetime(v); break;
    case 'timespan': if (typeof v === 'number') return formatTimespan(v); break;
    case 'real': if (typeof v === 'number') return formatReal(v); break;
    default: break;
  }
  switch (typeof v) {
    case 'string': return v;
    case 'number': return Number.isInteger(v) ? String(v) : formatReal(v);
    case 'bigint': case 'boolean': return String(v);
    default: return formatDynamic(v);
  }
}

/** Compact JSON as Kusto serialises dynamic values (NaN/Infinity as strings, as JSON cannot hold them). Never throws. */
export function formatDynamic(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => {
      if (typeof x === 'number' && !Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
      if (typeof x === 'bigint') return Number(x);
      return x;
    }) ?? '';
  } catch {
    // Not a JSON value (a cycle, say): fall back to its text rather than fail the query.
    try {
      return String(v);
    } catch {
      return '';
    }
  }
}

/** Converts a typed scalar to its dynamic (JSON) form: datetimes and timespans become strings, longs numbers. */
export function toDynamicValue(v: unknown, type: ArgType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': return typeof v === 'number' ? formatDatetime(v) : v;
    case 'timespan': return typeof v === 'number' ? formatTimespan(v) : v;
    default:
      if (typeof v === 'bigint') return Number(v);
      return v;
  }
}

/** Reads a value of the given type as datetime ticks (strings and dynamic strings are parsed). */
export function toDatetimeTicks(v: unknown, type: ArgType): number | null {
  if (v === null || v === undefined) return null;
  if (type === 'datetime' && typeof v === 'number') return v;
  if (typeof v === 'string') return parseDatetime(v);
  return null;
}

/** Reads a value of the given type as timespan ticks (strings and dynamic strings are parsed). */
export function toTimespanTicks(v: unknown, type: ArgType): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return type === 'timespan' || type === 'unknown' ? v : v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return parseTimespan(v);
  return null;
}

/** .NET ticks (since 0001-01-01) of a datetime, as a bigint. */
export function dotnetTicks(ticks: number): bigint {
  return DOTNET_TICKS_AT_EPOCH + BigInt(Math.round(ticks));
}

/** A long result: a number when it is exact, else a bigint. */
export function longResult(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/**
 * Key for distinct-value sets (make_set, dcount): equal Kusto values give equal keys. Strings, numbers and bools
 * are their own keys (a JS Set keeps 'a', 1 and true apart); other values get a tagged string.
 */
export function setKey(v: unknown): unknown {
  switch (typeof v) {
    case 'string': case 'number': case 'boolean': return v;
    case 'bigint': return Number.isSafeInteger(Number(v)) ? Number(v) : `\u0000n${v}`;
    default: return v === null || v === undefined ? null : `\u0000j${formatDynamic(v)}`;
  }
}

/** Key for distinct-value sets as a string (for callers that need string keys). */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string': return `s${v}`;
    case 'number': return `n${Object.is(v, -0) ? 0 : v}`;
    case 'bigint': return `n${v}`;
    case 'boolean': return v ? 'T' : 'F';
    default: return `j${formatDynamic(v)}`;
  }
}

/** Converts text to a value of the given type, as a typed extract()/parse does; null when it does not convert. */
export function fromString(s: string, type: ArgType): unknown {
  switch (type) {
    case 'string': case 'unknown': return s;
    case 'long': case 'int': {
      const t = s.trim();
      if (!/^[+-]?\d+$/.test(t)) return null;
      const b = BigInt(t);
      const n = longResult(b);
      return type === 'int' && (Number(b) > 2147483647 || Number(b) < -2147483648) ? null : n;
    }
    case 'real': case 'decimal': return toNumber(s);
    case 'bool': {
      const t = s.trim().toLowerCase();
      return t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : null;
    }
    case 'datetime': return parseDatetime(s);
    case 'timespan': return parseTimespan(s);
    case 'guid': return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s.trim()) ? normaliseGuid(s.trim()) : null;
    case 'dynamic': {
      try {
        return JSON.parse(s);
      } catch {
        return s;
      }
    }
  }
}

export function normaliseGuid(s: string): string {
  const h = s.replace(/[-{}]/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
