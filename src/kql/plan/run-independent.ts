/**
 * Whether an expression's compiled form is the same for every run of its query: it reads no query parameter, no
 * result of a subquery (toscalar, a tabular `in` list) and not the run's clock (now(), ago(): see
 * ScalarOptions.readsClock). The executor compiles such an expression once and reuses it (exec/compile.ts); the
 * rest are compiled per run, where their values are known.
 */
import { readsClock } from '../functions/registry.ts';
import type { Expr } from './nodes.ts';

const known = new WeakMap<Expr, boolean>();

export function isRunIndependent(e: Expr): boolean {
  let independent = known.get(e);
  if (independent === undefined) {
    independent = decide(e);
    known.set(e, independent);
  }
  return independent;
}

function decide(e: Expr): boolean {
  switch (e.kind) {
    case 'const':
    case 'column':
    case 'ingestion':
    case 'pack':
      return true;
    case 'param':
    case 'toscalar':
    case 'tablist':
    case 'aggref':
      return false;
    case 'call':
      return !readsClock(e.factory) && e.args.every(isRunIndependent);
    case 'window':
    case 'and':
    case 'or':
      return e.args.every(isRunIndependent);
    case 'member':
      return isRunIndependent(e.target) && isRunIndependent(e.key);
    case 'cast':
      return isRunIndependent(e.arg);
  }
}
