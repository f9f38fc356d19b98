/** The corpus reader's messages for bad scenario files: file, line, column and what to do. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem, readScenario, unknownColumns } from './corpus.ts';

const root = mkdtempSync(join(tmpdir(), 'realistic-corpus-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function scenario(name: string, yaml: string, files: Record<string, string> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'scenario.yaml'), yaml);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const GOOD = `story: one event
sources:
  - https://learn.microsoft.com/azure/key-vault/managed-hsm/logging
schedule:
  from: 2026-10-14T15:00:00Z
  to: 2026-10-14T19:00:00Z
expect:
  alert:
    - 6C1F7E52-8A3D-4B9E-A1C4-2F5D7E9B0A13
  quiet: []
knownMisses:
  - rule: 6c1f7e52-8a3d-4b9e-a1c4-2f5d7e9b0a13
    why: reads the wrong record
`;

describe('realistic corpus reader', () => {
  it('reads a scenario: schedule, expectations (ids lower-cased) and known misses with their lines', () => {
    const { scenario: s, problems } = readScenario(root, scenario('good', GOOD));
    expect(problems).toEqual([]);
    expect(s!.from.toISOString()).toBe('2026-10-14T15:00:00.000Z');
    expect(s!.alert.map((a) => [a.id, a.line])).toEqual([['6c1f7e52-8a3d-4b9e-a1c4-2f5d7e9b0a13', 9]]);
    expect(s!.knownMisses[0]).toMatchObject({ id: '6c1f7e52-8a3d-4b9e-a1c4-2f5d7e9b0a13', why: 'reads the wrong record', line: 12 });
  });

  it('names the file and line of invalid YAML', () => {
    const { scenario: s, problems } = readScenario(root, scenario('broken', 'story: [unclosed\nsources: x\n'));
    expect(s).toBeUndefined();
    expect(formatProblem(problems[0]!)).toMatch(/^broken\/scenario\.yaml:\d+:\d+: not valid YAML/);
  });

  it('says what is missing and where a bad time is', () => {
    const { problems } = readScenario(root, scenario('gaps', 'story: x\nsources: [a]\nschedule:\n  from: yesterday\n  to: 2026-10-14T19:00:00Z\nexpect:\n  alert: []\n'));
    const text = problems.map(formatProblem);
    expect(text).toContain('gaps/scenario.yaml:4:9: schedule.from is not an ISO-8601 time such as 2026-10-14T15:00:00Z');
    expect(text.some((t) => t.includes('expect needs at least one rule under alert or quiet'))).toBe(true);
  });

  it('rejects a known miss that is not an alert expectation, and known noise that is not quiet or once', () => {
    const yaml = GOOD.replace('    why: reads the wrong record\n', '    why: reads the wrong record\n  - rule: 4a9d3e7b-1f2c-4d8a-b6e5-9c0a1b2d3e4f\n    why: x\nknownNoise:\n  - rule: 6c1f7e52-8a3d-4b9e-a1c4-2f5d7e9b0a13\n    why: y\n');
    const text = readScenario(root, scenario('misplaced', yaml)).problems.map(formatProblem);
    expect(text).toContain('misplaced/scenario.yaml:14:11: known miss 4a9d3e7b-1f2c-4d8a-b6e5-9c0a1b2d3e4f is not listed under expect.alert');
    expect(text).toContain('misplaced/scenario.yaml:17:11: known noise 6c1f7e52-8a3d-4b9e-a1c4-2f5d7e9b0a13 is not listed under expect.quiet or expect.once');
  });

  it('reports a record property that is not a column, at its line and column', () => {
    const dir = scenario('columns', GOOD, { 'AzureActivity.jsonl': '{"TimeGenerated":"2026-10-14T15:00:00Z"}\n{"TimeGenerated":"2026-10-14T15:00:00Z","ActivityStatusValu":"Start"}\n' });
    const text = unknownColumns(root, dir, (t) => (t === 'AzureActivity' ? new Set(['TimeGenerated', 'ActivityStatusValue']) : undefined)).map(formatProblem);
    expect(text).toEqual(['columns/AzureActivity.jsonl:2:41: ActivityStatusValu is not a column of AzureActivity: add the real column to schemas/tables/AzureActivity.json with its source, or fix the name']);
  });
});
