/** Machine-readable findings: stable field order, paths relative to the content root. */
import type { LintResult } from '../lint-content.ts';

export function formatJson(result: LintResult): string {
  const out = {
    version: 1,
    files: result.files,
    counts: result.counts,
    problems: result.problems.map((p) => ({
      file: p.file, line: p.line, column: p.column,
      ...(p.endLine !== undefined ? { endLine: p.endLine, endColumn: p.endColumn } : {}),
      severity: p.severity, code: p.code, message: p.message,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
