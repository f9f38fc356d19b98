/**
 * series_fill_forward / series_fill_backward(series[, missing_value]), series_fill_const(series, constant[,
 * missing_value]), series_fill_linear(series[, missing_value[, fill_edges[, constant]]]). Missing elements are
 * nulls (or equal to missing_value); elements with nothing to copy from stay as they are, except that
 * series_fill_linear fills an array of missing values only with the constant (0 by default). Dynamic numbers do
 * not keep whether they were written as integers, so series_fill_linear does not round over integer arrays.
 */
import { defineScalar } from '../registry.ts';

function isMissing(x: unknown, missing: unknown): boolean {
  return x === null || x === undefined || (missing !== undefined && missing !== null && x === missing) ||
    (typeof x === 'number' && Number.isNaN(x) && typeof missing === 'number' && Number.isNaN(missing));
}

defineScalar((F) => F.SeriesFillForward, () => (v: unknown, missing?: unknown) => {
  if (!Array.isArray(v)) return null;
  let last: unknown = undefined;
  return v.map((x) => {
    if (!isMissing(x, missing)) return (last = x);
    return last === undefined ? x : last;
  });
});

defineScalar((F) => F.SeriesFillBackwards, () => (v: unknown, missing?: unknown) => {
  if (!Array.isArray(v)) return null;
  let next: unknown = undefined;
  const out = new Array<unknown>(v.length);
  for (let i = v.length - 1; i >= 0; i--) {
    const x = v[i];
    out[i] = !isMissing(x, missing) ? (next = x) : next === undefined ? x : next;
  }
  return out;
});

defineScalar((F) => F.SeriesFillConst, () => (v: unknown, constant: unknown, missing?: unknown) =>
  Array.isArray(v) ? v.map((x) => (isMissing(x, missing) ? constant : x)) : null);

defineScalar((F) => F.SeriesFillLinear, () => (v: unknown, missing?: unknown, fillEdges?: unknown, constant?: unknown) => {
  if (!Array.isArray(v)) return null;
  const out = [...v];
  const known = v.map((x, i) => (isMissing(x, missing) || typeof x !== 'number' ? -1 : i)).filter((i) => i >= 0);
  // an array of missing values only is filled with the constant (0 by default; a null constant keeps the nulls)
  if (known.length === 0) return v.map((x) => (isMissing(x, missing) ? (constant === undefined ? 0 : constant) : x));
  for (let k = 0; k + 1 < known.length; k++) {
    const a = known[k]!;
    const b = known[k + 1]!;
    for (let i = a + 1; i < b; i++) out[i] = (v[a] as number) + (((v[b] as number) - (v[a] as number)) * (i - a)) / (b - a);
  }
  const edges = fillEdges === undefined ? true : fillEdges === true;
  const first = known[0]!;
  const last = known[known.length - 1]!;
  // without fill_edges the missing values before the first and after the last known value stay as they are
  if (edges) {
    for (let i = 0; i < first; i++) out[i] = v[first];
    for (let i = last + 1; i < v.length; i++) out[i] = v[last];
  }
  return out;
});
