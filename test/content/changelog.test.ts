/**
 * Rule changelogs (`<rule>.changelog.yaml`): their format and order, the rule's version as the newest entry, the
 * `--base` check extended to the rule's logic (not only its query) and to a missing changelog, and the release notes
 * built from them (the solution's ReleaseNotes.md table), with `--stamp` after a release.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { changelogPath, loadContent, readChangelog, stampRelease } from '../../src/content/index.ts';
import { releaseGroups, releaseNotesTable, type DeployRule } from '../../src/deploy/index.ts';

const ROOT = join(import.meta.dirname, '../..');
const RULE = readFileSync(join(ROOT, 'test/deploy/fixtures/pack/detections/security-domain/security-domain-download.yaml'), 'utf8');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'changelog-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'detections'), { recursive: true });
  writeFileSync(join(dir, 'detections/download.yaml'), RULE);
  return dir;
}
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, stdio: 'ignore' });
async function lint(dir: string, ...args: string[]) {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: dir, env: {}, isTTY: false };
  const code = await main(['lint', '--no-replay', '--format', 'json', ...args], io);
  return { code, err, problems: (JSON.parse(out).problems as { file: string; line: number; column: number; code: string; message: string }[]).filter((p) => /changelog|version/.test(p.code)) };
}
const entry = (v: string, date: string, text: string, release?: string) => `- version: ${v}\n  date: ${date}\n${release ? `  release: ${release}\n` : ''}  changes:\n    - ${text}\n`;

describe('rule changelogs', () => {
  it('are checked for format and order at their line, and the rule version must be the newest entry', async () => {
    const dir = repo();
    const log = join(dir, 'detections/download.changelog.yaml');
    writeFileSync(log, entry('1.0.1', '2026-11-20', 'Also alert on KeyPurge.') + entry('1.0.1', '2026-11-02', 'Twice.') + '- version: 1.0\n  date: 20-11-2026\n  changes: []\n  author: me\n');
    const r = await lint(dir);
    expect(r.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`)).toEqual([
      'detections/download.changelog.yaml:5:3 changelog-order version 1.0.1 is not lower than 1.0.1 above it: newest entry first, one entry per version',
      "detections/download.changelog.yaml:9:3 changelog-format version '1.0' is not X.Y.Z",
      "detections/download.changelog.yaml:10:3 changelog-format date '20-11-2026' is not YYYY-MM-DD",
      'detections/download.changelog.yaml:11:3 changelog-format say what changed: changes is a list of at least one line',
      "detections/download.changelog.yaml:12:3 changelog-format unknown field 'author' (an entry has version, date, release and changes)",
      'detections/download.yaml:60:1 rule-changelog-version version 1.0.0 is not the newest entry of detections/download.changelog.yaml (1.0.1): add an entry for 1.0.0 at the top saying what changed',
    ]);
    writeFileSync(log, entry('1.0.0', '2026-11-01', 'First release.'));
    writeFileSync(join(dir, 'detections/download.yaml'), RULE.replace('version: 1.0.0', 'version: 1.0.2'));
    const v = await lint(dir);
    expect(v.problems.map((p) => `${p.line} ${p.code} ${p.message}`)).toEqual(['60 rule-changelog-version version 1.0.2 is not the newest entry of detections/download.changelog.yaml (1.0.0): add an entry for 1.0.2 at the top saying what changed']);
    expect(v.code).toBe(1);
  }, 120_000);

  it('against --base: a logic change needs a version bump and a changelog entry; a new rule needs a changelog', async () => {
    const dir = repo();
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    // Not the query: the look-back and the threshold changed.
    writeFileSync(join(dir, 'detections/download.yaml'), RULE.replace('queryPeriod: 1h', 'queryPeriod: 2h').replace('triggerThreshold: 0', 'triggerThreshold: 1'));
    let r = await lint(dir, '--base', 'HEAD');
    expect(r.problems.map((p) => `${p.code} ${p.message}`)).toEqual([
      'rule-changelog-missing the queryPeriod, triggerThreshold changed since HEAD and the rule has no changelog: write detections/download.changelog.yaml with an entry for 1.0.0',
      'rule-version-not-bumped the queryPeriod, triggerThreshold changed since HEAD but version is still 1.0.0 (was 1.0.0); bump it',
    ]);
    writeFileSync(join(dir, 'detections/download.yaml'), RULE.replace('queryPeriod: 1h', 'queryPeriod: 2h').replace('triggerThreshold: 0', 'triggerThreshold: 1').replace('version: 1.0.0', 'version: 1.1.0'));
    writeFileSync(join(dir, 'detections/download.changelog.yaml'), entry('1.1.0', '2026-12-01', 'Looks back two hours; alerts from two downloads.') + entry('1.0.0', '2026-11-01', 'First release.'));
    // A description is not logic: no bump needed for it. A new rule needs a changelog.
    writeFileSync(join(dir, 'detections/new.yaml'), RULE.replace(/^id: .*$/m, 'id: 2b8d4f6a-1c3e-4a5b-9d7f-0e2c4a6b8d1f').replace('name: Managed HSM security domain downloaded', 'name: Another rule'));
    r = await lint(dir, '--base', 'HEAD');
    expect(r.problems.map((p) => `${p.file} ${p.code} ${p.message}`)).toEqual(['detections/new.yaml rule-changelog-missing a new rule since HEAD without a changelog: write detections/new.changelog.yaml with its first entry (version 1.0.0)']);
    writeFileSync(join(dir, 'detections/new.changelog.yaml'), entry('1.0.0', '2026-12-01', 'First release.'));
    r = await lint(dir, '--base', 'HEAD');
    expect(r.problems).toEqual([]);
    expect(r.code).toBe(0);
  }, 120_000);

  it('every rule of the pack has one, newest entry at its version', () => {
    const { rules } = loadContent(ROOT);
    expect(rules.length).toBeGreaterThanOrEqual(35);
    for (const rule of rules) {
      expect(existsSync(changelogPath(rule.source.absolutePath)), rule.source.file).toBe(true);
      const { changelog, problems } = readChangelog(rule);
      expect(problems, rule.source.file).toEqual([]);
      expect(changelog!.entries[0]!.version, rule.source.file).toBe(rule.version);
    }
  });
});

describe('release notes', () => {
  const rule = (name: string, changelog: DeployRule['changelog']): DeployRule => ({ id: name, name, description: '', severity: 'High', kind: 'NRT', query: 'T', changelog });
  const rules = [
    rule('Key deleted', [{ version: '1.1.0', date: '2027-01-10', changes: ['Also alert on KeyPurge.'] }, { version: '1.0.0', date: '2026-11-01', release: '1.0.0', changes: ['First release.'] }]),
    rule('Security domain downloaded', [{ version: '1.0.0', date: '2026-11-02', release: '1.0.0', changes: ['First release.'] }]),
    rule('Backup outside window', [{ version: '1.0.0', date: '2027-01-05', changes: ['First release.'] }]),
  ];
  const counts: [string, number][] = [['Parsers', 1], ['Analytic Rules', 3]];

  it('one row per release, newest first: new rules, then each changed rule with its version and what changed', () => {
    const table = releaseNotesTable({ version: '1.1.0', firstPublishDate: '2026-11-03', lastPublishDate: '2027-01-12' }, rules, counts);
    expect(table.split('\n')).toEqual([
      '| **Version** | **Date Modified (DD-MM-YYYY)** | **Change History** |',
      '|-------------|--------------------------------|--------------------|',
      '| 1.1.0 | 12-01-2027 | New **Analytic Rules**: Backup outside window<br>Updated **Key deleted** to 1.1.0: Also alert on KeyPurge. |',
      '| 1.0.0 | 02-11-2026 | New **Analytic Rules**: Key deleted, Security domain downloaded |',
      '',
    ]);
    // Before the first publication: one row, what the package holds; the history before it is the rules' own.
    const first = releaseNotesTable({ version: '1.0.0', firstPublishDate: '2026-11-03' }, rules.map((r) => ({ ...r, changelog: r.changelog!.map((e) => ({ ...e, release: undefined })) })), counts);
    expect(first.split('\n')[2]).toBe('| 1.0.0 | 03-11-2026 | Initial solution release: 1 parsers, 3 analytic rules |');
    expect(releaseGroups({ version: '1.1.0', firstPublishDate: '2026-11-03', lastPublishDate: '2027-01-12' }, rules).map((g) => g.version)).toEqual(['1.1.0', '1.0.0']);
  });

  it('--stamp marks unreleased entries with the version, keeping the rest of the file', () => {
    const text = `# history\n${entry('1.1.0', '2027-01-10', 'Also alert on KeyPurge.')}${entry('1.0.0', '2026-11-01', 'First release.', '1.0.0')}`;
    const stamped = stampRelease(text, '1.1.0')!;
    expect(stamped).toBe(`# history\n${entry('1.1.0', '2027-01-10', 'Also alert on KeyPurge.', '1.1.0')}${entry('1.0.0', '2026-11-01', 'First release.', '1.0.0')}`);
    expect(stampRelease(stamped, '1.2.0')).toBeUndefined();
  });
});
