/**
 * Backtests beyond one machine: the pack's schedule run on Log Analytics or Azure Data Explorer, and storage-account
 * archives read as local data. Each engine is a backend of one interface (engine.ts); the scheduler, alerts and
 * incidents are src/replay's.
 */
export { asReplayEngine, BacktestEngineError, retryAfterMs, type QueryEngine, type EngineQuery, type EngineTable, type EngineKind, type HourlyVolume, type BacktestErrorCode } from './engine.ts';
export { QueryPool, type PoolOptions, type Classify } from './pool.ts';
export { Checkpoint, runKey } from './checkpoint.ts';
export { ScheduledRuns } from './scheduled-engine.ts';
export { LogAnalyticsEngine, classifyLogsError, type LogAnalyticsEngineOptions } from './log-analytics-engine.ts';
export { remoteBacktest, type RemoteBacktestOptions, type RemoteBacktestResult } from './remote-backtest.ts';
export { estimateBacktest, formatEstimate, formatBytes, type BacktestEstimate, type RuleEstimate } from './estimate.ts';
export { pinNow } from './pin-now.ts';
export { withFunctions, functionPrelude, tablesReadBy } from './compose.ts';
export { normaliseValue, normaliseRows, normaliseTypeName, isoTicks } from './wire-values.ts';
export { loadArchive, ARCHIVE_SHAPES, type ArchiveShape, type ArchiveOptions, type ArchiveLoad } from './archive/load-archive.ts';
export { isArchive, archiveBlobs, archiveContainers, type ArchiveBlob } from './archive/tree.ts';
export { readBlob, type BlobProblem } from './archive/read-blob.ts';
export { toAzureDiagnosticsRow, toAzkvAuditLogsRow } from './archive/resource-log-mapping.ts';
export { toAzureActivityRow } from './archive/activity-log-mapping.ts';
export { AdxEngine, classifyAdxError, type AdxEngineOptions } from './adx-engine.ts';
export { differentialTest, formatDifferential, compareTables, type DifferentialReport, type DifferentialCase, type CaseDifference } from './differential.ts';
