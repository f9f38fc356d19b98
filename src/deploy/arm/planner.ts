/**
 * The planner: desired resources against what the workspace holds, normalised, as create / update /
 * unchanged / drift / delete / orphan / foreign. Reads only; nothing here writes.
 */
import { API_VERSIONS, type ResourceKind } from './api-versions.ts';
import type { ArmClient } from './arm-client.ts';
import type { EnvironmentConfig } from '../config.ts';
import type { DeployError } from '../errors.ts';
import type { DeployContent } from '../model.ts';
import { changedPaths, normalise, normalisedHash } from './normalise.ts';
import { ownershipOf, withOwnership, type OwnershipRecord } from './ownership.ts';
import { desiredResources, logAlertName, metadataName, type DesiredResource } from '../resources.ts';
import { collectionPath, literalScope, resourcePath, workspacePath, type DeployTarget } from './target.ts';

type Json = Record<string, unknown>;

export type PlanAction = 'create' | 'update' | 'unchanged' | 'drift' | 'delete' | 'orphan' | 'foreign' | 'error';

export interface PlanItem {
  action: PlanAction;
  kind: ResourceKind;
  name: string;
  displayName: string;
  path: string;
  /** Properties that differ (update: repo vs workspace; drift: workspace vs what was deployed, when known). */
  changes: string[];
  message?: string;
  /** True when deploy writes this item: create, update, delete (with --prune), drift/foreign with --force,
   *  or an unchanged resource whose ownership record needs its content hash. */
  apply: boolean;
  desired?: DesiredResource;
  desiredHash?: string;
  current?: Json;
  currentEtag?: string;
  ruleMetadata?: Json;
  recorded?: OwnershipRecord;
}

export interface Plan {
  target: DeployTarget & { location: string };
  workspaceId?: string;
  items: PlanItem[];
  /** Content left out because it cannot become a resource (its current state, if any, is left alone). */
  problems: DeployError[];
}

export interface PlanOptions {
  client: ArmClient;
  target: DeployTarget;
  content: DeployContent;
  env: EnvironmentConfig;
  prune?: boolean;
  force?: boolean;
  signal?: AbortSignal;
}

const WORKSPACE_API = '2025-02-01';
const KINDS: ResourceKind[] = ['actionGroups', 'savedSearches', 'workbooks', 'alertRules', 'scheduledQueryRules'];
const SENTINEL_KINDS = new Set<ResourceKind>(['savedSearches', 'workbooks', 'alertRules']);
const MONITOR_KINDS = new Set<ResourceKind>(['savedSearches', 'scheduledQueryRules', 'actionGroups']);

/** Reads the workspace's region and customer id (GUID). */
export async function readWorkspace(client: ArmClient, target: DeployTarget, signal?: AbortSignal): Promise<{ location?: string; customerId?: string }> {
  const res = await client.request<{ location?: string; properties?: { customerId?: string } }>('GET', client.url(workspacePath(target), WORKSPACE_API), undefined, {}, signal);
  return { location: res.body?.location, customerId: res.body?.properties?.customerId };
}

export async function planDeployment(o: PlanOptions): Promise<Plan> {
  const { client, target, content, env } = o;
  let location = target.location;
  let workspaceId = env.workspaceId;
  const items: PlanItem[] = [];
  if (!location || !workspaceId) {
    try {
      const ws = await readWorkspace(client, target, o.signal);
      location ??= ws.location;
      workspaceId ??= ws.customerId;
    } catch (e) {
      if (!location || (e as DeployError).code === 'AUTH_FAILED') throw e;
    }
  }
  const full = { ...target, location: location ?? 'westeurope' };
  const problems: DeployError[] = [];
  const desired = desiredResources(content, env, literalScope(full), { problems });
  // A rule left out for a content error is not "gone from the repository": never prune it.
  const leftOut = new Set(problems.map((p) => p.subject).filter((s): s is string => Boolean(s)));
  for (const r of content.rules) if (leftOut.has(`alertRules/${r.id.toLowerCase()}`)) leftOut.add(`scheduledQueryRules/${logAlertName(r).toLowerCase()}`);
  const pack = content.pack;

  // Current state, one list per kind; a kind that cannot be read turns its items into errors, not a crash.
  const current = new Map<ResourceKind, Map<string, Json> | Error>();
  const query: Partial<Record<ResourceKind, Record<string, string>>> = { workbooks: { category: 'sentinel', canFetchContent: 'true' } };
  // Only the selected targets' kinds are read (a Sentinel-only identity needs no Monitor rights) or pruned.
  const kinds = KINDS.filter((k) => (env.targets.sentinel && SENTINEL_KINDS.has(k)) || (env.targets.monitor && MONITOR_KINDS.has(k)));
  for (const kind of [...kinds, ...(env.targets.sentinel ? ['metadata'] : [])] as ResourceKind[]) {
    try {
      const list = await client.list<Json>(client.url(collectionPath(full, kind), API_VERSIONS[kind], query[kind]), o.signal);
      current.set(kind, new Map(list.map((r) => [String(r.name).toLowerCase(), r])));
    } catch (e) {
      if ((e as DeployError).code === 'AUTH_FAILED') throw e; // the same for every kind: stop at once
      current.set(kind, e as Error);
    }
  }
  const metadata = current.get('metadata') ?? new Map<string, Json>();
  const metaFor = (rule: string): Json | undefined => (metadata instanceof Map ? metadata.get(metadataName(rule)) : undefined);

  const seen = new Set<string>(leftOut);
  for (const d of desired) {
    const path = resourcePath(full, d.kind, d.name);
    seen.add(`${d.kind}/${d.name.toLowerCase()}`);
    const base = { kind: d.kind, name: d.name, displayName: d.displayName, path, desired: d, changes: [] as string[] };
    const state = current.get(d.kind)!;
    if (state instanceof Error || (d.kind === 'alertRules' && metadata instanceof Error)) {
      const err = state instanceof Error ? state : (metadata as Error);
      items.push({ ...base, action: 'error', apply: false, message: `cannot read current state: ${err.message}` });
      continue;
    }
    const desiredBody = withOwnership(d, pack);
    const desiredHash = normalisedHash(d.kind, desiredBody);
    let cur = state.get(d.name.toLowerCase());
    if (cur && d.kind === 'workbooks' && cur.properties && (cur.properties as Json).serializedData == null) {
      // Lists may leave workbook content out; read it to compare.
      try {
        cur = (await client.request<Json>('GET', client.url(path, API_VERSIONS.workbooks, { canFetchContent: 'true' }), undefined, {}, o.signal)).body ?? cur;
      } catch (e) {
        if ((e as DeployError).code === 'AUTH_FAILED' || o.signal?.aborted) throw e;
        items.push({ ...base, action: 'error', apply: false, message: `cannot read current state: ${(e as Error).message}` });
        continue;
      }
    }
    const ruleMeta = d.kind === 'alertRules' ? metaFor(d.name) : undefined;
    if (!cur) {
      items.push({ ...base, action: 'create', apply: true, desiredHash, ruleMetadata: ruleMeta, recorded: ruleMeta ? ownershipOf(d.kind, {}, pack, ruleMeta) : undefined });
      continue;
    }
    const recorded = ownershipOf(d.kind, cur, pack, ruleMeta);
    const currentHash = normalisedHash(d.kind, cur);
    const changes = changedPaths(normalise(d.kind, cur), normalise(d.kind, desiredBody));
    const common = { ...base, current: cur, currentEtag: cur.etag as string | undefined, ruleMetadata: ruleMeta, recorded, desiredHash };
    if (!recorded.owned && d.kind === 'alertRules' && !ruleMeta && currentHash === desiredHash) {
      // A new rule is written before its metadata (the metadata's parent must exist); a run stopped in between
      // leaves the rule, identical to the repository, without its record. Record it; nothing else changes.
      items.push({ ...common, action: 'unchanged', apply: true, message: 'identical to the repository but without an ownership record (interrupted deploy?); record added' });
      continue;
    }
    if (!recorded.owned) {
      items.push({ ...common, changes, action: 'foreign', apply: Boolean(o.force), message: o.force ? 'not managed by this pack; taken over (--force)' : 'exists but is not managed by this pack; left alone (--force takes it over)' });
      continue;
    }
    const known = recorded.hash !== undefined || recorded.pending !== undefined;
    const deployedByUs = !known || currentHash === recorded.hash || currentHash === recorded.pending;
    if (currentHash === desiredHash) {
      // Up to date; record the hash when the ownership mark lacks it (ARM-template deployments, interrupted runs).
      items.push({ ...common, action: 'unchanged', apply: recorded.hash !== desiredHash || recorded.pending !== undefined });
    } else if (deployedByUs) {
      items.push({ ...common, changes, action: 'update', apply: true });
    } else {
      items.push({ ...common, changes, action: 'drift', apply: Boolean(o.force), message: o.force ? 'changed outside the repository; overwritten (--force)' : 'changed outside the repository (portal edit?); not overwritten — review, then deploy with --force to restore the repository version' });
    }
  }

  // Owned resources that the repository no longer has.
  for (const kind of kinds) {
    const state = current.get(kind);
    if (!(state instanceof Map)) continue;
    for (const [name, cur] of state) {
      if (seen.has(`${kind}/${name}`)) continue;
      const ruleMeta = kind === 'alertRules' ? metaFor(name) : undefined;
      if (!ownershipOf(kind, cur, pack, ruleMeta).owned) continue;
      const props = (cur.properties ?? {}) as Json;
      items.push({
        kind, name: String(cur.name), displayName: String(props.displayName ?? cur.name), path: resourcePath(full, kind, String(cur.name)), changes: [],
        current: cur, currentEtag: cur.etag as string | undefined, ruleMetadata: ruleMeta,
        action: o.prune ? 'delete' : 'orphan', apply: Boolean(o.prune),
        message: o.prune ? 'no longer in the repository' : 'no longer in the repository; kept (--prune deletes it)',
      });
    }
  }
  // Ownership records whose rule is gone (e.g. a run stopped between deleting a rule and its metadata).
  if (metadata instanceof Map) {
    const rules = current.get('alertRules');
    for (const [name, meta] of metadata) {
      const m = /^analyticsrule-(.+)$/.exec(name);
      if (!m || seen.has(`alertRules/${m[1]}`)) continue;
      if (rules instanceof Map && rules.has(m[1]!)) continue;
      const source = ((meta.properties as Json | undefined)?.source ?? {}) as Json;
      if (source.name !== pack.name) continue;
      items.push({
        kind: 'metadata', name: String(meta.name), displayName: `ownership record of rule ${m[1]}`, path: resourcePath(full, 'metadata', String(meta.name)), changes: [],
        current: meta, currentEtag: meta.etag as string | undefined, action: o.prune ? 'delete' : 'orphan', apply: Boolean(o.prune),
        message: 'its rule no longer exists',
      });
    }
  }
  return { target: full, workspaceId, items, problems };
}

export function summarise(items: Pick<PlanItem, 'action'>[]): Record<PlanAction, number> {
  const s: Record<PlanAction, number> = { create: 0, update: 0, unchanged: 0, drift: 0, delete: 0, orphan: 0, foreign: 0, error: 0 };
  for (const i of items) s[i.action]++;
  return s;
}
