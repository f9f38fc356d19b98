/**
 * Principal kinds from Microsoft Graph (POST /v1.0/directoryObjects/getByIds, up to 1000 ids a call), to tell a
 * group from a user in the HSMs' role assignments. Needs Directory.Read.All (or User.Read.All and
 * GroupMember.Read.All); without it the checks that depend on the kind are unknown.
 */
import type { TokenCredential } from '@azure/core-auth';
import { ArmClient } from '../../deploy/arm/arm-client.ts';
import { readable, unreadable, type Principal, type PrincipalKind, type Readable } from '../model.ts';
import { failureReason } from './failure.ts';

export const DEFAULT_GRAPH_ENDPOINT = 'https://graph.microsoft.com';

export interface DirectoryOptions {
  credential: TokenCredential;
  endpoint?: string;
  tlsOptions?: { ca?: string | Buffer };
  signal?: AbortSignal;
}

const KINDS: Record<string, PrincipalKind> = { '#microsoft.graph.user': 'user', '#microsoft.graph.group': 'group', '#microsoft.graph.servicePrincipal': 'servicePrincipal' };

interface DirectoryObject { '@odata.type'?: string; id: string; displayName?: string; userPrincipalName?: string }

export async function principalKinds(ids: string[], o: DirectoryOptions): Promise<Readable<Map<string, Principal>>> {
  const out = new Map<string, Principal>();
  if (!ids.length) return readable(out);
  const endpoint = (o.endpoint ?? DEFAULT_GRAPH_ENDPOINT).replace(/\/+$/, '');
  const scope = /^https:\/\/(graph\.microsoft\.(com|us)|microsoftgraph\.chinacloudapi\.cn|dod-graph\.microsoft\.us)$/i.test(endpoint) ? `${endpoint}/.default` : `${DEFAULT_GRAPH_ENDPOINT}/.default`;
  const client = new ArmClient({ credential: o.credential, endpoint, scope, tlsOptions: o.tlsOptions, retry: { maxRetries: 3 } });
  try {
    for (let i = 0; i < ids.length; i += 1000) {
      const res = await client.request<{ value?: DirectoryObject[] }>('POST', `${endpoint}/v1.0/directoryObjects/getByIds`, { ids: ids.slice(i, i + 1000), types: ['user', 'group', 'servicePrincipal'] }, {}, o.signal);
      for (const d of res.body?.value ?? []) out.set(d.id.toLowerCase(), { id: d.id, kind: KINDS[d['@odata.type'] ?? ''] ?? 'other', displayName: d.userPrincipalName ?? d.displayName });
    }
    return readable(out);
  } catch (e) {
    if (o.signal?.aborted) throw e;
    return unreadable(failureReason(e, 'principal types from Microsoft Graph', 'Directory.Read.All for the signed-in identity'));
  }
}
