/**
 * Reading and rewriting the parts of a log record that variants change (who called, from where, which HSM, when),
 * per table, in each of the shapes Azure writes them. Records are plain row objects as the data files hold them;
 * every function returns a new object and never changes its argument (file rows are shared between cases).
 *
 * Shapes (sources in samples/README.md, "Where each record shape comes from"):
 *  - AzureDiagnostics flattens the token's claims into columns: long URI-derived names
 *    (identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g) and, in workspaces that have
 *    ingested them, the short claim names (identity_claim_oid_g, identity_claim_upn_s).
 *  - AZKVAuditLogs carries the token in `Identity` (dynamic; JSON text in some pipelines) as `claim`, whose keys are
 *    short (`oid`), underscore-nested (`http_schemas_microsoft_com_identity.claims.objectidentifier`) or URIs.
 *  - AzureActivity has `Caller` (a UPN for people, an object or application id otherwise), `Claims_d` (URI keys)
 *    and its JSON text `Claims`, and the address in `CallerIpAddress` and `HTTPRequest.clientIpAddress`.
 *  - SigninLogs has UserPrincipalName, UserId and IPAddress.
 */

export type Row = Record<string, unknown>;
export type Rows = Record<string, Row[]>;

/** The caller of a record, in one shape for every table. Empty fields are absent. */
export interface Caller {
  objectId?: string;
  upn?: string;
  appId?: string;
  /** `user` or `app` (the token's idtyp claim). */
  idType?: string;
  /** The managed identity's resource id (xms_mirid). */
  miResourceId?: string;
}

export const OID_URI = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
export const UPN_URI = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';

export const AD_OID_LONG = 'identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g';
export const AD_UPN_LONG = 'identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s';
export const AD_OID_SHORT = 'identity_claim_oid_g';
export const AD_UPN_SHORT = 'identity_claim_upn_s';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A shallow copy: the rewriting functions replace nested values (Identity, Claims_d) rather than change them. */
export function clone(row: Row): Row {
  return { ...row };
}

/** A dynamic column's value as an object, whether the record holds it as an object or as JSON text. */
export function dynamicObject(v: unknown): Record<string, unknown> | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  if (typeof v === 'string' && v.trim().startsWith('{')) {
    try {
      const o = JSON.parse(v) as unknown;
      return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The AZKVAuditLogs token claims, from any of the key shapes. */
function azkvClaims(row: Row): Record<string, unknown> {
  return (dynamicObject(row.Identity)?.claim as Record<string, unknown> | undefined) ?? {};
}

function nested(o: Record<string, unknown>, ...path: string[]): unknown {
  let v: unknown = o;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

export function callerOf(table: string, row: Row): Caller | undefined {
  switch (table) {
    case 'AzureDiagnostics':
      return compact({
        objectId: text(row[AD_OID_SHORT]) ?? text(row[AD_OID_LONG]),
        upn: text(row[AD_UPN_SHORT]) ?? text(row[AD_UPN_LONG]),
        appId: text(row.identity_claim_appid_g),
        idType: text(row.identity_claim_idtyp_s),
        miResourceId: text(row.identity_claim_xms_mirid_s),
      });
    case 'AZKVAuditLogs': {
      const c = azkvClaims(row);
      return compact({
        objectId: text(c.oid) ?? text(nested(c, 'http_schemas_microsoft_com_identity', 'claims', 'objectidentifier')) ?? text(c[OID_URI]),
        upn: text(c.upn) ?? text(nested(c, 'http_schemas_xmlsoap_org_ws_2005_05_identity', 'claims', 'upn')) ?? text(c[UPN_URI]),
        appId: text(c.appid),
        idType: text(c.idtyp),
        miResourceId: text(c.xms_mirid),
      });
    }
    case 'AzureActivity': {
      const c = dynamicObject(row.Claims_d) ?? dynamicObject(row.Claims) ?? {};
      return compact({ objectId: text(c[OID_URI]), upn: text(c[UPN_URI]), appId: text(c.appid), idType: text(c.idtyp) });
    }
    case 'SigninLogs':
      return compact({ objectId: text(row.UserId), upn: text(row.UserPrincipalName), appId: text(row.AppId) });
    default:
      return undefined;
  }
}

function compact(c: Caller): Caller | undefined {
  const out: Caller = {};
  for (const [k, v] of Object.entries(c)) if (v !== undefined) out[k as keyof Caller] = v;
  return Object.keys(out).length ? out : undefined;
}

/** Which claim shape a record uses, so that a rewritten caller keeps it unless a variant asks for another. */
export type ClaimForm = 'short' | 'long' | 'uri';

function azkvForm(c: Record<string, unknown>): ClaimForm {
  if (c.oid !== undefined || c.upn !== undefined) return 'short';
  if (c[OID_URI] !== undefined || c[UPN_URI] !== undefined) return 'uri';
  return 'long';
}

/** The record with its caller replaced (fields absent from `caller` are removed), in `form` or the record's own. */
export function withCaller(table: string, row: Row, caller: Caller, form?: ClaimForm): Row {
  const out = clone(row);
  switch (table) {
    case 'AzureDiagnostics': {
      const short = form ? form === 'short' : text(row[AD_OID_SHORT]) !== undefined || text(row[AD_UPN_SHORT]) !== undefined;
      for (const k of [AD_OID_SHORT, AD_OID_LONG, AD_UPN_SHORT, AD_UPN_LONG, 'identity_claim_appid_g', 'identity_claim_idtyp_s', 'identity_claim_xms_mirid_s']) delete out[k];
      if (caller.objectId) out[short ? AD_OID_SHORT : AD_OID_LONG] = caller.objectId;
      if (caller.upn) out[short ? AD_UPN_SHORT : AD_UPN_LONG] = caller.upn;
      if (caller.appId) out.identity_claim_appid_g = caller.appId;
      if (caller.idType) out.identity_claim_idtyp_s = caller.idType;
      if (caller.miResourceId) out.identity_claim_xms_mirid_s = caller.miResourceId;
      return out;
    }
    case 'AZKVAuditLogs': {
      const identity = dynamicObject(row.Identity) ?? {};
      const old = (identity.claim as Record<string, unknown> | undefined) ?? {};
      const f = form ?? azkvForm(old);
      const claim: Record<string, unknown> = {};
      // Claims the variant does not model (scope, name, ipaddr, ...) are kept.
      const modelled = new Set(['oid', 'upn', 'appid', 'idtyp', 'xms_mirid', OID_URI, UPN_URI, 'http_schemas_microsoft_com_identity', 'http_schemas_xmlsoap_org_ws_2005_05_identity']);
      for (const [k, v] of Object.entries(old)) if (!modelled.has(k)) claim[k] = v;
      if (caller.appId) claim.appid = caller.appId;
      if (caller.idType) claim.idtyp = caller.idType;
      if (caller.miResourceId) claim.xms_mirid = caller.miResourceId;
      if (f === 'short') {
        if (caller.objectId) claim.oid = caller.objectId;
        if (caller.upn) claim.upn = caller.upn;
      } else if (f === 'uri') {
        if (caller.objectId) claim[OID_URI] = caller.objectId;
        if (caller.upn) claim[UPN_URI] = caller.upn;
      } else {
        if (caller.objectId) claim.http_schemas_microsoft_com_identity = { claims: { objectidentifier: caller.objectId } };
        if (caller.upn) claim.http_schemas_xmlsoap_org_ws_2005_05_identity = { claims: { upn: caller.upn } };
      }
      const next = { ...identity, claim };
      out.Identity = typeof row.Identity === 'string' ? JSON.stringify(next) : next;
      return out;
    }
    case 'AzureActivity': {
      const claims: Record<string, unknown> = { ...(dynamicObject(row.Claims_d) ?? dynamicObject(row.Claims) ?? {}) };
      for (const k of [OID_URI, UPN_URI, 'appid', 'idtyp']) delete claims[k];
      if (caller.objectId) claims[OID_URI] = caller.objectId;
      if (caller.upn) claims[UPN_URI] = caller.upn;
      if (caller.appId) claims.appid = caller.appId;
      if (caller.idType) claims.idtyp = caller.idType;
      if ('Claims_d' in row) out.Claims_d = claims;
      if ('Claims' in row) out.Claims = JSON.stringify(claims);
      // Azure writes the UPN for people, else the object id (service principals, managed identities).
      out.Caller = caller.upn ?? caller.objectId ?? caller.appId ?? '';
      return out;
    }
    case 'SigninLogs':
      out.UserPrincipalName = caller.upn ?? '';
      out.UserId = caller.objectId ?? '';
      return out;
    default:
      return out;
  }
}

const ADDRESS_COLUMN: Record<string, string> = {
  AzureDiagnostics: 'CallerIPAddress',
  AZKVAuditLogs: 'CallerIpAddress',
  AzureActivity: 'CallerIpAddress',
  SigninLogs: 'IPAddress',
};

export function addressOf(table: string, row: Row): string | undefined {
  const col = ADDRESS_COLUMN[table];
  return col ? text(row[col]) : undefined;
}

export function withAddress(table: string, row: Row, address: string): Row {
  const col = ADDRESS_COLUMN[table];
  if (!col) return row;
  const out = clone(row);
  const old = text(row[col]);
  out[col] = address;
  if (table === 'AzureActivity' && old) {
    const req = dynamicObject(row.HTTPRequest);
    if (req && req.clientIpAddress === old) {
      const next = { ...req, clientIpAddress: address };
      out.HTTPRequest = typeof row.HTTPRequest === 'string' ? JSON.stringify(next) : next;
    }
  }
  if (table === 'AzureDiagnostics' && old && row.identity_claim_ipaddr_s === old) out.identity_claim_ipaddr_s = address;
  return out;
}

/** Tables whose records have a caller and an address that variants can rewrite. */
export const CALLER_TABLES = new Set(Object.keys(ADDRESS_COLUMN));

/** Managed HSM audit tables (the `ManagedHsmAudit` parser reads both). */
export const HSM_AUDIT_TABLES = new Set(['AzureDiagnostics', 'AZKVAuditLogs']);

export function isHsmAuditRow(table: string, row: Row): boolean {
  if (table === 'AzureDiagnostics') return String(row.ResourceType ?? '').toUpperCase() === 'MANAGEDHSMS';
  if (table === 'AZKVAuditLogs') return /\/managedhsms\//i.test(String(row._ResourceId ?? ''));
  return false;
}

/** The HSM name a record is about, from its resource id or request host (lower case). */
export function hsmNameOf(table: string, row: Row): string | undefined {
  for (const col of ['_ResourceId', 'ResourceId']) {
    const m = /\/managedhsms\/([^/]+)/i.exec(String(row[col] ?? ''));
    if (m) return m[1]!.toLowerCase();
  }
  const uri = String(row[table === 'AzureDiagnostics' ? 'requestUri_s' : 'RequestUri'] ?? '');
  const h = /^https?:\/\/([^./]+)\.managedhsm\./i.exec(uri);
  return h ? h[1]!.toLowerCase() : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every string in the record (dynamic values and JSON text included) with the HSM `from` renamed by `rename`
 * wherever it names the HSM: in resource ids (`/managedhsms/<name>`), request and object URIs
 * (`<name>.managedhsm.azure.net`) and the AzureDiagnostics `Resource` column.
 */
export function renameHsm(row: Row, from: string, rename: (matched: string) => string): Row {
  const re = new RegExp(`(/managedhsms/|^|//)(${escapeRegExp(from)})(?=$|[/."\\\\?])`, 'gi');
  const visit = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key === 'Resource' && v.toLowerCase() === from.toLowerCase()) return rename(v);
      if (!v.toLowerCase().includes(from.toLowerCase())) return v;
      return v.replace(re, (_m, pre: string, name: string) => {
        if (pre === '') return v.toLowerCase() === from.toLowerCase() ? rename(name) : name;
        return pre + rename(name);
      });
    }
    if (Array.isArray(v)) return v.map((x) => visit(x));
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = visit(x, k);
      return o;
    }
    return v;
  };
  return visit(row) as Row;
}

/** The record's TimeGenerated in epoch milliseconds, or undefined. */
export function timeOf(row: Row): number | undefined {
  const v = row.TimeGenerated;
  if (typeof v !== 'string' && !(v instanceof Date)) return undefined;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** The record moved to `t` (TimeGenerated and the other event times that move with it). */
export function withTime(row: Row, t: number): Row {
  const out = { ...row };
  const old = timeOf(row);
  out.TimeGenerated = new Date(t).toISOString();
  if (old !== undefined) {
    for (const col of ['EventSubmissionTimestamp', 'CreatedDateTime', '_IngestionTime']) {
      const v = row[col];
      if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) out[col] = new Date(Date.parse(v) + (t - old)).toISOString();
    }
  }
  return out;
}

/** A deterministic version-4-shaped GUID from a seed text (FNV-1a, expanded). */
export function guidFrom(seed: string): string {
  let h = 0x811c9dc5;
  const hex: string[] = [];
  for (let round = 0; hex.join('').length < 32; round++) {
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= round;
    h = Math.imul(h, 0x01000193) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const s = hex.join('').slice(0, 32).split('');
  s[12] = '4';
  s[16] = '89ab'[parseInt(s[16]!, 16) % 4]!;
  const j = s.join('');
  return `${j.slice(0, 8)}-${j.slice(8, 12)}-${j.slice(12, 16)}-${j.slice(16, 20)}-${j.slice(20)}`;
}
