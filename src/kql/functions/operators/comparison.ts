/**
 * Comparison and equality operators. Null rules (as Azure Data Explorer): `==` with one null operand is false,
 * `!=` true, both null → null; ordering comparisons with a null are null. A string compared with a number
 * compares the number's text (the binder allows `ResultType == 0` on a string column).
 */
import { defineOperator } from '../registry.ts';
import { compareNonNull } from '../../exec/order.ts';
import { equalValues, isNull, textOf } from './values.ts';

function ordering(test: (c: number) => boolean) {
  return () => (a: unknown, b: unknown) => {
    if (isNull(a) || isNull(b)) return null;
    if (typeof a === 'number' && typeof b === 'number') {
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return test(a < b ? -1 : a > b ? 1 : 0);
    }
    if (typeof a === 'string' && typeof b !== 'string') return test(compareNonNull(a, String(b)));
    if (typeof b === 'string' && typeof a !== 'string') return test(compareNonNull(String(a), b));
    return test(compareNonNull(a, b));
  };
}

defineOperator((O) => O.LessThan, ordering((c) => c < 0));
defineOperator((O) => O.LessThanOrEqual, ordering((c) => c <= 0));
defineOperator((O) => O.GreaterThan, ordering((c) => c > 0));
defineOperator((O) => O.GreaterThanOrEqual, ordering((c) => c >= 0));

defineOperator((O) => O.Equal, () => (a, b) => {
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b) ? null : false;
  return equalValues(a, b);
});
defineOperator((O) => O.NotEqual, () => (a, b) => {
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b) ? null : true;
  return !equalValues(a, b);
});

function equalsIgnoreCase(a: unknown, b: unknown, ta: string, tb: string): boolean {
  const x = textOf(a, ta);
  const y = textOf(b, tb);
  return x === y || x.toLowerCase() === y.toLowerCase();
}

defineOperator((O) => O.EqualTilde, (site) => (a, b) => {
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b);
  return equalsIgnoreCase(a, b, site.argTypes[0]!, site.argTypes[1]!);
});
defineOperator((O) => O.BangTilde, (site) => (a, b) => {
  if (isNull(a) || isNull(b)) return !(isNull(a) && isNull(b));
  return !equalsIgnoreCase(a, b, site.argTypes[0]!, site.argTypes[1]!);
});
