/**
 * `KustoCode.ParseAndAnalyze` once per (globals, query text). Lint, the engine, the builders and the coverage
 * report bind the same queries against the same globals many times over (a rule is linted, then replayed per
 * scheduled run, per test case and per variant), and binding is most of what a lint or a replay costs.
 *
 * A KustoCode is immutable (its syntax tree, its bound semantics and its diagnostics never change once made), so
 * one can be handed to every caller. The cache holds the most recently used texts per globals object (globals
 * built from equal schemas are one object: see buildGlobals) and goes with its globals when they are collected.
 */
import { loadKusto } from './kusto.ts';
import type { KustoGlobals } from './schema.ts';

/** Texts kept per globals object; a rule pack binds a few hundred distinct texts against one set of globals. */
const TEXTS_PER_GLOBALS = 512;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type KustoCode = any;

const byGlobals = new WeakMap<object, Map<string, KustoCode>>();

/** The bound KustoCode of `query` in `globals` (GlobalState), bound on first use. */
export function parseAndAnalyze(query: string, globals: KustoGlobals): KustoCode {
  let codes = byGlobals.get(globals);
  if (!codes) byGlobals.set(globals, (codes = new Map()));
  const hit = codes.get(query);
  if (hit) {
    // most recently used last: the first key is the one evicted
    codes.delete(query);
    codes.set(query, hit);
    return hit;
  }
  const code = loadKusto().Kusto.Language.KustoCode.ParseAndAnalyze(query, globals);
  if (codes.size >= TEXTS_PER_GLOBALS) codes.delete(codes.keys().next().value!);
  codes.set(query, code);
  return code;
}
