/**
 * Log Analytics backend: each run is one `POST /v1/workspaces/{id}/query` (through @azure/monitor-query-logs)
 * with the run's window as the request's `timespan` (start/end), the pack's functions declared in front of the
 * rule's query and now() pinned to the run's instant (pin-now.ts). Retries are the pool's (pool.ts), not the
 * SDK's, so that a 429 pauses every lane.
 */
import { LogsQueryResultStatus, type LogsQueryClient } from '@azure/monitor-query-logs';
import type { TokenCredential } from '@azure/core-auth';
import { createLogsClient } from '../deploy/workspace/logs.ts';
import type { FunctionDefinition } from '../kql/index.ts';
import { withFunctions } from './compose.ts';
import { BacktestEngineError, retryAfterMs, type EngineQuery, type EngineTable, type HourlyVolume, type QueryEngine } from './engine.ts';
import { kqlDatetime, pinNow } from './pin-now.ts';
import type { Classify } from './pool.ts';
import { normaliseRows } from './wire-values.ts';

export interface LogAnalyticsEngineOptions {
  /** Workspace GUID (customerId). */
  workspaceId: string;
  credential: TokenCredential;
  /** Query endpoint without /v1 (default https://api.loganalytics.io; api.loganalytics.us, api.loganalytics.azure.cn). */
  endpoint?: string;
  tlsOptions?: { ca?: string | Buffer };
  /**
   * The pack's workspace functions, declared in front of each query so the backtest runs the repository's
   * parser; empty to use the functions deployed in the workspace (`--deployed-functions`).
   */
  functions?: FunctionDefinition[];
  /** Server-side timeout per query (default 180 s). */
  serverTimeoutInSeconds?: number;
}

interface RestLikeError { statusCode?: number; code?: string; message?: string; response?: { headers?: { get?(name: string): string | undefined } & Record<string, unknown> }; details?: { error?: { message?: string; innererror?: { message?: string; innererror?: { message?: string } } } } }

function describe(e: RestLikeError): string {
  const inner = e.details?.error?.innererror?.innererror?.message ?? e.details?.error?.innererror?.message ?? e.details?.error?.message;
  return `${e.code ? `${e.code}: ` : ''}${inner ?? e.message ?? String(e)}`.split('\n')[0]!;
}

/** A response header from a RestError: core-rest-pipeline's HttpHeaders, or the raw header object of core-client-rest. */
function header(e: RestLikeError, name: string): string | undefined {
  const h = e.response?.headers;
  if (!h) return undefined;
  if (typeof h.get === 'function') return h.get(name) ?? undefined;
  const key = Object.keys(h).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(h[key]);
}

/** How the pool treats a Log Analytics failure. */
export const classifyLogsError: Classify = (err) => {
  const e = err as RestLikeError;
  if (err instanceof BacktestEngineError) return { kind: err.status === 429 ? 'throttled' : err.status && err.status >= 500 ? 'transient' : 'final', retryAfterMs: err.retryAfterMs };
  if (e.statusCode === 429) return { kind: 'throttled', retryAfterMs: retryAfterMs((h) => header(e, h)) };
  if (e.statusCode && [500, 502, 503, 504].includes(e.statusCode)) return { kind: 'transient', retryAfterMs: retryAfterMs((h) => header(e, h)) };
  if (!e.statusCode && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|REQUEST_SEND_ERROR)$/.test(e.code ?? '')) return { kind: 'transient' };
  return { kind: 'final' };
};

export class LogAnalyticsEngine implements QueryEngine {
  readonly kind = 'log-analytics' as const;
  readonly target: string;
  private readonly client: LogsQueryClient;

  constructor(private readonly options: LogAnalyticsEngineOptions) {
    this.target = `workspace ${options.workspaceId}`;
    this.client = createLogsClient({ credential: options.credential, endpoint: options.endpoint, tlsOptions: options.tlsOptions, maxRetries: 0 });
  }

  /** The text sent for a run (functions declared, now() pinned). */
  text(query: string, now: Date): string {
    return pinNow(withFunctions(query, this.options.functions ?? []), now);
  }

  async query(q: EngineQuery): Promise<EngineTable> {
    return this.send(this.text(q.query, q.now), q.window, q.signal);
  }

  /**
   * Hourly volume from the workspace's `Usage` table (Quantity is in MB, one record per hour and data type, from
   * StartTime to EndTime); the AzureDiagnostics volume is every resource type's, as a query over it scans it all.
   */
  async hourlyVolume(tables: string[], start: Date, end: Date, signal?: AbortSignal): Promise<HourlyVolume[]> {
    const text = [
      'Usage',
      `| where StartTime >= ${kqlDatetime(start)} and StartTime < ${kqlDatetime(end)}`,
      `| where DataType in (${tables.map((t) => JSON.stringify(t)).join(', ')})`,
      '| summarize MB = sum(Quantity) by DataType, Hour = bin(StartTime, 1h)',
    ].join('\n');
    // Usage records are stamped (TimeGenerated) at the end of their hour.
    const t = await this.send(text, { start, end: new Date(end.getTime() + 3_600_000) }, signal);
    const at = (n: string) => t.columns.findIndex((c) => c.name === n);
    const [d, h, mb] = [at('DataType'), at('Hour'), at('MB')];
    return t.rows.map((r) => ({ table: String(r[d]), hour: new Date(String(r[h])), bytes: Number(r[mb]) * 1e6 }));
  }

  /** Any query over a window (the Usage estimate uses it too). */
  async send(text: string, window: { start: Date; end: Date }, signal?: AbortSignal): Promise<EngineTable> {
    let res;
    try {
      res = await this.client.queryWorkspace(this.options.workspaceId, text, { startTime: window.start, endTime: window.end }, {
        serverTimeoutInSeconds: this.options.serverTimeoutInSeconds ?? 180,
        abortSignal: signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      const e = err as RestLikeError;
      if (e.statusCode === 401 || e.statusCode === 403) {
        throw new BacktestEngineError('BACKTEST_AUTH', `workspace ${this.options.workspaceId}: ${describe(e)} (the credential needs Log Analytics Reader on the workspace)`, e.statusCode, { cause: err });
      }
      if (classifyLogsError(err).kind !== 'final') throw err;
      throw new BacktestEngineError('BACKTEST_QUERY', describe(e), e.statusCode, { cause: err });
    }
    if (res.status !== LogsQueryResultStatus.Success) {
      throw new BacktestEngineError('BACKTEST_QUERY', `partial failure: ${res.partialError.message} (the results would be incomplete)`);
    }
    const table = res.tables[0];
    if (!table) return { columns: [], rows: [] };
    const columns = table.columnDescriptors.map((c) => ({ name: c.name ?? '', type: c.type ?? 'string' }));
    return { columns, rows: normaliseRows(columns, table.rows as unknown[][]) };
  }
}
