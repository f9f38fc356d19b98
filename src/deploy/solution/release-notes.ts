/**
 * Release notes from the rules' changelogs, in the table Azure-Sentinel's solution packager keeps in
 * `ReleaseNotes.md` (`| **Version** | **Date Modified (DD-MM-YYYY)** | **Change History** |`, newest first).
 * A changelog entry belongs to the release it names (`release`), else to the version being built. The first
 * publication (no lastPublishDate) is one row, "Initial solution release", with what the package holds: the history
 * before it is the rules' own. Later releases list the rules that are new and, per changed rule, its version and
 * what changed.
 */
import type { DeployRule } from '../model.ts';
import type { SolutionInfo } from './info.ts';

export interface ReleaseGroup {
  version: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Rules first released in this version (a changelog whose oldest entry is in it). */
  added: string[];
  changed: { rule: string; version: string; changes: string[] }[];
  initial: boolean;
}

const semver = (v: string) => v.split('.').map(Number);
const cmp = (a: string, b: string) => { const x = semver(a); const y = semver(b); for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0); return 0; };

export function releaseGroups(info: Pick<SolutionInfo, 'version' | 'firstPublishDate' | 'lastPublishDate'>, rules: DeployRule[]): ReleaseGroup[] {
  const groups = new Map<string, ReleaseGroup>();
  const group = (v: string) => {
    let g = groups.get(v);
    if (!g) groups.set(v, g = { version: v, date: '', added: [], changed: [], initial: false });
    return g;
  };
  group(info.version);
  for (const r of [...rules].sort((a, b) => a.name.localeCompare(b.name))) {
    const entries = r.changelog ?? [];
    entries.forEach((e, i) => {
      const g = group(e.release ?? info.version);
      if (e.date > g.date) g.date = e.date;
      if (i === entries.length - 1) { if (!g.added.includes(r.name)) g.added.push(r.name); } else g.changed.push({ rule: r.name, version: e.version, changes: e.changes });
    });
  }
  const out = [...groups.values()].sort((a, b) => cmp(b.version, a.version));
  const current = groups.get(info.version)!;
  current.date = info.lastPublishDate ?? info.firstPublishDate;
  current.initial = !info.lastPublishDate;
  // Changes of a rule that is new in the same release are its pre-release history.
  for (const g of out) g.changed = g.changed.filter((c) => !g.added.includes(c.rule));
  return current.initial ? out.filter((g) => g === current || cmp(g.version, current.version) > 0) : out;
}

const dmy = (date: string) => date.split('-').reverse().join('-');
const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The packager's table; `counts` describe the package for the initial release row. */
export function releaseNotesTable(info: Pick<SolutionInfo, 'version' | 'firstPublishDate' | 'lastPublishDate'>, rules: DeployRule[], counts: [string, number][]): string {
  const rows = releaseGroups(info, rules).map((g) => {
    const parts: string[] = [];
    if (g.initial) parts.push(`Initial solution release: ${counts.map(([k, c]) => `${c} ${k.toLowerCase()}`).join(', ')}`);
    else {
      if (g.added.length) parts.push(`New **Analytic Rules**: ${g.added.join(', ')}`);
      for (const c of g.changed) parts.push(`Updated **${c.rule}** to ${c.version}: ${c.changes.join(' ')}`);
      if (!parts.length) parts.push('Updated');
    }
    return `| ${g.version} | ${dmy(g.date)} | ${cell(parts.join('<br>'))} |`;
  });
  return ['| **Version** | **Date Modified (DD-MM-YYYY)** | **Change History** |', '|-------------|--------------------------------|--------------------|', ...rows, ''].join('\n');
}
