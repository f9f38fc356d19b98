/**
 * A local HTTPS imitation of Microsoft Graph's custom detection rules (beta `/security/rules/detectionRules`) on
 * 127.0.0.1: checks the bearer token, the path, the request bodies (shapes.ts) and answers as the reference's
 * examples do (201 with server fields on POST: id, detectorId, createdBy, createdDateTime, lastModified*,
 * lastRunDetails, schedule.nextRunDateTime, queryCondition.lastModifiedDateTime; paged lists with @odata.nextLink;
 * 204 on DELETE; Graph's error body `{ error: { code, message } }`). Assumed: PATCH merges the properties given and
 * answers 200 with the rule. Faults can be injected as in the ARM imitation.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { localhostCertificate } from '../arm-server/cert.ts';
import { errorsOf, scheduleProblem, validateCreate, validateUpdate } from './shapes.ts';

type Json = Record<string, unknown>;

export interface GraphRequest { method: string; path: string; query: Record<string, string>; headers: Record<string, string | string[] | undefined>; body: string; status?: number }
export interface GraphFault { method?: string; path?: string | RegExp; status?: number; retryAfter?: string; times?: number; hang?: boolean }

const COLLECTION = '/beta/security/rules/detectionRules';

export class GraphImitation {
  readonly cert = localhostCertificate().cert;
  readonly requests: GraphRequest[] = [];
  readonly faults: GraphFault[] = [];
  token = 'graph-token';
  pageSize = 10;
  /** Who the server records as creator and modifier. */
  principal = 'content-pipeline@contoso.onmicrosoft.com';
  private readonly rules = new Map<string, Json>();
  private readonly hung: ServerResponse[] = [];
  private next = 35079;
  private server?: Server;
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

  inject(fault: GraphFault): void { this.faults.push({ times: 1, ...fault }); }
  all(): Json[] { return [...this.rules.values()].map((r) => structuredClone(r)); }
  get(id: string): Json | undefined { return this.rules.get(id); }
  /** A rule created by someone else (not through this pack). */
  seed(body: Json): string { return String(this.store(structuredClone(body)).id); }
  /** Changes a rule as the portal would. */
  edit(id: string, mutate: (rule: Json) => void): void {
    const r = this.rules.get(id);
    if (!r) throw new Error(`no rule ${id}`);
    mutate(r);
    r.lastModifiedDateTime = new Date().toISOString();
  }
  remove(id: string): void { this.rules.delete(id); }

  private store(body: Json): Json {
    const now = new Date().toISOString();
    const schedule = (body.schedule ?? {}) as Json;
    const rule: Json = {
      '@odata.type': '#microsoft.graph.security.detectionRule',
      id: String(this.next++), ...body,
      createdBy: this.principal, createdDateTime: now, lastModifiedBy: this.principal, lastModifiedDateTime: now,
      detectorId: randomUUID(),
      queryCondition: { ...((body.queryCondition ?? {}) as Json), lastModifiedDateTime: null },
      schedule: { ...schedule, nextRunDateTime: now },
      lastRunDetails: { lastRunDateTime: null, status: null, failureReason: null, errorCode: null },
    };
    this.rules.set(String(rule.id), rule);
    return rule;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'https://127.0.0.1');
    const rec: GraphRequest = { method: req.method ?? 'GET', path: u.pathname, query: Object.fromEntries(u.searchParams), headers: req.headers, body };
    this.requests.push(rec);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      res.writeHead(status, { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), 'request-id': randomUUID(), ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const error = (status: number, code: string, message: string, headers?: Record<string, string>) => send(status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } }, headers);
    const fault = this.faults.find((f) => (f.times ?? 1) > 0 && (!f.method || f.method === rec.method) && (!f.path || (typeof f.path === 'string' ? rec.path.includes(f.path) : f.path.test(rec.path))));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.hang) { rec.status = -1; this.hung.push(res); return; }
      return error(fault.status ?? 503, fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'injected fault', fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) return error(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    if (rec.path === COLLECTION) {
      if (rec.method === 'GET') {
        const all = [...this.rules.values()].sort((a, b) => Number(a.id) - Number(b.id));
        const skip = Number(u.searchParams.get('$skiptoken') ?? 0);
        const page = all.slice(skip, skip + this.pageSize);
        const more = skip + this.pageSize < all.length;
        return send(200, { '@odata.context': 'https://graph.microsoft.com/beta/$metadata#security/rules/detectionRules', value: page, ...(more ? { '@odata.nextLink': `${this.url}${COLLECTION}?$skiptoken=${skip + this.pageSize}` } : {}) });
      }
      if (rec.method === 'POST') {
        if (!/^application\/json/.test(String(req.headers['content-type']))) return error(415, 'UnsupportedMediaType', 'Content-Type must be application/json');
        let parsed: Json;
        try { parsed = JSON.parse(body) as Json; } catch { return error(400, 'BadRequest', 'The request body is not valid JSON.'); }
        if (!validateCreate(parsed)) return error(400, 'BadRequest', `Invalid detection rule: ${errorsOf(validateCreate)}`);
        const s = scheduleProblem(parsed.schedule as Json);
        if (s) return error(400, 'BadRequest', s);
        return send(201, this.store(parsed));
      }
      return error(405, 'MethodNotAllowed', `${rec.method} is not allowed on the collection`);
    }
    const one = /^\/beta\/security\/rules\/detectionRules\/([^/]+)$/.exec(rec.path);
    if (!one) return error(400, 'BadRequest', `Resource not found for the segment '${rec.path.split('/').pop()}'.`);
    const id = decodeURIComponent(one[1]!);
    const existing = this.rules.get(id);
    if (!existing) return error(404, 'NotFound', `Detection rule '${id}' was not found.`);
    switch (rec.method) {
      case 'GET': return send(200, existing);
      case 'DELETE': this.rules.delete(id); return send(204);
      case 'PATCH': {
        let parsed: Json;
        try { parsed = JSON.parse(body) as Json; } catch { return error(400, 'BadRequest', 'The request body is not valid JSON.'); }
        if (!validateUpdate(parsed)) return error(400, 'BadRequest', `Invalid detection rule: ${errorsOf(validateUpdate)}`);
        const s = scheduleProblem(parsed.schedule as Json);
        if (s) return error(400, 'BadRequest', s);
        for (const [k, v] of Object.entries(parsed)) {
          existing[k] = k === 'schedule' || k === 'queryCondition' ? { ...(existing[k] as Json), ...(v as Json) } : v;
        }
        existing.lastModifiedBy = this.principal;
        existing.lastModifiedDateTime = new Date().toISOString();
        return send(200, existing);
      }
      default: return error(405, 'MethodNotAllowed', `${rec.method} is not allowed`);
    }
  }
}
