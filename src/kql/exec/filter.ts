/**
 * Vectorised `where`: a predicate compiled to a filter over a selection vector. Conjunctions refine the selection
 * term by term; comparisons of a column with constants (==, !=, <, <=, >, >=, in, !in) run as tight loops over
 * the column array; anything else falls back to the per-row closure (`=== true`, so null drops the row).
 */
import type { Expr } from '../plan/nodes.ts';
import type { Compiled } from './compile.ts';

/** Writes the indices of the candidate rows that pass into `out`; returns how many. `cand` null means every row. */
export type FilterFn = (data: unknown[][], n: number, cand: Int32Array | null, candCount: number, out: Int32Array) => number;

export function compileFilter(e: Expr, compile: (e: Expr) => Compiled): FilterFn {
  if (e.kind === 'and') {
    const parts = e.args.map((a) => compileFilter(a, compile));
    return (data, n, cand, candCount, out) => {
      let count = parts[0]!(data, n, cand, candCount, out);
      for (let k = 1; k < parts.length && count > 0; k++) count = parts[k]!(data, n, out, count, out); // in place: out index <= in index
      return count;
    };
  }
  const fast = e.kind === 'call' ? columnTest(e) : null;
  if (fast) {
    const { index, test } = fast;
    return (data, n, cand, candCount, out) => {
      const col = data[index]!;
      let m = 0;
      if (cand === null) {
        for (let i = 0; i < n; i++) if (test(col[i])) out[m++] = i;
      } else {
        for (let j = 0; j < candCount; j++) {
          const i = cand[j]!;
          if (test(col[i])) out[m++] = i;
        }
      }
      return m;
    };
  }
  const c = compile(e);
  return (data, n, cand, candCount, out) => {
    if (c.isConst) {
      if (c.value !== true) return 0;
      if (cand === null) {
        for (let i = 0; i < n; i++) out[i] = i;
        return n;
      }
      if (cand !== out) out.set(cand.subarray(0, candCount));
      return candCount;
    }
    const f = c.prepare(data, n);
    let m = 0;
    if (cand === null) {
      for (let i = 0; i < n; i++) if (f(i) === true) out[m++] = i;
    } else {
      for (let j = 0; j < candCount; j++) {
        const i = cand[j]!;
        if (f(i) === true) out[m++] = i;
      }
    }
    return m;
  };
}

type Test = (v: unknown) => boolean;

/**
 * A per-value test for `column OP constant(s)` when its semantics are plain JS comparisons: string columns against
 * string constants, numeric (long, real, datetime, timespan) columns against numbers. Null values follow Kusto:
 * `==`, `in` and ordering comparisons fail; `!=` and `!in` pass.
 */
function columnTest(e: Extract<Expr, { kind: 'call' }>): { index: number; test: Test } | null {
  const [a, ...rest] = e.args;
  if (!a || a.kind !== 'column' || !e.operator || rest.length === 0 || !rest.every((r) => r.kind === 'const')) return null;
  const values = rest.map((r) => (r as Extract<Expr, { kind: 'const' }>).value);
  const colType = a.type;
  const isString = colType === 'string';
  const isNumeric = colType === 'long' || colType === 'int' || colType === 'real' || colType === 'datetime' || colType === 'timespan';
  const allStrings = values.every((v) => typeof v === 'string');
  const allNumbers = values.every((v) => typeof v === 'number' && !Number.isNaN(v));
  const index = a.index;
  const v0 = values[0];
  switch (e.operator) {
    case 'Equal':
      if (values.length !== 1) return null;
      if (isString && allStrings) return { index, test: (v) => v === v0 };
      if (isNumeric && allNumbers) return { index, test: (v) => v === v0 };
      return null;
    case 'NotEqual':
      if (values.length !== 1) return null;
      if (isString && allStrings) return { index, test: (v) => v !== v0 };
      if (isNumeric && allNumbers && colType !== 'real') return { index, test: (v) => v !== v0 };
      return null;
    case 'LessThan': case 'LessThanOrEqual': case 'GreaterThan': case 'GreaterThanOrEqual': {
      if (values.length !== 1 || !isNumeric || !allNumbers) return null;
      const c = v0 as number;
      switch (e.operator) {
        case 'LessThan': return { index, test: (v) => v !== null && v !== undefined && (v as number) < c };
        case 'LessThanOrEqual': return { index, test: (v) => v !== null && v !== undefined && (v as number) <= c };
        case 'GreaterThan': return { index, test: (v) => v !== null && v !== undefined && (v as number) > c };
        default: return { index, test: (v) => v !== null && v !== undefined && (v as number) >= c };
      }
    }
    case 'In': case 'NotIn': {
      if (!(isString && allStrings) && !(isNumeric && allNumbers && colType !== 'real')) return null;
      const set = new Set(values);
      return e.operator === 'In' ? { index, test: (v) => set.has(v) } : { index, test: (v) => v === null || v === undefined || !set.has(v) };
    }
    default:
      return null;
  }
}
