/**
 * Compiles plan expressions into closures over column arrays. `prepare(data)` binds a compiled expression to one
 * table's columns and returns the per-row function, so that the hot loop only indexes arrays. Calls whose
 * arguments are all constant are folded at compile time (registry factories see the constants).
 *
 * An expression that reads nothing of the run (plan/run-independent.ts) is compiled once, on its first run, and
 * reused by every later run of the query: a replay runs the same few queries thousands of times, and building the
 * closures, regexes and lookup sets again for each run was much of its cost. The rest (parameters, now(), ago(),
 * toscalar) are compiled per run; their run-independent parts still come from the cache.
 */
import type { CallSite } from '../functions/registry.ts';
import type { Expr, Plan } from '../plan/nodes.ts';
import { ingestionColumn, type Table } from '../data/table.ts';
import type { RunContext } from './context.ts';
import { toDynamicElement } from './cast.ts';
import { isRunIndependent } from '../plan/run-independent.ts';

export type RowFn = (i: number) => unknown;

export interface Compiled {
  /** Binds to a table's columns (and row count, for window functions). */
  prepare(data: unknown[][], rowCount: number): RowFn;
  /** True when the value does not depend on the row. */
  isConst: boolean;
  value?: unknown;
  /** Set when the expression is a plain column reference: its index (lets callers share the column array). */
  column?: number;
}

export type PlanExecutor = (plan: Plan, rc: RunContext) => Table;

/** Compiles an expression for the current run (compileExpr with the run's context and executor bound). */
export type ExprCompiler = (e: Expr) => Compiled;

export function constant(value: unknown): Compiled {
  const fn: RowFn = () => value;
  return { prepare: () => fn, isConst: true, value };
}

/** Compiled forms of run-independent expressions, shared by every run of their plan (plans are immutable). */
const compiledOnce = new WeakMap<Expr, Compiled>();

export function compileExpr(e: Expr, rc: RunContext, exec: PlanExecutor): Compiled {
  const shared = compiledOnce.get(e);
  if (shared) return shared;
  const c = compileForRun(e, rc, exec);
  if (isRunIndependent(e)) compiledOnce.set(e, c);
  return c;
}

function compileForRun(e: Expr, rc: RunContext, exec: PlanExecutor): Compiled {
  switch (e.kind) {
    case 'const':
      return constant(e.value);
    case 'column': {
      const k = e.index;
      return { prepare: (data) => { const col = data[k]!; return (i) => col[i]; }, isConst: false, column: k };
    }
    case 'param': {
      if (Object.prototype.hasOwnProperty.call(rc.parameters, e.name)) return constant(rc.parameters[e.name]);
      return e.fallback ? compileExpr(e.fallback, rc, exec) : constant(null);
    }
    case 'and':
    case 'or':
      return compileLogical(e.kind, e.args.map((a) => compileExpr(a, rc, exec)));
    case 'member':
      return compileMember(compileExpr(e.target, rc, exec), compileExpr(e.key, rc, exec));
    case 'call': {
      const args = e.args.map((a) => compileExpr(a, rc, exec));
      const site: CallSite = { ...e.site, constants: args.map((a) => (a.isConst ? a.value : undefined)), now: rc.now };
      const fn = e.factory(site);
      if (!e.volatile && args.every((a) => a.isConst)) return constant(fn(...args.map((a) => a.value)));
      return compileCall(fn, args);
    }
    case 'window': {
      const args = e.args.map((a) => compileExpr(a, rc, exec));
      const site: CallSite = { ...e.site, constants: args.map((a) => (a.isConst ? a.value : undefined)), now: rc.now };
      return {
        isConst: false,
        prepare: (data, rowCount) => {
          const cols = args.map((a) => {
            const f = a.prepare(data, rowCount);
            const out = new Array(rowCount);
            for (let i = 0; i < rowCount; i++) out[i] = f(i);
            return out;
          });
          const result = e.fn(cols, rowCount, site);
          return (i) => result[i];
        },
      };
    }
    case 'toscalar': {
      let v: unknown;
      if (rc.scalars.has(e.plan)) v = rc.scalars.get(e.plan);
      else {
        const t = exec(e.plan, rc);
        v = t.rowCount > 0 && t.data.length > 0 ? t.data[0]![0] : null;
        rc.scalars.set(e.plan, v);
      }
      return constant(v ?? null);
    }
    case 'tablist': {
      const t = exec(e.plan, rc);
      return constant(t.data.length ? t.data[0]!.slice(0, t.rowCount) : []);
    }
    case 'aggref':
      throw new Error('internal: aggregate reference outside summarize');
    case 'cast':
      return compileExpr(e.arg, rc, exec);
    case 'ingestion':
      return {
        isConst: false,
        prepare: (data) => {
          const col = ingestionColumn(data);
          return col ? (i) => col[i] ?? null : () => null;
        },
      };
    case 'pack': {
      const cols = e.columns;
      const skip = e.skipEmpty;
      return {
        isConst: false,
        prepare: (data) => {
          const arrays = cols.map((c) => data[c.index]!);
          return (i) => {
            const bag: Record<string, unknown> = {};
            for (let k = 0; k < cols.length; k++) {
              const v = arrays[k]![i];
              if (skip && (v === null || v === undefined || v === '')) continue;
              bag[cols[k]!.name] = toDynamicElement(v, cols[k]!.type);
            }
            return bag;
          };
        },
      };
    }
  }
}

function compileCall(fn: (...args: unknown[]) => unknown, args: Compiled[]): Compiled {
  const n = args.length;
  if (n === 0) return { isConst: false, prepare: () => () => fn() };
  if (n === 1) {
    const [a] = args as [Compiled];
    return { isConst: false, prepare: (d, r) => { const fa = a.prepare(d, r); return (i) => fn(fa(i)); } };
  }
  if (n === 2) {
    const [a, b] = args as [Compiled, Compiled];
    if (b.isConst) {
      const bv = b.value;
      return { isConst: false, prepare: (d, r) => { const fa = a.prepare(d, r); return (i) => fn(fa(i), bv); } };
    }
    return { isConst: false, prepare: (d, r) => { const fa = a.prepare(d, r); const fb = b.prepare(d, r); return (i) => fn(fa(i), fb(i)); } };
  }
  if (n === 3) {
    const [a, b, c] = args as [Compiled, Compiled, Compiled];
    return {
      isConst: false,
      prepare: (d, r) => { const fa = a.prepare(d, r); const fb = b.prepare(d, r); const fc = c.prepare(d, r); return (i) => fn(fa(i), fb(i), fc(i)); },
    };
  }
  return {
    isConst: false,
    prepare: (d, r) => {
      const fs = args.map((a) => a.prepare(d, r));
      const vals = new Array(n);
      return (i) => {
        for (let k = 0; k < n; k++) vals[k] = fs[k]!(i);
        return fn(...vals);
      };
    },
  };
}

/** and/or with Kusto's three-valued logic: false wins for `and`, true wins for `or`, otherwise null is contagious. */
function compileLogical(kind: 'and' | 'or', args: Compiled[]): Compiled {
  const decisive = kind === 'and' ? false : true;
  const flat = args.filter((a) => !(a.isConst && a.value === !decisive));
  if (flat.some((a) => a.isConst && a.value === decisive)) return constant(decisive);
  if (flat.length === 0) return constant(!decisive);
  if (flat.every((a) => a.isConst)) return constant(null);
  if (flat.length === 1) {
    const [a] = flat as [Compiled];
    return { isConst: false, prepare: (d, r) => { const fa = a.prepare(d, r); return (i) => { const v = fa(i); return v === null || v === undefined ? null : v === decisive ? decisive : !decisive; }; } };
  }
  const [a, b] = flat as [Compiled, Compiled];
  const rest = flat.slice(2);
  const combined: Compiled = {
    isConst: false,
    prepare: (d, r) => {
      const fa = a.prepare(d, r);
      const fb = b.prepare(d, r);
      return (i) => {
        const x = fa(i);
        if (x === decisive) return decisive;
        const y = fb(i);
        if (y === decisive) return decisive;
        if (x === null || x === undefined || y === null || y === undefined) return null;
        return !decisive;
      };
    },
  };
  return rest.length ? compileLogical(kind, [combined, ...rest]) : combined;
}

/** `d.key`, `d["key"]`, `d[index]`: a missing key, an out-of-range index or a non-container gives null. */
export function memberOf(target: unknown, key: unknown): unknown {
  if (target === null || target === undefined || typeof target !== 'object') {
    if (typeof target === 'string' && (target.startsWith('{') || target.startsWith('['))) {
      try { return memberOf(JSON.parse(target), key); } catch { return null; }
    }
    return null;
  }
  if (Array.isArray(target)) {
    if (typeof key !== 'number' && typeof key !== 'bigint') return null;
    let i = Number(key);
    if (i < 0) i += target.length;
    const v = target[i];
    return v === undefined ? null : v;
  }
  if (typeof key !== 'string') return null;
  const v = Object.prototype.hasOwnProperty.call(target, key) ? (target as Record<string, unknown>)[key] : undefined;
  return v === undefined ? null : v;
}

function compileMember(target: Compiled, key: Compiled): Compiled {
  if (target.isConst && key.isConst) return constant(memberOf(target.value, key.value));
  if (key.isConst) {
    const kv = key.value;
    return { isConst: false, prepare: (d, r) => { const ft = target.prepare(d, r); return (i) => memberOf(ft(i), kv); } };
  }
  return { isConst: false, prepare: (d, r) => { const ft = target.prepare(d, r); const fk = key.prepare(d, r); return (i) => memberOf(ft(i), fk(i)); } };
}

/** Evaluates a compiled expression for every row of a table into a new column array. */
export function evaluateColumn(c: Compiled, t: Table): unknown[] {
  if (c.column !== undefined) return t.data[c.column]!; // shared, never mutated
  const out = new Array(t.rowCount);
  if (c.isConst) return out.fill(c.value);
  const f = c.prepare(t.data, t.rowCount);
  for (let i = 0; i < t.rowCount; i++) out[i] = f(i);
  return out;
}
