/**
 * Ownership: only resources marked as this pack's are ever updated or deleted. Tracked resources (workbooks,
 * log alerts, action groups) carry tags; saved searches carry property tags; analytic rules, which have no tags,
 * are claimed by a Microsoft.SecurityInsights/metadata resource (`analyticsrule-<id>`, source = this pack).
 *
 * The mark also records the content hash of what was deployed, so a later portal edit shows as drift.
 * Rules take several writes, so an existing rule's metadata first records the hash about to be deployed as
 * `pending`; if the run stops between the writes, the next run accepts either hash and finishes the job. A new
 * rule is written before its metadata; one left without it is adopted only when identical to the repository.
 */
import { HASH_TAG, OWNER_TAG, VERSION_TAG, type DesiredResource } from '../resources.ts';
import type { PackInfo } from '../model.ts';

export interface OwnershipRecord {
  owned: boolean;
  /** Hash of the normalised body as last deployed (absent for resources deployed from ARM templates). */
  hash?: string;
  /** Hash of a deployment that may not have completed. */
  pending?: string;
}

export function encodeHashes(hash: string | undefined, pending?: string): string {
  return [hash ? `h:${hash}` : '', pending ? `p:${pending}` : ''].filter(Boolean).join(';');
}

export function decodeHashes(text: unknown): { hash?: string; pending?: string } {
  if (typeof text !== 'string') return {};
  const out: { hash?: string; pending?: string } = {};
  for (const part of text.split(';')) {
    if (part.startsWith('h:')) out.hash = part.slice(2);
    if (part.startsWith('p:')) out.pending = part.slice(2);
  }
  return out;
}

/** The body to send: the desired body plus this pack's ownership marks. */
export function withOwnership(resource: DesiredResource, pack: PackInfo, hash?: string): Record<string, unknown> {
  const body = structuredClone(resource.body);
  switch (resource.kind) {
    case 'workbooks':
    case 'scheduledQueryRules':
    case 'actionGroups': {
      const tags: Record<string, string> = { [OWNER_TAG]: pack.name, [VERSION_TAG]: pack.version };
      if (hash) tags[HASH_TAG] = hash;
      body.tags = tags;
      break;
    }
    case 'savedSearches': {
      const props = body.properties as Record<string, unknown>;
      const tags = [{ name: OWNER_TAG, value: pack.name }, { name: VERSION_TAG, value: pack.version }];
      if (hash) tags.push({ name: HASH_TAG, value: hash });
      props.tags = tags;
      break;
    }
    default:
      break;
  }
  return body;
}

/** Reads the ownership mark of a current resource (for alertRules, from its metadata resource). */
export function ownershipOf(kind: DesiredResource['kind'], current: Record<string, unknown>, pack: PackInfo, metadata?: Record<string, unknown>): OwnershipRecord {
  if (kind === 'alertRules') {
    const props = (metadata?.properties ?? {}) as Record<string, unknown>;
    const source = (props.source ?? {}) as Record<string, unknown>;
    if (source.name !== pack.name) return { owned: false };
    return { owned: true, ...decodeHashes(props.customVersion) };
  }
  if (kind === 'savedSearches') {
    const tags = (((current.properties ?? {}) as Record<string, unknown>).tags ?? []) as { name?: string; value?: string }[];
    const get = (n: string) => tags.find((t) => t.name?.toLowerCase() === n)?.value;
    if (get(OWNER_TAG) !== pack.name) return { owned: false };
    return { owned: true, hash: get(HASH_TAG) };
  }
  const tags = (current.tags ?? {}) as Record<string, string>;
  const lower = Object.fromEntries(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  if (lower[OWNER_TAG] !== pack.name) return { owned: false };
  return { owned: true, hash: lower[HASH_TAG] };
}
