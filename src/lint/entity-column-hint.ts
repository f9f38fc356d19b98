/**
 * The nearest output column for an entity identifier that names a missing column, among the columns that can hold
 * that identifier: `columnName: CallerIP` for IP.Address suggests `CallerIpAddress`, not `Caller` (a UPN). What a
 * column can hold is read from its name and type, after Sentinel's entity identifiers
 * (https://learn.microsoft.com/azure/sentinel/entities-reference); the name patterns are this project's assumption.
 */
import { didYouMean, editDistance } from '../content/validate/did-you-mean.ts';
import type { OutputColumn } from './output-columns.ts';

/** Name patterns of columns that hold each kind of identifier. */
const KINDS: { kind: string; column: RegExp }[] = [
  { kind: 'ip', column: /ip(v[46])?(address)?s?$|ipaddress|address$/i },
  { kind: 'account', column: /upn|user(name|principal)?$|caller$|account|principal|identity$|mail/i },
  { kind: 'id', column: /(object|user|tenant|app|client|principal)?id$|guid|sid$|puid/i },
  { kind: 'resource', column: /resource(id)?$|hsmresourceid|subscription/i },
  { kind: 'host', column: /host|computer|device|machine/i },
  { kind: 'url', column: /url|uri$|path$/i },
  { kind: 'dns', column: /domain|dns|fqdn/i },
  { kind: 'app', column: /app|client/i },
];

/** The kind of identifier an entity field is, by entity type and identifier (undefined: any column may do). */
function identifierKind(entityType: string, identifier: string): string | undefined {
  if (identifier === 'Address') return 'ip';
  if (['AadUserId', 'ObjectGuid', 'Sid', 'PUID', 'AadTenantId'].includes(identifier)) return 'id';
  if (identifier === 'ResourceId') return 'resource';
  if (identifier === 'Url') return 'url';
  if (identifier === 'DomainName') return 'dns';
  if (identifier === 'AppId') return 'app';
  if (entityType === 'Account' && ['FullName', 'Name', 'UPNSuffix', 'NTDomain', 'DisplayName'].includes(identifier)) return 'account';
  if (entityType === 'Host') return 'host';
  return undefined;
}

const kindsOf = (name: string) => new Set(KINDS.filter((k) => k.column.test(name)).map((k) => k.kind));

/**
 * The suggestion for `column` as `entityType.identifier`: the closest column that can hold the identifier
 * (strings, of the identifier's kind when its name shows one), never one whose name shows another kind.
 */
export function entityColumnHint(entityType: string, identifier: string, column: string, columns: OutputColumn[]): string | undefined {
  const kind = identifierKind(entityType, identifier);
  const scalar = columns.filter((c) => c.type !== 'dynamic' && c.type !== 'datetime' && c.type !== 'bool');
  if (!kind) return didYouMean(column, scalar.map((c) => c.name));
  const fitting = scalar.filter((c) => kindsOf(c.name).has(kind));
  const others = scalar.filter((c) => { const k = kindsOf(c.name); return !k.size; });
  // The nearest fitting column, allowing more distance than a plain typo (CallerIP → CallerIpAddress).
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of fitting) {
    const d = c.name.toLowerCase().startsWith(column.toLowerCase()) || column.toLowerCase().startsWith(c.name.toLowerCase())
      ? Math.abs(c.name.length - column.length) / 2
      : editDistance(column.toLowerCase(), c.name.toLowerCase());
    if (d < bestDistance) { best = c.name; bestDistance = d; }
  }
  if (best !== undefined && bestDistance <= Math.max(3, Math.ceil(column.length / 2))) return best;
  return didYouMean(column, others.map((c) => c.name));
}
