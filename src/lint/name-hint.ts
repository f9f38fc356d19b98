/**
 * The nearest name for an unknown one (Kusto's KS142, "The name 'X' does not refer to any known column, table,
 * variable or function"): among the columns of every table-typed expression the binder typed in the query (so the
 * output of a workspace function, or of an earlier step), the names the query declares, and the tables and
 * functions of the database.
 */
import { toArray } from '../kql/kusto.ts';
import type { KustoGlobals } from '../kql/schema.ts';
import { didYouMean } from '../content/validate/did-you-mean.ts';
import { kindName, walk } from './analysis.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function namesInScope(code: any, globals: KustoGlobals): string[] {
  const names = new Set<string>();
  walk(code.Syntax, (n) => {
    if (kindName(n) === 'NameDeclaration') names.add(String(n.SimpleName ?? n.ToString().trim()));
    const t = n.ResultType;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (t?.Columns) for (const c of toArray(t.Columns) as any[]) names.add(String(c.Name));
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = (globals as any).Database;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const s of toArray(db?.Members) as any[]) names.add(String(s.Name));
  return [...names].filter((n) => n && n !== 'undefined');
}

/** The KS142 message with `; did you mean "X"?` when a name is close. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function unknownNameHint(message: string, code: any, globals: KustoGlobals): string {
  const name = /The name '([^']+)'/.exec(message)?.[1];
  const hint = name ? didYouMean(name, namesInScope(code, globals).filter((n) => n !== name)) : undefined;
  return hint ? `${message.replace(/\.$/, '')}; did you mean "${hint}"?` : message;
}
