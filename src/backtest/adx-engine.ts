/**
 * Azure Data Explorer backend (azure-kusto-data): ADX has no timespan parameter, so the window is applied in the
 * query. Each run is sent as
 *
 *   set query_now = datetime(t);
 *   let AZKVAuditLogs = database("DB").HsmAudit | where TimeGenerated >= now() - 70m and TimeGenerated < now();
 *   let ManagedHsmAudit = () { ... };   // the repository's functions
 *   <the rule's query>
 *
 * `query_now` pins now() (and ago()) to the run; each table the query reads (through the functions too) is
 * shadowed by its window on the cluster's table (`--table-map` names it when the cluster's name differs). Only the
 * first line changes from run to run. Results come from the v2 frames (DataTable PrimaryResult).
 */
import { Agent, request as httpsRequest } from 'node:https';
import { Client, ClientRequestProperties, CloudSettings, KustoConnectionStringBuilder } from 'azure-kusto-data';
import type { TokenCredential } from '@azure/core-auth';
import type { FunctionDefinition } from '../kql/index.ts';
import { functionPrelude, tablesReadBy } from './compose.ts';
import { BacktestEngineError, retryAfterMs, type EngineQuery, type EngineTable, type HourlyVolume, type QueryEngine } from './engine.ts';
import { kqlDatetime } from './pin-now.ts';
import type { Classify } from './pool.ts';
import { normaliseRows, normaliseTypeName } from './wire-values.ts';

export interface AdxEngineOptions {
  /** https://NAME.REGION.kusto.windows.net */
  cluster: string;
  database: string;
  credential: TokenCredential;
  /** Table names the pack uses → the cluster's names (default: the same). */
  tableMap?: Record<string, string>;
  /** Every table the pack knows (the window is applied to those a query reads). */
  tables: string[];
  /** The pack's functions, declared in front of each query; empty to use functions stored in the database. */
  functions?: FunctionDefinition[];
  /** For a cluster behind a private CA (and the tests' imitation). */
  tlsOptions?: { ca?: string | Buffer };
  serverTimeoutMs?: number;
}

interface V2Frame { FrameType: string; TableKind?: string; Columns?: { ColumnName: string; ColumnType: string }[]; Rows?: unknown[]; HasErrors?: boolean; Cancelled?: boolean; OneApiErrors?: { error?: { message?: string; '@message'?: string } }[] }

function durationLiteral(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms}ms`;
}

function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `["${name.replace(/"/g, '\\"')}"]`;
}

/** The message of a failed ADX call (axios error with a Kusto error body, ThrottlingError, or a frame error). */
function describe(err: unknown): { status?: number; message: string; retryAfterMs?: number } {
  const e = err as { name?: string; message?: string; inner?: unknown; response?: { status?: number; headers?: Record<string, string>; data?: { error?: { message?: string; '@message'?: string } } } };
  const base = (e.name === 'ThrottlingError' ? e.inner : e) as typeof e;
  const status = base?.response?.status ?? (e.name === 'ThrottlingError' ? 429 : undefined);
  const body = base?.response?.data?.error;
  const headers = base?.response?.headers ?? {};
  return { status, message: (body?.['@message'] ?? body?.message ?? e.message ?? String(err)).split('\n')[0]!, retryAfterMs: retryAfterMs((h) => headers[h]) };
}

export const classifyAdxError: Classify = (err) => {
  if (err instanceof BacktestEngineError) {
    return { kind: err.status === 429 ? 'throttled' : err.status && err.status >= 500 ? 'transient' : 'final', retryAfterMs: err.retryAfterMs };
  }
  const d = describe(err);
  if (d.status === 429) return { kind: 'throttled', retryAfterMs: d.retryAfterMs };
  if (d.status && d.status >= 500) return { kind: 'transient', retryAfterMs: d.retryAfterMs };
  const code = (err as { code?: string }).code ?? '';
  if (!d.status && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ECONNABORTED)$/.test(code)) return { kind: 'transient' };
  return { kind: 'final' };
};

export class AdxEngine implements QueryEngine {
  readonly kind = 'adx' as const;
  readonly target: string;
  private readonly client: Client;
  private ready?: Promise<void>;

  constructor(private readonly options: AdxEngineOptions) {
    const cluster = options.cluster.replace(/\/+$/, '');
    this.target = `cluster ${cluster} database ${options.database}`;
    this.client = new Client(KustoConnectionStringBuilder.withTokenCredential(cluster, options.credential));
    if (options.tlsOptions?.ca) this.client.axiosInstance.defaults.httpsAgent = new Agent({ keepAlive: true, ca: options.tlsOptions.ca });
  }

  /**
   * The client reads the cluster's sign-in metadata (/v1/rest/auth/metadata) with its own HTTP agent; with a
   * private CA it is read here with the CA, and handed to the client's cache.
   */
  private prepare(): Promise<void> {
    if (this.ready || !this.options.tlsOptions?.ca) return this.ready ?? Promise.resolve();
    const cluster = this.options.cluster.replace(/\/+$/, '');
    this.ready = new Promise<void>((resolve, reject) => {
      const req = httpsRequest(`${cluster}/v1/rest/auth/metadata`, { ca: this.options.tlsOptions!.ca }, (res) => {
        let body = '';
        res.on('data', (c) => { body += c; });
        res.on('end', () => {
          try {
            const info = res.statusCode === 200 ? (JSON.parse(body) as { AzureAD?: unknown }).AzureAD : undefined;
            CloudSettings.writeToCache(cluster, info as never);
            resolve();
          } catch (e) { reject(e); }
        });
      });
      req.on('error', reject);
      req.end();
    });
    return this.ready;
  }

  /** The table lets for a run: each table the text reads, as its window on the cluster's table. */
  private tableLets(text: string, windowMs: number | undefined, tableMap = this.options.tableMap): string {
    const db = `database(${JSON.stringify(this.options.database)})`;
    return tablesReadBy(text, this.options.tables, this.options.functions ?? []).map((t) => {
      const source = `${db}.${quoteName(tableMap?.[t] ?? t)}`;
      const filter = windowMs === undefined ? '' : ` | where TimeGenerated >= now() - ${durationLiteral(windowMs)} and TimeGenerated < now()`;
      return `let ${quoteName(t)} = ${source}${filter};\n`;
    }).join('');
  }

  /** The text sent for a run. */
  text(query: string, now: Date, window: { start: Date; end: Date }, tableMap?: Record<string, string>): string {
    if (window.end.getTime() !== now.getTime()) throw new BacktestEngineError('BACKTEST_USAGE', 'an ADX run reads the window that ends at its now()');
    return `set query_now = ${kqlDatetime(now)};\n${this.tableLets(query, window.end.getTime() - window.start.getTime(), tableMap ?? this.options.tableMap)}${functionPrelude(query, this.options.functions ?? [])}${query}`;
  }

  async query(q: EngineQuery): Promise<EngineTable> {
    return this.send(this.text(q.query, q.now, q.window), q.signal);
  }

  /** Hourly volume per table from estimate_data_size (what `--dry-run` reports; the estimate query scans the data once). */
  async hourlyVolume(tables: string[], start: Date, end: Date, signal?: AbortSignal): Promise<HourlyVolume[]> {
    const db = `database(${JSON.stringify(this.options.database)})`;
    const parts = tables.map((t) => `${db}.${quoteName(this.options.tableMap?.[t] ?? t)}
| where TimeGenerated >= ${kqlDatetime(start)} and TimeGenerated < ${kqlDatetime(end)}
| summarize Bytes = sum(estimate_data_size(*)) by Hour = bin(TimeGenerated, 1h)
| extend Table = ${JSON.stringify(t)}`);
    const text = parts.length === 1 ? parts[0]! : `union ${parts.map((p) => `(${p})`).join(', ')}`;
    const t = await this.send(text, signal);
    const at = (n: string) => t.columns.findIndex((c) => c.name === n);
    return t.rows.map((r) => ({ table: String(r[at('Table')]), hour: new Date(String(r[at('Hour')])), bytes: Number(r[at('Bytes')]) }));
  }

  /** A control command (`.create table`, `.ingest inline`, `.drop table`): for the differential test. */
  async command(text: string, signal?: AbortSignal): Promise<void> {
    await this.prepare();
    try {
      signal?.throwIfAborted();
      await this.client.executeMgmt(this.options.database, text);
    } catch (err) {
      if (signal?.aborted) throw err;
      throw this.failure(err);
    }
  }

  private failure(err: unknown): BacktestEngineError {
    const d = describe(err);
    if (d.status === 401 || d.status === 403) {
      return new BacktestEngineError('BACKTEST_AUTH', `${this.target}: ${d.message} (the credential needs the Viewer role on the database; the differential test needs Admin to create tables)`, d.status, { cause: err });
    }
    return new BacktestEngineError(d.status === 429 ? 'BACKTEST_THROTTLED' : 'BACKTEST_QUERY', d.message, d.status, { cause: err, retryAfterMs: d.retryAfterMs });
  }

  async send(text: string, signal?: AbortSignal): Promise<EngineTable> {
    await this.prepare();
    const props = new ClientRequestProperties();
    props.raw = true;
    props.setTimeout(this.options.serverTimeoutMs ?? 180_000);
    let frames: V2Frame[];
    try {
      signal?.throwIfAborted();
      frames = await this.client.executeQuery(this.options.database, text, props) as unknown as V2Frame[];
    } catch (err) {
      if (signal?.aborted) throw err;
      throw this.failure(err);
    }
    if (!Array.isArray(frames)) throw new BacktestEngineError('BACKTEST_QUERY', 'the cluster answered without v2 frames');
    const done = frames.find((f) => f.FrameType === 'DataSetCompletion');
    if (done?.HasErrors || done?.Cancelled) {
      const msg = done.OneApiErrors?.map((e) => e.error?.['@message'] ?? e.error?.message).filter(Boolean).join('; ');
      throw new BacktestEngineError('BACKTEST_QUERY', `${done.Cancelled ? 'cancelled' : 'query failed'}${msg ? `: ${msg}` : ''} (the results would be incomplete)`);
    }
    const primary = frames.find((f) => f.FrameType === 'DataTable' && f.TableKind === 'PrimaryResult');
    if (!primary?.Columns) return { columns: [], rows: [] };
    const columns = primary.Columns.map((c) => ({ name: c.ColumnName, type: normaliseTypeName(c.ColumnType) }));
    const inline = (primary.Rows ?? []).find((r) => !Array.isArray(r)) as V2Frame | undefined;
    if (inline) {
      const msg = inline.OneApiErrors?.map((e) => e.error?.['@message'] ?? e.error?.message).filter(Boolean).join('; ');
      throw new BacktestEngineError('BACKTEST_QUERY', `query failed part-way${msg ? `: ${msg}` : ''} (the results would be incomplete)`);
    }
    const rows = (primary.Rows ?? []) as unknown[][];
    return { columns, rows: normaliseRows(columns, rows) };
  }

  close(): void {
    this.client.close();
  }
}
