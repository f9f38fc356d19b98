/**
 * Loads Microsoft's Kusto.Language (the `@kusto/language-service-next` Bridge.NET build) once per process.
 *
 * The package exports nothing: it defines the globals `Bridge`, `System` and `Kusto`. `Bridge` must be global
 * before the language module is evaluated. The first ParseAndAnalyze costs ~0.8 s (lazy built-in tables), so
 * callers that care about latency call `warmUpKusto()` early.
 */
import { createRequire } from 'node:module';

// The Bridge.NET object model is huge and dynamically typed; we type it loosely and wrap it at the edges.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KustoNamespace = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BridgeRuntime = any;

let loaded: { Kusto: KustoNamespace; Bridge: BridgeRuntime; System: BridgeRuntime } | undefined;
let warmed = false;

export function loadKusto(): { Kusto: KustoNamespace; Bridge: BridgeRuntime; System: BridgeRuntime } {
  if (loaded) return loaded;
  const g = globalThis as Record<string, unknown>;
  if (g.Kusto) {
    // Already loaded by the host: the CLI's start-up snapshot (bin/kusto-snapshot.cjs) loads and warms it up.
    warmed = true;
  } else {
    const require = createRequire(import.meta.url);
    g.Bridge = require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  }
  loaded = { Kusto: g.Kusto, Bridge: g.Bridge, System: g.System };
  return loaded;
}

/** Forces the parser's lazy initialisation so that the first real query is fast. */
export function warmUpKusto(): void {
  if (warmed) return;
  const { Kusto } = loadKusto();
  Kusto.Language.KustoCode.ParseAndAnalyze('print x = 1 | extend y = strcat("a", tostring(x))', Kusto.Language.GlobalState.Default);
  warmed = true;
}

/** Bridge lists are sometimes JS arrays and sometimes .NET lists with Count/getItem. */
export function toArray<T = any>(list: any): T[] {
  if (list == null) return [];
  if (Array.isArray(list)) return list as T[];
  return loadKusto().Bridge.toArray(list) as T[];
}

/** Reverse map of a .NET enum: numeric value -> name. */
export function enumNames(enumType: any): Record<number, string> {
  const { System } = loadKusto();
  const out: Record<number, string> = {};
  for (const name of System.Enum.getNames(enumType) as string[]) out[enumType[name] as number] = name;
  return out;
}
