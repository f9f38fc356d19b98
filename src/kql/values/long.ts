/**
 * 64-bit integer (long) arithmetic over the value representation: a long is a `number` when it fits in ±2^53,
 * else a `bigint`. Results wrap around at 64 bits as Kusto's long does; a result that fits goes back to `number`.
 */
const MIN_LONG = -(2n ** 63n);
const TWO_64 = 2n ** 64n;

export function isSafeLong(v: number): boolean {
  return Number.isSafeInteger(v);
}

/** Normalises a bigint to the long representation (wrapping at 64 bits). */
export function longFromBigInt(b: bigint): number | bigint {
  let x = b;
  if (x < MIN_LONG || x >= -MIN_LONG) x = ((((x - MIN_LONG) % TWO_64) + TWO_64) % TWO_64) + MIN_LONG;
  const n = Number(x);
  return Number.isSafeInteger(n) ? n : x;
}

function big(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
}

export function longAdd(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return longFromBigInt(big(a) + big(b));
}

export function longSub(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return longFromBigInt(big(a) - big(b));
}

export function longMul(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r;
  }
  return longFromBigInt(big(a) * big(b));
}

/** Integer division truncating toward zero; null on division by zero (Kusto raises; we return null). */
export function longDiv(a: number | bigint, b: number | bigint): number | bigint | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return null;
    return Math.trunc(a / b);
  }
  const d = big(b);
  if (d === 0n) return null;
  return longFromBigInt(big(a) / d);
}

/** Remainder with the sign of the dividend (as C#); null on modulo by zero. */
export function longMod(a: number | bigint, b: number | bigint): number | bigint | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return null;
    return a % b;
  }
  const d = big(b);
  if (d === 0n) return null;
  return longFromBigInt(big(a) % d);
}

/** Wraps a JS number to the 32-bit int range (Kusto's int overflow). */
export function intWrap(v: number): number {
  return v | 0;
}
