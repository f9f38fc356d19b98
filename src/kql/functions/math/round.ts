/** round(x[, precision]): half away from zero, as .NET's MidpointRounding.AwayFromZero that Kusto uses. */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';

export function roundAway(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  const scaled = Math.abs(x) * f;
  // Nudge by a relative epsilon so that 2.675 (stored as 2.67499999...) rounds as written.
  const r = Math.floor(scaled + 0.5 + scaled * Number.EPSILON) / f;
  return Math.sign(x) * r;
}

defineScalar((F) => F.Round, (site) => (v: unknown, precision?: unknown) => {
  const x = typeof v === 'string' ? null : toNumber(v);
  const p = precision === undefined ? 0 : toNumber(precision);
  if (x === null || p === null) return null;
  const r = roundAway(x, Math.trunc(p));
  return site.resultType === 'long' || site.resultType === 'int' ? Math.trunc(r) : r;
});
