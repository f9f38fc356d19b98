/**
 * around(value, center, delta): whether value lies in [center - delta, center + delta], bounds included; null when
 * any argument is null. Numbers, datetimes and timespans (ticks) compare alike.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';

defineScalar((F) => F.Around, () => (v: unknown, c: unknown, d: unknown) => {
  const x = toNumber(v);
  const m = toNumber(c);
  const r = toNumber(d);
  if (x === null || m === null || r === null) return null;
  return x >= m - r && x <= m + r;
});
