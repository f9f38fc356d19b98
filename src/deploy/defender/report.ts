/** Defender plans and deploy results as text (for people) and JSON (for pipelines). */
import type { PlanAction } from '../arm/planner.ts';
import { summaryLine } from '../arm/report.ts';
import { summarise } from '../arm/planner.ts';
import type { DefenderDeployResult } from './deployer.ts';
import type { DefenderPlan, DefenderPlanItem } from './planner.ts';

const SYMBOL: Record<PlanAction, string> = { create: '+', update: '~', unchanged: '=', drift: '!', delete: '-', orphan: '?', foreign: 'x', error: 'E' };
const ORDER: PlanAction[] = ['error', 'foreign', 'drift', 'create', 'update', 'delete', 'orphan', 'unchanged'];

const label = (i: DefenderPlanItem) => `detectionRules/${i.graphId ?? '(new)'}`;

export function formatDefenderPlanText(plan: DefenderPlan, opts: { verbose?: boolean } = {}): string {
  const lines = [`plan for Defender XDR custom detections (${plan.endpoint}):`];
  const items = [...plan.items].sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action) || a.displayName.localeCompare(b.displayName));
  for (const i of items) {
    if (i.action === 'unchanged' && !opts.verbose) continue;
    lines.push(`  ${SYMBOL[i.action]} ${i.action.padEnd(9)} ${label(i).padEnd(30)} ${i.displayName}`);
    if (i.changes.length && i.action !== 'create') lines.push(`      changed: ${i.changes.slice(0, 8).join(', ')}${i.changes.length > 8 ? `, … (${i.changes.length - 8} more)` : ''}`);
    if (i.message) lines.push(`      ${i.message}`);
  }
  if (plan.ineligible.length) {
    lines.push(`not custom detections (${plan.ineligible.length} rules; content lint --target defender explains each):`);
    if (opts.verbose) for (const r of plan.ineligible) lines.push(`  ${r.rule}: ${r.reasons.join('; ')}`);
  }
  lines.push(summaryLine(plan.items));
  return `${lines.join('\n')}\n`;
}

function itemJson(i: DefenderPlanItem) {
  return { action: i.action, apply: i.apply, kind: 'detectionRules', rule: i.rule, ...(i.graphId ? { id: i.graphId } : {}), displayName: i.displayName, changes: i.changes, ...(i.message ? { message: i.message } : {}) };
}

export function defenderPlanJson(plan: DefenderPlan): Record<string, unknown> {
  return { target: { endpoint: plan.endpoint }, summary: summarise(plan.items), items: plan.items.map(itemJson), ineligible: plan.ineligible };
}

export function formatDefenderDeployText(r: DefenderDeployResult): string {
  const by = (a: PlanAction) => r.applied.filter((i) => i.action === a).length;
  const lines = [`deployed: ${by('create')} created, ${by('update') + by('drift') + by('foreign')} updated, ${by('delete')} deleted${by('unchanged') ? `, ${by('unchanged')} ownership marks refreshed` : ''}`];
  if (r.skipped.length) {
    lines.push(`not changed on purpose (${r.skipped.length}):`);
    for (const i of r.skipped) lines.push(`  ${i.action} ${label(i)} ${i.displayName}: ${i.message ?? ''}`);
  }
  if (r.failures.length) {
    lines.push(`failed (${r.failures.length}):`);
    for (const f of r.failures) lines.push(`  ${label(f.item)} ${f.item.displayName}: ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export function defenderDeployJson(plan: DefenderPlan, r: DefenderDeployResult): Record<string, unknown> {
  return { ...defenderPlanJson(plan), applied: r.applied.map(itemJson), skipped: r.skipped.map(itemJson), failures: r.failures.map((f) => ({ ...itemJson(f.item), error: f.message })) };
}
