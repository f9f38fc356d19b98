/**
 * A local HTTPS imitation of Azure Resource Manager (and of the Log Analytics query API) on 127.0.0.1, for the
 * resource types the deployer writes. It checks paths, api-versions, bearer tokens and bodies (shapes.ts), keeps
 * state with ETags, answers like ARM (server-added fields, normalised locations, nulls for absent optionals,
 * workbook content only with canFetchContent=true, paged lists) and injects faults on demand.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { buildGlobals, loadKusto, type FunctionDefinition, type TableSchema } from '../../../src/kql/index.ts';
import { localhostCertificate } from './cert.ts';
import { ACCEPTED_API_VERSIONS, validateBody, type ShapeKind } from './shapes.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  status?: number;
}

export interface Fault {
  method?: string;
  /** Substring of the (lower-cased) path, or a RegExp. */
  path?: string | RegExp;
  status?: number;
  /** Retry-After header value (seconds) to send with the status. */
  retryAfter?: string;
  /** Never answer (the client's timeout fires). */
  hang?: boolean;
  /** How many matching requests to affect (default 1). */
  times?: number;
  /** ARM error code in the body. */
  code?: string;
}

export interface StoredResource { kind: ShapeKind; path: string; body: Record<string, unknown>; etag: string }

export type LogsHandler = (workspaceId: string, query: string, timespan: string | undefined) => { status: number; body: unknown };

interface Route { kind: ShapeKind; collection: string; name?: string }

const ROUTES: { re: RegExp; kind: ShapeKind }[] = [
  { re: /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+\/providers\/microsoft\.securityinsights\/alertrules)(?:\/([^/]+))?$/i, kind: 'alertRules' },
  { re: /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+\/providers\/microsoft\.securityinsights\/metadata)(?:\/([^/]+))?$/i, kind: 'metadata' },
  { re: /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+\/providers\/microsoft\.securityinsights\/contentpackages)(?:\/([^/]+))?$/i, kind: 'contentPackages' },
  { re: /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+\/providers\/microsoft\.securityinsights\/contenttemplates)(?:\/([^/]+))?$/i, kind: 'contentTemplates' },
  { re: /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+\/savedsearches)(?:\/([^/]+))?$/i, kind: 'savedSearches' },
  { re: /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.insights\/workbooks)(?:\/([^/]+))?$/i, kind: 'workbooks' },
  { re: /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.insights\/scheduledqueryrules)(?:\/([^/]+))?$/i, kind: 'scheduledQueryRules' },
  { re: /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.insights\/actiongroups)(?:\/([^/]+))?$/i, kind: 'actionGroups' },
];

const TYPES: Record<ShapeKind, string> = {
  alertRules: 'Microsoft.SecurityInsights/alertRules',
  metadata: 'Microsoft.SecurityInsights/metadata',
  contentPackages: 'Microsoft.SecurityInsights/contentPackages',
  contentTemplates: 'Microsoft.SecurityInsights/contentTemplates',
  savedSearches: 'Microsoft.OperationalInsights/workspaces/savedSearches',
  workbooks: 'Microsoft.Insights/workbooks',
  scheduledQueryRules: 'Microsoft.Insights/scheduledQueryRules',
  actionGroups: 'Microsoft.Insights/actionGroups',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ArmImitation {
  readonly cert = localhostCertificate().cert;
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Accepted bearer token for ARM and Log Analytics requests. */
  token = 'test-token';
  /** Delay before every answer, to stand in for network and service latency. */
  latencyMs = 0;
  /** Page size of list responses (exercises nextLink). */
  pageSize = 50;
  /** What GET on the workspace returns. */
  workspace = { location: 'westeurope', customerId: '11111111-1111-4111-8111-111111111111' };
  /** Tables (and their columns) the Log Analytics imitation knows; queries naming other known tables fail. */
  logTables: Record<string, string[]> = {};
  /** Table names that exist in Azure at all; a query naming one absent from `logTables` fails like SEM0100. */
  knownTables: string[] = [];
  /** Rows returned for a query that runs (default: none). */
  queryRows: (query: string, timespan: string | undefined) => unknown[][] = () => [];
  logsHandler: LogsHandler = (_ws, query, timespan) => this.defaultLogs(query, timespan);
  /**
   * When set, a rule's query is validated when the rule is written, as Sentinel (alertRules) and Azure Monitor
   * (scheduledQueryRules without skipQueryValidation) do: bound by Microsoft's Kusto parser against these tables and
   * the workspace functions (saved searches with a functionAlias) the workspace holds at that moment. A query
   * that does not bind is refused with 400 BadRequest (the wording of the message is this imitation's own).
   */
  queryValidation?: { tables: TableSchema[] };
  private readonly store = new Map<string, StoredResource>();
  private readonly hung: ServerResponse[] = [];
  private server?: Server;
  private counter = 0;
  url = '';

  async start(): Promise<string> {
    const { key, cert } = localhostCertificate();
    this.server = createServer({ key, cert }, (req, res) => { void this.handle(req, res); });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const r of this.hung) r.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  inject(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Stored resources, optionally of one kind. */
  resources(kind?: ShapeKind): StoredResource[] {
    return [...this.store.values()].filter((r) => !kind || r.kind === kind);
  }

  get(path: string): StoredResource | undefined {
    return this.store.get(path.toLowerCase());
  }

  /** Changes a stored resource as the portal would (new ETag, new modification time). */
  edit(path: string, mutate: (body: Record<string, unknown>) => void): void {
    const r = this.store.get(path.toLowerCase());
    if (!r) throw new Error(`no resource at ${path}`);
    mutate(r.body);
    r.etag = this.nextEtag();
    this.store.set(path.toLowerCase(), r);
  }

  /** Deletes a resource directly (as someone else would). */
  remove(path: string): void {
    this.store.delete(path.toLowerCase());
  }

  /** Puts a resource directly (e.g. one not created by the pack). */
  seed(kind: ShapeKind, path: string, body: Record<string, unknown>): void {
    this.store.set(path.toLowerCase(), { kind, path, body: structuredClone(body), etag: this.nextEtag() });
  }

  private nextEtag(): string {
    return `"${(++this.counter).toString(16).padStart(8, '0')}-0000-0000-0000-000000000000"`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'https://127.0.0.1');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET', path: u.pathname, apiVersion: u.searchParams.get('api-version'),
      query: Object.fromEntries(u.searchParams), headers: req.headers, body,
    };
    this.requests.push(rec);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'x-ms-request-id': `req-${this.requests.length}`, ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const error = (status: number, code: string, message: string, headers?: Record<string, string>) => send(status, { error: { code, message } }, headers);

    const fault = this.faults.find((f) => (f.times ?? 1) > 0 && (!f.method || f.method === rec.method) && (!f.path || (typeof f.path === 'string' ? rec.path.toLowerCase().includes(f.path.toLowerCase()) : f.path.test(rec.path))));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.hang) { rec.status = -1; this.hung.push(res); return; }
      return error(fault.status ?? 500, fault.code ?? (fault.status === 429 ? 'TooManyRequests' : fault.status === 412 ? 'PreconditionFailed' : 'InternalServerError'), 'injected fault', fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    }

    if (req.headers.authorization !== `Bearer ${this.token}`) return error(401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing or invalid.');

    const logs = /^\/v1\/workspaces\/([^/]+)\/query$/i.exec(rec.path);
    if (logs) {
      if (rec.method !== 'POST' && rec.method !== 'GET') return error(405, 'MethodNotAllowed', 'use POST');
      let parsed: { query?: string; timespan?: string };
      try { parsed = JSON.parse(body || '{}'); } catch { return error(400, 'BadArgumentError', 'body is not JSON'); }
      if (!parsed.query) return error(400, 'BadArgumentError', 'The request had some invalid properties: query is required');
      const out = this.logsHandler(logs[1]!, parsed.query, parsed.timespan);
      return send(out.status, out.body);
    }

    if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i.test(rec.path) && rec.method === 'GET') {
      return send(200, { id: rec.path, name: rec.path.split('/').pop(), type: 'Microsoft.OperationalInsights/workspaces', location: this.workspace.location, properties: { customerId: this.workspace.customerId } });
    }
    const route = this.route(rec.path);
    if (!route) return error(404, 'InvalidResourceType', `The resource type could not be found for path '${rec.path}'`);
    if (!rec.apiVersion) return error(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    if (!ACCEPTED_API_VERSIONS[route.kind].includes(rec.apiVersion)) {
      return error(400, 'InvalidApiVersionParameter', `The api-version '${rec.apiVersion}' is invalid. The supported versions are '${ACCEPTED_API_VERSIONS[route.kind].join(',')}'.`);
    }
    if (!/^\/subscriptions\/[0-9a-f-]{36}\//i.test(rec.path)) return error(400, 'InvalidSubscriptionId', 'The provided subscription identifier is malformed or invalid.');
    const key = rec.path.toLowerCase();

    if (!route.name) {
      if (rec.method !== 'GET') return error(405, 'MethodNotAllowed', 'collections support GET only');
      if (route.kind === 'workbooks' && !u.searchParams.get('category')) return error(400, 'BadRequest', "The 'category' query parameter is required.");
      let items = [...this.store.values()].filter((r) => r.kind === route.kind && r.path.toLowerCase().startsWith(`${route.collection.toLowerCase()}/`));
      if (route.kind === 'workbooks') items = items.filter((r) => (r.body.properties as { category?: string }).category === u.searchParams.get('category'));
      items.sort((a, b) => (a.path < b.path ? -1 : 1));
      const skip = Number(u.searchParams.get('$skipToken') ?? 0);
      const page = items.slice(skip, skip + this.pageSize).map((r) => this.view(r, u.searchParams.get('canFetchContent') === 'true', false));
      const next = skip + this.pageSize < items.length ? (() => { const n = new URL(u.toString()); n.host = `127.0.0.1:${(this.server!.address() as AddressInfo).port}`; n.searchParams.set('$skipToken', String(skip + this.pageSize)); return n.toString(); })() : undefined;
      return send(200, next ? { value: page, nextLink: next } : { value: page });
    }

    const existing = this.store.get(key);
    const ifMatch = req.headers['if-match'];
    if (ifMatch && ifMatch !== '*' && (!existing || existing.etag !== ifMatch)) return error(412, 'PreconditionFailed', 'The ETag in If-Match does not match the resource.');
    switch (rec.method) {
      case 'GET':
        if (!existing) return error(404, route.kind === 'workbooks' ? 'ResourceNotFound' : 'NotFound', `Resource '${route.name}' not found`);
        return send(200, this.view(existing, u.searchParams.get('canFetchContent') === 'true' || route.kind !== 'workbooks', true));
      case 'DELETE':
        if (!existing) return send(204);
        this.store.delete(key);
        return send(200);
      case 'PUT': {
        let parsed: Record<string, unknown>;
        try { parsed = JSON.parse(body); } catch { return error(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'); }
        const invalid = validateBody(route.kind, parsed, rec.apiVersion);
        if (invalid) return error(400, 'BadRequest', invalid);
        const nameCheck = this.checkName(route, parsed);
        if (nameCheck) return error(400, 'BadRequest', nameCheck);
        const queryCheck = this.checkQuery(route, rec.path, parsed);
        if (queryCheck) return error(400, 'BadRequest', queryCheck);
        const bodyEtag = parsed.etag as string | undefined;
        if (bodyEtag && existing && bodyEtag !== existing.etag) return error(409, 'Conflict', 'Newer version of the resource exists; the etag in the body does not match.');
        delete parsed.etag;
        const stored: StoredResource = { kind: route.kind, path: rec.path, body: this.accept(route.kind, parsed), etag: this.nextEtag() };
        this.store.set(key, stored);
        return send(existing ? 200 : 201, this.view(stored, true, true));
      }
      default:
        return error(405, 'MethodNotAllowed', `${rec.method} not allowed`);
    }
  }

  /** Log Analytics: `T | getschema` from logTables; other queries fail on tables/columns the workspace lacks. */
  private defaultLogs(query: string, timespan: string | undefined): { status: number; body: unknown } {
    const semantic = (message: string) => ({ status: 400, body: { error: { code: 'BadArgumentError', message: 'The request had some invalid properties', innererror: { code: 'SemanticError', message } } } });
    const schema = /^\s*(\w+)\s*\|\s*getschema\b/.exec(query);
    if (schema) {
      const cols = this.logTables[schema[1]!];
      if (!cols) return semantic(`'${schema[1]}' could not be resolved to a table (SEM0100)`);
      return { status: 200, body: { tables: [{ name: 'PrimaryResult', columns: [{ name: 'ColumnName', type: 'string' }], rows: cols.map((c) => [c]) }] } };
    }
    for (const t of this.knownTables) {
      if (new RegExp(`\\b${t}\\b`).test(query) && !this.logTables[t]) return semantic(`'${t}' could not be resolved to a table (SEM0100)`);
    }
    const rows = this.queryRows(query, timespan);
    return { status: 200, body: { tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows }] } };
  }

  private route(path: string): Route | undefined {
    for (const r of ROUTES) {
      const m = r.re.exec(path);
      if (m) return { kind: r.kind, collection: m[1]!, name: m[2] };
    }
    return undefined;
  }

  private checkName(route: Route, body: Record<string, unknown>): string | undefined {
    if ((route.kind === 'alertRules' || route.kind === 'workbooks') && !GUID.test(route.name!)) return `The resource name '${route.name}' must be a GUID.`;
    if (route.kind === 'metadata') {
      const parent = String((body.properties as { parentId?: string }).parentId ?? '');
      if (!/^\/subscriptions\//i.test(parent)) return `parentId '${parent}' is not a resource id`;
      // Conservative: treat a record for a missing resource as invalid.
      if (!this.store.has(parent.toLowerCase())) return `parentId '${parent}' does not refer to an existing resource`;
    }
    return undefined;
  }

  /** The query error Sentinel or Azure Monitor would refuse the rule for, given the functions present now. */
  private checkQuery(route: Route, path: string, body: Record<string, unknown>): string | undefined {
    if (!this.queryValidation) return undefined;
    const p = (body.properties ?? {}) as { query?: string; scopes?: string[]; skipQueryValidation?: boolean; criteria?: { allOf?: { query?: string }[] } };
    let workspace: string | undefined;
    let query: string | undefined;
    if (route.kind === 'alertRules') {
      workspace = path.replace(/\/providers\/microsoft\.securityinsights\/.*$/i, '');
      query = p.query;
    } else if (route.kind === 'scheduledQueryRules' && !p.skipQueryValidation) {
      workspace = p.scopes?.[0];
      query = p.criteria?.allOf?.[0]?.query;
    }
    if (!workspace || query === undefined) return undefined;
    const prefix = `${workspace.toLowerCase()}/savedsearches/`;
    const functions: FunctionDefinition[] = [];
    for (const r of this.store.values()) {
      if (r.kind !== 'savedSearches' || !r.path.toLowerCase().startsWith(prefix)) continue;
      const fp = r.body.properties as { functionAlias?: string; functionParameters?: string; query?: string };
      if (fp.functionAlias && fp.query) functions.push({ name: fp.functionAlias, parameters: `(${fp.functionParameters ?? ''})`, body: fp.query });
    }
    return queryVerdict(this.queryValidation.tables, functions, query);
  }

  /** What ARM stores: locations normalised, defaults filled in. */
  private accept(kind: ShapeKind, body: Record<string, unknown>): Record<string, unknown> {
    const b = structuredClone(body);
    if (typeof b.location === 'string') b.location = b.location.toLowerCase().replace(/\s+/g, '');
    const p = (b.properties ?? {}) as Record<string, unknown>;
    if (kind === 'alertRules') {
      p.lastModifiedUtc = new Date(Date.UTC(2026, 10, 1) + this.counter * 1000).toISOString();
      p.alertRuleTemplateName ??= null;
      p.tactics = [...((p.tactics as string[]) ?? [])].sort();
      if (b.kind === 'NRT') p.eventGroupingSettings ??= { aggregationKind: 'SingleAlert' };
    }
    if (kind === 'scheduledQueryRules') {
      p.createdWithApiVersion = '2023-12-01';
      p.isWorkspaceAlertsStorageConfigured = false;
      p.checkWorkspaceAlertsStorageConfigured ??= false;
      p.skipQueryValidation ??= false;
      for (const c of ((p.criteria as { allOf?: Record<string, unknown>[] })?.allOf ?? [])) c.dimensions ??= [];
    }
    if (kind === 'actionGroups') {
      for (const k of ['smsReceivers', 'webhookReceivers', 'itsmReceivers', 'azureAppPushReceivers', 'automationRunbookReceivers', 'voiceReceivers', 'logicAppReceivers', 'azureFunctionReceivers', 'armRoleReceivers', 'eventHubReceivers']) p[k] ??= [];
      for (const r of (p.emailReceivers as Record<string, unknown>[]) ?? []) r.status = 'Enabled';
    }
    if (kind === 'workbooks') {
      p.timeModified = '2026-11-01T00:00:00.000Z';
      p.userId = '00000000-0000-0000-0000-0000000000aa';
      p.revision = createHash('sha1').update(String(p.serializedData)).digest('hex').slice(0, 32);
    }
    b.properties = p;
    return b;
  }

  /** What a GET returns. */
  private view(r: StoredResource, withContent: boolean, single: boolean): Record<string, unknown> {
    const segments = r.path.split('/');
    const out: Record<string, unknown> = {
      id: r.path,
      name: segments[segments.length - 1],
      type: TYPES[r.kind],
      etag: r.etag,
      systemData: { createdBy: 'deployer@contoso.com', createdByType: 'User', lastModifiedAt: '2026-11-01T00:00:00Z' },
      ...structuredClone(r.body),
    };
    if (r.kind === 'workbooks' && (!withContent || !single) && !withContent) (out.properties as Record<string, unknown>).serializedData = null;
    return out;
  }
}

/**
 * Binding a rule's query with the workspace functions costs the real parser a large share of a deploy, and the same
 * template is deployed to many imitations (one per test): the verdict, a function of the tables, the functions and
 * the query alone, is kept for every imitation in the process.
 */
const verdicts = new Map<string, { globals: unknown; queries: Map<string, string | undefined> }>();
/** Each tables list's text, the part of the key that tells equal lists from different ones (tests load their own). */
const tablesText = new WeakMap<TableSchema[], string>();

function queryVerdict(tables: TableSchema[], functions: FunctionDefinition[], query: string): string | undefined {
  let text = tablesText.get(tables);
  if (text === undefined) tablesText.set(tables, (text = JSON.stringify(tables)));
  const key = `${text}\0${JSON.stringify(functions)}`;
  const byFunctions = verdicts;
  let entry = byFunctions.get(key);
  if (!entry) byFunctions.set(key, (entry = { globals: buildGlobals(tables, functions), queries: new Map() }));
  if (entry.queries.has(query)) return entry.queries.get(query);
  const { Kusto, Bridge } = loadKusto();
  const code = Kusto.Language.KustoCode.ParseAndAnalyze(query, entry.globals);
  const list = code.GetDiagnostics();
  const errors = (Array.isArray(list) ? list : Bridge.toArray(list)).filter((d: { Severity: string }) => String(d.Severity) === 'Error');
  let verdict: string | undefined;
  if (errors.length) {
    const d = errors[0] as { Code: string; Message: string; Start: number };
    const before = query.slice(0, d.Start).split('\n');
    verdict = `The query of the rule is invalid: ${d.Code} at line ${before.length}, column ${before.at(-1)!.length + 1}: ${d.Message}`;
  }
  entry.queries.set(query, verdict);
  return verdict;
}
