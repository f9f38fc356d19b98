/** The git look-ups `content test` needs: files changed since a base, and a ref's content files in a temp dir. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

export class GitError extends Error {
  readonly code = 'GIT';
}

function git(cwd: string, args: string[], input?: Buffer | string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
}

function topLevel(cwd: string): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new GitError(`${cwd} is not inside a git repository`);
  }
}

function verify(top: string, ref: string, option: string): void {
  try {
    git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new GitError(`${option} ${ref}: not a commit in this repository (fetch it first, e.g. git fetch origin main)`);
  }
}

/**
 * Absolute paths of files that differ between the merge base of `base` and HEAD and the working tree (committed,
 * staged, unstaged and untracked changes), as a pull request would show them.
 */
export function changedFiles(cwd: string, base: string): Set<string> {
  const top = topLevel(cwd);
  verify(top, base, '--base');
  let from = base;
  try {
    from = git(top, ['merge-base', base, 'HEAD']).trim();
  } catch { /* unrelated histories: diff against base itself */ }
  const names = [
    ...git(top, ['diff', '--name-only', '--no-renames', from]).split('\n'),
    ...git(top, ['ls-files', '--others', '--exclude-standard']).split('\n'),
  ].filter(Boolean);
  return new Set(names.map((n) => resolve(top, n)));
}

/**
 * Extracts the given directories (relative to `cwd`) as they are at `ref` into a temporary
 * directory (with `git archive`, so the repository's state is not touched). Returns the directory, whose layout
 * mirrors the repository's, and a function that removes it.
 */
export function checkoutAt(cwd: string, ref: string, dirs: string[]): { dir: string; top: string; dispose: () => void } {
  const top = topLevel(cwd);
  verify(top, ref, '--compare');
  const dir = mkdtempSync(join(tmpdir(), 'content-compare-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const fromTop = dirs.map((d) => relative(top, resolve(cwd, d)).split(sep).join('/'));
    const present = fromTop.filter((d) => {
      try {
        git(top, ['cat-file', '-e', `${ref}:${d}`]);
        return true;
      } catch {
        return false;
      }
    });
    if (present.length) {
      const tar = execFileSync('git', ['archive', '--format=tar', ref, ...present], { cwd: top, maxBuffer: 1 << 30 });
      execFileSync('tar', ['-x', '-C', dir], { input: tar });
    }
  } catch (e) {
    dispose();
    throw new GitError(`--compare ${ref}: could not extract ${dirs.join(', ')} (${(e as Error).message.split('\n')[0]})`);
  }
  return { dir, top, dispose };
}
