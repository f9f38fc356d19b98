/**
 * GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per finding, which the Actions
 * runner shows as an annotation on the file and line in the pull request (no code-scanning upload needed), then the
 * summary. Property values and messages are escaped as the runner requires.
 */
import type { LintResult } from '../lint-content.ts';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(result: LintResult, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  for (const p of result.problems) {
    if (p.severity === 'info' && !options.verbose) continue;
    const props = [
      `file=${escapeProperty(p.file)}`, `line=${p.line}`, `col=${p.column}`,
      ...(p.endLine !== undefined ? [`endLine=${p.endLine}`] : []),
      ...(p.endLine === p.line && p.endColumn !== undefined ? [`endColumn=${p.endColumn}`] : []),
      `title=${escapeProperty(p.code)}`,
    ];
    lines.push(`::${COMMAND[p.severity]} ${props.join(',')}::${escapeData(p.message)}`);
  }
  const { errors, warnings, infos } = result.counts;
  lines.push(`content lint: ${errors} errors, ${warnings} warnings, ${infos} infos in ${result.files.length} files`);
  return `${lines.join('\n')}\n`;
}
