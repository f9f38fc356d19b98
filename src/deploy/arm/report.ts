/** Plan and deploy results as text (for people) and JSON (for pipelines). Never includes request headers. */
import { structuredPatch } from 'diff';
import pc from 'picocolors';
import type { DeployResult } from './deployer.ts';
import { summarise, type Plan, type PlanAction, type PlanItem } from './planner.ts';

const SYMBOL: Record<PlanAction, string> = { create: '+', update: '~', unchanged: '=', drift: '!', delete: '-', orphan: '?', foreign: 'x', error: 'E' };

function colour(action: PlanAction, text: string, enabled: boolean): string {
  if (!enabled) return text;
  switch (action) {
    case 'create': return pc.green(text);
    case 'update': return pc.yellow(text);
    case 'delete': return pc.red(text);
    case 'drift': case 'foreign': case 'error': return pc.magenta(text);
    default: return pc.dim(text);
  }
}

export function formatPlanText(plan: Plan, opts: { colour?: boolean; verbose?: boolean } = {}): string {
  const t = plan.target;
  const lines = [`plan for workspace ${t.workspace} (resource group ${t.resourceGroup}, subscription ${t.subscriptionId}):`];
  const order: PlanAction[] = ['error', 'foreign', 'drift', 'create', 'update', 'delete', 'orphan', 'unchanged'];
  const items = [...plan.items].sort((a, b) => order.indexOf(a.action) - order.indexOf(b.action) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  for (const i of items) {
    if (i.action === 'unchanged' && !opts.verbose) continue;
    const head = `  ${SYMBOL[i.action]} ${i.action.padEnd(9)} ${`${i.kind}/${i.name}`.padEnd(58)} ${i.displayName}`;
    lines.push(colour(i.action, head, opts.colour ?? false));
    if (i.changes.length && i.action !== 'create') lines.push(`      changed: ${i.changes.slice(0, 8).join(', ')}${i.changes.length > 8 ? `, … (${i.changes.length - 8} more)` : ''}`);
    if (i.message && i.action !== 'create' && i.action !== 'update') lines.push(`      ${i.message}`);
    if (i.changes.some((c) => c.endsWith('.query'))) lines.push(...queryDiff(i, opts.colour ?? false));
  }
  lines.push(summaryLine(plan.items));
  return `${lines.join('\n')}\n`;
}

const MAX_DIFF_LINES = 30;

/** The query change as unified-diff lines, workspace (-) against repository (+). */
export function queryPatch(i: PlanItem): string[] {
  const q = (body: Record<string, unknown> | undefined) => {
    const p = (body?.properties ?? {}) as { query?: string; criteria?: { allOf?: { query?: string }[] } };
    return `${(p.query ?? p.criteria?.allOf?.[0]?.query ?? '').replace(/\r\n/g, '\n').trimEnd()}\n`;
  };
  const patch = structuredPatch('workspace', 'repository', q(i.current), q(i.desired?.body), '', '', { context: 2 });
  const out: string[] = [];
  for (const h of patch.hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    out.push(...h.lines);
  }
  return out;
}

function queryDiff(i: PlanItem, useColour: boolean): string[] {
  const out = queryPatch(i).map((l) => `      ${useColour ? (l.startsWith('+') ? pc.green(l) : l.startsWith('-') ? pc.red(l) : l) : l}`);
  return out.length > MAX_DIFF_LINES ? [...out.slice(0, MAX_DIFF_LINES), `      … (${out.length - MAX_DIFF_LINES} more lines)`] : out;
}

export function summaryLine(items: Pick<PlanItem, 'action'>[]): string {
  const s = summarise(items);
  return `summary: ${s.create} to create, ${s.update} to update, ${s.unchanged} unchanged, ${s.delete} to delete, ${s.drift} drifted, ${s.orphan} orphaned, ${s.foreign} not owned, ${s.error} errors`;
}

function itemJson(i: PlanItem) {
  return { action: i.action, apply: i.apply, kind: i.kind, name: i.name, displayName: i.displayName, id: i.path, changes: i.changes, ...(i.message ? { message: i.message } : {}) };
}

export function planJson(plan: Plan): Record<string, unknown> {
  return {
    target: { subscriptionId: plan.target.subscriptionId, resourceGroup: plan.target.resourceGroup, workspace: plan.target.workspace, location: plan.target.location },
    summary: summarise(plan.items),
    items: plan.items.map(itemJson),
  };
}

export function formatDeployText(result: DeployResult): string {
  const lines: string[] = [];
  const by = (a: PlanAction) => result.applied.filter((i) => i.action === a).length;
  lines.push(`deployed: ${by('create')} created, ${by('update') + by('drift') + by('foreign')} updated, ${by('delete')} deleted${by('unchanged') ? `, ${by('unchanged')} ownership records refreshed` : ''}`);
  if (result.skipped.length) {
    lines.push(`not changed on purpose (${result.skipped.length}):`);
    for (const i of result.skipped) lines.push(`  ${i.action} ${i.kind}/${i.name} ${i.displayName}: ${i.message ?? ''}`);
  }
  if (result.failures.length) {
    lines.push(`failed (${result.failures.length}):`);
    for (const f of result.failures) lines.push(`  ${f.item.kind}/${f.item.name} ${f.item.displayName}: ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export function deployJson(plan: Plan, result: DeployResult): Record<string, unknown> {
  return {
    ...planJson(plan),
    applied: result.applied.map(itemJson),
    skipped: result.skipped.map(itemJson),
    failures: result.failures.map((f) => ({ ...itemJson(f.item), error: f.message })),
  };
}
