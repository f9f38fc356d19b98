/**
 * Checks against a git base (`--base REF`): a rule's id must not change, and a change to its query or logic (what
 * it alerts on and what the alert carries: LOGIC_FIELDS) must come with a bumped version (the Azure-Sentinel
 * id-change validator and version-bump reminder, made errors) and a changelog (changelog.ts checks its newest entry
 * is the version; here a new or changed rule without a changelog file is an error).
 * Reads every base file in one `git cat-file --batch` process.
 */
import { execFileSync } from 'node:child_process';
import { relative, sep } from 'node:path';
import { parse } from 'yaml';
import { existsSync } from 'node:fs';
import { isRecord, str } from '../coerce.ts';
import { changelogPath, compareVersions } from '../changelog.ts';
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

const normaliseQuery = (q: string): string => q.replace(/[ \t]+$/gm, '').trim();

/** Fields that change what a rule alerts on or what its alerts carry; a change to any needs a new version. */
export const LOGIC_FIELDS = ['query', 'kind', 'queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold', 'severity', 'entityMappings',
  'customDetails', 'alertDetailsOverride', 'eventGroupingSettings', 'incidentConfiguration', 'suppressionEnabled', 'suppressionDuration', 'sentinelEntitiesMappings'] as const;

const sorted = (_k: string, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x);
const canonical = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? normaliseQuery(v) : JSON.stringify(v, sorted));
const changelogName = (file: string) => file.replace(/\.ya?ml$/i, '.changelog.yaml');

export function checkAgainstBase(rules: AnalyticRule[], cwd: string, ref: string): Problem[] {
  const base = readAtRef(cwd, ref, rules.map((r) => r.source.absolutePath));
  const out: Problem[] = [];
  for (const rule of rules) {
    const text = base.get(rule.source.absolutePath);
    if (text === undefined) {
      // A new rule starts its changelog.
      if (!existsSync(changelogPath(rule.source.absolutePath))) {
        const at = rule.source.locate('version');
        const pos = at.key ?? at.value;
        out.push({ file: rule.source.file, line: pos.line, column: pos.column, code: 'rule-changelog-missing', severity: 'error', message: `a new rule since ${ref} without a changelog: write ${changelogName(rule.source.file)} with its first entry (version ${rule.version ?? '1.0.0'})` });
      }
      continue;
    }
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
    const oldVersion = str(old.version);
    const changed = LOGIC_FIELDS.filter((f) => canonical((old as Record<string, unknown>)[f]) !== canonical(rule.raw[f]));
    if (changed.length) {
      if (!rule.version || !oldVersion || compareVersions(rule.version, oldVersion) <= 0) {
        emit(rule.version ? 'version' : changed[0]!, 'rule-version-not-bumped',
          `the ${changed.join(', ')} changed since ${ref} but version is still ${rule.version ?? '(none)'}${oldVersion ? ` (was ${oldVersion})` : ''}; bump it`);
      }
      if (!existsSync(changelogPath(rule.source.absolutePath))) emit('version', 'rule-changelog-missing', `the ${changed.join(', ')} changed since ${ref} and the rule has no changelog: write ${changelogName(rule.source.file)} with an entry for ${rule.version ?? 'the new version'}`);
    } else if (rule.version && oldVersion && compareVersions(rule.version, oldVersion) < 0) {
      emit('version', 'rule-version-decreased', `version went down from ${oldVersion} (at ${ref}) to ${rule.version}`);
    }
  }
  return out;
}
