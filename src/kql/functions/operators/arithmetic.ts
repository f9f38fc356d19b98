/**
 * Arithmetic operators with Kusto's typing: integer results stay integer (long wraps at 64 bits, exact beyond
 * 2^53 via bigint; int wraps at 32 bits), datetime/timespan arithmetic on ticks, null in → null out.
 */
import { defineOperator, type CallSite } from '../registry.ts';
import { longAdd, longDiv, longFromBigInt, longMod, longMul, longSub } from '../../values/long.ts';
import { isNull } from './values.ts';

type Num = number | bigint;
const integral = (t: string) => t === 'long' || t === 'int';

function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0) : NaN;
}

/** Null, or a dynamic value that is not a number (a bag, an array, a string): the result is null. */
const notNumber = (v: unknown) => isNull(v) || (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean');

function binary(site: CallSite, onLong: (a: Num, b: Num) => Num | null, onReal: (a: number, b: number) => number): (a: unknown, b: unknown) => unknown {
  if (integral(site.resultType) && site.argTypes.every((t) => integral(t))) {
    const wrapInt = site.resultType === 'int';
    return (a, b) => {
      if (isNull(a) || isNull(b)) return null;
      const r = onLong(a as Num, b as Num);
      return r === null ? null : wrapInt && typeof r === 'number' ? r | 0 : r;
    };
  }
  return (a, b) => (notNumber(a) || notNumber(b) ? null : onReal(num(a), num(b)));
}

defineOperator((O) => O.Add, (site) => binary(site, longAdd, (a, b) => a + b));
defineOperator((O) => O.Subtract, (site) => binary(site, longSub, (a, b) => a - b));
defineOperator((O) => O.Multiply, (site) => {
  if (site.resultType === 'timespan') return (a, b) => (notNumber(a) || notNumber(b) ? null : Math.round(num(a) * num(b)));
  return binary(site, longMul, (a, b) => a * b);
});
defineOperator((O) => O.Divide, (site) => {
  if (site.resultType === 'timespan') return (a, b) => (notNumber(a) || notNumber(b) || num(b) === 0 ? null : Math.round(num(a) / num(b)));
  return binary(site, longDiv, (a, b) => a / b);
});
/** Kusto's modulo is never negative: -14 % 12 == 10, 14 % -12 == 2. */
function euclidLong(a: Num, b: Num): Num | null {
  const r = longMod(a, b);
  if (r === null) return null;
  if (typeof r === 'bigint' || typeof b === 'bigint') {
    const m = BigInt(r);
    const d = BigInt(b) < 0n ? -BigInt(b) : BigInt(b);
    return longFromBigInt(m < 0n ? m + d : m);
  }
  return r < 0 ? r + Math.abs(b as number) : r;
}
defineOperator((O) => O.Modulo, (site) => binary(site, euclidLong, (a, b) => {
  const r = a % b;
  return r < 0 ? r + Math.abs(b) : r;
}));
defineOperator((O) => O.UnaryMinus, () => (a) => {
  if (notNumber(a)) return null;
  if (typeof a === 'bigint') return longSub(0, a);
  return -num(a);
});
defineOperator((O) => O.UnaryPlus, () => (a) => (isNull(a) ? null : a));
