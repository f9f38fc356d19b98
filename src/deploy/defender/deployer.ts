/**
 * Applies a Defender plan: POST new custom detections, PATCH changed ones (and those taken over with --force),
 * DELETE pruned ones, each body carrying the ownership mark with its hash (ownership.ts). A failure on one rule is
 * recorded and the others carry on.
 */
import type { PackInfo } from '../model.ts';
import type { DefenderPlan, DefenderPlanItem } from './planner.ts';
import type { GraphClient } from './graph-client.ts';
import { withMark } from './ownership.ts';

export interface DefenderDeployResult {
  applied: DefenderPlanItem[];
  failures: { item: DefenderPlanItem; message: string }[];
  skipped: DefenderPlanItem[];
}

export interface DefenderDeployOptions {
  client: GraphClient;
  pack: PackInfo;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
}

export async function deployDefender(plan: DefenderPlan, o: DefenderDeployOptions): Promise<DefenderDeployResult> {
  const result: DefenderDeployResult = { applied: [], failures: [], skipped: plan.items.filter((i) => !i.apply && ['drift', 'foreign', 'orphan'].includes(i.action)) };
  const writes = plan.items.filter((i) => i.apply && i.desired);
  const deletes = plan.items.filter((i) => i.apply && !i.desired && i.action === 'delete');
  const run = async (queue: DefenderPlanItem[], work: (i: DefenderPlanItem) => Promise<void>) => {
    const q = [...queue];
    await Promise.all(Array.from({ length: Math.min(Math.max(1, o.concurrency ?? 4), q.length) }, async () => {
      for (let item = q.shift(); item; item = q.shift()) {
        try {
          await work(item);
          result.applied.push(item);
        } catch (e) {
          if (o.signal?.aborted) throw e;
          result.failures.push({ item, message: (e as Error).message });
        }
      }
    }));
  };
  await run(writes, async (item) => {
    const body = { ...item.desired!, queryCondition: { queryText: withMark(item.desired!.queryCondition.queryText, o.pack.name, item.rule, item.desiredHash!) } };
    if (item.graphId) await o.client.http.request('PATCH', o.client.rulesUrl(item.graphId), body, {}, o.signal);
    else await o.client.http.request('POST', o.client.rulesUrl(), body, {}, o.signal);
  });
  await run(deletes, async (item) => { await o.client.http.request('DELETE', o.client.rulesUrl(item.graphId), undefined, {}, o.signal); });
  const rank = (i: DefenderPlanItem) => plan.items.indexOf(i);
  result.applied.sort((a, b) => rank(a) - rank(b));
  result.failures.sort((a, b) => rank(a.item) - rank(b.item));
  return result;
}
