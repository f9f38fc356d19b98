/**
 * Public surface of the KQL engine. The engine knows nothing of rules, workbooks or Azure.
 *
 * Contract (kept stable for `content/`, `replay/`, `workbooks/` and the CLI):
 *   - `createEngine({ tables, functions })` binds queries with the same globals as `content lint`.
 *   - `engine.run(query, database, { now, timeRange, ... })` returns a `QueryResult` whose rows hold JSON values:
 *     strings; booleans; int/long as numbers (decimal strings beyond 2^53); real as numbers (NaN/Infinity kept);
 *     datetimes as ISO-8601 strings with `Z` and 7 fractional digits; timespans as `[-][d.]hh:mm:ss[.fffffff]`;
 *     guids as lower-case strings; dynamic as parsed JSON values; null for Kusto nulls.
 *   - `timeRange` restricts every table's rows on TimeGenerated before the query runs, as Log Analytics does
 *     for a query's timespan (and as Sentinel does for a rule's queryPeriod).
 *   - `ingestedBefore` hides rows ingested at or after an instant (data not yet in the workspace); `ingestion_time()`
 *     reads a row's `_IngestionTime` as loaded by createDatabase (else its TimeGenerated).
 *   - Errors are `KqlError` with a `code` and, where known, the `start`/`length` offsets in the query text.
 */
export type { ColumnSchema, TableSchema, FunctionDefinition, ScalarTypeName, KustoGlobals } from './schema.ts';
export { loadSchemaDirectory, parseTableSchema, mergeSchemas, buildGlobals, normaliseTypeName, SchemaError } from './schema.ts';
export { loadKusto, warmUpKusto } from './kusto.ts';
export { parseAndAnalyze } from './parse-cache.ts';
export { pipelineSteps, type PipelineStep } from './frontend/pipeline.ts';
export * from './engine-api.ts';
export { createEngine, replayabilityOf, toQueryResult, type Engine } from './engine.ts';
export { ARG_PREFIX, ARG_DIRECTORY, argTableName, bareArgTableName, isArgTable } from './arg.ts';
export { Database, addRecords, createDatabase, ingestionDelayOf, INGESTION_TIME_FIELD, type CreateDatabaseOptions, type RecordSource } from './data/database.ts';
export {
  loadDataDirectory, loadDataDirectoryAsync, loadTableFile, readTableFile, tableNameOfFile, dataFileFormat, dataFilesOf, DATA_EXTENSIONS, type LoadDataOptions,
} from './data/load.ts';
export { readDataFile, readDataFileAsync, type ReadDataOptions, type ReadProgress } from './data/read-file.ts';
export { TableBuilder } from './data/table-builder.ts';
export { namesInQueries } from './data/query-names.ts';
export type { Table } from './data/table.ts';
