/**
 * Normalised resource bodies: what the planner compares and the drift hash is taken over. Removes what the
 * server adds or rewrites (ids, ETags, timestamps, nulls, defaults, location spelling, id casing, ordering of
 * set-like lists, duration spelling), so that a body as sent and the same body as read back compare equal —
 * no perpetual diffs — while any real edit still shows.
 */
import type { ResourceKind } from './api-versions.ts';
import { durationSeconds, isoFromSeconds } from '../durations.ts';
import { contentHash } from '../ids.ts';

type Json = Record<string, unknown>;

const TOP_LEVEL_IGNORED = new Set(['id', 'name', 'type', 'etag', 'systemData', 'tags', 'identity']);
const READ_ONLY: Record<ResourceKind, string[]> = {
  alertRules: ['lastModifiedUtc', 'alertRuleTemplateName', 'startTimeUtc'],
  metadata: [],
  savedSearches: ['tags', 'etag'],
  workbooks: ['timeModified', 'userId', 'revision', 'tags', 'storageUri'],
  scheduledQueryRules: ['createdWithApiVersion', 'isWorkspaceAlertsStorageConfigured', 'isLegacyLogAnalyticsRule', 'provisioningState'],
  actionGroups: [],
};
const DURATION_KEYS = new Set(['queryFrequency', 'queryPeriod', 'suppressionDuration', 'lookbackDuration', 'evaluationFrequency', 'windowSize', 'overrideQueryTimeRange', 'muteActionsDuration', 'timeToResolve']);
const SET_LIKE = new Set(['tactics', 'techniques', 'subTechniques', 'groupByEntities', 'groupByAlertDetails', 'groupByCustomDetails', 'scopes', 'actionGroups', 'targetResourceTypes']);
const CASE_INSENSITIVE = new Set(['scopes', 'actionGroups', 'sourceId', 'parentId']);

export function normalise(kind: ResourceKind, body: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) {
    if (TOP_LEVEL_IGNORED.has(k)) continue;
    out[k] = k === 'location' && typeof v === 'string' ? v.toLowerCase().replace(/\s+/g, '') : v;
  }
  const props = { ...((out.properties ?? {}) as Json) };
  for (const k of READ_ONLY[kind]) delete props[k];
  if (kind === 'alertRules') {
    props.eventGroupingSettings ??= { aggregationKind: 'SingleAlert' };
  }
  if (kind === 'workbooks' && typeof props.serializedData === 'string') {
    try { props.serializedData = JSON.parse(props.serializedData); } catch { /* compare as text */ }
  }
  if (kind === 'scheduledQueryRules') {
    if (props.checkWorkspaceAlertsStorageConfigured === false) delete props.checkWorkspaceAlertsStorageConfigured;
    if (props.skipQueryValidation === false) delete props.skipQueryValidation;
  }
  if (kind === 'actionGroups') {
    for (const r of (props.emailReceivers as Json[] | undefined) ?? []) delete r.status;
    if (Array.isArray(props.emailReceivers)) props.emailReceivers = [...(props.emailReceivers as Json[])].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  }
  out.properties = props;
  return clean(out, '') as Json;
}

function clean(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    if (DURATION_KEYS.has(key)) {
      const s = durationSeconds(value);
      return s === undefined ? value : isoFromSeconds(s);
    }
    if (CASE_INSENSITIVE.has(key)) return value.toLowerCase();
    if (key === 'query' || key === 'description') return value.replace(/\r\n/g, '\n').trimEnd();
    return value;
  }
  if (Array.isArray(value)) {
    let items = value.map((v) => clean(v, CASE_INSENSITIVE.has(key) ? key : '')).filter((v) => v !== undefined);
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

export function normalisedHash(kind: ResourceKind, body: Json): string {
  return contentHash(normalise(kind, body));
}

/** Dotted paths of the leaves that differ between two normalised bodies. */
export function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a as Json), ...Object.keys(b as Json)])].sort();
    return keys.flatMap((k) => changedPaths((a as Json)[k], (b as Json)[k], prefix ? `${prefix}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.some((x) => x !== null && typeof x === 'object')) {
    return a.flatMap((x, i) => changedPaths(x, b[i], `${prefix}[${i}]`));
  }
  return [prefix || '(root)'];
}
