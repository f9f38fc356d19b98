/**
 * Plan once, apply what was reviewed: `content plan --out FILE` writes the plan with everything deploy needs (the
 * bodies to write, the ETags read, the ownership records); `content deploy --plan FILE` plans again and applies
 * the saved plan only when nothing it rests on changed (each resource's ETag and action, the bodies to write, the
 * set of resources), as `terraform apply PLANFILE` refuses a stale plan.
 */
import { createHash } from 'node:crypto';
import { DeployError } from '../errors.ts';
import type { Plan, PlanItem } from './planner.ts';

export const PLAN_FORMAT = 'content-plan/1';

export interface SavedPlanOptions { targets: { sentinel: boolean; monitor: boolean }; prune: boolean; force: boolean; environment: string; pack: { name: string; version: string } }

export interface SavedPlan extends SavedPlanOptions {
  format: typeof PLAN_FORMAT;
  target: Plan['target'];
  workspaceId?: string;
  items: PlanItem[];
  /** Content left out of the plan, as messages. */
  problems: string[];
  /** Digest of what the plan rests on (see itemKey); a fresh plan with another digest is a changed workspace. */
  fingerprint: string;
}

/** What an item of a plan rests on: identity, action, the state read (ETags) and the body to write. */
function itemKey(i: PlanItem): string {
  const metaEtag = (i.ruleMetadata as { etag?: string } | undefined)?.etag ?? '';
  return [i.kind, i.name.toLowerCase(), i.action, i.apply ? 'apply' : '-', i.currentEtag ?? '', metaEtag, i.desiredHash ?? ''].join('|');
}

export function planFingerprint(plan: Pick<Plan, 'items'>): string {
  const keys = plan.items.map(itemKey).sort();
  return createHash('sha256').update(keys.join('\n')).digest('hex');
}

export function savePlan(plan: Plan, options: SavedPlanOptions): SavedPlan {
  return {
    format: PLAN_FORMAT,
    ...options,
    target: plan.target,
    workspaceId: plan.workspaceId,
    items: plan.items,
    problems: plan.problems.map((p) => p.toString()),
    fingerprint: planFingerprint(plan),
  };
}

/** Reads a saved plan; a file that is not one is a DeployError naming the file. */
export function readSavedPlan(text: string, file: string): SavedPlan {
  let json: SavedPlan;
  try {
    json = JSON.parse(text) as SavedPlan;
  } catch (e) {
    throw new DeployError('PLAN_INVALID', `not a saved plan (invalid JSON: ${(e as Error).message}); write one with content plan --out FILE`, { file });
  }
  if (json?.format !== PLAN_FORMAT || !Array.isArray(json.items) || !json.target?.subscriptionId) {
    throw new DeployError('PLAN_INVALID', `not a saved plan of format ${PLAN_FORMAT}; write one with content plan --out FILE`, { file });
  }
  if (planFingerprint(json) !== json.fingerprint) throw new DeployError('PLAN_INVALID', 'the plan file was edited after it was written (its fingerprint does not match); plan again', { file });
  return json;
}

/** The saved plan as a Plan the deployer applies. */
export function toPlan(saved: SavedPlan): Plan {
  return { target: saved.target, workspaceId: saved.workspaceId, items: saved.items, problems: [] };
}

/** Differences between a saved plan and a fresh one, for people; empty when the saved plan still holds. */
export function planDifferences(saved: Pick<Plan, 'items'>, fresh: Pick<Plan, 'items'>): string[] {
  const byKey = (p: Pick<Plan, 'items'>) => new Map(p.items.map((i) => [`${i.kind}/${i.name.toLowerCase()}`, i]));
  const a = byKey(saved);
  const b = byKey(fresh);
  const out: string[] = [];
  for (const [k, i] of a) {
    const j = b.get(k);
    if (!j) { out.push(`${k}: in the saved plan (${i.action}) but not in a plan made now`); continue; }
    if (i.action !== j.action || i.apply !== j.apply) out.push(`${k}: was ${i.action}, is now ${j.action}`);
    else if ((i.currentEtag ?? '') !== (j.currentEtag ?? '') || itemKey(i) !== itemKey(j)) {
      out.push(`${k}: ${(i.desiredHash ?? '') !== (j.desiredHash ?? '') ? 'the repository version changed' : 'changed in the workspace'} since the plan`);
    }
  }
  for (const [k, j] of b) if (!a.has(k)) out.push(`${k}: new since the plan (${j.action})`);
  return out.sort();
}
