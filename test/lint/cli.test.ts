/** `content lint` end to end, in-process: golden output for every format, exit codes, options. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatGithub } from '../../src/lint/index.ts';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';

const GOLDEN = join(import.meta.dirname, '../fixtures/golden');
const CASES = join(import.meta.dirname, '../fixtures/cases');

async function run(args: string[], cwd = GOLDEN, isTTY = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd, env: {}, isTTY };
  const code = await main(args, io);
  return { code, out, err };
}

describe('golden output', () => {
  it('human', async () => {
    const r = await run(['lint', '--no-replay']);
    expect(r.code).toBe(1);
    await expect(r.out).toMatchFileSnapshot('__snapshots__/lint.human.txt');
  });

  it('json', async () => {
    const r = await run(['lint', '--no-replay', '--format', 'json']);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out);
    expect(parsed.counts).toEqual({ errors: 2, warnings: 3, infos: 0 });
    await expect(r.out).toMatchFileSnapshot('__snapshots__/lint.json');
  });

  it('github (workflow command annotations)', async () => {
    const r = await run(['lint', '--no-replay', '--format', 'github']);
    expect(r.code).toBe(1);
    const annotations = r.out.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(5);
    expect(annotations).toContain("::error file=detections/findings-rule.yaml,line=21,col=64,endLine=21,endColumn=72,title=KS142::The name 'CallerIp' does not refer to any known column, table, variable or function.");
    await expect(r.out).toMatchFileSnapshot('__snapshots__/lint.github.txt');
  });

  it('github format escapes what the runner would read as syntax', () => {
    const problem = { file: 'a,b:c.yaml', line: 3, column: 4, severity: 'error' as const, code: 'x', message: '100% wrong\nsecond line' };
    const out = formatGithub({ problems: [problem], files: ['a,b:c.yaml'], rules: [], functions: [], counts: { errors: 1, warnings: 0, infos: 0 }, durationMs: 0 });
    expect(out.split('\n')[0]).toBe('::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=x::100%25 wrong%0Asecond line');
  });

  it('sarif', async () => {
    const r = await run(['lint', '--no-replay', '--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.out);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(5);
    const ks142 = results.find((x: { ruleId: string }) => x.ruleId === 'KS142');
    expect(ks142.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'detections/findings-rule.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 21, startColumn: 64, endLine: 21, endColumn: 72 },
    });
    for (const x of results) expect(sarif.runs[0].tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
    await expect(r.out).toMatchFileSnapshot('__snapshots__/lint.sarif');
  });

  it('colours only on a terminal', async () => {
    const plain = await run(['lint', '--no-replay']);
    const tty = await run(['lint', '--no-replay'], GOLDEN, true);
    expect(plain.out).not.toMatch(/\u001b\[/);
    expect(tty.out).toMatch(/\u001b\[31m/);
  });
});

describe('exit codes', () => {
  it('0 when clean', async () => {
    const r = await run(['lint', '--no-replay', 'detections/clean-rule.yaml']);
    expect(r.out).toMatch(/no problems/);
    expect(r.code).toBe(0);
  });

  it('0 with warnings only, 1 beyond --max-warnings', async () => {
    const file = 'kql-prefer-has/fail.yaml';
    expect((await run(['lint', '--no-replay', file], CASES)).code).toBe(0);
    expect((await run(['lint', '--no-replay', '--max-warnings', '1', file], CASES)).code).toBe(0);
    expect((await run(['lint', '--no-replay', '--max-warnings', '0', file], CASES)).code).toBe(1);
  });

  it('2 on usage errors, with one line and no stack trace', async () => {
    for (const args of [['lint', '--format', 'xml'], ['lint', '--rule', 'kql-prefer-has=loud'], ['lint', '--max-warnings', 'x'], ['lint', 'no/such/path']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('--rule overrides a setting', async () => {
    const r = await run(['lint', '--no-replay', '--rule', 'kql-prefer-has=error', 'kql-prefer-has/fail.yaml'], CASES);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error\s+kql-prefer-has/);
  });

  it('--output writes the report to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-out-'));
    try {
      const r = await run(['lint', '--no-replay', '--format', 'sarif', '--output', join(dir, 'out/lint.sarif')]);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(JSON.parse(readFileSync(join(dir, 'out/lint.sarif'), 'utf8')).runs[0].results).toHaveLength(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lint config', () => {
  it('sets codes off, up or down, and reports unknown codes with a did-you-mean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-config-'));
    try {
      cpSync(GOLDEN, dir, { recursive: true });
      writeFileSync(join(dir, '.contentlintrc.yaml'), 'rules:\n  kql-prefer-has: error\n  KS142: off\n  rule-version-missng: off\n  rule-unknown-field: loud\n');
      const r = await run(['lint', '--no-replay', '--format', 'json'], dir);
      const problems = JSON.parse(r.out).problems as { file: string; line: number; code: string; severity: string; message: string }[];
      expect(problems.find((p) => p.code === 'kql-prefer-has')?.severity).toBe('error');
      expect(problems.some((p) => p.code === 'KS142')).toBe(false);
      const config = problems.filter((p) => p.file === '.contentlintrc.yaml');
      expect(config.map((p) => `${p.line} ${p.severity} ${p.message}`)).toEqual([
        '4 warning unknown finding code "rule-version-missng"; did you mean "rule-version-missing"?',
        '5 error "loud" is not a setting; use off, info, warn or error',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--base', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });

  it('rejects a changed id and a changed query without a version bump, accepts a bump', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-base-'));
    try {
      mkdirSync(join(dir, 'detections'));
      const rule = readFileSync(join(CASES, 'kql-prefer-has/pass.yaml'), 'utf8');
      const file = join(dir, 'detections/rule.yaml');
      writeFileSync(file, rule);
      git(dir, 'init', '-q');
      git(dir, 'add', '.');
      git(dir, 'commit', '-q', '-m', 'base');

      writeFileSync(file, rule.replace('OperationName has "KeyDelete"', 'OperationName has "KeyPurge"'));
      let r = await run(['lint', '--no-replay', '--base', 'HEAD'], dir);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/detections\/rule\.yaml:\d+:\d+\s+error\s+rule-version-not-bumped\s+the query changed since HEAD but version is still 1\.0\.0/);

      writeFileSync(file, rule.replace('OperationName has "KeyDelete"', 'OperationName has "KeyPurge"').replace('version: 1.0.0', 'version: 1.1.0'));
      r = await run(['lint', '--no-replay', '--base', 'HEAD'], dir);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/error\s+rule-changelog-missing\s+the query changed since HEAD and the rule has no changelog: write detections\/rule\.changelog\.yaml with an entry for 1\.1\.0/);
      writeFileSync(join(dir, 'detections/rule.changelog.yaml'), '- version: 1.1.0\n  date: 2026-12-01\n  changes: [Matches KeyPurge instead of KeyDelete.]\n- version: 1.0.0\n  date: 2026-11-01\n  changes: [First release.]\n');
      r = await run(['lint', '--no-replay', '--base', 'HEAD'], dir);
      expect(r.code).toBe(0);

      writeFileSync(file, rule.replace(/^id: .*$/m, 'id: 11111111-2222-4333-8444-555555555555'));
      r = await run(['lint', '--no-replay', '--base', 'HEAD'], dir);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/rule-id-changed/);

      r = await run(['lint', '--no-replay', '--base', 'no-such-ref'], dir);
      expect(r.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('replayability', () => {
  it('says per rule whether the local engine can replay it', async () => {
    const r = await run(['lint', '--format', 'json', 'detections/clean-rule.yaml']);
    const codes = JSON.parse(r.out).problems.map((p: { code: string }) => p.code);
    expect(codes.filter((c: string) => c === 'replay-ok' || c === 'replay-unsupported').length).toBeGreaterThan(0);
  });
});

describe('--list-codes', () => {
  it('lists every check with its description', async () => {
    const r = await run(['lint', '--list-codes']);
    expect(r.code).toBe(0);
    for (const code of ['kql-prefer-has', 'rule-technique-tactic-missing', 'yaml-alias-limit', 'rule-column-missing']) expect(r.out).toMatch(new RegExp(`^${code}\\s+\\S`, 'm'));
  });
});

describe('paths', () => {
  it('binds the workspace functions of detections/parsers when only some files are linted', async () => {
    const r = await run(['lint', '--no-replay', '--format', 'json', 'detections/findings-rule.yaml']);
    const problems = JSON.parse(r.out).problems as { file: string; code: string; message: string }[];
    expect(problems.every((p) => p.file === 'detections/findings-rule.yaml')).toBe(true);
    // HsmEvents() resolves; only the misspelt column is unknown
    expect(problems.filter((p) => p.code === 'KS142').map((p) => p.message)).toEqual([
      "The name 'CallerIp' does not refer to any known column, table, variable or function.",
    ]);
  });
});

describe('--schemas', () => {
  it('adds custom tables to the binder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-schemas-'));
    try {
      mkdirSync(join(dir, 'detections'));
      const rule = readFileSync(join(CASES, 'kql-prefer-has/pass.yaml'), 'utf8')
        .replace('  | project TimeGenerated', '  | join kind=leftouter (HsmInventory_CL | project Resource = HsmName_s, Owner_s) on Resource\n  | project TimeGenerated');
      writeFileSync(join(dir, 'detections/rule.yaml'), rule);
      const without = await run(['lint', '--no-replay', '--format', 'json'], dir);
      expect(JSON.parse(without.out).problems.map((p: { code: string }) => p.code)).toContain('KS204');
      const withSchemas = await run(['lint', '--no-replay', '--schemas', join(import.meta.dirname, '../fixtures/extra-schemas')], dir);
      expect(withSchemas.out).toMatch(/no problems/);
      expect(withSchemas.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('command loading', () => {
  // main() imports only the invoked command's module; help and mistyped commands still see every command.
  const COMMANDS = ['check', 'lint', 'test', 'replay', 'query', 'coverage', 'docs', 'samples', 'preview', 'build', 'plan', 'deploy'];

  it('--help lists every command', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    const listed = [...r.out.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    expect(listed).toEqual(expect.arrayContaining(COMMANDS));
  });

  it('a mistyped command gets a suggestion, an unknown option on lint a usage error', async () => {
    const typo = await run(['lnt']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/unknown command 'lnt'[\s\S]*Did you mean lint\?/);
    const bad = await run(['lint', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown option '--bogus'/);
  });
});
