/** The terminal report: per HSM, each check's verdict and evidence; remediation under every failure. */
import type { PostureReport } from '../model.ts';

const MARK = { pass: 'pass   ', fail: 'FAIL   ', unknown: 'unknown' } as const;

export function formatPostureText(report: PostureReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  if (!report.hsms.length) lines.push('No Managed HSM found in the scope.');
  for (const h of report.hsms) {
    const fails = h.results.filter((r) => r.status === 'fail').length;
    const unknowns = h.results.filter((r) => r.status === 'unknown').length;
    lines.push(`${h.name}  (${h.resourceGroup}, ${h.location}, subscription ${h.subscriptionId})  ${fails} failed, ${unknowns} unknown`);
    for (const r of h.results) {
      if (r.status === 'pass' && !options.verbose) continue;
      lines.push(`  ${MARK[r.status]}  ${r.check.padEnd(31)} ${r.evidence}`);
      if (r.status === 'fail') lines.push(`  ${' '.repeat(7)}  ${' '.repeat(31)} fix: ${r.remediation}`);
    }
    const passed = h.results.filter((r) => r.status === 'pass').length;
    if (!options.verbose && passed) lines.push(`  ${passed} check(s) passed (--verbose lists them)`);
    lines.push('');
  }
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  const s = report.summary;
  lines.push(`${s.hsms} Managed HSM(s), ${report.checks.length} checks each: ${s.pass} passed, ${s.fail} failed, ${s.unknown} unknown`);
  return `${lines.join('\n')}\n`;
}
