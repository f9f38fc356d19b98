import type { ColumnSchema, FunctionDefinition, TableSchema } from './schema.ts';

export type KqlErrorCode =
  | 'KQL_SYNTAX'        // the parser/binder reported errors; `diagnostics` has them
  | 'KQL_UNSUPPORTED'   // a valid query uses an operator or function the engine does not implement
  | 'KQL_RUNTIME'       // evaluation failed (bad argument, type mismatch the binder allowed, ...)
  | 'KQL_LIMIT'         // a row or time limit was hit
  | 'KQL_ABORTED'       // the AbortSignal fired
  | 'KQL_DATA';         // input data could not be read or typed

export interface KqlDiagnostic { code: string; severity: string; message: string; start: number; length: number }

export class KqlError extends Error {
  constructor(
    readonly code: KqlErrorCode,
    message: string,
    readonly start?: number,
    readonly length?: number,
    readonly diagnostics: KqlDiagnostic[] = [],
  ) {
    super(message);
    this.name = 'KqlError';
  }
}

export interface QueryResult {
  columns: ColumnSchema[];
  rows: unknown[][];
  /** What the query did that its text may not show (a `union isfuzzy=true` operand skipped, ...); absent when none. */
  warnings?: string[];
}

/** Rows of one table as JSON records (as read from `TABLE.jsonl`), typed by the table's schema on load. */
export interface TableRecords { schema: TableSchema; rows: Record<string, unknown>[] }

export interface RunOptions {
  /** Value of now(); constant within a query. Defaults to the wall clock at the start of the run. */
  now?: Date | string;
  /** Restrict every table on TimeGenerated to [start, end] before the query runs. */
  timeRange?: { start: Date | string; end: Date | string };
  /**
   * Only rows ingested before this instant are in the workspace: later rows are invisible to the query, as rows
   * outside `timeRange` are. A row's ingestion time is its `_IngestionTime` (see createDatabase), else its
   * TimeGenerated; rows with neither are always visible.
   */
  ingestedBefore?: Date | string;
  /** Values for `declare query_parameters`. */
  parameters?: Record<string, unknown>;
  maxRows?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface EngineOptions {
  tables: TableSchema[];
  functions?: FunctionDefinition[];
  /** Directory `externaldata` may read from; the network is never used. */
  externalDataRoot?: string;
}

export interface ReplayabilityReport {
  replayable: boolean;
  /** Operators or functions the engine does not implement, with offsets in the query text. */
  unsupported: { name: string; start: number; length: number }[];
}
