/**
 * Special functions of the KQL reference: erf, erfc, beta_cdf, beta_pdf, beta_inv. Null (or a non-number) in, null
 * out; outside the documented domains the result is NaN. beta_inv follows its page's examples (null for a
 * probability outside (0, 1], NaN for alpha or beta <= 0), where the page's notes say the reverse.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';

const num = (v: unknown) => (typeof v === 'string' || typeof v === 'boolean' ? null : toNumber(v));

/** erf by its everywhere-positive series for |x| < 3, else 1 - erfc. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) >= 3) return Math.sign(x) * (1 - erfcLarge(Math.abs(x)));
  // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 3) return erfcLarge(x);
  if (x <= -3) return 2 - erfcLarge(-x);
  return 1 - erf(x);
}

/** erfc for x >= 3 by its continued fraction (modified Lentz), without the cancellation of 1 - erf. */
function erfcLarge(x: number): number {
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9), without overflow for large x. */
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const lnBeta = (a: number, b: number) => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/** The continued fraction of the regularized incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), the CDF of Beta(a, b). */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - lnBeta(a, b));
  // the fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) beyond
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

const validShape = (v: number) => v > 0 && v <= 10_000;

defineScalar((F) => F.Erf, () => (v: unknown) => {
  const x = num(v);
  return x === null ? null : erf(x);
});

defineScalar((F) => F.Erfc, () => (v: unknown) => {
  const x = num(v);
  return x === null ? null : erfc(x);
});

defineScalar((F) => F.BetaCdf, () => (xv: unknown, av: unknown, bv: unknown) => {
  const x = num(xv);
  const a = num(av);
  const b = num(bv);
  if (x === null || a === null || b === null) return null;
  if (x < 0 || x > 1 || !validShape(a) || !validShape(b)) return NaN;
  return betaCdf(x, a, b);
});

defineScalar((F) => F.BetaPdf, () => (xv: unknown, av: unknown, bv: unknown) => {
  const x = num(xv);
  const a = num(av);
  const b = num(bv);
  if (x === null || a === null || b === null) return null;
  if (x <= 0 || x >= 1 || !validShape(a) || !validShape(b)) return NaN;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - lnBeta(a, b));
});

defineScalar((F) => F.BetaInv, () => (pv: unknown, av: unknown, bv: unknown) => {
  const p = num(pv);
  const a = num(av);
  const b = num(bv);
  if (p === null || a === null || b === null) return null;
  if (a <= 0 || b <= 0) return NaN;
  if (p <= 0 || p > 1) return null;
  if (p === 1) return 1;
  // bisection on the monotone CDF down to the last bit of a double
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-17; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
});
