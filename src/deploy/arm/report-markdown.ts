/**
 * The plan as GitHub-flavoured Markdown, for a pull request or a pipeline summary (`$GITHUB_STEP_SUMMARY`, Azure
 * DevOps `##vso[task.uploadsummary]`): a summary line, one table row per resource that would change or needs
 * attention (unchanged ones only with `verbose`), and each query change as a collapsed diff.
 */
import { summarise, type Plan, type PlanAction, type PlanItem } from './planner.ts';
import { queryPatch } from './report.ts';

const ORDER: PlanAction[] = ['error', 'foreign', 'drift', 'create', 'update', 'delete', 'orphan', 'unchanged'];

/** A table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function formatPlanMarkdown(plan: Plan, opts: { verbose?: boolean; title?: string } = {}): string {
  const t = plan.target;
  const s = summarise(plan.items);
  const lines = [
    `### ${opts.title ?? 'content plan'}: workspace \`${t.workspace}\``,
    '',
    `Resource group \`${t.resourceGroup}\`, subscription \`${t.subscriptionId}\`.`,
    '',
    `**${s.create} to create, ${s.update} to update, ${s.delete} to delete**; ${s.unchanged} unchanged, ${s.drift} drifted, ${s.orphan} orphaned, ${s.foreign} not owned, ${s.error} errors.`,
  ];
  const items = [...plan.items]
    .filter((i) => opts.verbose || i.action !== 'unchanged')
    .sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  if (items.length) {
    lines.push('', '| action | resource | name | details |', '|---|---|---|---|');
    for (const i of items) lines.push(`| ${i.action} | \`${cell(`${i.kind}/${i.name}`)}\` | ${cell(i.displayName)} | ${cell(details(i))} |`);
  } else {
    lines.push('', 'Nothing to change.');
  }
  for (const i of items) {
    if (!i.changes.some((c) => c.endsWith('.query'))) continue;
    const patch = queryPatch(i);
    if (!patch.length) continue;
    lines.push('', `<details><summary>Query change: ${escapeHtml(i.displayName)}</summary>`, '', '```diff', ...patch.map((l) => l.replace(/```/g, '`\u200b``')), '```', '', '</details>');
  }
  if (plan.problems.length) {
    lines.push('', '**Left out of the plan:**', '');
    for (const p of plan.problems) lines.push(`- ${cell(p.toString())}`);
  }
  return `${lines.join('\n')}\n`;
}

function details(i: PlanItem): string {
  const parts: string[] = [];
  if (i.changes.length && i.action !== 'create') parts.push(`changed: ${i.changes.slice(0, 8).join(', ')}${i.changes.length > 8 ? `, … (${i.changes.length - 8} more)` : ''}`);
  if (i.message && i.action !== 'create' && i.action !== 'update') parts.push(i.message);
  return parts.join('; ');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
