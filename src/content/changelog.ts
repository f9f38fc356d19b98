/**
 * Rule changelogs: `<rule>.changelog.yaml` next to `<rule>.yaml`. The upstream Azure-Sentinel rule schema forbids
 * fields it does not define, so the history lives beside the rule (as its tests do), newest entry first:
 *
 *   - version: 1.0.1          # the rule's version after the change (X.Y.Z)
 *     date: 2026-11-20        # YYYY-MM-DD
 *     release: 1.1.0          # optional: the pack version that shipped it; absent = the version being built
 *     changes:
 *       - Also alert on KeyPurge.
 *
 * The newest entry's version is the rule's `version`; versions go strictly down the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument } from 'yaml';
import { displayPath } from './load.ts';
import { readYamlSource } from './yaml-source.ts';
import type { AnalyticRule, Problem, SourceInfo } from './types.ts';

export interface ChangelogEntry { version: string; date: string; release?: string; changes: string[] }

export interface RuleChangelog { file: string; entries: ChangelogEntry[]; source: SourceInfo }

const VERSION = /^\d+\.\d+\.\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIELDS = new Set(['version', 'date', 'release', 'changes']);

export function changelogPath(ruleAbsolutePath: string): string {
  return ruleAbsolutePath.replace(/\.ya?ml$/i, '.changelog.yaml');
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The rule's changelog with its format problems; undefined when the rule has none. */
export function readChangelog(rule: AnalyticRule, root?: string): { changelog?: RuleChangelog; problems: Problem[] } {
  const abs = changelogPath(rule.source.absolutePath);
  if (!existsSync(abs)) return { problems: [] };
  const file = root ? displayPath(root, abs) : rule.source.file.replace(/\.ya?ml$/i, '.changelog.yaml');
  let text: string;
  try { text = readFileSync(abs, 'utf8'); } catch (e) {
    return { problems: [{ file, line: 1, column: 1, code: 'changelog-format', severity: 'error', message: `cannot read the changelog: ${(e as Error).message}` }] };
  }
  const src = readYamlSource(text, file, abs);
  const problems = src.problems.map((p) => (p.code.startsWith('yaml-') ? p : { ...p, code: 'changelog-format' }));
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const at = (path: string, code: string, message: string) => {
    const loc = src.source.locate(path);
    const pos = loc.key ?? loc.value;
    problems.push({ file, line: pos.line, column: pos.column, code, severity: 'error', message });
  };
  // Plain data, with dates kept as written (YAML would read 2026-11-20 as a timestamp only in the 1.1 schema).
  const doc = parseDocument(text);
  if (!isSeq(doc.contents)) {
    at('', 'changelog-format', 'a changelog is a list of entries (- version: X.Y.Z, date: YYYY-MM-DD, changes: [...]), newest first');
    return { problems };
  }
  const entries: ChangelogEntry[] = [];
  doc.contents.items.forEach((item, i) => {
    if (!isMap(item)) { at(`${i}`, 'changelog-format', `entry ${i + 1} is not a mapping of version, date and changes`); return; }
    const e = item.toJSON() as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!FIELDS.has(k)) at(`${i}.${k}`, 'changelog-format', `unknown field '${k}' (an entry has version, date, release and changes)`);
    // As written: `1.0` is a YAML number, and must read as '1.0', not 1.
    const written = (k: string) => { const n = item.get(k, true) as { source?: string; value?: unknown } | undefined; return n === undefined ? '' : String(n.source ?? n.value ?? ''); };
    const version = written('version');
    const date = written('date');
    const changes = Array.isArray(e.changes) ? e.changes.map(String).map((c) => c.trim()).filter(Boolean) : typeof e.changes === 'string' && e.changes.trim() ? [e.changes.trim()] : [];
    let ok = true;
    if (!VERSION.test(version)) { at(`${i}.version`, 'changelog-format', `version '${version}' is not X.Y.Z`); ok = false; }
    if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) { at(`${i}.date`, 'changelog-format', `date '${date}' is not YYYY-MM-DD`); ok = false; }
    if (e.release !== undefined && !VERSION.test(written('release'))) { at(`${i}.release`, 'changelog-format', `release '${written('release')}' is not X.Y.Z`); ok = false; }
    if (!changes.length) { at(`${i}${e.changes === undefined ? '' : '.changes'}`, 'changelog-format', 'say what changed: changes is a list of at least one line'); ok = false; }
    if (ok) entries.push({ version, date, ...(e.release !== undefined ? { release: written('release') } : {}), changes });
  });
  for (let i = 1; i < entries.length; i++) {
    if (compareVersions(entries[i - 1]!.version, entries[i]!.version) <= 0) at(`${i}.version`, 'changelog-order', `version ${entries[i]!.version} is not lower than ${entries[i - 1]!.version} above it: newest entry first, one entry per version`);
  }
  return { changelog: { file, entries, source: src.source }, problems };
}

/**
 * Marks the entries without `release` as shipped in `version` (after publishing it), keeping the rest of the file
 * as written. Returns the new text, or undefined when every entry already names its release.
 */
export function stampRelease(text: string, version: string): string | undefined {
  const doc = parseDocument(text);
  if (!isSeq(doc.contents)) return undefined;
  let changed = false;
  for (const item of doc.contents.items) {
    if (!isMap(item) || item.has('release')) continue;
    // After the date, where a reader looks for it.
    const at = item.items.findIndex((p) => String((p.key as { value?: unknown })?.value ?? p.key) === 'date');
    const pair = doc.createPair('release', version);
    if (at >= 0) item.items.splice(at + 1, 0, pair as never); else item.items.push(pair as never);
    changed = true;
  }
  return changed ? doc.toString({ lineWidth: 0 }) : undefined;
}
