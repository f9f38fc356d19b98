/** A LogsQueryClient (@azure/monitor-query-logs) for the preflight and live queries. */
import type { TokenCredential } from '@azure/core-auth';
import { LogsQueryClient, type LogsTable } from '@azure/monitor-query-logs';

export const DEFAULT_LOGS_ENDPOINT = 'https://api.loganalytics.io';

export interface LogsConnection {
  credential: TokenCredential;
  /** Log Analytics query endpoint without `/v1`, e.g. https://api.loganalytics.us for US Government. */
  endpoint?: string;
  tlsOptions?: { ca?: string | Buffer };
  maxRetries?: number;
}

export function createLogsClient(c: LogsConnection): LogsQueryClient {
  const base = (c.endpoint ?? DEFAULT_LOGS_ENDPOINT).replace(/\/+$/, '');
  return new LogsQueryClient(c.credential, {
    endpoint: `${base}/v1`,
    credentials: { scopes: [`${/^https:\/\/api\.loganalytics\.(io|us|azure\.cn)$/i.test(base) ? base : DEFAULT_LOGS_ENDPOINT}/.default`] },
    tlsOptions: c.tlsOptions,
    retryOptions: { maxRetries: c.maxRetries ?? 3, retryDelayInMs: c.maxRetries === 0 ? 0 : 1000 },
  });
}

/** A short message for a failed query (RestError or partial failure), without request details. */
export function queryErrorMessage(e: unknown): string {
  const err = e as { message?: string; code?: string; details?: { error?: { message?: string; innererror?: { message?: string } } } };
  const inner = err.details?.error?.innererror?.message ?? err.details?.error?.message;
  return `${err.code ? `${err.code}: ` : ''}${inner ?? err.message ?? String(e)}`.split('\n')[0]!;
}

export function firstTable(tables: LogsTable[]): LogsTable | undefined {
  return tables[0];
}
