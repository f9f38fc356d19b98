/**
 * Azure Resource Graph tables as Log Analytics' cross-service query reads them: `arg("").Resources`. The function
 * `arg` resolves to a database of its own, holding the Resource Graph tables (Resources, ResourceContainers,
 * PolicyResources, ...), so a query binds and runs against local data like any other.
 *
 * Locally an ARG table is a TableSchema whose name carries the prefix `arg("").` (`arg("").Resources`); its
 * schema file lives in an `arg/` directory beside `tables/`, its data in an `arg/` directory of a data directory
 * (`samples/posture/arg/Resources.jsonl`). ARG tables have no TimeGenerated and no workspace standard columns.
 */
export const ARG_FUNCTION = 'arg';
export const ARG_PREFIX = 'arg("").';
/** The subdirectory of a schema or data directory that holds Resource Graph tables. */
export const ARG_DIRECTORY = 'arg';

export const isArgTable = (name: string): boolean => name.startsWith(ARG_PREFIX);
export const argTableName = (table: string): string => `${ARG_PREFIX}${table}`;
export const bareArgTableName = (name: string): string => (isArgTable(name) ? name.slice(ARG_PREFIX.length) : name);

/**
 * The `arg` function for the parser's globals: one literal string parameter (Log Analytics wants `""`), returning
 * the database of the given Resource Graph table symbols.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function argFunctionSymbol(S: any, tableSymbols: unknown[]): unknown {
  const database = new S.DatabaseSymbol.ctor(ARG_FUNCTION, tableSymbols);
  return new S.FunctionSymbol.$ctor5(ARG_FUNCTION, database, [new S.Parameter.$ctor3('name', S.ScalarTypes.String, S.ArgumentKind.Literal)]);
}

/** Whether a bound syntax node is a call of the `arg` function (the left side of `arg("").Resources`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isArgCall(node: any): boolean {
  return String(node?.ReferencedSymbol?.Name ?? '') === ARG_FUNCTION && node?.ArgumentList !== undefined;
}
