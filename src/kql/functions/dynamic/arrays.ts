/**
 * Arrays: pack_array, array_length (and arraylength), array_concat, array_slice, array_index_of, array_reverse,
 * array_shift_left/right, array_rotate_left/right, array_split, array_sum (and series_sum), array_iff, range, repeat,
 * zip, jaccard_index. Non-array arguments give null where Kusto does.
 */
import { defineScalar } from '../registry.ts';
import { toDynamicValue, toNumber, valueKey } from '../common/values.ts';

defineScalar((F) => F.PackArray, (site) => (...args: unknown[]) => args.map((a, i) => toDynamicValue(a, site.argTypes[i] ?? 'unknown')));

const length = () => (a: unknown) => (Array.isArray(a) ? a.length : null);
defineScalar((F) => F.ArrayLength, length);
defineScalar((F) => F.Arraylength_Deprecated, length);

defineScalar((F) => F.ArrayConcat, () => (...arrays: unknown[]) => {
  if (arrays.some((a) => !Array.isArray(a))) return null;
  return (arrays as unknown[][]).flat(1);
});

/** Normalises a possibly negative index against a length. */
function index(i: number, len: number): number {
  return i < 0 ? len + i : i;
}

defineScalar((F) => F.ArraySlice, () => (a: unknown, start: unknown, end: unknown) => {
  if (!Array.isArray(a)) return null;
  const s = toNumber(start);
  const e = toNumber(end);
  if (s === null || e === null) return null;
  const from = Math.max(0, index(Math.trunc(s), a.length));
  const to = Math.min(a.length - 1, index(Math.trunc(e), a.length));
  return from > to ? [] : a.slice(from, to + 1);
});

defineScalar((F) => F.ArrayIndexOf, () => (a: unknown, lookup: unknown, start?: unknown, len?: unknown, occurrence?: unknown) => {
  if (!Array.isArray(a)) return null;
  let s = start === undefined ? 0 : toNumber(start);
  const l = len === undefined ? -1 : toNumber(len);
  const occ = occurrence === undefined ? 1 : toNumber(occurrence);
  if (s === null || l === null || occ === null) return null;
  if (s < 0) s = Math.max(0, a.length + s);
  if (s >= a.length || occ <= 0) return -1;
  const end = l < 0 ? a.length : Math.min(a.length, s + l);
  const key = valueKey(toDynamicValue(lookup, 'unknown'));
  let seen = 0;
  for (let i = s; i < end; i++) if (valueKey(a[i]) === key && ++seen === occ) return i;
  return -1;
});

defineScalar((F) => F.ArrayReverse, () => (a: unknown) => (Array.isArray(a) ? [...a].reverse() : null));

function shift(direction: 1 | -1) {
  return (site: { argTypes: string[] }) => (a: unknown, n: unknown, fill?: unknown) => {
    if (!Array.isArray(a)) return null;
    const k = toNumber(n);
    if (k === null) return null;
    const f = fill === undefined ? null : toDynamicValue(fill, (site.argTypes[2] ?? 'unknown') as never);
    const out = new Array(a.length).fill(f);
    const by = Math.trunc(k) * direction;
    for (let i = 0; i < a.length; i++) {
      const j = i + by;
      if (j >= 0 && j < a.length) out[j] = a[i];
    }
    return out;
  };
}
defineScalar((F) => F.ArrayShiftLeft, shift(-1));
defineScalar((F) => F.ArrayShiftRight, shift(1));

function rotate(direction: 1 | -1) {
  return () => (a: unknown, n: unknown) => {
    if (!Array.isArray(a)) return null;
    const k = toNumber(n);
    if (k === null || a.length === 0) return a;
    const by = (((Math.trunc(k) * direction) % a.length) + a.length) % a.length;
    return a.map((_, i) => a[(i - by + a.length) % a.length]);
  };
}
defineScalar((F) => F.ArrayRotateLeft, rotate(-1));
defineScalar((F) => F.ArrayRotateRight, rotate(1));

defineScalar((F) => F.ArraySplit, () => (a: unknown, indices: unknown) => {
  if (!Array.isArray(a)) return null;
  const list = (Array.isArray(indices) ? indices : [indices]).map((x) => toNumber(x));
  if (list.some((x) => x === null)) return null;
  const cuts = (list as number[]).map((x) => Math.min(a.length, Math.max(0, index(Math.trunc(x), a.length))));
  const out: unknown[][] = [];
  let prev = 0;
  for (const c of cuts) {
    out.push(a.slice(prev, Math.max(prev, c)));
    prev = Math.max(prev, c);
  }
  out.push(a.slice(prev));
  return out;
});

const sum = () => (a: unknown) => {
  if (!Array.isArray(a)) return null;
  let s = 0;
  for (const x of a) {
    const n = typeof x === 'number' ? x : null;
    if (n !== null) s += n;
  }
  return s;
};
defineScalar((F) => F.ArraySum, sum);
defineScalar((F) => F.SeriesSum, sum);

// a numeric condition is true when not 0; a condition that is neither bool nor number gives null (array-iff-function#returns)
const arrayIff = () => (cond: unknown, a: unknown, b: unknown) => {
  if (!Array.isArray(cond)) return null;
  return cond.map((c, i) => {
    if (typeof c !== 'boolean' && typeof c !== 'number' && typeof c !== 'bigint') return null;
    const truthy = c === true || (typeof c !== 'boolean' && Number(c) !== 0);
    const src = truthy ? a : b;
    return Array.isArray(src) ? (src[i] ?? null) : (src ?? null);
  });
};
defineScalar((F) => F.ArrayIff, arrayIff);
defineScalar((F) => F.ArrayIif, arrayIff);

defineScalar((F) => F.Range, (site) => (start: unknown, stop: unknown, step?: unknown) => {
  const s = toNumber(start);
  const e = toNumber(stop);
  const st = step === undefined ? 1 : toNumber(step);
  if (s === null || e === null || st === null || st === 0 || !Number.isFinite(st)) return null;
  const out: unknown[] = [];
  const type = site.argTypes[0] ?? 'unknown';
  for (let x = s; st > 0 ? x <= e : x >= e; x += st) {
    out.push(toDynamicValue(x, type));
    if (out.length >= 1_048_576) break;
  }
  return out;
});

defineScalar((F) => F.Repeat, (site) => (value: unknown, count: unknown) => {
  const n = toNumber(count);
  if (n === null) return null;
  return new Array(Math.max(0, Math.min(1_048_576, Math.trunc(n)))).fill(toDynamicValue(value, site.argTypes[0] ?? 'unknown'));
});

defineScalar((F) => F.Zip, () => (...arrays: unknown[]) => {
  if (arrays.some((a) => !Array.isArray(a))) return null;
  const as = arrays as unknown[][];
  const n = Math.max(0, ...as.map((a) => a.length));
  return Array.from({ length: n }, (_, i) => as.map((a) => (i < a.length ? a[i] : null)));
});

defineScalar((F) => F.JaccardIndex, () => (a: unknown, b: unknown) => {
  if (!Array.isArray(a) || !Array.isArray(b)) return null;
  const x = new Set(a.map(valueKey));
  const y = new Set(b.map(valueKey));
  const union = new Set([...x, ...y]).size;
  if (union === 0) return NaN;
  let inter = 0;
  for (const k of x) if (y.has(k)) inter++;
  return inter / union;
});
