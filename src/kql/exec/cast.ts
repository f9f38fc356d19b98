/**
 * Conversions used by operators (not by the built-in functions): `to typeof(T)` in mv-expand, typed parse
 * targets, externaldata cells; and internal values stored inside dynamic arrays (make-series).
 */
import type { ScalarTypeName } from '../schema.ts';
import { formatDatetime, formatTimespan, parseDatetime, parseTimespan } from '../values/datetime.ts';

/** The null of a column type: empty text for strings (Kusto has no null string), null otherwise. */
export function nullOf(type: ScalarTypeName): unknown {
  return type === 'string' ? '' : null;
}

/** Casts a value (a dynamic element or parsed text) to a scalar type; null when it does not conform. */
export function castValue(v: unknown, type: ScalarTypeName): unknown {
  if (v === null || v === undefined) return nullOf(type);
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'dynamic':
      return v;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') return /^\s*true\s*$/i.test(v) ? true : /^\s*false\s*$/i.test(v) ? false : null;
      if (typeof v === 'number') return v !== 0;
      return null;
    case 'int': case 'long': {
      if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
      if (typeof v === 'bigint') return v;
      if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) {
        const b = BigInt(v.trim());
        const n = Number(b);
        return Number.isSafeInteger(n) ? n : b;
      }
      if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Math.trunc(Number(v));
      return null;
    }
    case 'real': case 'decimal': {
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'string' && v.trim() !== '') {
        const n = Number(v);
        return Number.isNaN(n) ? (/^\s*nan\s*$/i.test(v) ? NaN : null) : n;
      }
      return null;
    }
    case 'datetime':
      return typeof v === 'string' ? parseDatetime(v) : null;
    case 'timespan':
      if (typeof v === 'string') return parseTimespan(v);
      return null;
    case 'guid':
      return typeof v === 'string' && /^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$/i.test(v.trim()) ? v.trim().toLowerCase() : null;
  }
}

/** An internal value as an element of a dynamic array: datetimes and timespans as their text, bigints as numbers. */
export function toDynamicElement(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'datetime' && typeof v === 'number') return formatDatetime(v);
  if (type === 'timespan' && typeof v === 'number') return formatTimespan(v);
  if (typeof v === 'bigint') return Number(v);
  return v;
}
