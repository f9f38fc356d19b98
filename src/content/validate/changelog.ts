/**
 * Each rule's changelog (`<rule>.changelog.yaml`, src/content/changelog.ts): its format, and that its newest entry
 * is the rule's version, so a version bump always says what changed. Against a git base, a new rule or a changed
 * one without a changelog is an error too (git-base.ts).
 */
import { readChangelog } from '../changelog.ts';
import type { AnalyticRule, Problem } from '../types.ts';

export function checkChangelog(rule: AnalyticRule): Problem[] {
  const { changelog, problems } = readChangelog(rule);
  if (!changelog || !rule.version) return problems;
  const newest = changelog.entries[0];
  if (newest && newest.version !== rule.version) {
    const loc = rule.source.locate('version');
    const pos = loc.key ?? loc.value;
    problems.push({ file: rule.source.file, line: pos.line, column: pos.column, code: 'rule-changelog-version', severity: 'error',
      message: `version ${rule.version} is not the newest entry of ${changelog.file} (${newest.version}): add an entry for ${rule.version} at the top saying what changed` });
  }
  return problems;
}
