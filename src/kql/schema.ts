/**
 * Table schemas and workspace functions, and the parser "globals" built from them.
 *
 * Table schemas use the Azure-Sentinel CustomTables JSON format: `{"Name", "Properties": [{"Name", "Type"}]}`.
 * The same globals serve `content lint` and the engine, so a query that lints also binds for replay.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadKusto } from './kusto.ts';
import { withStandardColumns } from './data/standard-columns.ts';
import { argFunctionSymbol, bareArgTableName, isArgTable } from './arg.ts';

export type ScalarTypeName =
  | 'bool' | 'int' | 'long' | 'real' | 'decimal' | 'string' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export interface ColumnSchema { name: string; type: ScalarTypeName }
export interface TableSchema { name: string; columns: ColumnSchema[] }

/** A workspace function (saved search with an alias), e.g. a parser. `parameters` is KQL, e.g. `(alias:string)`. */
export interface FunctionDefinition { name: string; parameters?: string; body: string; description?: string }

const TYPE_ALIASES: Record<string, ScalarTypeName> = {
  // .NET names as Log Analytics schemas give them (System.SByte is how a bool column is stored), and spellings
  // found in published schemas (Integer, Date/time)
  bool: 'bool', boolean: 'bool', sbyte: 'bool', int: 'int', int32: 'int', integer: 'int', long: 'long', int64: 'long', bigint: 'long',
  real: 'real', double: 'real', float: 'real', decimal: 'decimal', string: 'string', datetime: 'datetime',
  date: 'datetime', 'date/time': 'datetime', timespan: 'timespan', time: 'timespan', guid: 'guid', uniqueid: 'guid', dynamic: 'dynamic',
  object: 'dynamic',
};

export function normaliseTypeName(type: string): ScalarTypeName | undefined {
  return TYPE_ALIASES[type.trim().toLowerCase().replace(/^system\./, '')];
}

export class SchemaError extends Error {
  readonly code = 'SCHEMA_INVALID';
  constructor(message: string, readonly file?: string) { super(message); }
}

/** Parses one CustomTables JSON document. */
export function parseTableSchema(json: unknown, file?: string): TableSchema {
  const where = file ? `${file}: ` : '';
  if (!json || typeof json !== 'object') throw new SchemaError(`${where}expected an object with "Name" and "Properties"`, file);
  const o = json as Record<string, unknown>;
  const name = o.Name ?? o.name;
  const props = o.Properties ?? o.properties ?? o.Columns ?? o.columns;
  if (typeof name !== 'string' || !Array.isArray(props)) {
    throw new SchemaError(`${where}expected "Name" (string) and "Properties" (array of {Name, Type})`, file);
  }
  const columns: ColumnSchema[] = props.map((p, i) => {
    const c = p as Record<string, unknown>;
    const cname = c.Name ?? c.name;
    const ctype = c.Type ?? c.type;
    if (typeof cname !== 'string' || typeof ctype !== 'string') {
      throw new SchemaError(`${where}Properties[${i}] needs string "Name" and "Type"`, file);
    }
    const t = normaliseTypeName(ctype);
    if (!t) throw new SchemaError(`${where}column ${cname}: unknown type "${ctype}"`, file);
    return { name: cname, type: t };
  });
  return { name, columns };
}

/** Loads every `*.json` table schema in a directory (not recursive). */
export function loadSchemaDirectory(dir: string): TableSchema[] {
  const out: TableSchema[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const file = join(dir, entry);
    if (!entry.endsWith('.json') || !statSync(file).isFile()) continue;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new SchemaError(`${file}: not valid JSON (${(e as Error).message})`, file);
    }
    out.push(parseTableSchema(json, file));
  }
  return out;
}

/** Later schemas with the same table name replace earlier ones (as Azure-Sentinel's LocalOverrideTablesLoader). */
export function mergeSchemas(...lists: TableSchema[][]): TableSchema[] {
  const byName = new Map<string, TableSchema>();
  for (const list of lists) for (const t of list) byName.set(t.name, t);
  return [...byName.values()];
}

const SCALAR_TYPE_PROPS: Record<ScalarTypeName, string> = {
  bool: 'Bool', int: 'Int', long: 'Long', real: 'Real', decimal: 'Decimal', string: 'String',
  datetime: 'DateTime', timespan: 'TimeSpan', guid: 'Guid', dynamic: 'Dynamic',
};

/** Opaque parser globals (a Kusto.Language GlobalState). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KustoGlobals = any;

/**
 * Builds the parser's GlobalState with the given tables and workspace functions in one database. Workspace tables
 * get the standard columns Log Analytics adds (Type, TenantId, _ResourceId, ...; see data/standard-columns.ts).
 */
export function buildGlobals(tables: TableSchema[], functions: FunctionDefinition[] = []): KustoGlobals {
  // Equal schemas give one globals object: what Kusto.Language caches per symbol (a function body bound once for
  // all its calls) and what parse-cache.ts keeps per globals is then shared by every caller that asks for them.
  const key = globalsKey(tables, functions);
  const hit = globalsByKey.get(key);
  if (hit) {
    globalsByKey.delete(key);
    globalsByKey.set(key, hit);
    return hit;
  }
  const globals = newGlobals(tables, functions);
  if (globalsByKey.size >= GLOBALS_KEPT) globalsByKey.delete(globalsByKey.keys().next().value!);
  globalsByKey.set(key, globals);
  return globals;
}

/** Distinct schema sets kept (a test run or a `content test` with many variants uses a few dozen). */
const GLOBALS_KEPT = 64;
const globalsByKey = new Map<string, KustoGlobals>();

function globalsKey(tables: TableSchema[], functions: FunctionDefinition[]): string {
  const parts: string[] = [];
  for (const t of tables) {
    parts.push('T', t.name, String(t.columns.length));
    for (const c of t.columns) parts.push(c.name, c.type);
  }
  for (const f of functions) parts.push('F', f.name, f.parameters ?? '()', f.body, f.description ?? '\u0001');
  return parts.join('\u0000');
}

function newGlobals(tables: TableSchema[], functions: FunctionDefinition[]): KustoGlobals {
  const { Kusto } = loadKusto();
  const S = Kusto.Language.Symbols;
  const symbol = (t: TableSchema) => new S.TableSymbol.$ctor4(bareArgTableName(t.name), t.columns.map((c) => new S.ColumnSymbol(c.name, S.ScalarTypes[SCALAR_TYPE_PROPS[c.type]])));
  const tableSymbols = tables.filter((t) => !isArgTable(t.name)).map(withStandardColumns).map(symbol);
  // Resource Graph tables (`arg("").Resources`) live in the database the `arg` function returns (see arg.ts).
  const argTables = tables.filter((t) => isArgTable(t.name)).map(symbol);
  const functionSymbols = functions.map(
    (f) => new S.FunctionSymbol.$ctor16(f.name, f.parameters ?? '()', `{ ${f.body} }`, f.description ?? null),
  );
  const db = new S.DatabaseSymbol.ctor('workspace', [...tableSymbols, ...functionSymbols, ...(argTables.length ? [argFunctionSymbol(S, argTables)] : [])]);
  // With a cache of its own, the binder keeps what it works out once for all the queries bound with these globals:
  // the bound body of each parameterless workspace function (a parser's body, bound again for every query that calls
  // it without one: ManagedHsmAudit costs about 6 times the query that calls it) and the result types of calls.
  return Kusto.Language.GlobalState.Default.WithDatabase(db).WithCache();
}
