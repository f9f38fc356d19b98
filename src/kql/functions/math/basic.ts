/**
 * Math on reals: abs, sign, sqrt, pow, exp/exp2/exp10, log/log2/log10, trigonometry, degrees/radians, pi,
 * isnan/isinf/isfinite, gamma/loggamma, rand([n]). ceiling keeps integers integral. Null in, null out; invalid
 * domains give NaN as in Kusto.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';

function unary(f: (x: number) => number | boolean) {
  return () => (v: unknown) => {
    if (typeof v === 'string') return null;
    const x = toNumber(v);
    return x === null ? null : f(x);
  };
}

defineScalar((F) => F.Abs, (site) => (v: unknown) => {
  if (typeof v === 'bigint') return v < 0n ? -v : v;
  const x = typeof v === 'string' ? null : toNumber(v);
  return x === null ? null : Math.abs(x);
});
defineScalar((F) => F.Sign, unary(Math.sign));
defineScalar((F) => F.Sqrt, unary(Math.sqrt));
defineScalar((F) => F.Exp, unary(Math.exp));
defineScalar((F) => F.Exp2, unary((x) => 2 ** x));
defineScalar((F) => F.Exp10, unary((x) => 10 ** x));
defineScalar((F) => F.Log, unary(Math.log));
defineScalar((F) => F.Log2, unary(Math.log2));
defineScalar((F) => F.Log10, unary(Math.log10));
defineScalar((F) => F.Cos, unary(Math.cos));
defineScalar((F) => F.Sin, unary(Math.sin));
defineScalar((F) => F.Tan, unary(Math.tan));
defineScalar((F) => F.Acos, unary(Math.acos));
defineScalar((F) => F.Asin, unary(Math.asin));
defineScalar((F) => F.Atan, unary(Math.atan));
defineScalar((F) => F.Cot, unary((x) => 1 / Math.tan(x)));
defineScalar((F) => F.Degrees, unary((x) => (x * 180) / Math.PI));
defineScalar((F) => F.Radians, unary((x) => (x * Math.PI) / 180));
defineScalar((F) => F.IsNan, unary(Number.isNaN));
defineScalar((F) => F.IsInf, unary((x) => x === Infinity || x === -Infinity));
defineScalar((F) => F.IsFinite, unary(Number.isFinite));
defineScalar((F) => F.PI, () => () => Math.PI);
defineScalar((F) => F.Ceiling, unary(Math.ceil));

defineScalar((F) => F.Atan2, () => (y: unknown, x: unknown) => {
  const a = toNumber(y);
  const b = toNumber(x);
  return a === null || b === null ? null : Math.atan2(a, b);
});

defineScalar((F) => F.Pow, () => (b: unknown, e: unknown) => {
  const x = toNumber(b);
  const y = toNumber(e);
  return x === null || y === null ? null : x ** y;
});

/** Lanczos approximation (g = 7, n = 9), accurate to ~15 digits. */
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return Math.sqrt(2 * Math.PI) * t ** (z + 0.5) * Math.exp(-t) * a;
}
defineScalar((F) => F.Gamma, unary((x) => (Number.isInteger(x) && x > 0 && x < 171 ? factorial(x - 1) : gamma(x))));
defineScalar((F) => F.LogGamma, unary((x) => Math.log(Math.abs(gamma(x)))));

function factorial(n: number): number {
  let r = 1;
  for (let i = 2; i <= n; i++) r *= i;
  return r;
}

defineScalar((F) => F.Rand, () => (n?: unknown) => {
  const k = n === undefined ? null : toNumber(n);
  return k === null ? Math.random() : Math.floor(Math.random() * k);
});
