/**
 * Conversion of internal values (see README.md) to the JSON values of a QueryResult, and back from JSON
 * records (data files) to internal values typed by a column's schema.
 */
import type { ScalarTypeName } from '../schema.ts';
import { datetimeFromUnixMs, formatDatetime, formatTimespan, parseDatetime, parseTimespan } from './datetime.ts';

/** One internal value of the given column type as a QueryResult JSON value. */
export function toJsonValue(v: unknown, type: ScalarTypeName): unknown {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return typeof v === 'number' ? formatDatetime(v) : null;
    case 'timespan':
      return typeof v === 'number' ? formatTimespan(v) : null;
    case 'int': case 'long': case 'real': case 'decimal':
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'number' && (type === 'long' || type === 'int') && !Number.isSafeInteger(v) && Number.isFinite(v)) {
        return BigInt(Math.trunc(v)).toString();
      }
      return v;
    case 'dynamic':
      return dynamicToJson(v);
    case 'guid':
      return typeof v === 'string' ? v.toLowerCase() : v;
    default:
      return v;
  }
}

function dynamicToJson(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(dynamicToJson);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = dynamicToJson(x);
    return out;
  }
  return v;
}

/** Why a record value could not be typed (null when it could). */
export class ValueTypeError extends Error {}

const LONG_RE = /^\s*[+-]?\d+\s*$/;

/**
 * Types a JSON record value (from a data file or an inline test row) by its column type.
 * Missing and null values become Kusto null (the empty string for strings). Throws ValueTypeError when the value
 * cannot be read as the type (so that fixtures with typos fail loudly instead of silently becoming null).
 */
export function fromRecordValue(v: unknown, type: ScalarTypeName): unknown {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'object' && !(v instanceof Date)) return JSON.stringify(v);
      if (v instanceof Date) return formatDatetime(datetimeFromUnixMs(v.getTime()));
      return String(v);
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 1 || v === 0) return v === 1;
      if (typeof v === 'string') {
        const t = v.trim().toLowerCase();
        if (t === 'true' || t === '1') return true;
        if (t === 'false' || t === '0') return false;
        if (t === '') return null;
      }
      throw new ValueTypeError(`expected a bool, got ${JSON.stringify(v)}`);
    case 'int': case 'long': {
      if (typeof v === 'number' && Number.isInteger(v)) return type === 'int' ? v | 0 : v;
      if (typeof v === 'bigint') return v;
      if (typeof v === 'string') {
        if (v.trim() === '') return null;
        if (LONG_RE.test(v)) {
          const b = BigInt(v.trim());
          const n = Number(b);
          return Number.isSafeInteger(n) ? (type === 'int' ? n | 0 : n) : b;
        }
      }
      throw new ValueTypeError(`expected an integer (${type}), got ${JSON.stringify(v)}`);
    }
    case 'real': case 'decimal': {
      if (typeof v === 'number') return v;
      if (typeof v === 'string') {
        const t = v.trim();
        if (t === '') return null;
        if (/^nan$/i.test(t)) return NaN;
        if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
        const n = Number(t);
        if (!Number.isNaN(n)) return n;
      }
      throw new ValueTypeError(`expected a number (${type}), got ${JSON.stringify(v)}`);
    }
    case 'datetime': {
      if (v instanceof Date) return datetimeFromUnixMs(v.getTime());
      if (typeof v === 'string') {
        if (v.trim() === '') return null;
        const t = parseDatetime(v);
        if (t !== null) return t;
      }
      throw new ValueTypeError(`expected an ISO-8601 datetime, got ${JSON.stringify(v)}`);
    }
    case 'timespan': {
      if (typeof v === 'string') {
        if (v.trim() === '') return null;
        const t = parseTimespan(v);
        if (t !== null) return t;
      }
      throw new ValueTypeError(`expected a timespan ([d.]hh:mm:ss[.fffffff] or 5m), got ${JSON.stringify(v)}`);
    }
    case 'guid':
      if (typeof v === 'string') return v.trim() === '' ? null : v.toLowerCase();
      throw new ValueTypeError(`expected a guid string, got ${JSON.stringify(v)}`);
    case 'dynamic':
      if (typeof v === 'string') {
        const t = v.trim();
        if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
          try { return JSON.parse(t); } catch { return v; }
        }
      }
      return v;
  }
}
