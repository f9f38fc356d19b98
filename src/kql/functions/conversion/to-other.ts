/**
 * tobool/toboolean ("true"/"false" any case, numbers non-zero), toreal/todouble/todecimal (numeric text; "inf",
 * "nan" accepted), totimespan/totime (timespan text; numbers are ticks), toguid (32 hex digits, with or without
 * dashes), tohex(n[, width]) (two's complement for negatives), gettype(x). Bad input gives null.
 */
import { defineScalar } from '../registry.ts';
import { fromString, normaliseGuid, toNumber, toTimespanTicks } from '../common/values.ts';

const toBool = (site: { argTypes: string[] }) => (v: unknown) => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return site.argTypes[0] === 'datetime' ? null : Number(v) !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    return t === 'true' ? true : t === 'false' ? false : null;
  }
  return null;
};
defineScalar((F) => F.ToBool, toBool);
defineScalar((F) => F.ToBoolean, toBool);

const toReal = () => (v: unknown) => (v === null || v === undefined || typeof v === 'object' ? null : toNumber(v));
defineScalar((F) => F.ToReal, toReal);
defineScalar((F) => F.ToDouble, toReal);
defineScalar((F) => F.ToDecimal, toReal);

const toTimespan = (site: { argTypes: string[] }) => (v: unknown) => {
  if (typeof v === 'boolean' || typeof v === 'object') return null;
  const t = toTimespanTicks(v, (site.argTypes[0] ?? 'unknown') as never);
  return t === null || Number.isNaN(t) ? null : t;
};
defineScalar((F) => F.ToTimespan, toTimespan);
defineScalar((F) => F.ToTime, toTimespan);

defineScalar((F) => F.ToGuid, () => (v: unknown) => (typeof v === 'string' ? fromString(v, 'guid') : null));

// an int is shown in 32-bit two's complement (tohex(toint(-256)) == 'ffffff00'), a long in 64-bit
defineScalar((F) => F.ToHex, (site) => (v: unknown, width?: unknown) => {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'object') return null;
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else {
    const n = toNumber(v);
    if (n === null || !Number.isFinite(n)) return null;
    b = BigInt(Math.trunc(n));
  }
  if (b < 0n) b = (1n << (site.argTypes[0] === 'int' ? 32n : 64n)) + b;
  const hex = b.toString(16);
  const w = width === undefined ? 0 : toNumber(width) ?? 0;
  return hex.padStart(Math.max(0, Math.trunc(w)), '0');
});

defineScalar((F) => F.GetType, (site) => (v: unknown) => {
  const t = site.argTypes[0] ?? 'unknown';
  if (t !== 'dynamic') return t === 'real' ? 'real' : t;
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'number': return Number.isInteger(v) ? (Math.abs(v) <= 2147483647 ? 'int' : 'long') : 'real';
    case 'bigint': return 'long';
    default: return 'dictionary';
  }
});
