/**
 * A local HTTPS imitation of the Azure endpoints `content posture` reads, on 127.0.0.1, serving a fleet of Managed
 * HSMs (fleet.ts). Each endpoint checks what the REST specs say a request looks like, and answers with the specs'
 * example shapes:
 *
 * - Resource Graph: POST /providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01, body QueryRequest
 *   (resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01, examples ResourcesBasicQuery,
 *   ResourcesMgBasicQuery, ResourcesNextPageQuery): paged with `$skipToken` (a next page must repeat the same query and
 *   scopes), `x-ms-user-quota-remaining` / `x-ms-user-quota-resets-after` on every answer, 429s on demand.
 * - ARM: diagnosticSettings (monitor 2021-05-01-preview, listDiagnosticSettings.json), policyStates latest
 *   queryResults (policyinsights 2019-10-01, PolicyStates_QueryResourceScope.json, POST, `@odata.nextLink`),
 *   policyAssignments at a resource group with $filter=atScope() (resources 2023-04-01), workspaces and tables
 *   (operationalinsights 2022-10-01, TablesGet.json).
 * - The Managed HSM data plane: GET {hsmUri}/providers/Microsoft.Authorization/roleAssignments|roleDefinitions,
 *   api-version 7.4 (keyvault data-plane 7.4, ListRoleAssignments-example.json, ListRoleDefinitions-example.json).
 *   hsmUri points at this server (/hsm/<name>), as a real one points at <name>.managedhsm.azure.net.
 * - Microsoft Graph: POST /v1.0/directoryObjects/getByIds (Graph v1.0 reference: ids up to 1000, types).
 * - Log Analytics: POST /v1/workspaces/{customerId}/query, body { query, timespan }; the query runs on the
 *   project's KQL engine over the fleet's log rows, restricted to the timespan, as the service does.
 *
 * Tokens: the test credential issues `aud:<scope>`; each endpoint family accepts only its own audience
 * (management.azure.com, managedhsm.azure.net, graph.microsoft.com, api.loganalytics.io), so a client that asks for
 * the wrong scope fails here as it would in Azure. Forbidden sources answer 403 with each service's error body.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { createDatabase, createEngine, loadSchemaDirectory, type Engine, type TableSchema } from '../../src/kql/index.ts';
import { localhostCertificate } from '../deploy/arm-server/cert.ts';
import type { Fleet } from './fleet.ts';

export interface RecordedRequest { method: string; path: string; query: Record<string, string>; body: string; audience?: string; status?: number }

export interface Fault {
  method?: string;
  path: string | RegExp;
  status: number;
  headers?: Record<string, string>;
  code?: string;
  times?: number;
}

const API = {
  resourceGraph: '2024-04-01',
  diagnosticSettings: '2021-05-01-preview',
  policyStates: '2019-10-01',
  policyAssignments: '2023-04-01',
  workspaces: '2022-10-01',
  dataPlane: ['7.4', '7.5', '7.6'],
};

const AUDIENCE = {
  arm: 'aud:https://management.azure.com/.default',
  hsm: 'aud:https://managedhsm.azure.net/.default',
  graph: 'aud:https://graph.microsoft.com/.default',
  logs: 'aud:https://api.loganalytics.io/.default',
};

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** QueryRequest of Microsoft.ResourceGraph 2024-04-01; unknown properties are refused, as a stale client's would be. */
const queryRequest = new Ajv({ allErrors: true }).compile({
  type: 'object', additionalProperties: false, required: ['query'],
  properties: {
    subscriptions: { type: 'array', items: { type: 'string', pattern: `^${GUID}$` }, maxItems: 1000 },
    managementGroups: { type: 'array', items: { type: 'string' } },
    query: { type: 'string', minLength: 1 },
    options: {
      type: 'object', additionalProperties: false,
      properties: {
        $skipToken: { type: 'string' }, $top: { type: 'integer', minimum: 1, maximum: 1000 }, $skip: { type: 'integer', minimum: 0 },
        resultFormat: { enum: ['table', 'objectArray'] }, allowPartialScopes: { type: 'boolean' },
        authorizationScopeFilter: { enum: ['AtScopeAndBelow', 'AtScopeAndAbove', 'AtScopeExact', 'AtScopeAboveAndBelow'] },
      },
    },
    facets: { type: 'array' },
  },
});

const getByIds = new Ajv().compile({
  type: 'object', additionalProperties: false, required: ['ids'],
  properties: { ids: { type: 'array', items: { type: 'string', pattern: `^${GUID}$` }, minItems: 1, maxItems: 1000 }, types: { type: 'array', items: { enum: ['user', 'group', 'servicePrincipal', 'device', 'directoryObjectPartnerReference'] } } },
});

let sharedEngine: { engine: Engine; schemas: TableSchema[] } | undefined;
function logEngine(): { engine: Engine; schemas: TableSchema[] } {
  if (!sharedEngine) {
    const schemas = loadSchemaDirectory(join(import.meta.dirname, '..', '..', 'schemas', 'tables')).filter((t) => ['AzureDiagnostics', 'AZKVAuditLogs'].includes(t.name));
    sharedEngine = { engine: createEngine({ tables: schemas }), schemas };
  }
  return sharedEngine;
}

/** ISO-8601 duration (PnD, PTnH, ...) in ms. */
function durationMs(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) throw new Error(`bad duration ${iso}`);
  return (((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
}

export class AzureImitation {
  readonly cert = localhostCertificate().cert;
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Resource Graph page size (small, to exercise $skipToken). */
  pageSize = 2;
  /** Value of x-ms-user-quota-remaining on Resource Graph answers (counts down when set). */
  quotaRemaining?: number;
  url = '';
  private server?: Server;
  private readonly inFlight = { now: 0, max: 0 };
  /** Delay of every data-plane answer, to observe concurrency. */
  dataPlaneLatencyMs = 0;

  constructor(readonly fleet: Fleet) {}

  /** Most data-plane requests that were in flight at once. */
  get maxConcurrentDataPlane(): number { return this.inFlight.max; }

  async start(): Promise<string> {
    const { key, cert } = localhostCertificate();
    this.server = createServer({ key, cert }, (req, res) => { void this.handle(req, res).catch((e) => { res.writeHead(500); res.end(String(e)); }); });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    for (const h of this.fleet.hsms) if (h.resource.properties.hsmUri === undefined || h.resource.properties.hsmUri.startsWith('https://127.0.0.1')) h.resource.properties.hsmUri = `${this.url}/hsm/${h.resource.name}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  inject(fault: Fault): void { this.faults.push({ times: 1, ...fault }); }

  /** Requests whose path matches. */
  to(path: RegExp): RecordedRequest[] { return this.requests.filter((r) => path.test(r.path)); }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = decodeURIComponent(u.pathname).replace(/\/{2,}/g, '/');
    const auth = String(req.headers.authorization ?? '');
    const rec: RecordedRequest = { method: req.method ?? 'GET', path, query: Object.fromEntries(u.searchParams), body, audience: auth.startsWith('Bearer ') ? auth.slice(7) : undefined };
    this.requests.push(rec);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': `req-${this.requests.length}`, ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const armError = (status: number, code: string, message: string, headers?: Record<string, string>) => send(status, { error: { code, message } }, headers);

    const fault = this.faults.find((f) => (f.times ?? 1) > 0 && (!f.method || f.method === rec.method) && (typeof f.path === 'string' ? path.toLowerCase().includes(f.path.toLowerCase()) : f.path.test(path)));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return armError(fault.status, fault.code ?? (fault.status === 429 ? 'RateLimiting' : 'InternalServerError'), 'injected fault', fault.headers);
    }

    // Family by path; each checks its audience first.
    if (/^\/v1\/workspaces\//i.test(path)) return this.logs(rec, body, send);
    if (/^\/v1\.0\//i.test(path)) {
      if (rec.audience !== AUDIENCE.graph) return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure. Invalid audience.' } });
      return this.graph(rec, body, send);
    }
    if (/^\/hsm\//i.test(path)) {
      if (rec.audience !== AUDIENCE.hsm) return send(401, { error: { code: 'Unauthorized', message: 'AKV10022: Invalid audience.' } }, { 'www-authenticate': 'Bearer authorization="https://login.microsoftonline.com/contoso", resource="https://managedhsm.azure.net"' });
      return this.dataPlane(rec, send);
    }
    if (rec.audience !== AUDIENCE.arm) return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid (audience).');
    if (this.denied(path)) {
      return armError(403, 'AuthorizationFailed', `The client 'posture-reader@contoso.com' with object id '7d3c0a55-4c11-4a0e-9a63-2f1e5b8d9c01' does not have authorization to perform action '${this.actionOf(rec)}' over scope '${path.replace(/\/providers\/microsoft\.(insights|policyinsights|authorization)\/.*$/i, '')}' or the scope is invalid.`);
    }
    const apiVersion = u.searchParams.get('api-version');
    const wrongVersion = (v: string): boolean => {
      if (apiVersion === v) return false;
      armError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${v}'.`);
      return true;
    };

    if (/^\/providers\/microsoft\.resourcegraph\/resources$/i.test(path)) return wrongVersion(API.resourceGraph) ? undefined : this.resourceGraph(rec, body, send, armError);
    let m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.keyvault\/managedhsms\/[^/]+)\/providers\/microsoft\.insights\/diagnosticsettings$/i.exec(path);
    if (m) {
      if (rec.method !== 'GET') return armError(405, 'MethodNotAllowed', 'GET only');
      const hsm = this.hsm(m[1]!);
      if (!hsm) return armError(404, 'ResourceNotFound', `The Resource '${m[1]}' was not found.`);
      return wrongVersion(API.diagnosticSettings) ? undefined : send(200, { value: (hsm.diagnosticSettings ?? []).map((s) => ({ id: `${hsm.resource.id}/providers/microsoft.insights/diagnosticSettings/${s.name}`, type: 'Microsoft.Insights/diagnosticSettings', ...s })) });
    }
    m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.keyvault\/managedhsms\/[^/]+)\/providers\/microsoft\.policyinsights\/policystates\/latest\/queryresults$/i.exec(path);
    if (m) {
      if (rec.method !== 'POST') return armError(405, 'MethodNotAllowed', 'policyStates queryResults is a POST');
      const hsm = this.hsm(m[1]!);
      if (!hsm) return armError(404, 'ResourceNotFound', `The Resource '${m[1]}' was not found.`);
      if (wrongVersion(API.policyStates)) return;
      const states = (hsm.policyStates ?? []).map((s) => ({ '@odata.id': null, '@odata.context': `${this.url}${m![1]}/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest/$entity`, timestamp: '2026-12-02T06:14:09Z', resourceId: hsm.resource.id, resourceType: '/Microsoft.KeyVault/managedHSMs', resourceLocation: hsm.resource.location, resourceGroup: hsm.resource.resourceGroup, subscriptionId: hsm.resource.subscriptionId, isCompliant: s.complianceState === 'Compliant', policyDefinitionAction: 'audit', ...s }));
      // One state a page, to exercise @odata.nextLink.
      const skip = Number(u.searchParams.get('$skiptoken') ?? 0);
      const next = skip + 1 < states.length ? `${this.url}${m[1]}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=${API.policyStates}&$skiptoken=${skip + 1}` : undefined;
      return send(200, { '@odata.context': `${this.url}${m[1]}/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest`, '@odata.count': states.slice(skip, skip + 1).length, ...(next ? { '@odata.nextLink': next } : {}), value: states.slice(skip, skip + 1) });
    }
    m = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.authorization\/policyassignments$/i.exec(path);
    if (m) {
      if (wrongVersion(API.policyAssignments)) return;
      if (u.searchParams.get('$filter') !== 'atScope()') return armError(400, 'InvalidFilterInQueryString', `this imitation serves $filter=atScope() only (got ${u.searchParams.get('$filter')})`);
      const rg = `/subscriptions/${m[1]}/resourcegroups/${m[2]}`.toLowerCase();
      const mgs = Object.entries(this.fleet.managementGroups ?? {}).filter(([, subs]) => subs.includes(m![1]!.toLowerCase())).map(([mg]) => `/providers/microsoft.management/managementgroups/${mg}`.toLowerCase());
      const value = (this.fleet.policyAssignments ?? []).filter((a) => {
        const scope = a.properties.scope.toLowerCase();
        return scope === rg || scope === `/subscriptions/${m![1]}`.toLowerCase() || mgs.includes(scope);
      }).map((a) => ({ type: 'Microsoft.Authorization/policyAssignments', location: 'westeurope', ...a }));
      return send(200, { value });
    }
    m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+)(?:\/tables\/([^/]+))?$/i.exec(path);
    if (m && rec.method === 'GET') {
      if (wrongVersion(API.workspaces)) return;
      const ws = this.fleet.workspaces.find((w) => w.id.toLowerCase() === m![1]!.toLowerCase());
      if (!ws) return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.OperationalInsights/workspaces/${m[1]!.split('/').pop()}' under resource group was not found.`);
      if (!m[2]) return send(200, { id: ws.id, name: ws.id.split('/').pop(), type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: ws.customerId, provisioningState: 'Succeeded', sku: { name: 'PerGB2018' }, retentionInDays: ws.retentionInDays, publicNetworkAccessForIngestion: 'Enabled', publicNetworkAccessForQuery: 'Enabled' } });
      const t = ws.tables[m[2]];
      if (!t) return armError(404, 'ResourceNotFound', `Table '${m[2]}' was not found.`);
      return send(200, { id: `${ws.id}/tables/${m[2]}`, name: m[2], properties: { retentionInDays: t.retentionInDays, totalRetentionInDays: t.totalRetentionInDays, archiveRetentionInDays: t.totalRetentionInDays - t.retentionInDays, retentionInDaysAsDefault: t.retentionInDays === ws.retentionInDays, totalRetentionInDaysAsDefault: t.totalRetentionInDays === t.retentionInDays, plan: t.plan ?? 'Analytics', provisioningState: 'Succeeded' } });
    }
    return armError(404, 'InvalidResourceType', `The resource type could not be found for path '${path}'`);
  }

  private denied(path: string): boolean {
    return (this.fleet.denied ?? []).some((d) => (typeof d === 'string' ? path.toLowerCase().includes(d.toLowerCase()) : d.test(path)));
  }

  private actionOf(rec: RecordedRequest): string {
    if (/diagnosticsettings/i.test(rec.path)) return 'microsoft.insights/diagnosticSettings/read';
    if (/policystates/i.test(rec.path)) return 'Microsoft.PolicyInsights/policyStates/queryResults/read';
    if (/policyassignments/i.test(rec.path)) return 'Microsoft.Authorization/policyAssignments/read';
    return 'Microsoft.OperationalInsights/workspaces/read';
  }

  private hsm(id: string) {
    return this.fleet.hsms.find((h) => h.resource.id.toLowerCase() === id.toLowerCase());
  }

  private resourceGraph(rec: RecordedRequest, body: string, send: (s: number, p?: unknown, h?: Record<string, string>) => void, armError: (s: number, c: string, m: string) => void): void {
    if (rec.method !== 'POST') return armError(405, 'MethodNotAllowed', 'POST only');
    let q: { subscriptions?: string[]; managementGroups?: string[]; query: string; options?: { $skipToken?: string; $top?: number; resultFormat?: string } };
    try { q = JSON.parse(body); } catch { return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'); }
    if (!queryRequest(q)) return armError(400, 'BadRequest', `Please provide below info when asking for support: ... ${queryRequest.errors!.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
    if (!q.subscriptions?.length && !q.managementGroups?.length) return armError(400, 'BadRequest', 'Either subscriptions or managementGroups must be given (tenant scope is not served by this imitation).');
    if (!/\bwhere\s+type\s*=~\s*'microsoft\.keyvault\/managedhsms'/i.test(q.query) || !/\bproject\b[^|]*\bid\b/.test(q.query)) {
      return armError(400, 'BadRequest', 'this imitation answers the Managed HSM inventory query only (and paging needs id in the projection)');
    }
    const subs = new Set([...(q.subscriptions ?? []), ...(q.managementGroups ?? []).flatMap((mg) => this.fleet.managementGroups?.[mg] ?? [])].map((s) => s.toLowerCase()));
    const rows = this.fleet.hsms.map((h) => h.resource).filter((r) => subs.has(r.subscriptionId.toLowerCase())).sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
    const context = JSON.stringify({ query: q.query, subscriptions: q.subscriptions, managementGroups: q.managementGroups });
    let offset = 0;
    if (q.options?.$skipToken) {
      const token = JSON.parse(Buffer.from(q.options.$skipToken, 'base64').toString('utf8')) as { offset: number; context: string };
      if (token.context !== context) return armError(400, 'BadRequest', 'The skip token does not belong to this query and scope: repeat the same query and scopes with $skipToken');
      offset = token.offset;
    }
    const size = Math.min(q.options?.$top ?? 100, this.pageSize);
    const page = rows.slice(offset, offset + size);
    const more = offset + size < rows.length;
    const headers: Record<string, string> = { 'x-ms-user-quota-resets-after': '00:00:00.05' };
    if (this.quotaRemaining !== undefined) headers['x-ms-user-quota-remaining'] = String(this.quotaRemaining = Math.max(0, this.quotaRemaining - 1));
    else headers['x-ms-user-quota-remaining'] = '14';
    send(200, {
      totalRecords: rows.length, count: page.length, resultTruncated: 'false', facets: [],
      ...(more ? { $skipToken: Buffer.from(JSON.stringify({ offset: offset + size, context })).toString('base64') } : {}),
      data: q.options?.resultFormat === 'table' ? { columns: [], rows: [] } : structuredClone(page).map((r) => ({ ...r, type: 'microsoft.keyvault/managedhsms' })),
    }, headers);
  }

  private async dataPlane(rec: RecordedRequest, send: (s: number, p?: unknown, h?: Record<string, string>) => void): Promise<void> {
    const m = /^\/hsm\/([^/]+)\/providers\/Microsoft\.Authorization\/(roleAssignments|roleDefinitions)$/i.exec(rec.path);
    const kvError = (status: number, code: string, message: string) => send(status, { error: { code, message } });
    if (!m) return kvError(404, 'NotFound', 'The requested path was not found');
    if (!API.dataPlane.includes(rec.query['api-version'] ?? '')) return kvError(400, 'BadParameter', `The specified version (${rec.query['api-version']}) is not recognized. Consider using the latest supported version (7.4).`);
    const hsm = this.fleet.hsms.find((h) => h.resource.name === m[1]);
    if (!hsm) return kvError(404, 'NotFound', 'HSM not found');
    this.inFlight.max = Math.max(this.inFlight.max, ++this.inFlight.now);
    try {
      if (this.dataPlaneLatencyMs) await new Promise((r) => setTimeout(r, this.dataPlaneLatencyMs));
      if (hsm.dataPlaneDenied) {
        return kvError(403, 'Forbidden', `Caller is not authorized to perform action on resource.\r\nIf role assignments were recently changed, please wait several minutes for role assignments to become effective.\r\nCaller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=7d3c0a55-4c11-4a0e-9a63-2f1e5b8d9c01;iss=https://sts.windows.net/contoso/\r\nAction: 'Microsoft.KeyVault/managedHsm/${m[2]}/read/action'\r\nResource: '/'\r\nAssignment: (not found)\r\nDecisionReason: 'DeniedWithNoValidRBAC'\r\nVault: ${hsm.resource.name};location=${hsm.resource.location}\r\n`);
      }
      if (m[2]!.toLowerCase() === 'roleassignments') {
        return send(200, { value: (hsm.roleAssignments ?? []).map((a) => ({ id: `/providers/Microsoft.Authorization/roleAssignments/${a.name}`, type: 'Microsoft.Authorization/roleAssignments', name: a.name, properties: { scope: a.scope ?? '/', roleDefinitionId: `Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/${a.roleId}`, principalId: a.principalId } })) });
      }
      return send(200, { value: (hsm.roleDefinitions ?? []).map((d) => ({ id: `Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/${d.name}`, type: 'Microsoft.Authorization/roleDefinitions', name: d.name, properties: d.properties })) });
    } finally {
      this.inFlight.now--;
    }
  }

  private graph(rec: RecordedRequest, body: string, send: (s: number, p?: unknown) => void): void {
    if (!/^\/v1\.0\/directoryObjects\/getByIds$/i.test(rec.path) || rec.method !== 'POST') return send(400, { error: { code: 'BadRequest', message: 'Unsupported request' } });
    if (this.fleet.graphDenied) return send(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });
    let parsed: { ids: string[]; types?: string[] };
    try { parsed = JSON.parse(body); } catch { return send(400, { error: { code: 'BadRequest', message: 'Unable to read JSON request payload.' } }); }
    if (!getByIds(parsed)) return send(400, { error: { code: 'Request_BadRequest', message: getByIds.errors!.map((e) => `${e.instancePath} ${e.message}`).join('; ') } });
    const wanted = new Set(parsed.ids.map((i) => i.toLowerCase()));
    const types = new Set(parsed.types ?? ['user', 'group', 'servicePrincipal']);
    const value = (this.fleet.principals ?? []).filter((p) => wanted.has(p.id.toLowerCase()) && types.has(p.type)).map((p) => ({
      '@odata.type': `#microsoft.graph.${p.type}`, id: p.id, displayName: p.displayName, ...(p.type === 'user' ? { userPrincipalName: p.userPrincipalName } : {}),
    }));
    send(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects', value });
  }

  private logs(rec: RecordedRequest, body: string, send: (s: number, p?: unknown) => void): void {
    const m = /^\/v1\/workspaces\/([^/]+)\/query$/i.exec(rec.path);
    const bad = (status: number, code: string, message: string) => send(status, { error: { code, message } });
    if (!m || rec.method !== 'POST') return bad(404, 'PathNotFoundError', 'The requested path does not exist');
    if (rec.audience !== AUDIENCE.logs) return bad(401, 'InvalidTokenError', 'The provided authentication is not valid for this resource');
    const ws = this.fleet.workspaces.find((w) => w.customerId === m[1]);
    if (!ws) return bad(404, 'WorkspaceNotFoundError', `Workspace ${m[1]} not found`);
    if (ws.queryDenied) return bad(403, 'InsufficientAccessError', 'The provided credentials have insufficient access to perform the requested operation');
    let parsed: { query?: string; timespan?: string };
    try { parsed = JSON.parse(body || '{}'); } catch { return bad(400, 'BadArgumentError', 'body is not JSON'); }
    if (!parsed.query) return bad(400, 'BadArgumentError', 'The request had some invalid properties');
    const { engine, schemas } = logEngine();
    const now = this.fleet.now;
    const timeRange = parsed.timespan ? { start: new Date(now.getTime() - durationMs(parsed.timespan)), end: now } : undefined;
    const db = createDatabase(schemas.map((schema) => ({ schema, rows: ws.rows[schema.name] ?? [] })));
    try {
      const result = engine.run(parsed.query, db, { now, timeRange });
      send(200, { tables: [{ name: 'PrimaryResult', columns: result.columns.map((c) => ({ name: c.name, type: c.type })), rows: result.rows }] });
    } catch (e) {
      send(400, { error: { code: 'BadArgumentError', message: 'The request had some invalid properties', innererror: { code: 'SemanticError', message: (e as Error).message } } });
    }
  }
}
