/**
 * Element-wise series arithmetic and comparison (series_add, _subtract, _multiply, _divide, _pow, _greater,
 * _greater_equals, _less, _less_equals, _equals, _not_equals; a scalar operand is broadcast), element-wise math
 * (series_abs, _sign, _exp, _log, _floor, _ceiling, _sin, _cos, _tan, _asin, _acos, _atan), reductions
 * (series_magnitude, series_dot_product, series_cosine_similarity, series_pearson_correlation, series_product),
 * and the filters series_iir and series_fir. Null or non-numeric elements give null elements.
 */
import { defineScalar } from '../registry.ts';
import { toNumber } from '../common/values.ts';
import { mean, toSeries } from './series.ts';

type Elem = number | null;

function operand(v: unknown): Elem[] | number | null {
  if (Array.isArray(v)) return toSeries(v);
  const n = toNumber(v);
  return typeof v === 'string' ? null : n;
}

function binary(op: (a: number, b: number) => number | boolean) {
  return () => (x: unknown, y: unknown) => {
    const a = operand(x);
    const b = operand(y);
    if (a === null || b === null) return null;
    if (!Array.isArray(a) && !Array.isArray(b)) return null;
    const n = Math.max(Array.isArray(a) ? a.length : 0, Array.isArray(b) ? b.length : 0);
    const at = (s: Elem[] | number, i: number): Elem => (Array.isArray(s) ? (i < s.length ? s[i]! : null) : s);
    return Array.from({ length: n }, (_, i) => {
      const p = at(a, i);
      const q = at(b, i);
      return p === null || q === null ? null : op(p, q);
    });
  };
}

defineScalar((F) => F.SeriesAdd, binary((a, b) => a + b));
defineScalar((F) => F.SeriesSubtract, binary((a, b) => a - b));
defineScalar((F) => F.SeriesMultiply, binary((a, b) => a * b));
defineScalar((F) => F.SeriesDivide, binary((a, b) => a / b));
defineScalar((F) => F.SeriesPow, binary((a, b) => a ** b));
defineScalar((F) => F.SeriesGreater, binary((a, b) => a > b));
defineScalar((F) => F.SeriesGreaterEquals, binary((a, b) => a >= b));
defineScalar((F) => F.SeriesLess, binary((a, b) => a < b));
defineScalar((F) => F.SeriesLessEquals, binary((a, b) => a <= b));
defineScalar((F) => F.SeriesEquals, binary((a, b) => a === b));
defineScalar((F) => F.SeriesNotEquals, binary((a, b) => a !== b));

function unary(f: (x: number) => number) {
  return () => (v: unknown) => {
    const s = toSeries(v);
    return s ? s.map((x) => (x === null ? null : f(x))) : null;
  };
}
defineScalar((F) => F.SeriesAbs, unary(Math.abs));
defineScalar((F) => F.SeriesSign, unary(Math.sign));
defineScalar((F) => F.SeriesExp, unary(Math.exp));
defineScalar((F) => F.SeriesLog, unary(Math.log));
defineScalar((F) => F.SeriesFloor, unary(Math.floor));
defineScalar((F) => F.SeriesCeiling, unary(Math.ceil));
defineScalar((F) => F.SeriesSin, unary(Math.sin));
defineScalar((F) => F.SeriesCos, unary(Math.cos));
defineScalar((F) => F.SeriesTan, unary(Math.tan));
defineScalar((F) => F.SeriesAsin, unary(Math.asin));
defineScalar((F) => F.SeriesAcos, unary(Math.acos));
defineScalar((F) => F.SeriesAtan, unary(Math.atan));

const numbers = (v: unknown): number[] | null => {
  const s = toSeries(v);
  return s ? s.map((x) => x ?? 0) : null;
};

defineScalar((F) => F.SeriesMagnitude, () => (v: unknown) => {
  const s = numbers(v);
  return s ? Math.sqrt(s.reduce((a, x) => a + x * x, 0)) : null;
});

function dot(a: number[], b: number[]): number {
  let d = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) d += a[i]! * b[i]!;
  return d;
}

/** A series, or a number repeated to the other operand's length (series_dot_product(s, 2) as the reference has it). */
function operands(x: unknown, y: unknown): [number[], number[]] | null {
  const a = numbers(x);
  const b = numbers(y);
  const scalar = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
  if (a && b) return [a, b];
  if (a && scalar(y) !== null) return [a, a.map(() => scalar(y)!)];
  if (b && scalar(x) !== null) return [b.map(() => scalar(x)!), b];
  return null;
}

defineScalar((F) => F.SeriesDotProduct, () => (x: unknown, y: unknown) => {
  const ab = operands(x, y);
  return ab ? dot(ab[0], ab[1]) : null;
});

defineScalar((F) => F.SeriesCosineSimilarity, () => (x: unknown, y: unknown) => {
  const a = numbers(x);
  const b = numbers(y);
  if (!a || !b) return null;
  return dot(a, b) / (Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)));
});

defineScalar((F) => F.SeriesPearsonCorrelation, () => (x: unknown, y: unknown) => {
  const a = numbers(x);
  const b = numbers(y);
  if (!a || !b || a.length !== b.length || a.length === 0) return null;
  const ma = mean(a);
  const mb = mean(b);
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
});

defineScalar((F) => F.SeriesProduct, () => (v: unknown) => {
  const s = toSeries(v);
  return s ? s.reduce<number>((a, x) => a * (x ?? 1), 1) : null;
});

/** y[n] = (sum b[k] x[n-k] - sum_{k>=1} a[k] y[n-k]) / a[0] */
defineScalar((F) => F.SeriesIIR, () => (v: unknown, numerators: unknown, denominators: unknown) => {
  const x = numbers(v);
  const b = numbers(numerators);
  const a = numbers(denominators);
  if (!x || !b || !a || a.length === 0 || a[0] === 0) return null;
  const y: number[] = [];
  for (let n = 0; n < x.length; n++) {
    let acc = 0;
    for (let k = 0; k < b.length; k++) if (n - k >= 0) acc += b[k]! * x[n - k]!;
    for (let k = 1; k < a.length; k++) if (n - k >= 0) acc -= a[k]! * y[n - k]!;
    y.push(acc / a[0]!);
  }
  return y;
});

/** FIR filter: y[n] = sum c[k] x[n-k] (normalised by the sum of c unless normalize is false; centred if asked). */
defineScalar((F) => F.SeriesFir, () => (v: unknown, filter: unknown, normalize?: unknown, center?: unknown) => {
  const x = numbers(v);
  const c = numbers(filter);
  if (!x || !c || c.length === 0) return null;
  const norm = normalize === false ? 1 : c.reduce((s, k) => s + k, 0) || 1;
  const shift = center === true ? Math.floor(c.length / 2) : 0;
  return x.map((_, n) => {
    let acc = 0;
    for (let k = 0; k < c.length; k++) {
      const i = n - k + shift;
      if (i >= 0 && i < x.length) acc += c[k]! * x[i]!;
    }
    return acc / norm;
  });
});
