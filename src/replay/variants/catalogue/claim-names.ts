/**
 * The caller's claims under other names: short claim names (oid, upn) as a v2 token and newer AzureDiagnostics
 * columns carry them, or the long URI claim names (…/identity/claims/objectidentifier) of the Key Vault samples.
 */
import type { Variant } from '../model.ts';
import { callerOf, withCaller, type ClaimForm } from '../records.ts';
import { changed, mapRows } from '../transform.ts';

function claimNames(form: ClaimForm): Variant['apply'] {
  return ({ rows, tables }) => {
    const out = mapRows(rows, (t) => tables.has(t) && (t === 'AzureDiagnostics' || t === 'AZKVAuditLogs'), (row, table) => {
      const caller = callerOf(table, row);
      // AzureDiagnostics has no URI-named columns: its long form is the flattened one.
      return caller ? withCaller(table, row, caller, table === 'AzureDiagnostics' && form === 'uri' ? 'long' : form) : row;
    });
    return changed(rows, out) ? { rows: out } : undefined;
  };
}

const common = {
  kind: 'shape' as const,
  keeps: 'expectations' as const,
  cases: ['positive', 'negative'] as ('positive' | 'negative')[],
};

export const shortClaimNames: Variant = {
  ...common,
  id: 'short-claim-names',
  title: 'caller claims under their short names (identity_claim_oid_g / _upn_s; Identity.claim.oid / .upn)',
  models: 'Tokens and workspaces that carry the short oid/upn claims instead of the URI-named ones; Azure-Sentinel Key Vault rules coalesce both',
  source: 'Azure/Azure-Sentinel Solutions/Azure Key Vault/Analytic Rules/KeyvaultMassSecretRetrieval.yaml (column_ifexists identity_claim_oid_g / identity_claim_upn_s)',
  apply: claimNames('short'),
};

export const uriClaimNames: Variant = {
  ...common,
  id: 'uri-claim-names',
  title: 'caller claims under their long names (flattened URI columns; Identity.claim keyed by the claim URI)',
  models: 'Key Vault audit records whose identity claims are keyed by the full claim URI, as in Microsoft\'s Key Vault logging sample',
  source: 'https://learn.microsoft.com/azure/key-vault/general/logging (sample record: identity.claim["http://schemas.microsoft.com/identity/claims/objectidentifier"])',
  apply: claimNames('uri'),
};
