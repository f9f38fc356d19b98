/** Suite reports for people (text), pipelines (JSON) and CI test tabs (JUnit XML). */
import pc from 'picocolors';
import type { CaseResult } from './case-runner.ts';
import { summarise, type SuiteReport } from './suite-runner.ts';
import { variantSummary } from './variants/report.ts';

type Colors = ReturnType<typeof pc.createColors>;

function indent(text: string, by: string): string {
  return text.split('\n').map((l) => by + l).join('\n');
}

function colourDiff(diff: string, c: Colors): string {
  return diff.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? c.green(l) : l.startsWith('-') && !l.startsWith('---') ? c.red(l) : c.dim(l))).join('\n');
}

/** Lines of a diff shown under a failure when the case has other failures too (the JSON report has the whole). */
const SHORT_DIFF = 16;

function shortened(diff: string, keep: number): string {
  const lines = diff.split('\n');
  return lines.length <= keep ? diff : [...lines.slice(0, keep), `... ${lines.length - keep} more lines (the JSON report, --format json, has the whole diff)`].join('\n');
}

/**
 * A case's result, explained first: where it is, then (for a wrong verdict) the rows after each step of the query
 * and what the emptying step dropped, then the failures, long diffs shortened when there are several.
 */
export function formatCase(r: CaseResult, c: Colors): string {
  const mark = r.status === 'pass' ? c.green('✓') : r.status === 'fail' ? c.red('✗') : c.red('!');
  const alerts = r.outcome ? c.dim(` ${r.outcome.alerts.length} alert${r.outcome.alerts.length === 1 ? '' : 's'}, ${Math.round(r.durationMs)} ms`) : '';
  const lines = [`  ${mark} ${r.caseName} ${c.dim(`[${r.kind}]`)}${alerts}`];
  if (r.status !== 'pass') {
    lines.push(c.dim(`      at ${r.testFile}:${r.line}:${r.column}`));
    if (r.explanation) {
      lines.push(`      ${c.dim(r.explanation.heading)}`, indent(r.explanation.table, '        '));
      for (const n of r.explanation.nearest ?? []) lines.push(`        ${c.yellow(n)}`);
    }
    const several = r.failures.length > 1;
    for (const f of r.failures) {
      lines.push(`      ${r.status === 'error' ? c.red('error') : c.red('fail')}: ${f.message}`);
      if (f.diff) lines.push(indent(colourDiff(several ? shortened(f.diff, SHORT_DIFF) : f.diff, c), '        '));
    }
    if (r.variantsSkipped) lines.push(c.dim('      variants not run: the case fails without them'));
  }
  return lines.join('\n');
}

export function formatHuman(report: SuiteReport, color: boolean): string {
  const c = pc.createColors(color);
  const out: string[] = [];
  let current = '';
  const variantLine = (key: string) => {
    const cases = report.cases.filter((x) => (x.ruleFile ?? x.ruleId) === key);
    if (!cases.some((x) => x.variants)) return;
    const v = variantSummary(cases);
    const total = v.passed + v.broken + v.declined;
    if (!total) return;
    const parts = [c.green(`${v.passed} pass`)];
    if (v.broken) parts.push(c.red(`${v.broken} break`));
    if (v.declined) parts.push(c.yellow(`${v.declined} declined`));
    out.push(`  ${c.dim('variants:')} ${parts.join(', ')} ${c.dim(`of ${total}`)}`);
    for (const [id, s] of Object.entries(v.variants)) {
      if (s.status === 'declined') out.push(`    ${c.yellow('declined')} ${id}: ${s.reason}${s.coveredBy ? c.dim(` (covered by ${s.coveredBy})`) : ''}`);
    }
  };
  for (const r of report.cases) {
    const key = r.ruleFile ?? r.ruleId;
    if (key !== current) {
      if (current) variantLine(current);
      current = key;
      out.push(`${c.bold(r.ruleName)} ${c.dim(key)}`);
    }
    out.push(formatCase(r, c));
  }
  if (current) variantLine(current);
  if (report.noise.length) {
    const days = report.noise[0]!.days;
    out.push('', c.bold(`Noise on the benign baseline (${days} days)`));
    const width = Math.max(...report.noise.map((n) => n.ruleName.length));
    for (const n of report.noise) {
      const mark = n.status === 'pass' ? c.green('✓') : c.red('✗');
      const budget = `budget ${n.budget}${n.declared ? '' : ' (default)'}`;
      out.push(`  ${mark} ${n.ruleName.padEnd(width)}  ${String(n.alertsPerDay).padStart(7)} alerts/day  ${c.dim(`${n.alerts} alerts, ${n.incidents} incidents, ${budget}`)}`);
      if (n.status !== 'pass' && n.message) out.push(`      ${c.red(n.status === 'error' ? 'error' : 'fail')}: ${n.message}`);
    }
  }
  if (report.problems.length) {
    out.push('', c.bold('Problems'));
    for (const p of report.problems) {
      const sev = p.severity === 'error' ? c.red('error') : c.yellow('warning');
      out.push(`  ${p.file}:${p.line}:${p.column}  ${sev}  ${p.message} ${c.dim(`[${p.code}]`)}`);
    }
  }
  if (report.snapshotsWritten.length) {
    out.push('', `${report.snapshotsWritten.length} snapshot file(s) written`);
  }
  const s = summarise(report);
  const parts = [`${s.rules} rules`, `${s.cases} cases: ${s.passed} passed`];
  if (s.failed) parts.push(c.red(`${s.failed} failed`));
  if (s.errors) parts.push(c.red(`${s.errors} errors`));
  const tail: string[] = [];
  if (s.variantRuns) {
    tail.push(`variants: ${s.variantRuns - s.variantBreaks - s.variantDeclines} of ${s.variantRuns} runs pass${s.variantBreaks ? `, ${c.red(`${s.variantBreaks} break`)}` : ''}${s.variantDeclines ? `, ${s.variantDeclines} declined` : ''}`);
  }
  if (report.noise.length) tail.push(s.noiseOver ? c.red(`${s.noiseOver} over noise budget`) : 'all within noise budget');
  if (s.noiseErrors) tail.push(c.red(`${s.noiseErrors} noise replay errors`));
  if (s.problems) tail.push(c.red(`${s.problems} problems`));
  if (s.warnings) tail.push(c.yellow(`${s.warnings} warnings`));
  out.push('', `${parts.join(', ')}${tail.length ? `; ${tail.join(', ')}` : ''} ${c.dim(`(${(report.durationMs / 1000).toFixed(1)} s)`)}`);
  return `${out.join('\n')}\n`;
}

export function formatJson(report: SuiteReport): string {
  return `${JSON.stringify({
    summary: summarise(report),
    durationMs: Math.round(report.durationMs),
    cases: report.cases.map((r) => ({
      rule: { id: r.ruleId, name: r.ruleName, file: r.ruleFile },
      testFile: r.testFile,
      line: r.line,
      column: r.column,
      case: r.caseName,
      kind: r.kind,
      status: r.status,
      failures: r.failures,
      explanation: r.explanation,
      variants: r.variants,
      alerts: r.outcome?.alerts,
      incidents: r.outcome?.incidents,
      durationMs: Math.round(r.durationMs),
    })),
    variants: Object.fromEntries([...new Set(report.cases.map((r) => r.ruleFile ?? r.ruleId))].map((k) => [k, variantSummary(report.cases.filter((r) => (r.ruleFile ?? r.ruleId) === k))])),
    noise: report.noise.map((n) => ({ ...n, durationMs: Math.round(n.durationMs) })),
    problems: report.problems,
    snapshotsWritten: report.snapshotsWritten,
  }, null, 2)}\n`;
}

function xml(text: string): string {
  // Characters XML 1.0 cannot carry are dropped (terminal colour codes never reach here).
  return text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JUnit XML: one testsuite per rule, one testcase per case, plus suites for the noise budget and problems. */
export function formatJunit(report: SuiteReport): string {
  const suites = new Map<string, CaseResult[]>();
  for (const r of report.cases) {
    const k = r.ruleFile ?? r.ruleId;
    suites.set(k, [...(suites.get(k) ?? []), r]);
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = summarise(report);
  const total = s.cases + s.variantRuns + report.noise.length + report.problems.filter((p) => p.severity === 'error').length;
  const variantFailures = report.cases.reduce((n, c) => n + (c.variants?.filter((v) => v.status === 'break').length ?? 0), 0);
  const variantErrors = s.variantBreaks - variantFailures;
  out.push(`<testsuites name="content test" tests="${total}" failures="${s.failed + variantFailures + s.noiseOver + s.problems}" errors="${s.errors + variantErrors + s.noiseErrors}" time="${(report.durationMs / 1000).toFixed(3)}">`);
  for (const [file, rs] of suites) {
    const fails = rs.filter((r) => r.status === 'fail').length;
    const errs = rs.filter((r) => r.status === 'error').length;
    const time = rs.reduce((a, r) => a + r.durationMs, 0) / 1000;
    const vs = rs.flatMap((r) => r.variants ?? []);
    const vFails = vs.filter((v) => v.status === 'break').length;
    const vErrs = vs.filter((v) => v.status === 'error').length;
    const vSkips = vs.filter((v) => v.status === 'declined').length;
    out.push(`  <testsuite name="${xml(rs[0]!.ruleName)}" file="${xml(file)}" tests="${rs.length + vs.length}" failures="${fails + vFails}" errors="${errs + vErrs}" skipped="${vSkips}" time="${time.toFixed(3)}">`);
    for (const r of rs) {
      out.push(`    <testcase name="${xml(`${r.ruleName} › ${r.caseName}`)}" classname="${xml(file)}" file="${xml(r.testFile)}" line="${r.line}" time="${(r.durationMs / 1000).toFixed(3)}">`);
      const body = [...(r.explanation ? [[r.explanation.heading, r.explanation.table, ...(r.explanation.nearest ?? [])].join('\n')] : []), ...r.failures.map((f) => (f.diff ? `${f.message}\n${f.diff}` : f.message))].join('\n\n');
      if (r.status === 'fail') out.push(`      <failure message="${xml(r.failures[0]?.message ?? 'failed')}">${xml(body)}</failure>`);
      if (r.status === 'error') out.push(`      <error message="${xml(r.failures[0]?.message ?? 'error')}">${xml(body)}</error>`);
      out.push('    </testcase>');
      for (const v of r.variants ?? []) {
        out.push(`    <testcase name="${xml(`${r.ruleName} › ${r.caseName} › variant ${v.variant}`)}" classname="${xml(file)}" file="${xml(r.testFile)}" line="${r.line}">`);
        if (v.status === 'break') out.push(`      <failure message="${xml(v.message ?? 'breaks')}"/>`);
        if (v.status === 'error') out.push(`      <error message="${xml(v.message ?? 'error')}"/>`);
        if (v.status === 'declined') out.push(`      <skipped message="${xml(`declined: ${v.reason ?? ''}${v.coveredBy ? ` (covered by ${v.coveredBy})` : ''}`)}"/>`);
        out.push('    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  if (report.noise.length) {
    out.push(`  <testsuite name="noise budget" tests="${report.noise.length}" failures="${s.noiseOver}" errors="${s.noiseErrors}">`);
    for (const n of report.noise) {
      out.push(`    <testcase name="${xml(`${n.ruleName} › noise budget`)}" classname="${xml(n.ruleFile ?? n.ruleId)}" time="${(n.durationMs / 1000).toFixed(3)}">`);
      out.push(`      <system-out>${xml(`${n.alertsPerDay} alerts/day (${n.alerts} alerts over ${n.days} days), budget ${n.budget}`)}</system-out>`);
      if (n.status === 'fail') out.push(`      <failure message="${xml(n.message ?? 'over budget')}"/>`);
      if (n.status === 'error') out.push(`      <error message="${xml(n.message ?? 'error')}"/>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    out.push(`  <testsuite name="test files" tests="${errors.length}" failures="${errors.length}" errors="0">`);
    for (const p of errors) {
      out.push(`    <testcase name="${xml(`${p.file}:${p.line}:${p.column}`)}" classname="${xml(p.file)}" file="${xml(p.file)}" line="${p.line}">`);
      out.push(`      <failure message="${xml(p.message)}" type="${xml(p.code)}"/>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
