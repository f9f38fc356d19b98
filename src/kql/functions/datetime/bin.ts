/**
 * bin(value, size) and its alias floor(value, size); bin_at(value, size, fixedPoint).
 * Numbers, timespans and datetimes are rounded down to a multiple of size. Datetimes bin from Kusto's tick zero
 * (0001-01-01), so that `bin(t, 7d)` aligns as in Kusto. A null value, or a size that is null, zero or negative,
 * gives null.
 */
import { defineScalar, type CallSite } from '../registry.ts';
import { DOTNET_TICKS_AT_EPOCH } from '../../values/datetime.ts';
import { toNumber } from '../common/values.ts';

function floorTo(x: number, size: number): number {
  const q = Math.floor(x / size);
  return q * size;
}

function integralResult(site: CallSite): boolean {
  return site.resultType === 'long' || site.resultType === 'int';
}

/** Offset of our tick epoch from the nearest lower multiple of `size` counted from 0001-01-01. */
function epochOffset(size: number): number {
  if (!Number.isInteger(size) || size <= 0) return 0;
  return Number(DOTNET_TICKS_AT_EPOCH % BigInt(size));
}

function binFactory(site: CallSite) {
  const isDatetime = site.argTypes[0] === 'datetime';
  const integral = integralResult(site);
  // The bin size is nearly always a literal: compute its epoch offset once (it needs bigint arithmetic).
  let lastSize = NaN;
  let lastOffset = 0;
  return (value: unknown, size: unknown): unknown => {
    const v = toNumber(value);
    const s = toNumber(size);
    if (v === null || s === null || !(s > 0) || typeof value === 'string') return null;
    if (isDatetime) {
      if (s !== lastSize) {
        lastSize = s;
        lastOffset = epochOffset(s);
      }
      return floorTo(v + lastOffset, s) - lastOffset;
    }
    const r = floorTo(v, s);
    return integral ? Math.trunc(r) : r;
  };
}

defineScalar((F) => F.Bin, binFactory);
defineScalar((F) => F.Floor, binFactory);

defineScalar((F) => F.BinAt, (site) => {
  const integral = integralResult(site);
  return (value: unknown, size: unknown, fixed: unknown): unknown => {
    const v = toNumber(value);
    const s = toNumber(size);
    const f = toNumber(fixed);
    if (v === null || s === null || f === null || !(s > 0) || typeof value === 'string') return null;
    const r = floorTo(v - f, s) + f;
    return integral ? Math.trunc(r) : r;
  };
});
