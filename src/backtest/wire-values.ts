/**
 * Values from a service's result tables in the local engine's conventions (src/kql/index.ts), so that alerts,
 * entities and custom details built from them - and the differential test's comparison - do not depend on where
 * the query ran: datetimes as ISO-8601 with 7 fractional digits and `Z`, dynamic as parsed JSON, long/int/real as
 * numbers (decimal strings beyond 2^53 kept), guids lower-case, bools as booleans, nulls as null.
 */

/** Kusto type names as services spell them (Log Analytics `datetime`, ADX v2 `DateTime`/`Int64`, v1 `System.String`). */
const TYPE_NAMES: Record<string, string> = {
  string: 'string', 'system.string': 'string',
  datetime: 'datetime', date: 'datetime', 'system.datetime': 'datetime',
  timespan: 'timespan', time: 'timespan', 'system.timespan': 'timespan',
  long: 'long', int64: 'long', 'system.int64': 'long',
  int: 'int', int32: 'int', 'system.int32': 'int',
  real: 'real', double: 'real', 'system.double': 'real',
  bool: 'bool', boolean: 'bool', 'system.boolean': 'bool', 'system.sbyte': 'bool',
  guid: 'guid', uniqueid: 'guid', 'system.guid': 'guid',
  dynamic: 'dynamic', object: 'dynamic', 'system.object': 'dynamic',
  decimal: 'decimal', 'system.data.sqltypes.sqldecimal': 'decimal',
};

export function normaliseTypeName(type: string): string {
  return TYPE_NAMES[type.toLowerCase()] ?? type.toLowerCase();
}

/** ISO text with 7 fractional digits: `2026-11-20T10:00:00Z`, `...00.1234567Z`, a Date → `...00.0000000Z`. */
export function isoTicks(v: string | Date): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : `${v.toISOString().slice(0, 19)}.${String(v.getUTCMilliseconds()).padStart(3, '0')}0000Z`;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?\d*(Z|[+-]00:?00)?$/i.exec(v.trim());
  if (m) return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(7, '0')}Z`;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : isoTicks(d);
}

export function normaliseValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  switch (normaliseTypeName(type)) {
    case 'datetime':
      return typeof value === 'string' || value instanceof Date ? isoTicks(value) : value;
    case 'dynamic':
      if (typeof value === 'string') {
        try { return JSON.parse(value); } catch { return value; }
      }
      return value;
    case 'long': case 'int': case 'real': case 'decimal':
      if (typeof value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) {
        const n = Number(value);
        return Number.isSafeInteger(n) || !/^-?\d+$/.test(value) ? n : value;
      }
      if (typeof value === 'string' && /^(NaN|-?Infinity)$/.test(value)) return Number(value);
      return value;
    case 'bool':
      return typeof value === 'number' ? value !== 0 : value;
    case 'guid':
      return typeof value === 'string' ? value.toLowerCase() : value;
    default:
      return value;
  }
}

export function normaliseRows(columns: { name: string; type: string }[], rows: unknown[][]): unknown[][] {
  return rows.map((r) => columns.map((c, i) => normaliseValue(r[i], c.type)));
}
