/**
 * Compile-time macros: `${name}` in a query is replaced when the workbook is compiled (and when it is linted or
 * replayed), so a workbook can carry data that lives elsewhere in the pack. The portal never sees a macro.
 *
 *   ${packRules}  a datatable of this pack's analytic rules:
 *                 RuleId (lower-case GUID), RuleName, Severity, Practice, Tactics (comma-separated)
 */
import { macroReferences } from './parameters.ts';

/** What the detection-health workbook needs to know about each rule of the pack. */
export interface PackRule {
  id: string;
  name: string;
  severity: string;
  /** The baseline practice the rule covers (its `metadata.baselinePractice`, else its detections/<area> folder). */
  practice: string;
  tactics: string[];
}

export interface MacroContext { packRules?: PackRule[] }

export const KNOWN_MACROS = ['packRules'] as const;

function kqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function packRulesTable(rules: PackRule[]): string {
  const rows = [...rules].sort((a, b) => a.name.localeCompare(b.name)).map(
    (r) => `    ${[r.id.toLowerCase(), r.name, r.severity, r.practice, r.tactics.join(',')].map(kqlString).join(', ')}`,
  );
  return `datatable(RuleId:string, RuleName:string, Severity:string, Practice:string, Tactics:string)[${rows.length ? `\n${rows.join(',\n')}\n` : ''}]`;
}

/** Expansions for every known macro. */
export function macroValues(ctx: MacroContext): Record<string, string> {
  return { packRules: packRulesTable(ctx.packRules ?? []) };
}

export function expandMacros(text: string, ctx: MacroContext): string {
  const values = macroValues(ctx);
  let out = '';
  let last = 0;
  for (const m of macroReferences(text)) {
    if (!(m.name in values)) continue;
    out += text.slice(last, m.start) + values[m.name];
    last = m.start + m.length;
  }
  return out + text.slice(last);
}

/** The pack's rules as the macro needs them, from rules loaded by src/content. */
export function packRulesFrom(rules: { id: string; name: string; severity: string; tactics: string[]; metadata?: Record<string, unknown>; source: { file: string } }[]): PackRule[] {
  return rules.map((r) => {
    const declared = r.metadata?.baselinePractice;
    const folder = /(?:^|\/)detections\/([^/]+)\//.exec(r.source.file.split('\\').join('/'))?.[1];
    return {
      id: r.id,
      name: r.name,
      severity: r.severity,
      practice: typeof declared === 'string' ? declared : folder ?? 'other',
      tactics: r.tactics,
    };
  });
}
