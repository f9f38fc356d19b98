/**
 * What replay needs from a query engine: run a query over a data set with a pinned now() and a time range.
 * The real implementation wraps src/kql (see kql-engine.ts); unit tests of the scheduler may pass their own.
 */
import type { QueryRows } from './alerts.ts';

export interface RunRequest {
  now: Date;
  /**
   * Only rows with start <= TimeGenerated < end are visible to the query (Sentinel's queryPeriod). The window is
   * half-open so that consecutive runs of a rule whose period equals its frequency see each row exactly once.
   */
  timeRange: { start: Date; end: Date };
  signal?: AbortSignal;
}

export interface ReplayEngine<D = unknown> {
  run(query: string, data: D, request: RunRequest): QueryRows | Promise<QueryRows>;
}
