/**
 * Preflight: before any rule is written, check that the workspace has the tables and columns the queries use,
 * and that each query runs there. Sentinel and Azure Monitor reject a rule whose query references a table or
 * column the workspace does not have yet (AzureDiagnostics columns appear only after the first ingestion).
 */
import { LogsQueryResultStatus } from '@azure/monitor-query-logs';
import type { TableSchema } from '../../kql/index.ts';
import { createLogsClient, queryErrorMessage, type LogsConnection } from './logs.ts';

export interface PreflightQuery { key: string; name: string; query: string }

export interface PreflightOptions extends LogsConnection {
  workspaceId: string;
  /** Table schemas the content is written against (schemas/tables); used to find referenced tables/columns. */
  tables: TableSchema[];
  signal?: AbortSignal;
}

export interface PreflightResult {
  /** Problems per query key; a key absent here passed. */
  failures: Map<string, string[]>;
  /** Tables checked, with the columns found missing. */
  tables: { name: string; exists: boolean; missingColumns: string[] }[];
}

const word = (w: string) => new RegExp(`(^|[^A-Za-z0-9_])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`);

/** Tables (from the known schemas) a query mentions, and the columns of each it mentions. */
export function referencedColumns(query: string, tables: TableSchema[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // Comments and assignment targets (`Name = expr`, `let Name =`) name no input column.
  const text = query.replace(/\/\/[^\n]*/g, '').replace(/\b[A-Za-z_][A-Za-z0-9_]*\s*=(?![=~])/g, ' =');
  for (const t of tables) {
    if (!word(t.name).test(text)) continue;
    out.set(t.name, t.columns.map((c) => c.name).filter((c) => c !== t.name && word(c).test(text)));
  }
  return out;
}

export async function runPreflight(queries: PreflightQuery[], o: PreflightOptions): Promise<PreflightResult> {
  const client = createLogsClient(o);
  const failures = new Map<string, string[]>();
  const fail = (key: string, msg: string) => failures.set(key, [...(failures.get(key) ?? []), msg]);
  const needs = new Map<string, Set<string>>();
  const byQuery = queries.map((q) => ({ q, refs: referencedColumns(q.query, o.tables) }));
  for (const { refs } of byQuery) for (const [t, cols] of refs) { const s = needs.get(t) ?? new Set(); cols.forEach((c) => s.add(c)); needs.set(t, s); }

  const tableResults: PreflightResult['tables'] = [];
  const present = new Map<string, Set<string> | undefined>();
  for (const [table, cols] of [...needs].sort(([a], [b]) => a.localeCompare(b))) {
    try {
      const res = await client.queryWorkspace(o.workspaceId, `${table} | getschema | project ColumnName`, { duration: 'PT1H' }, { abortSignal: o.signal, serverTimeoutInSeconds: 60 });
      const rows = res.status === LogsQueryResultStatus.Success ? res.tables[0]?.rows ?? [] : res.partialTables[0]?.rows ?? [];
      const have = new Set(rows.map((r) => String(r[0])));
      present.set(table, have);
      tableResults.push({ name: table, exists: true, missingColumns: [...cols].filter((c) => !have.has(c)).sort() });
    } catch {
      present.set(table, undefined);
      tableResults.push({ name: table, exists: false, missingColumns: [] });
    }
  }
  for (const { q, refs } of byQuery) {
    for (const [table, cols] of refs) {
      const have = present.get(table);
      if (!have) { fail(q.key, `table ${table} does not exist in the workspace (no data ingested yet, or the diagnostic setting is missing)`); continue; }
      const missing = cols.filter((c) => !have.has(c));
      if (missing.length) fail(q.key, `${table} has no column ${missing.join(', ')} (AzureDiagnostics columns appear after the first matching event; ingest one or use column_ifexists())`);
    }
    if (failures.has(q.key)) continue;
    try {
      const res = await client.queryWorkspace(o.workspaceId, `${q.query.trimEnd()}\n| take 0`, { duration: 'PT5M' }, { abortSignal: o.signal, serverTimeoutInSeconds: 60 });
      if (res.status !== LogsQueryResultStatus.Success) fail(q.key, `query partly failed: ${res.partialError.message}`);
    } catch (e) {
      if (o.signal?.aborted) throw e;
      fail(q.key, `query does not run in the workspace: ${queryErrorMessage(e)}`);
    }
  }
  return { failures, tables: tableResults };
}
