/**
 * Whether each rule can be a Defender XDR custom detection (`content deploy --targets defender`), judged by the
 * defender target's own rules (src/deploy/defender/mapping.ts) on the query the lint has already bound, with
 * `content lint --target defender`: `defender-eligible` (info), or one `defender-not-eligible` warning per reason
 * at the field it is about.
 */
import type { AnalyticRule, Problem } from '../content/index.ts';
import { eligibility } from '../deploy/defender/mapping.ts';

/** Tables the rule reads: the words of its query and of the bodies of the workspace functions it calls that name a known table. */
export function tablesRead(query: string, tables: ReadonlySet<string>, functionBodies: ReadonlyMap<string, string>): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (text: string) => {
    for (const w of text.match(/\b[A-Za-z_][A-Za-z0-9_]*\b/g) ?? []) {
      if (tables.has(w)) out.add(w);
      else if (functionBodies.has(w) && !seen.has(w)) { seen.add(w); visit(functionBodies.get(w)!); }
    }
  };
  visit(query);
  return [...out].sort();
}

export function defenderFindings(rule: AnalyticRule, columns: string[] | undefined, tables: string[]): Problem[] {
  const e = eligibility(rule, { columns, tables });
  const at = (field: string) => {
    const loc = rule.source.locate(field);
    const pos = rule.source.locations.has(field) ? loc.key ?? loc.value : (rule.source.locate('query').key ?? rule.source.locate('query').value);
    return { file: rule.source.file, line: pos.line, column: pos.column };
  };
  if (e.eligible) return [{ ...at('kind'), code: 'defender-eligible', severity: 'info', message: 'can be a Defender XDR custom detection (content deploy --targets defender)' }];
  return e.reasons.map((why, i) => ({ ...at(e.fields![i]!), code: 'defender-not-eligible', severity: 'warning', message: `cannot be a Defender XDR custom detection: ${why}` } satisfies Problem));
}
