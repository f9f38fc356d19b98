/** Markdown for a pull request comment or a wiki: a matrix of HSMs by check, then the failures with their fixes. */
import type { PostureReport } from '../model.ts';

const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ICON = { pass: 'pass', fail: '**FAIL**', unknown: 'unknown' } as const;

export function formatPostureMarkdown(report: PostureReport): string {
  const lines = ['# Managed HSM posture', ''];
  const s = report.summary;
  lines.push(`Evaluated ${report.evaluatedAt}: ${s.hsms} Managed HSM(s), ${s.pass} checks passed, ${s.fail} failed, ${s.unknown} unknown.`, '');
  if (report.hsms.length) {
    lines.push(`| Check | Practice | ${report.hsms.map((h) => cell(h.name)).join(' | ')} |`);
    lines.push(`|---|---|${report.hsms.map(() => ':---:').join('|')}|`);
    for (const c of report.checks) {
      lines.push(`| ${cell(c.title)} (\`${c.id}\`) | ${c.practice} | ${report.hsms.map((h) => ICON[h.results.find((r) => r.check === c.id)?.status ?? 'unknown']).join(' | ')} |`);
    }
  }
  for (const h of report.hsms) {
    const notPassed = h.results.filter((r) => r.status !== 'pass');
    if (!notPassed.length) continue;
    lines.push('', `## ${cell(h.name)}`, '', `\`${h.id}\``, '');
    for (const r of notPassed) {
      lines.push(`- ${ICON[r.status]} **${cell(r.title)}**: ${cell(r.evidence)}`);
      if (r.status === 'fail') lines.push(`  - Fix: ${cell(r.remediation)}`);
    }
  }
  if (report.warnings.length) lines.push('', '## Warnings', '', ...report.warnings.map((w) => `- ${cell(w)}`));
  return `${lines.join('\n')}\n`;
}
