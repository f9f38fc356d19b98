/**
 * An archive tree as local data: every PT1H.json blob read (read-blob.ts), each record mapped to the table row Log
 * Analytics would hold (resource-log-mapping.ts, activity-log-mapping.ts), and the rows handed to the KQL engine's
 * loader (createDatabase) typed by the table schemas. Blobs outside the period (and the longest look-back before
 * it) are not read, so a backtest of one week of a years-long archive reads one week.
 */
import { createDatabase, type Database, type TableRecords, type TableSchema } from '../../kql/index.ts';
import { BacktestEngineError } from '../engine.ts';
import { archiveBlobs } from './tree.ts';
import { readBlob, type BlobProblem } from './read-blob.ts';
import { toAzkvAuditLogsRow, toAzureDiagnosticsRow } from './resource-log-mapping.ts';
import { toAzureActivityRow } from './activity-log-mapping.ts';

export type ArchiveShape = 'AZKVAuditLogs' | 'AzureDiagnostics';

export interface ArchiveOptions {
  /** The table audit events become (default AZKVAuditLogs, what a diagnostic setting in resource-specific mode writes). */
  shape?: ArchiveShape;
  /** Read only blobs whose hour overlaps [from - lookbackMs, to). */
  from?: Date;
  to?: Date;
  lookbackMs?: number;
}

export interface ArchiveLoad {
  database: Database;
  /** Rows per table. */
  rows: Record<string, number>;
  blobs: number;
  /** Containers present but not mapped (other resource-log categories). */
  skippedContainers: string[];
  problems: BlobProblem[];
}

export const ARCHIVE_SHAPES: ArchiveShape[] = ['AZKVAuditLogs', 'AzureDiagnostics'];

export function loadArchive(dir: string, tables: TableSchema[], options: ArchiveOptions = {}): ArchiveLoad {
  const shape = options.shape ?? 'AZKVAuditLogs';
  const byName = new Map(tables.map((t) => [t.name, t]));
  const need = (name: string) => {
    const s = byName.get(name);
    if (!s) throw new BacktestEngineError('BACKTEST_ARCHIVE', `no table schema named ${name} to map the archive into; add schemas/tables/${name}.json`);
    return s;
  };
  const lo = options.from ? options.from.getTime() - (options.lookbackMs ?? 0) - 3_600_000 : -Infinity;
  const hi = options.to ? options.to.getTime() : Infinity;
  const rows = new Map<string, Record<string, unknown>[]>();
  const problems: BlobProblem[] = [];
  const skipped = new Set<string>();
  let blobs = 0;
  for (const blob of archiveBlobs(dir)) {
    const t = blob.hour.getTime();
    if (t < lo || t >= hi) continue;
    const container = blob.container.toLowerCase();
    let table: string;
    let map: (r: Record<string, unknown>, id: string) => Record<string, unknown>;
    if (container === 'insights-activity-logs') { table = 'AzureActivity'; map = toAzureActivityRow; }
    else if (container === 'insights-logs-auditevent') { table = shape; map = shape === 'AZKVAuditLogs' ? toAzkvAuditLogsRow : toAzureDiagnosticsRow; }
    else { skipped.add(blob.container); continue; }
    blobs++;
    const list = rows.get(table) ?? [];
    rows.set(table, list);
    for (const record of readBlob(blob.file, problems)) {
      if (typeof record.time !== 'string') {
        problems.push({ file: blob.file, line: 1, column: 1, message: 'a record without a "time" field; skipped' });
        continue;
      }
      list.push(map(record, blob.resourceId));
    }
  }
  const records: (TableRecords & { source: { file: string } })[] = [...rows].map(([table, r]) => ({ schema: need(table), rows: r, source: { file: `${dir} (archive, ${table})` } }));
  for (const t of tables) if (!rows.has(t.name)) records.push({ schema: t, rows: [], source: { file: dir } });
  return {
    database: createDatabase(records),
    rows: Object.fromEntries([...rows].map(([t, r]) => [t, r.length])),
    blobs,
    skippedContainers: [...skipped],
    problems,
  };
}
