/**
 * The Defender planner: the pack's custom detections against the tenant's (Graph `GET detectionRules`), with the
 * Sentinel target's actions and safety: create / update / unchanged / drift / orphan / delete / foreign.
 * Rules are matched by the mark in their query (ownership.ts), not by name; a rule of the same display name without
 * the mark is foreign and left alone unless --force. Two marked rules for one pack rule (a create retried after a
 * timeout) keep the first; the others are orphans that --prune deletes. Reads only.
 */
import type { TableSchema } from '../../kql/index.ts';
import { changedPaths } from '../arm/normalise.ts';
import type { PlanAction } from '../arm/planner.ts';
import type { EnvironmentConfig } from '../config.ts';
import { DeployError } from '../errors.ts';
import type { DeployContent } from '../model.ts';
import { defenderRules, type DefenderReport } from './build.ts';
import type { GraphClient } from './graph-client.ts';
import type { DetectionRuleBody } from './mapping.ts';
import { normaliseRule, ownershipOfRule, ruleHash, type DefenderOwnership } from './ownership.ts';

type Json = Record<string, unknown>;

export interface DefenderPlanItem {
  action: PlanAction;
  apply: boolean;
  /** The pack rule's id (lower case); for a foreign or duplicate rule, the pack rule it collides with. */
  rule: string;
  /** Graph id of the current detection rule, when there is one. */
  graphId?: string;
  displayName: string;
  changes: string[];
  message?: string;
  desired?: DetectionRuleBody;
  desiredHash?: string;
  current?: Json;
  recorded?: DefenderOwnership;
}

export interface DefenderPlan {
  endpoint: string;
  items: DefenderPlanItem[];
  /** Selected rules that cannot be custom detections, and why. */
  ineligible: DefenderReport[];
  /** Rules left out because their query does not bind (never pruned). */
  problems: DeployError[];
}

export interface DefenderPlanOptions {
  client: GraphClient;
  content: DeployContent;
  env: EnvironmentConfig;
  tables: TableSchema[];
  prune?: boolean;
  force?: boolean;
  signal?: AbortSignal;
}

export async function planDefender(o: DefenderPlanOptions): Promise<DefenderPlan> {
  const pack = o.content.pack.name;
  const rules = defenderRules(o.content, o.env, o.tables);
  const problems: DeployError[] = [];
  const leftOut = new Set<string>();
  for (const r of rules) {
    if (!r.bindError) continue;
    leftOut.add(r.report.id);
    problems.push(new DeployError('CONTENT_INVALID', `${r.rule.name}: the query does not bind (${r.bindError}); not planned as a custom detection`, r.rule.file ? { file: r.rule.file } : undefined, `detectionRules/${r.report.id}`));
  }
  const current = await o.client.http.list<Json>(o.client.rulesUrl(), o.signal);
  // Owned rules by pack rule id, first (lowest Graph id) first; the rest are duplicates.
  const byGraphId = (a: Json, b: Json) => String(a.id).localeCompare(String(b.id), 'en', { numeric: true });
  const owned = new Map<string, Json>();
  const duplicates: { rule: string; current: Json; of: Json }[] = [];
  const foreign: Json[] = [];
  for (const cur of [...current].sort(byGraphId)) {
    const mark = ownershipOfRule(cur, pack);
    if (!mark.owned) { foreign.push(cur); continue; }
    const first = owned.get(mark.rule!);
    if (first) duplicates.push({ rule: mark.rule!, current: cur, of: first });
    else owned.set(mark.rule!, cur);
  }
  const items: DefenderPlanItem[] = [];
  const seen = new Set<string>(leftOut);
  for (const r of rules) {
    if (!r.body || r.bindError) continue;
    const id = r.report.id;
    seen.add(id);
    const desired = r.body;
    const desiredHash = ruleHash(desired as unknown as Json);
    const base = { rule: id, displayName: desired.displayName, desired, desiredHash, changes: [] as string[] };
    const cur = owned.get(id);
    if (!cur) {
      const same = foreign.find((f) => String(f.displayName ?? '').toLowerCase() === desired.displayName.toLowerCase());
      if (same) {
        items.push({ ...base, action: 'foreign', apply: Boolean(o.force), graphId: String(same.id), current: same,
          changes: changedPaths(normaliseRule(same), normaliseRule(desired as unknown as Json)),
          message: o.force ? 'a custom detection of this name not managed by this pack; taken over (--force)' : 'a custom detection of this name exists but is not managed by this pack; left alone (--force takes it over)' });
      } else {
        items.push({ ...base, action: 'create', apply: true });
      }
      continue;
    }
    const recorded = ownershipOfRule(cur, pack);
    const currentHash = ruleHash(cur);
    const common = { ...base, graphId: String(cur.id), current: cur, recorded, changes: changedPaths(normaliseRule(cur), normaliseRule(desired as unknown as Json)) };
    if (currentHash === desiredHash) items.push({ ...common, action: 'unchanged', apply: recorded.hash !== desiredHash });
    else if (recorded.hash === undefined || recorded.hash === currentHash) items.push({ ...common, action: 'update', apply: true });
    else items.push({ ...common, action: 'drift', apply: Boolean(o.force), message: o.force ? 'changed outside the repository; overwritten (--force)' : 'changed outside the repository (portal edit?); not overwritten — review, then deploy with --force to restore the repository version' });
  }
  const ineligible = rules.filter((r) => !r.report.eligible && !r.bindError).map((r) => r.report);
  for (const [id, cur] of owned) {
    if (seen.has(id)) continue;
    const why = ineligible.find((x) => x.id === id);
    const reason = why ? `no longer a custom detection (${why.reasons.join('; ')})` : 'no longer in the repository';
    items.push({ rule: id, graphId: String(cur.id), displayName: String(cur.displayName ?? id), changes: [], current: cur, action: o.prune ? 'delete' : 'orphan', apply: Boolean(o.prune), message: o.prune ? reason : `${reason}; kept (--prune deletes it)` });
  }
  for (const d of duplicates) {
    items.push({ rule: d.rule, graphId: String(d.current.id), displayName: String(d.current.displayName ?? d.rule), changes: [], current: d.current, action: o.prune ? 'delete' : 'orphan', apply: Boolean(o.prune),
      message: `a second custom detection for this rule (the pack keeps ${String(d.of.id)}; a create retried after a timeout?)${o.prune ? '' : '; kept (--prune deletes it)'}` });
  }
  return { endpoint: o.client.endpoint, items, ineligible, problems };
}
