/**
 * The deployer: applies a plan through ARM REST calls at the api-versions in api-versions.ts. Writes go in
 * dependency order (action groups and functions before the rules that use them; deletions in reverse), a few at
 * a time within a kind, each guarded by the ETag read at plan time. A failure on one resource is recorded and the rest carry on.
 *
 * Every step leaves a state the next run can finish: tracked resources carry their ownership mark in the same
 * PUT; an existing rule's metadata first records the hash about to be deployed as pending (see ownership.ts), a
 * new rule is written before its metadata and re-adopted when identical if the run stops in between; deletions
 * remove the rule before its metadata, and orphaned metadata is cleaned up by the next --prune.
 */
import { API_VERSIONS, type ResourceKind } from './api-versions.ts';
import type { ArmClient } from './arm-client.ts';
import type { PackInfo } from '../model.ts';
import { encodeHashes, withOwnership } from './ownership.ts';
import type { Plan, PlanItem } from './planner.ts';
import { metadataName, ruleMetadataBody } from '../resources.ts';
import { literalScope, resourcePath } from './target.ts';

export interface DeployFailure { item: PlanItem; message: string }

export interface DeployResult {
  applied: PlanItem[];
  failures: DeployFailure[];
  /** Items that deploy did not write on purpose (drift, foreign, orphan). */
  skipped: PlanItem[];
}

export interface DeployOptions {
  client: ArmClient;
  pack: PackInfo;
  /** Checks rule queries before they are written; returns problems per item path. */
  preflight?: (items: PlanItem[]) => Promise<Map<string, string[]>>;
  onProgress?: (item: PlanItem, outcome: 'done' | 'failed', message?: string) => void;
  /** Writes in flight at once within one resource kind (default 4); kinds still go in dependency order. */
  concurrency?: number;
  signal?: AbortSignal;
}

/** Runs `work` over items of one kind at a time, up to `limit` concurrently within a kind. */
async function inPhases(items: PlanItem[], order: ResourceKind[], limit: number, work: (item: PlanItem) => Promise<void>): Promise<void> {
  for (const kind of order) {
    const queue = items.filter((i) => i.kind === kind);
    const runners = Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await work(item);
    });
    await Promise.all(runners);
  }
}

const WRITE_ORDER: ResourceKind[] = ['actionGroups', 'savedSearches', 'workbooks', 'alertRules', 'scheduledQueryRules'];
const DELETE_ORDER: ResourceKind[] = ['scheduledQueryRules', 'alertRules', 'metadata', 'workbooks', 'savedSearches', 'actionGroups'];
const QUERY_KINDS = new Set<ResourceKind>(['alertRules', 'scheduledQueryRules']);

export async function deploy(plan: Plan, o: DeployOptions): Promise<DeployResult> {
  const result: DeployResult = { applied: [], failures: [], skipped: [] };
  const writes = plan.items.filter((i) => i.apply && i.desired);
  const deletes = plan.items.filter((i) => i.apply && !i.desired && i.action === 'delete');
  result.skipped = plan.items.filter((i) => !i.apply && ['drift', 'foreign', 'orphan'].includes(i.action));
  for (const i of plan.items.filter((x) => x.action === 'error')) result.failures.push({ item: i, message: i.message ?? 'error' });

  // Preflight every query about to be written, before the first rule goes out.
  let blocked = new Map<string, string[]>();
  const queryWrites = writes.filter((i) => QUERY_KINDS.has(i.kind) && i.action !== 'unchanged');
  if (o.preflight && queryWrites.length) blocked = await o.preflight(queryWrites);

  const fail = (item: PlanItem, message: string) => {
    result.failures.push({ item, message });
    o.onProgress?.(item, 'failed', message);
  };
  const limit = Math.max(1, o.concurrency ?? 4);
  await inPhases(writes, WRITE_ORDER, limit, async (item) => {
    const problems = blocked.get(item.path);
    if (problems?.length) { fail(item, `preflight: ${problems.join('; ')}`); return; }
    try {
      await write(item, plan, o);
      result.applied.push(item);
      o.onProgress?.(item, 'done');
    } catch (e) {
      if (o.signal?.aborted) throw e;
      fail(item, (e as Error).message);
    }
  });
  await inPhases(deletes, DELETE_ORDER, limit, async (item) => {
    try {
      await remove(item, plan, o);
      result.applied.push(item);
      o.onProgress?.(item, 'done');
    } catch (e) {
      if (o.signal?.aborted) throw e;
      fail(item, (e as Error).message);
    }
  });
  // Stable report order whatever the completion order was.
  const rank = (i: PlanItem) => plan.items.indexOf(i);
  result.applied.sort((a, b) => rank(a) - rank(b));
  result.failures.sort((a, b) => rank(a.item) - rank(b.item));
  return result;
}

function ifMatch(item: PlanItem): Record<string, string> {
  return item.currentEtag ? { 'if-match': item.currentEtag } : {};
}

async function write(item: PlanItem, plan: Plan, o: DeployOptions): Promise<void> {
  const { client, pack } = o;
  const d = item.desired!;
  const hash = item.desiredHash!;
  const url = client.url(item.path, API_VERSIONS[d.kind]);
  if (d.kind !== 'alertRules') {
    await client.request('PUT', url, withOwnership(d, pack, hash), ifMatch(item), o.signal);
    return;
  }
  // Rules: an existing rule's record first notes the hash about to be deployed as pending; then the rule; then
  // the record settles on the new hash. A new rule is written first (a record's parent must exist).
  const scope = literalScope(plan.target);
  const metaPath = resourcePath(plan.target, 'metadata', metadataName(d.name));
  const metaUrl = client.url(metaPath, API_VERSIONS.metadata);
  const meta = ruleMetadataBody(pack, d.name, scope);
  const props = meta.properties as Record<string, unknown>;
  if (item.action !== 'unchanged') {
    if (item.current) {
      props.customVersion = encodeHashes(item.recorded?.hash, hash);
      await client.request('PUT', metaUrl, meta, {}, o.signal);
    }
    await client.request('PUT', url, withOwnership(d, pack, hash), ifMatch(item), o.signal);
  }
  props.customVersion = encodeHashes(hash);
  await client.request('PUT', metaUrl, meta, {}, o.signal);
}

async function remove(item: PlanItem, plan: Plan, o: DeployOptions): Promise<void> {
  const { client } = o;
  await client.request('DELETE', client.url(item.path, API_VERSIONS[item.kind]), undefined, ifMatch(item), o.signal);
  if (item.kind === 'alertRules') {
    const metaPath = resourcePath(plan.target, 'metadata', metadataName(item.name.toLowerCase()));
    await client.request('DELETE', client.url(metaPath, API_VERSIONS.metadata), undefined, {}, o.signal);
  }
}
