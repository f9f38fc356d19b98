/**
 * Built-in functions, registered by the binder's symbol (never dispatched by name at run time).
 *
 * Each built-in lives in a small file under src/kql/functions/<family>/ that calls `defineScalar`,
 * `defineAggregate` or `defineWindow` with a selector picking its symbol from Kusto.Language
 * (`F => F.Strcat`, `A => A.Count`, `O => O.Has`), so a typo fails at load, not at query time.
 * Deprecated aliases (makeset, parsejson, any, iif, ...) are separate symbols: register them too.
 *
 * Values follow src/kql/values/README.md. Implementations are compiled once per call site: the factory gets the
 * call site (argument types, constant arguments, the pinned now) and returns the per-row function, so a regex or
 * a lookup table is built once per query, not once per row.
 */
import { loadKusto, type KustoNamespace } from '../kusto.ts';
import type { ScalarTypeName } from '../schema.ts';

export interface CallSite {
  /** Argument types as bound ('unknown' when the binder could not tell). */
  argTypes: (ScalarTypeName | 'unknown')[];
  resultType: ScalarTypeName | 'unknown';
  /** The value of each argument when it is a constant (a literal or a let-bound scalar), else undefined. */
  constants: unknown[];
  /** now() for this query run, in datetime ticks (see values/datetime.ts). */
  now: number;
  /** Name as written, for error messages. */
  name: string;
}

/** Per-row scalar function: arguments in, value out. Must not throw for bad data: return null as Kusto does. */
export type ScalarFn = (...args: unknown[]) => unknown;
export type ScalarFactory = (site: CallSite) => ScalarFn;

/** An aggregate: state per group; `add` gets the per-row argument values. */
export interface AggregateImpl<S = unknown> {
  init(site: CallSite): S;
  add(state: S, args: unknown[], site: CallSite): S;
  result(state: S, site: CallSite): unknown;
  /** Optional merge for partial aggregation. */
  merge?(a: S, b: S, site: CallSite): S;
}

/**
 * Window functions (row_number, prev, next, row_cumsum) see the whole serialized column at once.
 * `args[k]` holds all rows' values for argument k; returns one value per row.
 */
export type WindowFn = (args: unknown[][], rowCount: number, site: CallSite) => unknown[];

type Symbol = object;
type Selector = (ns: KustoNamespace) => Symbol | undefined;

const scalars = new Map<Symbol, ScalarFactory>();
const clockReaders = new WeakSet<ScalarFactory>();
const aggregates = new Map<Symbol, AggregateImpl>();
const windows = new Map<Symbol, WindowFn>();

function resolve(kind: 'Functions' | 'Aggregates' | 'Operators', select: Selector): Symbol {
  const { Kusto } = loadKusto();
  const sym = select(Kusto.Language[kind]);
  if (!sym) throw new Error(`built-in registration: ${kind} selector ${select.toString()} found no symbol`);
  return sym;
}

export interface ScalarOptions {
  /**
   * The implementation reads `CallSite.now` (now(), ago()). Every other built-in's compiled form depends only on
   * the query, so the executor compiles it once and reuses it for every run (exec/compile.ts).
   */
  readsClock?: boolean;
}

export function defineScalar(select: Selector, factory: ScalarFactory, options: ScalarOptions = {}): void {
  scalars.set(resolve('Functions', select), factory);
  if (options.readsClock) clockReaders.add(factory);
}

/** Whether a registered implementation reads the run's clock (see ScalarOptions.readsClock). */
export function readsClock(factory: ScalarFactory): boolean {
  return clockReaders.has(factory);
}
/** Scalar operators (`has`, `=~`, `in~`, `+` ...) are OperatorSymbols; their implementations share the scalar shape. */
export function defineOperator(select: Selector, factory: ScalarFactory): void {
  scalars.set(resolve('Operators', select), factory);
}
export function defineAggregate(select: Selector, impl: AggregateImpl<any>): void {
  aggregates.set(resolve('Aggregates', select), impl as AggregateImpl);
}
export function defineWindow(select: Selector, fn: WindowFn): void {
  windows.set(resolve('Functions', select), fn);
}

export function lookupScalar(symbol: Symbol): ScalarFactory | undefined {
  return scalars.get(symbol);
}
export function lookupAggregate(symbol: Symbol): AggregateImpl | undefined {
  return aggregates.get(symbol);
}
export function lookupWindow(symbol: Symbol): WindowFn | undefined {
  return windows.get(symbol);
}
