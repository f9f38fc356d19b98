/**
 * Ownership of custom detections. A detection rule has no tags and no companion resource, so the pack marks the
 * rules it writes with a comment as the last line of the query (`// content-pack: <pack> rule <id> hash <hash>`):
 * the pack rule's id says which rule it is (Graph assigns its own ids), the hash is that of the normalised body
 * as deployed, so a later edit in the portal shows as drift. A rule without the mark is never updated or deleted.
 */
import { durationSeconds, isoFromSeconds } from '../durations.ts';
import { contentHash } from '../ids.ts';

type Json = Record<string, unknown>;

const MARK = /^\s*\/\/ content-pack: (\S+) rule ([0-9a-fA-F-]{36})(?: hash ([0-9a-f]+))?\s*$/;

export interface DefenderOwnership { owned: boolean; rule?: string; hash?: string }

/** The query text with the mark appended (any earlier mark removed). */
export function withMark(queryText: string, pack: string, rule: string, hash: string): string {
  return `${stripMark(queryText)}\n// content-pack: ${pack} rule ${rule.toLowerCase()} hash ${hash}`;
}

export function stripMark(queryText: string): string {
  return queryText.replace(/\r\n/g, '\n').split('\n').filter((l) => !MARK.test(l)).join('\n').trimEnd();
}

export function ownershipOfRule(current: Json, pack: string): DefenderOwnership {
  const text = String(((current.queryCondition ?? {}) as Json).queryText ?? '');
  for (const line of text.replace(/\r\n/g, '\n').split('\n').reverse()) {
    const m = MARK.exec(line);
    if (m && m[1] === pack) return { owned: true, rule: m[2]!.toLowerCase(), ...(m[3] ? { hash: m[3] } : {}) };
  }
  return { owned: false };
}

const SET_LIKE = new Set(['mitreTechniques']);

/**
 * The writable part of a detection rule, normalised: server-written fields (id, createdBy, createdDateTime,
 * lastModified*, detectorId, lastRunDetails, schedule.nextRunDateTime, queryCondition.lastModifiedDateTime,
 * @odata annotations) dropped, nulls and empty lists removed, the mark removed from the query, durations canonical,
 * severities lower case, techniques and impacted assets sorted.
 */
export function normaliseRule(body: Json): Json {
  const q = (body.queryCondition ?? {}) as Json;
  const s = (body.schedule ?? {}) as Json;
  const a = (body.detectionAction ?? {}) as Json;
  const t = (a.alertTemplate ?? {}) as Json;
  const dur = (v: unknown) => (typeof v === 'string' ? (durationSeconds(v) === undefined ? v : isoFromSeconds(durationSeconds(v)!)) : v);
  const assets = ((t.impactedAssets ?? []) as Json[]).map((x) => ({ type: x['@odata.type'], identifier: x.identifier }))
    .sort((x, y) => `${x.type}/${x.identifier}`.localeCompare(`${y.type}/${y.identifier}`));
  return clean({
    displayName: body.displayName,
    description: typeof body.description === 'string' ? body.description.replace(/\r\n/g, '\n').trimEnd() : body.description,
    isEnabled: body.isEnabled,
    queryText: stripMark(String(q.queryText ?? '')),
    frequency: dur(s.frequency),
    lookback: dur(s.lookback),
    title: t.title,
    alertDescription: typeof t.description === 'string' ? t.description.replace(/\r\n/g, '\n').trimEnd() : t.description,
    severity: typeof t.severity === 'string' ? t.severity.toLowerCase() : t.severity,
    category: t.category,
    recommendedActions: t.recommendedActions,
    mitreTechniques: t.mitreTechniques,
    impactedAssets: assets,
    organizationalScope: a.organizationalScope,
    responseActions: a.responseActions,
  }, '') as Json;
}

function clean(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    let items = value.map((v) => clean(v, '')).filter((v) => v !== undefined);
    if (SET_LIKE.has(key)) items = [...new Set(items as string[])].sort();
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    const out: Json = {};
    for (const k of Object.keys(value as Json).sort()) {
      const v = clean((value as Json)[k], k);
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

export function ruleHash(body: Json): string {
  return contentHash(normaliseRule(body));
}
