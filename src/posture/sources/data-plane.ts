/**
 * The Managed HSM data plane: local role assignments and role definitions at scope "/" (GET
 * {hsmUri}/providers/Microsoft.Authorization/roleAssignments|roleDefinitions, api-version 7.4, the calls
 * KeyVaultAccessControlClient makes). Reading them needs a local role with roleAssignments/read and
 * roleDefinitions/read (Managed HSM Crypto Auditor, Administrator, ...) and a network path to the HSM: with public
 * access disabled, only from a network with a private endpoint. Either missing makes the checks unknown.
 */
import type { TokenCredential } from '@azure/core-auth';
import { ArmClient } from '../../deploy/arm/arm-client.ts';
import { readable, unreadable, type LocalRoleAssignment, type LocalRoleDefinition, type Readable } from '../model.ts';
import { failureReason } from './failure.ts';

export const DATA_PLANE_API_VERSION = '7.4';

/** The token audience of an HSM: https://managedhsm.azure.net, or the sovereign cloud's suffix of its hsmUri. */
export function dataPlaneScope(hsmUri: string): string {
  const host = new URL(hsmUri).hostname;
  const m = /(?:^|\.)(managedhsm\.[a-z0-9.-]+)$/i.exec(host);
  return `https://${m ? m[1]!.toLowerCase() : 'managedhsm.azure.net'}/.default`;
}

export interface DataPlaneOptions {
  credential: TokenCredential;
  tlsOptions?: { ca?: string | Buffer };
  timeoutMs?: number;
  maxRetries?: number;
  signal?: AbortSignal;
}

const PERMISSION = 'a local role with Microsoft.KeyVault/managedHsm/roleAssignments/read/action and roleDefinitions/read/action, e.g. Managed HSM Crypto Auditor, and a network path to the HSM';

export async function localRbac(hsmUri: string | undefined, o: DataPlaneOptions): Promise<{ assignments: Readable<LocalRoleAssignment[]>; definitions: Readable<LocalRoleDefinition[]> }> {
  if (!hsmUri) {
    const none = unreadable('the HSM has no hsmUri yet (still provisioning?)');
    return { assignments: none, definitions: none };
  }
  const base = hsmUri.replace(/\/+$/, '');
  const client = new ArmClient({
    credential: o.credential, endpoint: base, scope: dataPlaneScope(hsmUri), tlsOptions: o.tlsOptions,
    timeoutMs: o.timeoutMs ?? 15_000, retry: { maxRetries: Math.min(o.maxRetries ?? 1, 1), baseDelayMs: 500 },
  });
  const read = async <T>(kind: 'roleAssignments' | 'roleDefinitions', what: string): Promise<Readable<T[]>> => {
    try {
      return readable(await client.list<T>(client.url(`/providers/Microsoft.Authorization/${kind}`, DATA_PLANE_API_VERSION), o.signal));
    } catch (e) {
      if (o.signal?.aborted) throw e;
      const err = e as { code?: string; status?: number };
      if (err.code === 'ARM_TIMEOUT') return unreadable(`cannot read ${what}: the HSM data plane did not answer (${String((e as Error).message).split(': ').pop()}); with public network access disabled, run from a network with a private endpoint to the HSM`);
      return unreadable(failureReason(e, what, PERMISSION));
    }
  };
  const [assignments, definitions] = await Promise.all([
    read<LocalRoleAssignment>('roleAssignments', 'local role assignments'),
    read<LocalRoleDefinition>('roleDefinitions', 'local role definitions'),
  ]);
  return { assignments, definitions };
}
