/** `content test` and `content replay` in-process, on temporary copies of the fixture pack. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const fixture = resolve(import.meta.dirname, 'fixtures/pack');
const dirs: string[] = [];

function copyPack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
  cpSync(fixture, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd, env: {}, isTTY: false });
  return { code, stdout, stderr };
}

function git(cwd: string, ...args: string[]) {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
}

const testFile = 'detections/demo/domain-download.test.yaml';

describe('content test', () => {
  it('passes the fixture pack and reports JSON and JUnit', async () => {
    const dir = copyPack();
    const json = await run(dir, 'test', '--no-noise', '--ci', '--format', 'json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toMatchObject({ rules: 1, cases: 4, passed: 4, failed: 0, errors: 0 });
    expect(report.cases[3].alerts).toHaveLength(4);
    const junit = await run(dir, 'test', '--no-noise', '--ci', '--format', 'junit');
    expect(junit.stdout).toContain('<testcase name="Demo security domain download › a day of downloads through the scheduler"');
    // Four cases, and each case under the variants that apply to its data (ingestion delay, run boundary, slowed
    // down): one JUnit test case per variant run.
    const variantRuns = report.cases.reduce((n: number, c: { variants?: unknown[] }) => n + (c.variants?.length ?? 0), 0);
    expect(variantRuns).toBeGreaterThanOrEqual(8);
    expect(report.summary.variantRuns).toBe(variantRuns);
    expect(junit.stdout).toMatch(new RegExp(`<testsuites name="content test" tests="${4 + variantRuns}" failures="0" errors="0"`));
    expect(junit.stdout).toContain('› a status poll is not a download › variant run-boundary"');
  });

  it('fails with a readable diff when an expectation does not hold', async () => {
    const dir = copyPack();
    const p = join(dir, testFile);
    writeFileSync(p, readFileSync(p, 'utf8').replace('severity: High', 'severity: Low'));
    const r = await run(dir, 'test', '--no-noise', '--ci');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ three downloads by one user make one High alert');
    expect(r.stdout).toContain(`at ${testFile}:3:5`);
    expect(r.stdout).toContain('-  severity: Low');
    expect(r.stdout).toContain('+  severity: High');
    expect(r.stdout).toMatch(/4 cases: 3 passed, 1 failed/);
  });

  it('reports a bad test file at its line and column, and a rule without a negative case', async () => {
    const dir = copyPack();
    writeFileSync(join(dir, testFile), 'cases:\n  - name: only\n    kind: positive\n    now: 2026-11-20T02:00:00Z\n    data: [data/DemoEvents.jsonl]\n    expect: { alertz: 1 }\n');
    const r = await run(dir, 'test', '--no-noise', '--ci');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${testFile}:6:15  error  "cases.0.expect" has an unknown field "alertz"`);
    writeFileSync(join(dir, testFile), 'cases:\n  - name: only\n    kind: positive\n    now: 2026-11-20T02:00:00Z\n    data: [data/DemoEvents.jsonl]\n');
    const r2 = await run(dir, 'test', '--no-noise', '--ci');
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain('has no negative case');
  });

  it('records golden snapshots, fails on a mismatch, and rewrites them with --update-snapshots', async () => {
    const dir = copyPack();
    const snap = join(dir, 'detections/demo/__snapshots__/domain-download.snap.json');
    expect((await run(dir, 'test', '--no-noise')).code).toBe(0);
    expect(existsSync(snap)).toBe(true);
    const stored = JSON.parse(readFileSync(snap, 'utf8'));
    expect(Object.keys(stored)).toHaveLength(4);
    expect((await run(dir, 'test', '--no-noise', '--ci')).code).toBe(0);
    stored['three downloads by one user make one High alert'].alerts[0].severity = 'Medium';
    writeFileSync(snap, JSON.stringify(stored, null, 2));
    const bad = await run(dir, 'test', '--no-noise', '--ci');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('alerts differ from the golden snapshot');
    expect(bad.stdout).toMatch(/\+\s+"severity": "High"/);
    expect((await run(dir, 'test', '--no-noise', '--update-snapshots')).code).toBe(0);
    expect((await run(dir, 'test', '--no-noise', '--ci')).code).toBe(0);
  });

  it('records no snapshot for a case that fails its own expectations', async () => {
    const dir = copyPack();
    const snap = join(dir, 'detections/demo/__snapshots__/domain-download.snap.json');
    const rule = join(dir, 'detections/demo/domain-download.yaml');
    writeFileSync(rule, readFileSync(rule, 'utf8').replace('"SecurityDomainDownload"', '"SecurityDomainUpload"'));
    const failing = await run(dir, 'test', '--no-noise');
    expect(failing.code).toBe(1);
    const recorded = existsSync(snap) ? Object.keys(JSON.parse(readFileSync(snap, 'utf8'))) : [];
    expect(recorded).toEqual(['a status poll is not a download']);
  });

  it('--changed selects rules touched since a base, --compare reports alert counts at a ref', async () => {
    const dir = copyPack();
    cpSync(join(dir, 'detections/demo'), join(dir, 'detections/other'), { recursive: true });
    const other = join(dir, 'detections/other/domain-download.yaml');
    writeFileSync(other, readFileSync(other, 'utf8').replace('5d1f6c1e-7a3b-4c2d-9e8f-0a1b2c3d4e5f', '6e2f6c1e-7a3b-4c2d-9e8f-0a1b2c3d4e5f').replace('name: Demo', 'name: Other'));
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    const all = JSON.parse((await run(dir, 'test', '--no-noise', '--ci', '--format', 'json')).stdout);
    expect(all.summary.rules).toBe(2);
    const p = join(dir, 'detections/other/domain-download.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace('triggerThreshold: 0', 'triggerThreshold: 1'));
    const changed = await run(dir, 'test', '--no-noise', '--ci', '--changed', '--base', 'main', '--format', 'json', '--compare', 'main');
    const report = JSON.parse(changed.stdout);
    expect(report.summary.rules).toBe(1);
    expect(report.cases[0].rule.name).toBe('Other security domain download');
    // AlertPerResult rows: with triggerThreshold 1 a run needs two result rows, so fewer alerts now.
    expect(report.compare.rules).toEqual([
      expect.objectContaining({ ruleFile: 'detections/other/domain-download.yaml', casesAtRef: 7, casesNow: 4, status: 'changed' }),
    ]);
    const badRef = await run(dir, 'test', '--no-noise', '--changed', '--base', 'nope');
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain('--base nope: not a commit');
  });
});

describe('content replay', () => {
  it('backtests a dataset directory and prints alerts and incidents as JSON', async () => {
    const r = await run(fixture, 'replay', '--data', 'data', '--from', '2026-11-20T00:00:00Z', '--to', '2026-11-21T00:00:00Z', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rules).toEqual([expect.objectContaining({ ruleName: 'Demo security domain download', runs: 24, alerts: 4, incidents: 3 })]);
    expect(out.alerts[0]).toEqual({
      id: 0,
      rule: { id: '5d1f6c1e-7a3b-4c2d-9e8f-0a1b2c3d4e5f', name: 'Demo security domain download' },
      firedAt: '2026-11-20T02:00:00Z',
      window: { start: '2026-11-20T01:00:00Z', end: '2026-11-20T02:00:00Z' },
      name: 'Security domain of hsm-a downloaded by dave@contoso.com',
      description: 'dave@contoso.com downloaded the security domain from 203.0.113.7.',
      severity: 'High',
      tactics: ['Exfiltration'],
      entities: [{ type: 'Account', identifiers: { FullName: 'dave@contoso.com' } }, { type: 'IP', identifiers: { Address: '203.0.113.7' } }],
      customDetails: { Hsm: ['hsm-a'], Downloads: ['3'] },
      resultCount: 1,
    });
    expect(out.incidents.map((i: { alerts: number[] }) => i.alerts)).toEqual([[0, 1], [2], [3]]);
  });

  it('exits 2 with a clear message on bad arguments', async () => {
    const badTime = await run(fixture, 'replay', '--data', 'data', '--from', 'yesterday', '--to', '2026-11-21T00:00:00Z');
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--from yesterday: not an ISO-8601 time');
    const badRule = await run(fixture, 'replay', '--data', 'data', '--from', '2026-11-20T00:00:00Z', '--to', '2026-11-21T00:00:00Z', '--rules', 'nope');
    expect(badRule.code).toBe(2);
    expect(badRule.stderr).toContain('--rules nope: no rule with that id, name or path');
    const badDir = await run(fixture, 'replay', '--data', 'missing', '--from', '2026-11-20T00:00:00Z', '--to', '2026-11-21T00:00:00Z');
    expect(badDir.code).toBe(2);
    expect(badDir.stderr).toContain('cannot read data directory');
  });
});
