/**
 * Per-run state: the pinned clock, parameters, the database, caches for materialize()/toscalar(), and the
 * limits (row cap, deadline, AbortSignal) checked at operator boundaries and inside long loops.
 */
import { KqlError } from '../engine-api.ts';
import type { Database } from '../data/database.ts';
import type { Table } from '../data/table.ts';
import type { Plan } from '../plan/nodes.ts';

export interface RunLimits { maxRows?: number; deadline?: number; signal?: AbortSignal }

export class RunContext {
  readonly materialized = new Map<number, Table>();
  readonly scalars = new Map<Plan, unknown>();
  readonly tables = new Map<string, Table>();
  private ticks = 0;
  /**
   * Rows ingested at or after this instant (ticks) are not in the workspace yet: table scans leave them out.
   * A row's ingestion time is its hidden one (data/table.ts), else its TimeGenerated; null when unbounded.
   */
  ingestedBefore: number | null = null;
  /** Whether table scans attach the rows' ingestion times (the query calls ingestion_time()). */
  trackIngestion = false;

  constructor(
    readonly db: Database,
    readonly now: number,
    readonly parameters: Record<string, unknown>,
    readonly limits: RunLimits,
    readonly timeRange: { start: number; end: number } | null,
    readonly externalDataRoot: string | undefined,
  ) {}

  /** Called at operator boundaries and every few thousand rows in loops. */
  check(): void {
    const { signal, deadline } = this.limits;
    if (signal?.aborted) throw new KqlError('KQL_ABORTED', 'the query was cancelled');
    if (deadline !== undefined && Date.now() > deadline) {
      throw new KqlError('KQL_LIMIT', 'the query ran longer than its time limit (timeoutMs); narrow the time range or simplify the query');
    }
  }

  /** Cheap per-row tick: checks limits every 65536 calls. */
  tick(n = 1): void {
    this.ticks += n;
    if (this.ticks >= 65536) {
      this.ticks = 0;
      this.check();
    }
  }

  /** Intermediate results are capped too, so that a runaway join cannot exhaust memory. */
  checkRows(count: number, what: string): void {
    const cap = this.limits.maxRows;
    if (cap !== undefined && count > cap * 10 + 1_000_000) {
      throw new KqlError('KQL_LIMIT', `${what} produced ${count} rows, beyond the row limit; add filters or raise maxRows`);
    }
  }
}
