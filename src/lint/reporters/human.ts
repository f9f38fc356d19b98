/** eslint-style text: `file:line:col  severity  code  message`, then a summary. Colours only when asked (TTY). */
import { createColors } from 'picocolors';
import type { Problem } from '../../content/index.ts';
import type { LintResult } from '../lint-content.ts';

export interface HumanOptions {
  color?: boolean;
  /** Show info findings (replayability etc.); otherwise they are only counted. */
  verbose?: boolean;
  /** Errors only. */
  quiet?: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatHuman(result: LintResult, options: HumanOptions = {}): string {
  const c = createColors(options.color ?? false);
  const shown = result.problems.filter((p) => (options.quiet ? p.severity === 'error' : options.verbose || p.severity !== 'info'));
  const severityText = (p: Problem): string =>
    p.severity === 'error' ? c.red('error  ') : p.severity === 'warning' ? c.yellow('warning') : c.blue('info   ');
  const where = shown.map((p) => `${p.file}:${p.line}:${p.column}`);
  const whereWidth = Math.max(0, ...where.map((w) => w.length));
  const codeWidth = Math.max(0, ...shown.map((p) => p.code.length));
  const lines = shown.map((p, i) =>
    `${c.dim(where[i].padEnd(whereWidth))}  ${severityText(p)}  ${c.dim(p.code.padEnd(codeWidth))}  ${p.message.replace(/\s*\n\s*/g, ' ')}`);
  const { errors, warnings, infos } = result.counts;
  const files = plural(result.files.length, 'file');
  let summary: string;
  if (errors + warnings === 0) summary = c.green(`✔ ${files} linted: no problems`);
  else {
    const text = `✖ ${plural(errors + warnings, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${files}`;
    summary = errors ? c.red(c.bold(text)) : c.yellow(c.bold(text));
  }
  const hiddenInfos = options.verbose && !options.quiet ? 0 : infos;
  if (hiddenInfos) summary += c.dim(`; ${plural(hiddenInfos, 'info')} not shown (--verbose shows them)`);
  const fixable = result.problems.filter((p) => p.fix && p.severity !== 'info').length;
  if (fixable) summary += `\n  ${plural(fixable, 'problem')} fixable with --fix (--fix-dry-run shows the changes)`;
  return `${lines.length ? `${lines.join('\n')}\n\n` : ''}${summary}\n`;
}
