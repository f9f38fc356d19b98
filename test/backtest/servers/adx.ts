/**
 * A local HTTPS imitation of an Azure Data Explorer cluster's REST API, answering with the local engine:
 * `POST /v2/rest/query` (body `{ db, csl, properties }`, answered with v2 frames: DataSetHeader, the PrimaryResult
 * DataTable, DataSetCompletion), `POST /v1/rest/mgmt` for the control commands the differential test sends
 * (`.create table T (c:type, ...)`, `.ingest inline into table T with (format="json") <| ...`, `.drop table T
 * ifexists`, `.show tables`, answered as v1 tables) and `GET /v1/rest/auth/metadata`. Shapes from the ADX REST API
 * reference ("Query/management HTTP request", "Query V2 HTTP response"). It checks the bearer token and the
 * database, evaluates `set query_now` as the query's now, resolves `database("DB").T` to its table T (refusing
 * another database), and answers errors as ADX does (400 with `error.code`/`@message`).
 */
import { createDatabase, createEngine, KqlError, normaliseTypeName, type Database, type TableRecords, type TableSchema } from '../../../src/kql/index.ts';
import { hoistRunLiterals, HttpsImitation, type Recorded } from './common.ts';

const V2_TYPE: Record<string, string> = { string: 'string', datetime: 'datetime', timespan: 'timespan', long: 'long', int: 'int', real: 'real', bool: 'bool', guid: 'guid', dynamic: 'dynamic', decimal: 'decimal' };

export class AdxImitation extends HttpsImitation {
  database = 'SecurityLogs';
  /** Queries answered (csl text as sent). */
  readonly queries: string[] = [];
  /** Control commands received, and the tables that exist now (created by `.create table`, or given). */
  readonly commands: string[] = [];
  /** Changes an answer before it is sent (a test's stand-in for an engine that disagrees). */
  transform?: (columns: { ColumnName: string; ColumnType: string }[], rows: unknown[][]) => { columns: { ColumnName: string; ColumnType: string }[]; rows: unknown[][] };
  private readonly tables = new Map<string, { schema: TableSchema; rows: Record<string, unknown>[] }>();
  private engine?: ReturnType<typeof createEngine>;
  private db?: Database;

  constructor(initial: TableRecords[] = []) {
    super();
    for (const r of initial) this.tables.set(r.schema.name, { schema: r.schema, rows: [...r.rows] });
  }

  protected override onReset(): void {
    this.queries.length = 0;
    this.commands.length = 0;
  }

  /** Table names in the database now. */
  tableNames(): string[] {
    return [...this.tables.keys()];
  }

  private invalidate(): void {
    this.engine = undefined;
    this.db = undefined;
  }

  private current() {
    if (!this.engine || !this.db) {
      const list = [...this.tables.values()];
      this.engine = createEngine({ tables: list.map((t) => t.schema) });
      this.db = createDatabase(list.map((t) => ({ schema: t.schema, rows: t.rows })));
    }
    return { engine: this.engine, db: this.db };
  }

  protected handle(rec: Recorded, send: (status: number, body: unknown) => void): void {
    const fail = (status: number, code: string, message: string) => send(status, { error: { code, message: code === 'General_BadRequest' ? 'Request is invalid and cannot be executed.' : message, '@type': 'Kusto.Data.Exceptions.KustoRequestException', '@message': message, '@permanent': status < 500 } });
    if (rec.method === 'GET' && rec.path === '/v1/rest/auth/metadata') {
      return send(200, { AzureAD: { LoginEndpoint: 'https://login.microsoftonline.com', LoginMfaRequired: false, KustoClientAppId: 'db662dc1-0cfe-4e1c-a843-19a68e65be58', KustoClientRedirectUri: 'https://microsoft/kustoclient', KustoServiceResourceId: this.url, FirstPartyAuthorityUrl: 'https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a' } });
    }
    if (rec.method !== 'POST' || (rec.path !== '/v2/rest/query' && rec.path !== '/v1/rest/mgmt')) return fail(404, 'NotFound', `${rec.method} ${rec.path}`);
    if (rec.headers.authorization !== `Bearer ${this.token}`) return fail(401, 'Unauthorized', 'Unauthorized: the bearer token is missing or not valid for this cluster');
    let body: { db?: string; csl?: string; properties?: unknown };
    try { body = JSON.parse(rec.body); } catch { return fail(400, 'General_BadRequest', 'The request body is not JSON'); }
    if (body.db !== this.database) return fail(400, 'General_BadRequest', `Entity ID '${body.db}' of kind 'Database' was not found.`);
    if (typeof body.csl !== 'string') return fail(400, 'General_BadRequest', 'csl is required');
    if (rec.path === '/v1/rest/mgmt') return this.mgmt(body.csl, send, fail);
    this.queries.push(body.csl);
    const foreign = /database\("([^"]*)"\)\./.exec(body.csl.replace(new RegExp(`database\\("${this.database}"\\)\\.`, 'g'), ''));
    if (foreign) return fail(400, 'General_BadRequest', `Semantic error: 'database("${foreign[1]}")' does not refer to a database of this cluster`);
    const run = hoistRunLiterals(body.csl.replace(new RegExp(`database\\("${this.database}"\\)\\.`, 'g'), ''), new Date());
    try {
      const { engine, db } = this.current();
      const r = engine.run(run.text, db, { now: run.now });
      let columns = r.columns.map((c) => ({ ColumnName: c.name, ColumnType: V2_TYPE[c.type] ?? c.type }));
      let rows = r.rows;
      if (this.transform) ({ columns, rows } = this.transform(columns, rows));
      send(200, [
        { FrameType: 'DataSetHeader', IsProgressive: false, Version: 'v2.0' },
        { FrameType: 'DataTable', TableId: 1, TableKind: 'PrimaryResult', TableName: 'PrimaryResult', Columns: columns, Rows: rows },
        { FrameType: 'DataSetCompletion', HasErrors: false, Cancelled: false },
      ]);
    } catch (e) {
      const k = e as KqlError;
      if (k instanceof KqlError && k.code !== 'KQL_ABORTED') return fail(400, 'General_BadRequest', `Semantic error: ${k.message}`);
      fail(500, 'InternalServiceError', (e as Error).message);
    }
  }

  private mgmt(csl: string, send: (status: number, body: unknown) => void, fail: (status: number, code: string, message: string) => void): void {
    this.commands.push(csl);
    const ok = (columns: string[] = [], rows: unknown[][] = []) => send(200, { Tables: [{ TableName: 'Table_0', Columns: columns.map((c) => ({ ColumnName: c, DataType: 'String', ColumnType: 'string' })), Rows: rows }] });
    let m = /^\.create\s+table\s+(\w+)\s*\(([^)]*)\)\s*$/.exec(csl.trim());
    if (m) {
      const columns = m[2]!.split(',').map((c) => c.trim()).filter(Boolean).map((c) => {
        const [name, type] = c.split(':').map((x) => x.trim().replace(/^\['(.*)'\]$/, '$1').replace(/^\["(.*)"\]$/, '$1'));
        return { name: name!, type: normaliseTypeName(type ?? '') ?? 'string' };
      });
      if (this.tables.has(m[1]!)) return fail(400, 'General_BadRequest', `Entity '${m[1]}' of kind 'Table' already exists`);
      this.tables.set(m[1]!, { schema: { name: m[1]!, columns }, rows: [] });
      this.invalidate();
      return ok(['TableName'], [[m[1]]]);
    }
    m = /^\.ingest\s+inline\s+into\s+table\s+(\w+)\s+with\s*\(\s*format\s*=\s*["']?(\w+)["']?\s*\)\s*<\|\s*\n?([\s\S]*)$/.exec(csl);
    if (m) {
      const t = this.tables.get(m[1]!);
      if (!t) return fail(400, 'General_BadRequest', `Table '${m[1]}' was not found`);
      if (m[2] !== 'json' && m[2] !== 'multijson') return fail(400, 'General_BadRequest', `format '${m[2]}' is not one this imitation reads`);
      for (const line of m[3]!.split('\n')) if (line.trim()) t.rows.push(JSON.parse(line) as Record<string, unknown>);
      this.invalidate();
      return ok(['ExtentId'], [['00000000-0000-4000-8000-000000000001']]);
    }
    m = /^\.drop\s+tables?\s+\(?([\w\s,]+?)\)?(\s+ifexists)?\s*$/.exec(csl.trim());
    if (m) {
      const names = m[1]!.split(',').map((n) => n.trim());
      for (const n of names) if (!this.tables.has(n) && !m[2]) return fail(400, 'General_BadRequest', `Table '${n}' was not found`);
      for (const n of names) this.tables.delete(n);
      this.invalidate();
      return ok(['TableName'], this.tableNames().map((n) => [n]));
    }
    if (/^\.show\s+tables\s*$/.test(csl.trim())) return ok(['TableName', 'DatabaseName'], this.tableNames().map((n) => [n, this.database]));
    fail(400, 'General_BadRequest', `Syntax error: the imitation does not know the command '${csl.split('\n')[0]}'`);
  }
}
