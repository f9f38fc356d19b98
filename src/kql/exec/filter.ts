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
    const kernel = kernelFor(fast.kind);
    const { index, arg } = fast;
    return (data, n, cand, candCount, out) => kernel(data[index]!, n, cand, candCount, out, arg);
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

type TestKind = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'in' | 'nin';
type Kernel = (col: unknown[], n: number, cand: Int32Array | null, candCount: number, out: Int32Array, arg: unknown) => number;

/** The test of each kernel on the value `v` against the constant (or set) `a`. */
const TESTS: Record<TestKind, string> = {
  eq: 'v === a',
  ne: 'v !== a',
  lt: 'v !== null && v !== undefined && v < a',
  le: 'v !== null && v !== undefined && v <= a',
  gt: 'v !== null && v !== undefined && v > a',
  ge: 'v !== null && v !== undefined && v >= a',
  in: 'a.has(v)',
  nin: 'v === null || v === undefined || !a.has(v)',
};

const kernels = new Map<TestKind, Kernel>();

/**
 * One loop per kind of test, generated with the test written inline, so the hot loop makes no call per row
 * (a shared loop calling a per-query closure would be megamorphic and never inlined).
 */
function kernelFor(kind: TestKind): Kernel {
  let k = kernels.get(kind);
  if (!k) {
    const test = TESTS[kind];
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    k = new Function('col', 'n', 'cand', 'candCount', 'out', 'a', `
      let m = 0;
      if (cand === null) {
        for (let i = 0; i < n; i++) { const v = col[i]; if (${test}) out[m++] = i; }
      } else {
        for (let j = 0; j < candCount; j++) { const i = cand[j]; const v = col[i]; if (${test}) out[m++] = i; }
      }
      return m;`) as Kernel;
    kernels.set(kind, k);
  }
  return k;
}

/**
 * A kernel for `column OP constant(s)` when its semantics are plain JS comparisons: string columns against string
 * constants, numeric (long, real, datetime, timespan) columns against numbers. Null values follow Kusto: `==`,
 * `in` and ordering comparisons fail; `!=` and `!in` pass.
 */
function columnTest(e: Extract<Expr, { kind: 'call' }>): { index: number; kind: TestKind; arg: unknown } | null {
  const [a, ...rest] = e.args;
  if (!a || a.kind !== 'column' || !e.operator || rest.length === 0 || !rest.every((r) => r.kind === 'const')) return null;
  const values = rest.map((r) => (r as Extract<Expr, { kind: 'const' }>).value);
  const colType = a.type;
  const isString = colType === 'string';
  const isNumeric = colType === 'long' || colType === 'int' || colType === 'real' || colType === 'datetime' || colType === 'timespan';
  const allStrings = values.every((v) => typeof v === 'string');
  const allNumbers = values.every((v) => typeof v === 'number' && !Number.isNaN(v));
  const index = a.index;
  const single = values.length === 1;
  const comparable = (isString && allStrings) || (isNumeric && allNumbers);
  switch (e.operator) {
    case 'Equal':
      return single && comparable ? { index, kind: 'eq', arg: values[0] } : null;
    case 'NotEqual':
      return single && comparable && colType !== 'real' ? { index, kind: 'ne', arg: values[0] } : null;
    case 'LessThan': case 'LessThanOrEqual': case 'GreaterThan': case 'GreaterThanOrEqual': {
      if (!single || !isNumeric || !allNumbers) return null;
      const kind = ({ LessThan: 'lt', LessThanOrEqual: 'le', GreaterThan: 'gt', GreaterThanOrEqual: 'ge' } as const)[e.operator];
      return { index, kind, arg: values[0] };
    }
    case 'In': case 'NotIn':
      if (!comparable || colType === 'real') return null;
      return { index, kind: e.operator === 'In' ? 'in' : 'nin', arg: new Set(values) };
    default:
      return null;
  }
}
