/**
 * tolong(x) and toint(x). Strings must hold an integer (surrounding blanks allowed) or a real, which is
 * truncated; reals truncate toward zero; bools give 1/0; datetimes give .NET ticks; timespans give ticks.
 * Anything else, NaN and out-of-range values give null.
 */
import { defineScalar } from '../registry.ts';
import type { ArgType } from '../common/values.ts';
import { dotnetTicks, longResult, toNumber } from '../common/values.ts';

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

export function toLongValue(v: unknown, type: ArgType): number | bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v;
  if (type === 'datetime' && typeof v === 'number') return longResult(dotnetTicks(v));
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^[+-]?\d+$/.test(t)) {
      const b = BigInt(t);
      return b < LONG_MIN || b > LONG_MAX ? null : longResult(b);
    }
  }
  const n = toNumber(v);
  if (n === null || !Number.isFinite(n)) return null;
  const t = Math.trunc(n);
  if (Number.isSafeInteger(t)) return t;
  const b = BigInt(t);
  return b < LONG_MIN || b > LONG_MAX ? null : b;
}

defineScalar((F) => F.ToLong, (site) => {
  const type = site.argTypes[0] ?? 'unknown';
  return (v: unknown) => toLongValue(v, type);
});

defineScalar((F) => F.ToInt, (site) => {
  const type = site.argTypes[0] ?? 'unknown';
  return (v: unknown) => {
    const l = toLongValue(v, type);
    if (l === null) return null;
    const n = Number(l);
    return n < -2147483648 || n > 2147483647 ? null : n;
  };
});
