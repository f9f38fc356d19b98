/**
 * A local HTTPS imitation of the Log Analytics query API (`POST /v1/workspaces/{workspaceId}/query`, body
 * `{ query, timespan }`, shapes from the azure-rest-api-specs OperationalInsights data-plane spec) that answers
 * with the local engine over its own rows. It checks the bearer token, the workspace id and the timespan
 * (an ISO-8601 `start/end` interval, as the SDK sends a window), restricts every table to [start, end) on
 * TimeGenerated, evaluates now() with its own clock (as the service does: a query that does not pin it sees the
 * wall clock), and answers as the service does: datetimes as ISO text, dynamic values as JSON text, semantic
 * errors as 400 BadArgumentError with an innererror. Faults and throttling come from HttpsImitation.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, createEngine, KqlError, readTableFile, tableNameOfFile, type Database, type FunctionDefinition, type TableRecords, type TableSchema } from '../../../src/kql/index.ts';
import { hoistRunLiterals, HttpsImitation, type Recorded } from './common.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The instant just before `end` in the engine's inclusive range (100 ns ticks). */
function lastTickBefore(end: Date): string {
  return `${new Date(end.getTime() - 1).toISOString().slice(0, -1)}9999Z`;
}

/**
 * The workspace's `Usage` table (Azure Monitor table reference: one record per hour and data type, Quantity in MB,
 * StartTime/EndTime the hour, TimeGenerated its end). Assumed here: a row's billed size is its JSON text's length.
 */
export const USAGE_SCHEMA: TableSchema = {
  name: 'Usage',
  columns: [
    { name: 'TimeGenerated', type: 'datetime' }, { name: 'StartTime', type: 'datetime' }, { name: 'EndTime', type: 'datetime' },
    { name: 'DataType', type: 'string' }, { name: 'Solution', type: 'string' }, { name: 'Quantity', type: 'real' },
    { name: 'QuantityUnit', type: 'string' }, { name: 'IsBillable', type: 'bool' },
  ],
};

export function usageRows(records: TableRecords[]): Record<string, unknown>[] {
  const hours = new Map<string, number>();
  for (const r of records) {
    for (const row of r.rows) {
      const t = Date.parse(String(row.TimeGenerated));
      if (Number.isNaN(t)) continue;
      const key = `${r.schema.name}\0${Math.floor(t / 3_600_000) * 3_600_000}`;
      hours.set(key, (hours.get(key) ?? 0) + JSON.stringify(row).length);
    }
  }
  return [...hours].map(([key, bytes]) => {
    const [table, start] = key.split('\0');
    const s = new Date(Number(start));
    const e = new Date(Number(start) + 3_600_000);
    return { TimeGenerated: e.toISOString(), StartTime: s.toISOString(), EndTime: e.toISOString(), DataType: table, Solution: 'LogManagement', Quantity: bytes / 1e6, QuantityUnit: 'MBytes', IsBillable: true };
  });
}

/** Every data file of a directory as records, plus the Usage table they make. */
export function workspaceRecords(dir: string, tables: TableSchema[]): TableRecords[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const records = readdirSync(dir).filter((f) => byName.has(tableNameOfFile(f))).map((f) => readTableFile(join(dir, f), byName.get(tableNameOfFile(f))!));
  return [...records, { schema: USAGE_SCHEMA, rows: usageRows(records) }];
}

export class LogAnalyticsImitation extends HttpsImitation {
  workspaceId = '11111111-1111-4111-8111-111111111111';
  /** Queries answered, with the timespan they were sent with. */
  readonly queries: { query: string; timespan: string }[] = [];
  private readonly engine: ReturnType<typeof createEngine>;

  /** `functions` stand for what is deployed in the workspace (Sentinel's built-ins; an older parser, say). */
  private readonly db: Database;

  protected override onReset(): void {
    this.queries.length = 0;
  }

  constructor(tables: TableSchema[], records: TableRecords[], functions: FunctionDefinition[] = []) {
    super();
    this.engine = createEngine({ tables: [...tables, USAGE_SCHEMA], functions });
    this.db = createDatabase(records);
  }

  protected handle(rec: Recorded, send: (status: number, body: unknown) => void): void {
    const error = (status: number, code: string, message: string, inner?: { code: string; message: string }) =>
      send(status, { error: { code, message, ...(inner ? { innererror: inner } : {}) } });
    const m = /^\/v1\/workspaces\/([^/]+)\/query$/.exec(rec.path);
    if (!m || rec.method !== 'POST') return error(404, 'PathNotFoundError', `The requested path does not exist: ${rec.method} ${rec.path}`);
    if (rec.headers.authorization !== `Bearer ${this.token}`) return error(401, 'AuthorizationRequiredError', 'Valid authentication was not provided');
    if (!GUID.test(m[1]!) || m[1] !== this.workspaceId) return error(404, 'WorkspaceNotFoundError', `The workspace could not be found: ${m[1]}`);
    let body: { query?: unknown; timespan?: unknown };
    try { body = JSON.parse(rec.body); } catch { return error(400, 'BadArgumentError', 'The request body is not valid JSON'); }
    if (typeof body.query !== 'string' || !body.query.trim()) return error(400, 'BadArgumentError', 'The request had some invalid properties', { code: 'QueryValidationError', message: 'query is required' });
    let range: { start: Date; end: Date } | undefined;
    if (body.timespan !== undefined) {
      const parts = typeof body.timespan === 'string' ? body.timespan.split('/') : [];
      const [start, end] = parts.map((p) => new Date(p));
      if (parts.length !== 2 || !start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || !(end > start)) {
        return error(400, 'BadArgumentError', 'The request had some invalid properties', { code: 'InvalidTimespan', message: `timespan '${String(body.timespan)}' is not a start/end interval` });
      }
      range = { start, end };
    }
    this.queries.push({ query: body.query, timespan: String(body.timespan) });
    try {
      const run = hoistRunLiterals(body.query, new Date());
      const r = this.engine.run(run.text, this.db, { now: run.now, timeRange: range ? { start: range.start, end: lastTickBefore(range.end) } : undefined });
      const columns = r.columns.map((c) => ({ name: c.name, type: c.type }));
      const rows = r.rows.map((row) => row.map((v, i) => (columns[i]!.type === 'dynamic' && v !== null ? JSON.stringify(v) : v)));
      send(200, { tables: [{ name: 'PrimaryResult', columns, rows }] });
    } catch (e) {
      const k = e as KqlError;
      if (k instanceof KqlError && (k.code === 'KQL_SYNTAX' || k.code === 'KQL_RUNTIME' || k.code === 'KQL_UNSUPPORTED')) {
        return error(400, 'BadArgumentError', 'The request had some invalid properties', { code: 'SemanticError', message: k.message });
      }
      error(500, 'InternalServerError', (e as Error).message);
    }
  }
}
