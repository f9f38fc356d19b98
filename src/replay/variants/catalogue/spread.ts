/**
 * Attack variants that spread one attack over more of something than a rule's grouping may expect: identities
 * (password or token spraying), source addresses (a stolen credential used from a botnet or rotating proxies) and
 * HSMs (the same identity probing every HSM it can reach). The rows of the activity are dealt round-robin over
 * SPREAD members; the first member is the original.
 */
import type { Variant, VariantInput } from '../model.ts';
import { addressOf, callerOf, CALLER_TABLES, guidFrom, hsmNameOf, renameHsm, withAddress, withCaller, type Caller, type Row } from '../records.ts';
import { changed, inFocus, mapRows } from '../transform.ts';

export const SPREAD = 5;

function deal(input: VariantInput, eligible: (table: string, row: Row) => boolean, rewrite: (table: string, row: Row, k: number) => Row) {
  let i = 0;
  const out = mapRows(input.rows, () => true, (row, table) => {
    if (!inFocus(input, table, row) || !eligible(table, row)) return row;
    const k = i++ % SPREAD;
    return k === 0 ? row : rewrite(table, row, k);
  });
  return changed(input.rows, out) ? { rows: out } : undefined;
}

/** The k-th sprayed identity derived from a caller: a different person (or application) of the same kind. */
export function otherIdentity(c: Caller, k: number): Caller {
  const out: Caller = { ...c };
  if (c.objectId) out.objectId = guidFrom(`${c.objectId}/${k}`);
  if (c.upn) {
    const [local, domain] = c.upn.split('@');
    out.upn = `${local}.${k}@${domain ?? 'contoso.com'}`;
  }
  // People keep their client application; a service principal or managed identity is its own application.
  if (c.appId && (c.idType === 'app' || !c.upn)) out.appId = guidFrom(`${c.appId}/${k}`);
  if (c.miResourceId) out.miResourceId = `${c.miResourceId}-${k}`;
  return out;
}

const attack = { kind: 'attack' as const, keeps: 'verdict' as const, cases: ['positive'] as ('positive' | 'negative')[] };

export const spreadIdentities: Variant = {
  ...attack,
  id: 'spread-over-identities',
  title: `the activity dealt over ${SPREAD} identities (one address, many callers)`,
  models: 'Password and token spraying: one source tries many identities so that no identity reaches a per-identity threshold',
  source: 'MITRE ATT&CK T1110.003 Password Spraying (https://attack.mitre.org/techniques/T1110/003/)',
  apply(input) {
    return deal(input, (t, r) => CALLER_TABLES.has(t) && callerOf(t, r) !== undefined, (t, r, k) => withCaller(t, r, otherIdentity(callerOf(t, r)!, k)));
  },
};

export const spreadAddresses: Variant = {
  ...attack,
  id: 'spread-over-addresses',
  title: `the activity dealt over ${SPREAD} source addresses (one caller, many addresses)`,
  models: 'A stolen credential or token used from a botnet or rotating proxies: one identity, many source addresses',
  source: 'MITRE ATT&CK T1090.002 External Proxy and T1078.004 Cloud Accounts (https://attack.mitre.org/techniques/T1078/004/)',
  apply(input) {
    return deal(input, (t, r) => CALLER_TABLES.has(t) && addressOf(t, r) !== undefined, (t, r, k) => withAddress(t, r, `198.51.100.${200 + k}`));
  },
};

export const spreadHsms: Variant = {
  ...attack,
  id: 'spread-over-hsms',
  title: `the activity dealt over ${SPREAD} Managed HSMs of the same subscription`,
  models: 'An identity with access to several HSMs works through all of them, staying under any per-HSM threshold',
  source: 'MITRE ATT&CK T1526 Cloud Service Discovery (https://attack.mitre.org/techniques/T1526/)',
  apply(input) {
    return deal(input, (t, r) => hsmNameOf(t, r) !== undefined, (t, r, k) => {
      const name = hsmNameOf(t, r)!;
      return renameHsm(r, name, (matched) => `${matched}${k + 1}`);
    });
  },
};
