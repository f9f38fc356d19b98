import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const FIXTURE = resolve(import.meta.dirname, '../replay/fixtures/pack');
const tmp = mkdtempSync(join(tmpdir(), 'content-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function check(cwd: string, args: string[] = []): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['check', '--no-noise', ...args], { stdout: (t) => { out += t; }, stderr: () => {}, cwd, env: {}, isTTY: false });
  return { code, out };
}

describe('content check', () => {
  it('lints, replays and builds a clean pack, then prints a summary and exits 0', async () => {
    const root = join(tmp, 'clean');
    cpSync(FIXTURE, root, { recursive: true });
    const { code, out } = await check(root, ['--out', 'dist']);
    expect(out).toMatch(/ok {4}lint {3}1 rules, 1 functions, 0 workbooks: 0 errors/);
    expect(out).toMatch(/ok {4}test {3}1 rules, \d+ cases: \d+ passed, 0 failed, 0 errors/);
    expect(out).toMatch(/ok {4}build {2}1 rules, 1 functions, 0 workbooks -> \d+ files in dist\//);
    expect(out).toContain('All checks passed.');
    expect(readdirSync(join(root, 'dist'))).toContain('sentinel');
    expect(code).toBe(0);
  });

  it('runs every stage when an early one fails, and exits 1', async () => {
    const root = join(tmp, 'broken');
    cpSync(FIXTURE, root, { recursive: true });
    const rule = join(root, 'detections/demo/domain-download.yaml');
    writeFileSync(rule, readFileSync(rule, 'utf8').replace(/query: \|\n/, 'query: |\n  let unused = NoSuchTable | take 1;\n'));
    const { code, out } = await check(root, ['--out', 'dist']);
    expect(out).toMatch(/FAIL {2}lint/);
    expect(out).toMatch(/KS\d{3}/);
    expect(out).toMatch(/ {2}(ok {2}|FAIL) {2}test/);
    expect(out).toMatch(/ {2}(ok {2}|FAIL) {2}build/);
    expect(out).toContain('Some checks failed');
    expect(code).toBe(1);
  });
});
