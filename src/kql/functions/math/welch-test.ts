/**
 * welch_test(mean1, variance1, count1, mean2, variance2, count2): the two-sided p-value of Welch's unequal
 * variances t-test, t = (m1 - m2) / sqrt(v1/n1 + v2/n2) with the Welch-Satterthwaite degrees of freedom, read
 * from Student's t distribution (through the regularized incomplete beta function). Null when an argument is
 * null or the test is undefined (a count below 2, both variances 0).
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { betaCdf } from './special.ts';

export function welchPValue(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number): number | null {
  if (n1 < 2 || n2 < 2 || v1 < 0 || v2 < 0) return null;
  const a = v1 / n1;
  const b = v2 / n2;
  if (a + b === 0) return null;
  const t = (m1 - m2) / Math.sqrt(a + b);
  const df = (a + b) ** 2 / ((a * a) / (n1 - 1) + (b * b) / (n2 - 1));
  return betaCdf(df / (df + t * t), df / 2, 0.5);
}

defineScalar((F) => F.WelchTest, () => (...args: unknown[]) => {
  const v = args.map((x) => (typeof x === 'string' ? null : toNumber(x)));
  if (v.some((x) => x === null)) return null;
  const [m1, v1, n1, m2, v2, n2] = v as number[];
  return welchPValue(m1!, v1!, n1!, m2!, v2!, n2!);
});
