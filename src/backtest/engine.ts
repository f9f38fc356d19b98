/**
 * The one interface every backtest engine implements: run a rule's query as a scheduled run at `now` would, over
 * its window [start, end). The local engine (src/kql), Log Analytics and Azure Data Explorer are backends of it,
 * side by side; the scheduler, alert building, grouping, suppression and incidents (src/replay) sit on top.
 */
import type { ReplayEngine } from '../replay/index.ts';

export interface QueryWindow { start: Date; end: Date }

export interface EngineQuery {
  query: string;
  /** The run's now(): the end of the window for a scheduled run. */
  now: Date;
  window: QueryWindow;
  signal?: AbortSignal;
}

/** A typed result, values in the local engine's JSON conventions (see wire-values.ts). */
export interface EngineTable {
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

export interface HourlyVolume { table: string; hour: Date; bytes: number }

export type EngineKind = 'local' | 'log-analytics' | 'adx';

export interface QueryEngine {
  readonly kind: EngineKind;
  /** What the engine runs against, for reports and checkpoint keys: a workspace id, a cluster and database. */
  readonly target: string;
  query(request: EngineQuery): Promise<EngineTable>;
  /** Bytes of each table per hour over [start, end) (what `--dry-run` estimates the scan from). */
  hourlyVolume?(tables: string[], start: Date, end: Date, signal?: AbortSignal): Promise<HourlyVolume[]>;
  /** Releases connections (keep-alive agents). */
  close?(): void;
}

export type BacktestErrorCode =
  | 'BACKTEST_QUERY'      // the engine refused or failed a query (syntax, semantic, server error after retries)
  | 'BACKTEST_THROTTLED'  // still throttled (429) after every retry
  | 'BACKTEST_AUTH'       // 401/403: the credential cannot query the target; ends the backtest
  | 'BACKTEST_CHECKPOINT' // the checkpoint file cannot be read or belongs to another backtest
  | 'BACKTEST_ARCHIVE'    // an archive blob could not be read or mapped
  | 'BACKTEST_USAGE';     // bad options

export class BacktestEngineError extends Error {
  /** Milliseconds the service asked to wait before retrying (Retry-After), when it said. */
  retryAfterMs?: number;
  constructor(readonly code: BacktestErrorCode, message: string, readonly status?: number, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'BacktestEngineError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The replay scheduler's view of an engine: column names and rows of one run. */
export function asReplayEngine(engine: QueryEngine): ReplayEngine<unknown> {
  return {
    async run(query, _data, request) {
      const t = await engine.query({ query, now: request.now, window: request.timeRange, signal: request.signal });
      return { columns: t.columns.map((c) => c.name), rows: t.rows };
    },
  };
}

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms` / `x-ms-retry-after-ms`, in milliseconds. */
export function retryAfterMs(get: (name: string) => string | undefined | null, now = Date.now()): number | undefined {
  for (const h of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = Number(get(h));
    if (get(h) && Number.isFinite(v) && v >= 0) return v;
  }
  const ra = get('retry-after');
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
