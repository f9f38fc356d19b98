/**
 * Calls built-ins straight through the registry, as the engine does: look up by the binder's symbol, compile
 * once for a call site, then call per row.
 */
import '../../../src/kql/functions/index.ts';
import { loadKusto } from '../../../src/kql/kusto.ts';
import { lookupAggregate, lookupScalar, lookupWindow, type CallSite } from '../../../src/kql/functions/registry.ts';
import type { ArgType } from '../../../src/kql/functions/common/values.ts';
import { parseDatetime } from '../../../src/kql/values/datetime.ts';

export const NOW = parseDatetime('2026-11-20T12:00:00Z')!;

export function site(argTypes: ArgType[], resultType: ArgType = 'unknown', constants: unknown[] = [], name = 'f'): CallSite {
  return { argTypes, resultType, constants, now: NOW, name };
}

function symbol(kind: 'Functions' | 'Aggregates', prop: string): object {
  const sym = loadKusto().Kusto.Language[kind][prop];
  if (!sym) throw new Error(`no symbol ${kind}.${prop}`);
  return sym;
}

/** A scalar function compiled for the given argument types: `scalar('Strcat', ['string','long'])('a', 1)`. */
export function scalar(prop: string, argTypes: ArgType[], resultType: ArgType = 'unknown', constants: unknown[] = []) {
  const factory = lookupScalar(symbol('Functions', prop));
  if (!factory) throw new Error(`Functions.${prop} is not registered`);
  return factory(site(argTypes, resultType, constants, prop));
}

/** Runs an aggregate over rows of argument values and returns its result. */
export function aggregate(prop: string, argTypes: ArgType[], rows: unknown[][], resultType: ArgType = 'unknown', constants: unknown[] = []) {
  const impl = lookupAggregate(symbol('Aggregates', prop));
  if (!impl) throw new Error(`Aggregates.${prop} is not registered`);
  const s = site(argTypes, resultType, constants, prop);
  let state = impl.init(s);
  for (const r of rows) state = impl.add(state, r, s);
  return impl.result(state, s);
}

/** Runs an aggregate over two halves merged, to check merge() agrees with a single pass. */
export function aggregateMerged(prop: string, argTypes: ArgType[], rows: unknown[][], resultType: ArgType = 'unknown', constants: unknown[] = []) {
  const impl = lookupAggregate(symbol('Aggregates', prop))!;
  const s = site(argTypes, resultType, constants, prop);
  const half = Math.floor(rows.length / 2);
  let a = impl.init(s);
  for (const r of rows.slice(0, half)) a = impl.add(a, r, s);
  let b = impl.init(s);
  for (const r of rows.slice(half)) b = impl.add(b, r, s);
  return impl.result(impl.merge!(a, b, s), s);
}

export function windowFn(prop: string, argTypes: ArgType[], columns: unknown[][], rowCount: number, constants: unknown[] = []) {
  const fn = lookupWindow(symbol('Functions', prop));
  if (!fn) throw new Error(`Functions.${prop} is not a registered window function`);
  return fn(columns, rowCount, site(argTypes, 'unknown', constants, prop));
}

export const dt = (s: string): number => parseDatetime(s)!;

import { createEngine, Database } from '../../../src/kql/index.ts';

let engine: ReturnType<typeof createEngine> | undefined;
const empty = new Database();

/** Runs a self-contained query (print, datatable, range) and returns its rows as JSON values. */
export function kql(query: string): unknown[][] {
  engine ??= createEngine({ tables: [] });
  return engine.run(query, empty, { now: '2026-11-20T12:00:00Z' }).rows;
}

/** The single value of a one-row, one-column query such as `print f(x)`. */
export function kql1(query: string): unknown {
  const rows = kql(query);
  if (rows.length !== 1 || rows[0]!.length !== 1) throw new Error(`expected one cell from ${query}, got ${JSON.stringify(rows)}`);
  return rows[0]![0];
}
