/**
 * Facts only the logs hold, for every HSM that writes to one workspace, in one query (Log Analytics query API
 * through @azure/monitor-query-logs): when its last audit event arrived and when its last successful full backup
 * (BackupCreate) was started. The query reads both tables a diagnostic setting can write to.
 */
import { LogsQueryResultStatus } from '@azure/monitor-query-logs';
import type { TokenCredential } from '@azure/core-auth';
import { createLogsClient, queryErrorMessage } from '../../deploy/workspace/logs.ts';
import { readable, unreadable, type Readable } from '../model.ts';

export const HSM_ACTIVITY_QUERY = [
  'union isfuzzy=true',
  '    (AzureDiagnostics',
  '    | where ResourceProvider == "MICROSOFT.KEYVAULT" and ResourceType == "MANAGEDHSMS"',
  '    | project TimeGenerated, HsmId = tolower(_ResourceId), OperationName, ResultType),',
  '    (AZKVAuditLogs',
  '    | where _ResourceId has "/managedhsms/"',
  '    | project TimeGenerated, HsmId = tolower(_ResourceId), OperationName, ResultType)',
  '| summarize LastEvent = max(TimeGenerated), LastBackup = maxif(TimeGenerated, OperationName == "BackupCreate" and ResultType == "Success") by HsmId',
].join('\n');

export interface HsmActivity { lastEvent?: string; lastBackup?: string }

export interface ActivityOptions {
  credential: TokenCredential;
  /** Log Analytics endpoint without /v1. */
  endpoint?: string;
  tlsOptions?: { ca?: string | Buffer };
  maxRetries?: number;
  signal?: AbortSignal;
}

const iso = (v: unknown): string | undefined => (v instanceof Date ? v.toISOString() : typeof v === 'string' && v ? new Date(v).toISOString() : undefined);

/** Activity per lower-case HSM resource id over the last `days` days. */
export async function hsmActivity(customerId: string, days: number, o: ActivityOptions): Promise<Readable<Map<string, HsmActivity>>> {
  const client = createLogsClient({ credential: o.credential, endpoint: o.endpoint, tlsOptions: o.tlsOptions, maxRetries: o.maxRetries });
  try {
    const res = await client.queryWorkspace(customerId, HSM_ACTIVITY_QUERY, { duration: `P${days}D` }, { serverTimeoutInSeconds: 120, abortSignal: o.signal });
    if (res.status !== LogsQueryResultStatus.Success) return unreadable(`the workspace query failed in part: ${res.partialError.message}`);
    const table = res.tables[0];
    const out = new Map<string, HsmActivity>();
    if (!table) return readable(out);
    const col = (name: string) => table.columnDescriptors.findIndex((c) => c.name === name);
    const [id, last, backup] = [col('HsmId'), col('LastEvent'), col('LastBackup')];
    for (const row of table.rows) out.set(String(row[id]).toLowerCase(), { lastEvent: iso(row[last]), lastBackup: iso(row[backup]) });
    return readable(out);
  } catch (e) {
    if (o.signal?.aborted) throw e;
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 401 || status === 403) return unreadable(`cannot query the workspace: ${status} (needs Log Analytics Reader on the workspace)`);
    return unreadable(`cannot query the workspace: ${queryErrorMessage(e)}`);
  }
}
