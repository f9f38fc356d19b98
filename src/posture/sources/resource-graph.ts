/**
 * The inventory: every Microsoft.KeyVault/managedHSMs resource in the given subscriptions or management groups,
 * from Azure Resource Graph (POST /providers/Microsoft.ResourceGraph/resources, api-version 2024-04-01, through
 * @azure/arm-resourcegraph). Pages with $skipToken; throttling is handled here, not by the SDK: a 429 waits for
 * Retry-After or Resource Graph's x-ms-user-quota-resets-after, and an exhausted quota
 * (x-ms-user-quota-remaining: 0) waits before the next page.
 */
import type { TokenCredential } from '@azure/core-auth';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { HsmResource } from '../model.ts';
import { PostureError } from '../errors.ts';

export const HSM_INVENTORY_QUERY = [
  'resources',
  "| where type =~ 'microsoft.keyvault/managedhsms'",
  '| project id, name, type, location, resourceGroup, subscriptionId, tenantId, sku, tags, properties',
  '| order by id asc',
].join('\n');

/** Resource Graph takes at most 1000 subscriptions in one request. */
const SUBSCRIPTIONS_PER_REQUEST = 1000;
const PAGE_SIZE = 1000;

export interface InventoryOptions {
  credential: TokenCredential;
  subscriptions?: string[];
  managementGroups?: string[];
  /** ARM endpoint (Resource Graph is served by it). */
  endpoint: string;
  scope: string;
  tlsOptions?: { ca?: string | Buffer };
  /** Retries of a throttled (429) or failed (5xx) request (default 4). */
  maxRetries?: number;
  /** Cap of any wait, in ms (default 60 s). */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Observes each wait for throttling (for --verbose and tests). */
  onThrottle?: (waitMs: number, reason: string) => void;
}

/** "hh:mm:ss" (x-ms-user-quota-resets-after) or seconds (Retry-After) to ms. */
export function resetDelayMs(headers: { get(name: string): string | undefined }): number | undefined {
  const after = headers.get('retry-after');
  if (after && Number.isFinite(Number(after))) return Number(after) * 1000;
  const resets = headers.get('x-ms-user-quota-resets-after');
  const m = resets ? /^(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(resets) : null;
  if (m) return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + (m[4] ? Math.round(Number(`0.${m[4]}`) * 1000) : 0);
  return undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
  });
}

export async function listManagedHsms(o: InventoryOptions): Promise<HsmResource[]> {
  const client = new ResourceGraphClient(o.credential, {
    endpoint: o.endpoint,
    credentials: { scopes: [o.scope] },
    tlsOptions: o.tlsOptions,
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: 'managed-hsm-detections' },
  });
  const maxRetries = o.maxRetries ?? 4;
  const maxDelay = o.maxDelayMs ?? 60_000;
  const batches: { subscriptions?: string[]; managementGroups?: string[] }[] = [];
  if (o.managementGroups?.length) batches.push({ managementGroups: o.managementGroups });
  const subs = o.subscriptions ?? [];
  for (let i = 0; i < subs.length; i += SUBSCRIPTIONS_PER_REQUEST) batches.push({ subscriptions: subs.slice(i, i + SUBSCRIPTIONS_PER_REQUEST) });

  const out = new Map<string, HsmResource>();
  for (const batch of batches) {
    let skipToken: string | undefined;
    do {
      let headers: { get(name: string): string | undefined } | undefined;
      let page;
      for (let attempt = 0; ; attempt++) {
        try {
          page = await client.resources(
            { ...batch, query: HSM_INVENTORY_QUERY, options: { top: PAGE_SIZE, skipToken, resultFormat: 'objectArray' } },
            { abortSignal: o.signal, onResponse: (r) => { headers = { get: (n) => r.headers.get(n) }; } },
          );
          break;
        } catch (e) {
          if (o.signal?.aborted) throw new PostureError('POSTURE_ABORTED', 'aborted');
          const err = e as { statusCode?: number; code?: string; message?: string; response?: { headers: { get(n: string): string | undefined } } };
          const status = err.statusCode;
          const retryable = status === 429 || (status !== undefined && status >= 500) || err.code === 'ECONNRESET';
          if (!retryable || attempt >= maxRetries) {
            const scope = batch.managementGroups ? `management groups ${batch.managementGroups.join(', ')}` : `${batch.subscriptions!.length} subscription(s)`;
            throw new PostureError('POSTURE_INVENTORY', `Resource Graph query over ${scope} failed: ${status ?? ''} ${err.code ?? ''} ${String(err.message ?? e).split('\n')[0]}`.replace(/\s+/g, ' ').trim());
          }
          const wait = Math.min(maxDelay, (err.response && resetDelayMs(err.response.headers)) ?? 1000 * 2 ** attempt);
          o.onThrottle?.(wait, status === 429 ? 'throttled (429)' : `failed (${status ?? err.code})`);
          await sleep(wait, o.signal);
        }
      }
      for (const row of (page!.data ?? []) as HsmResource[]) out.set(row.id.toLowerCase(), row);
      skipToken = page!.skipToken;
      if (skipToken && headers?.get('x-ms-user-quota-remaining') === '0') {
        const wait = Math.min(maxDelay, resetDelayMs(headers) ?? 5000);
        o.onThrottle?.(wait, 'quota exhausted (x-ms-user-quota-remaining: 0)');
        await sleep(wait, o.signal);
      }
    } while (skipToken);
  }
  return [...out.values()].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
}
