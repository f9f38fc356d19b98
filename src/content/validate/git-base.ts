/**
 * Checks against a git base (`--base REF`): a rule's id must not change, and a changed query must come with a
 * bumped version (the Azure-Sentinel id-change validator and version-bump reminder, made errors).
 * Reads every base file in one `git cat-file --batch` process.
 */
import { execFileSync } from 'node:child_process';
import { relative, sep } from 'node:path';
import { parse } from 'yaml';
import { isRecord, str } from '../coerce.ts';
import type { AnalyticRule, Problem } from '../types.ts';

export class BaseRefError extends Error {
  readonly code = 'BASE_REF';
}

/** Reads `ref:path` for each path; missing files map to undefined. Throws BaseRefError when ref is not a commit. */
export function readAtRef(cwd: string, ref: string, paths: string[]): Map<string, string | undefined> {
  let top: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new BaseRefError(`--base ${ref}: not a commit in a git repository at ${cwd}`);
  }
  const rels = paths.map((p) => relative(top, p).split(sep).join('/'));
  const out = new Map<string, string | undefined>();
  if (!paths.length) return out;
  const buf = execFileSync('git', ['cat-file', '--batch'], { cwd: top, input: rels.map((r) => `${ref}:${r}\n`).join(''), maxBuffer: 1 << 30 });
  let pos = 0;
  for (const p of paths) {
    const nl = buf.indexOf(0x0a, pos);
    const header = buf.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    const m = /^\S+ (\w+) (\d+)$/.exec(header);
    if (!m) { out.set(p, undefined); continue; }
    const size = Number(m[2]);
    out.set(p, m[1] === 'blob' ? buf.subarray(pos, pos + size).toString('utf8') : undefined);
    pos += size + 1;
  }
  return out;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

const normaliseQuery = (q: string): string => q.replace(/[ \t]+$/gm, '').trim();

export function checkAgainstBase(rules: AnalyticRule[], cwd: string, ref: string): Problem[] {
  const base = readAtRef(cwd, ref, rules.map((r) => r.source.absolutePath));
  const out: Problem[] = [];
  for (const rule of rules) {
    const text = base.get(rule.source.absolutePath);
    if (text === undefined) continue; // a new rule
    let old: unknown;
    try { old = parse(text); } catch { continue; }
    if (!isRecord(old)) continue;
    const oldId = str(old.id);
    const emit = (path: string, code: string, message: string) => {
      const at = rule.source.locate(path).value;
      out.push({ file: rule.source.file, line: at.line, column: at.column, code, severity: 'error', message });
    };
    if (oldId && rule.id && oldId.toLowerCase() !== rule.id.toLowerCase()) {
      emit('id', 'rule-id-changed', `id changed from ${oldId} (at ${ref}); a rule's id must never change: Sentinel would treat it as a new rule`);
    }
    const oldQuery = str(old.query);
    const oldVersion = str(old.version);
    if (oldQuery !== undefined && normaliseQuery(oldQuery) !== normaliseQuery(rule.query)) {
      if (!rule.version || !oldVersion || compareVersions(rule.version, oldVersion) <= 0) {
        emit(rule.version ? 'version' : 'query', 'rule-version-not-bumped',
          `the query changed since ${ref} but version is still ${rule.version ?? '(none)'}${oldVersion ? ` (was ${oldVersion})` : ''}; bump it`);
      }
    } else if (rule.version && oldVersion && compareVersions(rule.version, oldVersion) < 0) {
      emit('version', 'rule-version-decreased', `version went down from ${oldVersion} (at ${ref}) to ${rule.version}`);
    }
  }
  return out;
}
