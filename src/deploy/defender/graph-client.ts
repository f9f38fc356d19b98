/**
 * Microsoft Graph for custom detections: the ARM client's pipeline (bearer token, retries with backoff and
 * Retry-After, timeouts, one token check before the first call) pointed at Graph, with Graph's token scope and
 * paging (`@odata.nextLink`).
 */
import type { TokenCredential } from '@azure/core-auth';
import { ArmClient, type RetryOptions } from '../arm/arm-client.ts';
import { DETECTION_RULES_PATH } from './mapping.ts';

export const DEFAULT_GRAPH_ENDPOINT = 'https://graph.microsoft.com';

/** Graph endpoints of the national clouds, whose token scope is their own `/.default`. */
const KNOWN_GRAPH = /^https:\/\/(graph\.microsoft\.com|graph\.microsoft\.us|dod-graph\.microsoft\.us|microsoftgraph\.chinacloudapi\.cn)$/i;

export interface GraphClientOptions {
  credential: TokenCredential;
  endpoint?: string;
  retry?: RetryOptions;
  timeoutMs?: number;
  tlsOptions?: { ca?: string | Buffer };
}

export class GraphClient {
  readonly endpoint: string;
  readonly http: ArmClient;

  constructor(o: GraphClientOptions) {
    this.endpoint = (o.endpoint ?? DEFAULT_GRAPH_ENDPOINT).replace(/\/+$/, '');
    const scope = KNOWN_GRAPH.test(this.endpoint) ? `${this.endpoint}/.default` : `${DEFAULT_GRAPH_ENDPOINT}/.default`;
    this.http = new ArmClient({ credential: o.credential, endpoint: this.endpoint, scope, retry: o.retry, timeoutMs: o.timeoutMs, tlsOptions: o.tlsOptions });
  }

  /** The detection rules collection, or one rule by its Graph id. */
  rulesUrl(id?: string): string {
    return `${this.endpoint}${DETECTION_RULES_PATH}${id ? `/${encodeURIComponent(id)}` : ''}`;
  }
}
