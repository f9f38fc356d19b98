/**
 * series_fill_forward / series_fill_backward(series[, missing_value]), series_fill_const(series, constant[,
 * missing_value]), series_fill_linear(series[, missing_value[, fill_edges[, constant]]]). Missing elements are
 * nulls (or equal to missing_value); elements with nothing to copy from stay as they are.
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
  if (known.length === 0) return out;
  for (let k = 0; k + 1 < known.length; k++) {
    const a = known[k]!;
    const b = known[k + 1]!;
    for (let i = a + 1; i < b; i++) out[i] = (v[a] as number) + (((v[b] as number) - (v[a] as number)) * (i - a)) / (b - a);
  }
  const edges = fillEdges === undefined ? true : fillEdges === true;
  const first = known[0]!;
  const last = known[known.length - 1]!;
  for (let i = 0; i < first; i++) out[i] = edges ? v[first] : constant ?? v[i];
  for (let i = last + 1; i < v.length; i++) out[i] = edges ? v[last] : constant ?? v[i];
  return out;
});
