/**
 * The same activity by a service principal (a stolen client secret or certificate) or a managed identity (code
 * running on a compromised Azure resource): tokens without a UPN, idtyp "app", and for a managed identity the
 * xms_mirid claim naming its resource.
 */
import type { Variant } from '../model.ts';
import { callerOf, CALLER_TABLES, guidFrom, withCaller, type Caller } from '../records.ts';
import { changed, inFocus, mapRows } from '../transform.ts';

function asApp(c: Caller, managed: boolean): Caller {
  const seed = c.objectId ?? c.upn ?? c.appId ?? 'caller';
  const out: Caller = { objectId: guidFrom(`${seed}/sp`), appId: guidFrom(`${seed}/app`), idType: 'app' };
  if (managed) {
    out.miResourceId = '/subscriptions/3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f/resourcegroups/rg-apps/providers/microsoft.managedidentity/userassignedidentities/id-batch-worker';
  }
  return out;
}

function variant(managed: boolean): Variant['apply'] {
  return (input) => {
    const out = mapRows(input.rows, () => true, (row, table) => {
      if (!inFocus(input, table, row) || !CALLER_TABLES.has(table) || table === 'SigninLogs') return row;
      const c = callerOf(table, row);
      return c && c.upn ? withCaller(table, row, asApp(c, managed)) : row;
    });
    return changed(input.rows, out) ? { rows: out } : undefined;
  };
}

const attack = { kind: 'attack' as const, keeps: 'verdict' as const, cases: ['positive'] as ('positive' | 'negative')[] };

export const asServicePrincipal: Variant = {
  ...attack,
  id: 'as-service-principal',
  title: 'the people in the activity replaced by a service principal (no UPN, idtyp app)',
  models: 'Attackers use a stolen application secret or certificate; its token has an appid and oid but no UPN',
  source: 'https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference (idtyp, upn "only for user tokens")',
  apply: variant(false),
};

export const asManagedIdentity: Variant = {
  ...attack,
  id: 'as-managed-identity',
  title: 'the people in the activity replaced by a managed identity (no UPN, xms_mirid claim)',
  models: 'Code on a compromised Azure resource calls the HSM with the resource\'s managed identity',
  source: 'https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference (xms_mirid)',
  apply: variant(true),
};
