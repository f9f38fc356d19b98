/** Reporters on a synthetic result: visibility of infos, quiet mode, summary wording, SARIF levels. */
import { describe, expect, it } from 'vitest';
import { count, formatHuman, formatSarif, type LintResult } from '../../src/lint/index.ts';
import type { Problem } from '../../src/content/index.ts';

const problems: Problem[] = [
  { file: 'a.yaml', line: 3, column: 5, code: 'KS142', severity: 'error', message: 'unknown name' },
  { file: 'a.yaml', line: 9, column: 1, code: 'kql-prefer-has', severity: 'warning', message: 'use has\nnot contains' },
  { file: 'b.yaml', line: 1, column: 1, code: 'replay-ok', severity: 'info', message: 'replayable' },
];
const result = (ps: Problem[]): LintResult => ({ problems: ps, files: ['a.yaml', 'b.yaml'], rules: [], functions: [], counts: count(ps), durationMs: 0 });

describe('formatHuman', () => {
  it('hides infos by default and says so', () => {
    expect(formatHuman(result(problems))).toBe(
      'a.yaml:3:5  error    KS142           unknown name\n'
      + 'a.yaml:9:1  warning  kql-prefer-has  use has not contains\n\n'
      + '✖ 2 problems (1 error, 1 warning) in 2 files; 1 info not shown (--verbose shows them)\n');
  });
  it('shows infos with verbose, errors only with quiet', () => {
    expect(formatHuman(result(problems), { verbose: true })).toMatch(/b\.yaml:1:1\s+info\s+replay-ok/);
    const quiet = formatHuman(result(problems), { quiet: true });
    expect(quiet).not.toMatch(/kql-prefer-has|replay-ok/);
    expect(quiet).toMatch(/KS142/);
  });
  it('says when there is nothing to fix', () => {
    expect(formatHuman(result([problems[2]]))).toBe('✔ 2 files linted: no problems; 1 info not shown (--verbose shows them)\n');
  });
});

describe('formatSarif', () => {
  it('maps severities to SARIF levels and indexes rules', () => {
    const sarif = JSON.parse(formatSarif(result(problems)));
    const run = sarif.runs[0];
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'warning', 'note']);
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['KS142', 'kql-prefer-has', 'replay-ok']);
    expect(run.tool.driver.rules[0].shortDescription.text).toMatch(/Kusto/);
  });
});
