/**
 * Rule test files in `content lint` and `content test`: validated against the test-file schema (not as rules),
 * YAML mistakes at their line, and test data checked against the table schemas.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { content, edit, fixturePack, TESTS } from '../fixture-pack.ts';

type P = { file: string; line: number; column: number; code: string; severity: string; message: string };
const lintProblems = async (dir: string, ...paths: string[]) => {
  const r = await content(dir, 'lint', '--format', 'json', ...paths);
  return { code: r.code, problems: JSON.parse(r.stdout).problems as P[], files: JSON.parse(r.stdout).files as string[] };
};

describe('content lint on a test file', () => {
  it('validates it against the test-file schema with did-you-mean, not as a rule', async () => {
    const dir = fixturePack();
    edit(dir, TESTS, '    kind: negative', '    kind: postive');
    edit(dir, TESTS, /\n {4}expect:\n {6}alerts: 2/, '\n    expct:\n      alerts: 2');
    const { code, problems, files } = await lintProblems(dir, TESTS);
    expect(code).toBe(1);
    expect(files).toEqual([TESTS]);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`)).toEqual([
      '28:5 test-schema "cases.1" has an unknown field "expct"; did you mean "expect"? (see docs/testing.md for the fields a test file takes)',
      '35:11 test-schema "cases.2.kind" is "postive"; did you mean "positive"? (one of "positive", "negative")',
    ]);
    expect(problems.some((p) => p.code.startsWith('rule-'))).toBe(false);
  });

  it('is linted with the rules when a directory is linted, and a clean one adds nothing', async () => {
    const dir = fixturePack();
    const clean = await lintProblems(dir);
    expect(clean.code).toBe(0);
    expect(clean.files).toContain(TESTS);
    expect(clean.problems.filter((p) => p.file === TESTS)).toEqual([]);
    edit(dir, TESTS, '    kind: negative', '    kind: postive');
    const bad = await lintProblems(dir, 'detections');
    expect(bad.problems.filter((p) => p.file === TESTS).map((p) => p.code)).toEqual(['test-schema']);
  });

  it('reports a YAML mistake at its line in lint and in content test alike', async () => {
    const dir = fixturePack();
    edit(dir, TESTS, '      results: 1', '      results 1\n      alerts: 1');
    const lint = await lintProblems(dir, TESTS);
    expect(lint.problems).toHaveLength(1);
    expect(lint.problems[0]).toMatchObject({ line: 9, column: 7, code: 'test-yaml-syntax' });
    expect(lint.problems[0]!.message).toContain('"results 1" has no ":" after its key');
    const test = JSON.parse((await content(dir, 'test', '--ci', '--no-noise', '--format', 'json')).stdout);
    expect(test.problems).toMatchObject([{ file: TESTS, line: 9, column: 7, code: 'test-yaml-syntax' }]);
  });
});

describe('test data against the table schemas', () => {
  it('warns on an unknown column in inline rows at its key, with the nearest column; warnings alone exit 0', async () => {
    const dir = fixturePack();
    edit(dir, TESTS, 'User: b@contoso.com, Ip: 192.0.2.2', 'User: b@contoso.com, IP: 192.0.2.2');
    const { code, problems } = await lintProblems(dir, TESTS);
    expect(code).toBe(0);
    expect(problems).toMatchObject([{ file: TESTS, line: 26, column: 71, code: 'test-unknown-column', severity: 'warning' }]);
    expect(problems[0]!.message).toContain('column "IP" is not in the DemoEvents table schema; did you mean "Ip"?');
    const test = JSON.parse((await content(dir, 'test', '--ci', '--no-noise', '--no-variants', '--format', 'json')).stdout);
    expect(test.problems).toMatchObject([{ file: TESTS, line: 26, column: 71, code: 'test-unknown-column' }]);
  });

  it('warns on an unknown column in a data file at its line, once for a file several cases read', async () => {
    const dir = fixturePack();
    writeFileSync(join(dir, 'data/DemoEvents.jsonl'), `${'{"TimeGenerated":"2026-11-20T01:10:00Z","User":"a@contoso.com","Ip":"192.0.2.1","Operation":"x","Hsm":"h"}\n'.repeat(2)}{"TimeGenerated":"2026-11-20T01:20:00Z","Usr":"b@contoso.com","Operation":"x","Hsm":"h"}\n`);
    const { problems } = await lintProblems(dir, TESTS);
    expect(problems).toMatchObject([{ file: 'data/DemoEvents.jsonl', line: 3, column: 1, code: 'test-unknown-column' }]);
    expect(problems[0]!.message).toContain('did you mean "User"?');
  });

  it('rejects rows for a table with no schema, with the nearest table name', async () => {
    const dir = fixturePack();
    edit(dir, TESTS, '      DemoEvents:\n', '      DemoEvent:\n');
    const { code, problems } = await lintProblems(dir, TESTS);
    expect(code).toBe(1);
    expect(problems).toMatchObject([{ line: 24, column: 7, code: 'test-unknown-table', severity: 'error' }]);
    expect(problems[0]!.message).toContain('did you mean "DemoEvents"?');
  });
});
