/**
 * Entity extraction as Sentinel does it from query results: per result row, one entity per entity mapping, with
 * the identifiers taken from the mapped columns. Empty values (null, empty string, empty array/object) are dropped,
 * a mapping left without identifiers yields no entity, and identical entities are kept once.
 */
import type { EntityMapping } from './rule.ts';

export interface Entity { type: string; identifiers: Record<string, string> }

/** Sentinel keeps at most this many entities on one alert; the rest are dropped. */
export const MAX_ENTITIES_PER_ALERT = 500;

/** A column value as Sentinel shows it in an alert field: strings as is, everything else as JSON text. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

export function entityKey(e: Entity): string {
  const ids = Object.keys(e.identifiers).sort().map((k) => `${k}=${e.identifiers[k]!.toLowerCase()}`);
  return `${e.type}|${ids.join('|')}`;
}

/** Entities of the given rows (in row order, then mapping order), de-duplicated and capped. */
export function extractEntities(
  mappings: EntityMapping[],
  columns: string[],
  rows: unknown[][],
): { entities: Entity[]; truncated: boolean } {
  const index = new Map(columns.map((c, i) => [c, i]));
  const seen = new Set<string>();
  const entities: Entity[] = [];
  let truncated = false;
  for (const row of rows) {
    for (const m of mappings) {
      const identifiers: Record<string, string> = {};
      for (const f of m.fieldMappings) {
        const i = index.get(f.columnName);
        if (i === undefined) continue;
        const v = row[i];
        if (isEmptyValue(v)) continue;
        identifiers[f.identifier] = displayValue(v);
      }
      if (Object.keys(identifiers).length === 0) continue;
      const e = { type: m.entityType, identifiers };
      const key = entityKey(e);
      if (seen.has(key)) continue;
      if (entities.length >= MAX_ENTITIES_PER_ALERT) { truncated = true; continue; }
      seen.add(key);
      entities.push(e);
    }
  }
  return { entities, truncated };
}

/**
 * Microsoft first-party client applications that call Managed HSM on a person's behalf, by their published
 * application ids ("Application IDs of commonly used Microsoft applications", Microsoft Entra documentation).
 */
const FIRST_PARTY_APPS: Record<string, string> = {
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': 'Azure CLI',
  '1950a258-227b-4e31-a9cf-717495945fc2': 'Azure PowerShell',
  'c44b4083-3bb0-49c1-b47d-974e53cbdf3c': 'Azure portal',
  '872cd9fa-d31f-45e0-9eab-6e460a02d1f1': 'Visual Studio',
  'aebc6443-996d-45c2-90f0-388ff96faa56': 'Visual Studio Code',
};

/**
 * How an entity reads in a one-line listing: an account by its name (FullName, Name@UPNSuffix, DisplayName) before
 * its object id, a resource by its name, an application by its name before its id. `names` maps an AadUserId to
 * a name seen for it elsewhere (another alert of the same replay), for accounts mapped by object id alone.
 */
export function entityLabel(e: Entity, names?: ReadonlyMap<string, string>): string {
  const id = e.identifiers;
  switch (e.type) {
    case 'Account': {
      const name = id.FullName ?? (id.Name ? `${id.Name}${id.UPNSuffix ? `@${id.UPNSuffix}` : ''}` : undefined) ?? id.DisplayName;
      if (name) return name;
      const oid = id.AadUserId ?? id.ObjectGuid;
      const known = oid ? names?.get(oid.toLowerCase()) : undefined;
      return known ? `${known} (${oid})` : (oid ?? id.Sid ?? Object.values(id)[0] ?? '');
    }
    case 'AzureResource':
      return id.ResourceId ? id.ResourceId.replace(/\/+$/, '').split('/').pop()! : (Object.values(id)[0] ?? '');
    case 'CloudApplication': {
      if (id.Name) return id.Name;
      const known = id.AppId ? FIRST_PARTY_APPS[id.AppId.toLowerCase()] : undefined;
      return known ? `${known} (${id.AppId})` : (id.AppId ?? Object.values(id)[0] ?? '');
    }
    case 'Host':
      return id.FullyQualifiedHostName ?? id.HostName ?? Object.values(id)[0] ?? '';
    default:
      return id.Address ?? id.Url ?? id.Name ?? Object.values(id)[0] ?? '';
  }
}

/** AadUserId → the name an Account entity carries with it, over many alerts (see entityLabel). */
export function accountNames(entitySets: Iterable<Entity[]>): Map<string, string> {
  const names = new Map<string, string>();
  for (const entities of entitySets) {
    for (const e of entities) {
      if (e.type !== 'Account') continue;
      const oid = e.identifiers.AadUserId ?? e.identifiers.ObjectGuid;
      const name = e.identifiers.FullName ?? e.identifiers.DisplayName;
      if (oid && name && !names.has(oid.toLowerCase())) names.set(oid.toLowerCase(), name);
    }
  }
  return names;
}
