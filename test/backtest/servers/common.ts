/** What the Log Analytics and ADX imitations share: HTTPS on 127.0.0.1, recorded requests, injected faults. */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localhostCertificate } from '../../deploy/arm-server/cert.ts';

export interface Recorded { method: string; path: string; headers: IncomingMessage['headers']; body: string; at: number; status?: number; answeredAt?: number }

export interface InjectedFault {
  /** Substring of the request body (the query text), or any request when absent. */
  match?: string;
  status: number;
  /** Retry-After header (seconds). */
  retryAfter?: string;
  /** retry-after-ms header. */
  retryAfterMs?: number;
  /** Drop the connection instead of answering. */
  drop?: boolean;
  times?: number;
}

export abstract class HttpsImitation {
  readonly cert = localhostCertificate().cert;
  readonly requests: Recorded[] = [];
  readonly faults: InjectedFault[] = [];
  /** Accepted bearer token. */
  token = 'test-token';
  /** Delay before each answer (stands in for the service's query time; makes concurrency visible). */
  latencyMs = 0;
  /** Most requests in flight at once so far. */
  maxInFlight = 0;
  url = '';
  private inFlight = 0;
  private server?: Server;

  async start(): Promise<string> {
    const { key, cert } = localhostCertificate();
    this.server = createServer({ key, cert }, (req, res) => { void this.receive(req, res); });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  inject(f: InjectedFault): void {
    this.faults.push({ times: 1, ...f });
  }

  reset(): void {
    this.requests.length = 0;
    this.onReset();
    this.faults.length = 0;
    this.maxInFlight = 0;
    this.latencyMs = 0;
  }

  protected onReset(): void {}

  protected abstract handle(rec: Recorded, send: (status: number, body: unknown, headers?: Record<string, string>) => void): void | Promise<void>;

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rec: Recorded = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'https://127.0.0.1').pathname, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
    this.requests.push(rec);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        rec.status = status;
        rec.answeredAt = Date.now();
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const fault = this.faults.find((f) => (f.times ?? 1) > 0 && (!f.match || rec.body.includes(f.match)));
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.drop) { rec.status = -1; req.socket.destroy(); return; }
        const headers: Record<string, string> = {};
        if (fault.retryAfter) headers['retry-after'] = fault.retryAfter;
        if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
        return send(fault.status, { error: { code: fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'injected fault' } }, headers);
      }
      await this.handle(rec, send);
    } finally {
      this.inFlight--;
    }
  }
}

/**
 * The imitations' compiled-query cache: a backtest sends each rule's text once per run with only its leading
 * `set query_now = datetime(t);` (ADX) or `let __backtest_now = datetime(t);` (Log Analytics) changed. Those
 * statements become the local engine's now (the first means exactly that; the second is rewritten to
 * `let __backtest_now = now();`, which evaluates the same), so the engine compiles each rule once instead of once
 * per run. When the rest of the text still calls now() or ago() itself, nothing is hoisted: the query then sees
 * the imitation's wall clock, as it would the service's.
 */
export function hoistRunLiterals(text: string, wallClock: Date): { text: string; now: Date } {
  const set = /^\s*set\s+query_now\s*=\s*datetime\(([^)]+)\)\s*;/.exec(text);
  if (set) return { text: text.slice(set[0].length), now: new Date(set[1]!.trim()) };
  const pinned = /^\s*let\s+__backtest_now\s*=\s*datetime\(([^)]+)\)\s*;/.exec(text);
  if (pinned) {
    const rest = text.slice(pinned[0].length);
    if (!/\b(now|ago)\s*\(/.test(rest.replace(/\/\/.*$/gm, '').replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""'))) {
      return { text: `let __backtest_now = now();${rest}`, now: new Date(pinned[1]!.trim()) };
    }
  }
  return { text, now: wallClock };
}
