/**
 * A small ARM REST client on @azure/core-rest-pipeline: bearer auth, JSON in and out, and its own retry loop
 * (the SDK's default policy does not retry a 429 without Retry-After, and we want timeouts retried too).
 * Bodies are sent exactly as built — no SDK model in between to drop fields the SDK does not know.
 */
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/core-auth';
import { DeployError } from '../errors.ts';

export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';

export interface RetryOptions {
  /** Attempts after the first (default 4). */
  maxRetries?: number;
  /** First backoff delay (default 1000 ms); doubles each retry, with jitter. */
  baseDelayMs?: number;
  /** Cap for any delay, including Retry-After (default 60 s). */
  maxDelayMs?: number;
}

export interface ArmClientOptions {
  credential: TokenCredential;
  /** ARM endpoint, e.g. https://management.usgovcloudapi.net for a sovereign cloud. */
  endpoint?: string;
  /** Token scope; defaults to `<endpoint>/.default` for the public and sovereign clouds. */
  scope?: string;
  retry?: RetryOptions;
  /** Per-attempt timeout in ms (default 60 s). */
  timeoutMs?: number;
  /** TLS options (tests pass the local server's CA). */
  tlsOptions?: { ca?: string | Buffer };
  httpClient?: HttpClient;
  /** Observes every attempt (method, URL without query, status or error); never sees headers or bodies. */
  onAttempt?: (event: AttemptEvent) => void;
  userAgentPrefix?: string;
}

export interface AttemptEvent { method: string; path: string; attempt: number; status?: number; error?: string; retryInMs?: number }

export interface ArmResponse<T = Record<string, unknown>> { status: number; body: T | undefined; headers: Record<string, string> }

export class ArmRequestError extends DeployError {
  constructor(
    readonly status: number,
    readonly armCode: string | undefined,
    message: string,
  ) {
    super(status === 0 ? 'ARM_TIMEOUT' : 'ARM_REQUEST', message);
  }
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const TRANSIENT_ERRORS = new Set(['REQUEST_SEND_ERROR', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}

export class ArmClient {
  readonly endpoint: string;
  private readonly pipeline: Pipeline;
  private readonly retry: Required<RetryOptions>;
  private readonly timeoutMs: number;
  private readonly scope: string;
  private credentialChecked?: Promise<void>;

  constructor(private readonly options: ArmClientOptions) {
    this.endpoint = (options.endpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, '');
    const scope = options.scope ?? (/^https:\/\/management\.(azure\.com|usgovcloudapi\.net|chinacloudapi\.cn)$/i.test(this.endpoint)
      ? `${this.endpoint}/.default`
      : `${DEFAULT_ARM_ENDPOINT}/.default`);
    this.scope = scope;
    this.pipeline = createPipelineFromOptions({
      retryOptions: { maxRetries: 0 },
      tlsOptions: options.tlsOptions,
      userAgentOptions: { userAgentPrefix: options.userAgentPrefix ?? 'managed-hsm-detections' },
    });
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: scope }));
    this.retry = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 60_000, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  url(path: string, apiVersion: string, query: Record<string, string> = {}): string {
    const qs = new URLSearchParams({ 'api-version': apiVersion, ...query });
    return `${this.endpoint}${path}?${qs.toString()}`;
  }

  async request<T = Record<string, unknown>>(method: 'GET' | 'PUT' | 'DELETE' | 'POST' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<ArmResponse<T>> {
    const path = new URL(url).pathname;
    await (this.credentialChecked ??= this.checkCredential(method, path));
    for (let attempt = 0; ; attempt++) {
      const request = createPipelineRequest({
        url,
        method,
        headers: createHttpHeaders({ accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }),
        body: body !== undefined ? JSON.stringify(body) : undefined,
        timeout: this.timeoutMs,
        abortSignal: signal,
      });
      let response: PipelineResponse | undefined;
      let failure: string | undefined;
      try {
        response = await this.pipeline.sendRequest(this.options.httpClient ?? defaultClient(), request);
      } catch (e) {
        if (signal?.aborted) throw e;
        const err = e as Error & { code?: string };
        if (err.name !== 'AbortError' && !TRANSIENT_ERRORS.has(err.code ?? '')) {
          // Not a transport failure: most often no credential (not signed in) or a token request refused.
          throw new DeployError('AUTH_FAILED', `${method} ${path}: ${err.name}: ${firstLine(err.message)} (sign in with az login, or set AZURE_TENANT_ID/AZURE_CLIENT_ID for a service principal or workload identity)`);
        }
        failure = err.name === 'AbortError' ? `timed out after ${this.timeoutMs} ms` : `${err.code}: ${firstLine(err.message)}`;
      }
      const status = response?.status;
      const retryable = failure !== undefined || RETRY_STATUS.has(status!);
      const canRetry = retryable && attempt < this.retry.maxRetries;
      const delay = canRetry ? this.delayFor(attempt, response) : undefined;
      this.options.onAttempt?.({ method, path, attempt, status, error: failure, retryInMs: delay });
      if (canRetry) {
        await sleep(delay!, signal);
        continue;
      }
      if (failure !== undefined) throw new ArmRequestError(0, undefined, `${method} ${path}: ${failure} (after ${attempt + 1} attempts)`);
      const parsed = parseBody(response!.bodyAsText);
      const hdrs = response!.headers.toJSON();
      if (status! >= 400) {
        const err = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
        const tries = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
        throw new ArmRequestError(status!, err?.code, `${method} ${path}: ${status}${err?.code ? ` ${err.code}` : ''}${err?.message ? `: ${err.message}` : ''}${tries}`);
      }
      return { status: status!, body: parsed as T | undefined, headers: hdrs };
    }
  }

  /**
   * One direct token request before the first call: a missing sign-in fails in well under a second here,
   * where the pipeline's token refresher would keep retrying it for many seconds.
   */
  private async checkCredential(method: string, path: string): Promise<void> {
    try {
      const token = await this.options.credential.getToken(this.scope);
      if (!token) throw new Error('the credential returned no token');
    } catch (e) {
      const err = e as Error;
      throw new DeployError('AUTH_FAILED', `${method} ${path}: ${err.name}: ${firstLine(err.message)} (sign in with az login, or set AZURE_TENANT_ID/AZURE_CLIENT_ID for a service principal or workload identity)`);
    }
  }

  /** Backoff: Retry-After (seconds or HTTP date) when given, else exponential with jitter; both capped. */
  private delayFor(attempt: number, response: PipelineResponse | undefined): number {
    const ra = response?.headers.get('retry-after-ms') ?? response?.headers.get('x-ms-retry-after-ms');
    if (ra && Number.isFinite(Number(ra))) return Math.min(Number(ra), this.retry.maxDelayMs);
    const after = response?.headers.get('retry-after');
    if (after) {
      const secs = Number(after);
      const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(after) - Date.now();
      if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), this.retry.maxDelayMs);
    }
    const exp = this.retry.baseDelayMs * 2 ** attempt;
    return Math.min(exp / 2 + Math.random() * (exp / 2), this.retry.maxDelayMs);
  }

  /** GET every page of a list (follows ARM's nextLink and Microsoft Graph's @odata.nextLink). */
  async list<T = Record<string, unknown>>(url: string, signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = url;
    while (next) {
      const res: ArmResponse<{ value?: T[]; nextLink?: string; '@odata.nextLink'?: string }> = await this.request('GET', next, undefined, {}, signal);
      out.push(...(res.body?.value ?? []));
      next = res.body?.nextLink ?? res.body?.['@odata.nextLink'];
    }
    return out;
  }
}

let sharedClient: HttpClient | undefined;
function defaultClient(): HttpClient {
  return (sharedClient ??= createDefaultHttpClient());
}

function parseBody(text: string | undefined | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: text.slice(0, 200) } };
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
  });
}
