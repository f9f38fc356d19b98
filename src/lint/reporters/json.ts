/**
 * Machine-readable findings: stable field order, paths relative to the content root. A finding that `--fix` fixes
 * has `fixable: true` and its `fix`: replace the file's text from line:column up to endLine:endColumn by `text`.
 */
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
      ...(p.fix ? {
        fixable: true,
        fix: { line: p.fix.line, column: p.fix.column, endLine: p.fix.endLine, endColumn: p.fix.endColumn, text: p.fix.text },
      } : {}),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
