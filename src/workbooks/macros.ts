/**
 * Compile-time macros: `${name}` in a query is replaced when the workbook is compiled (and when it is linted or
 * replayed), so a workbook can carry data that lives elsewhere in the pack. The portal never sees a macro.
 *
 *   ${packRules}     a datatable of this pack's analytic rules: RuleId (lower-case GUID), RuleName, Severity,
 *                    Practice (the first baseline practice it names), Practices (all, comma-separated), Tactics
 *                    (comma-separated)
 *   ${hsmRoleNames}  a datatable of Managed HSM's built-in local roles: RoleId (lower-case GUID), RoleName
 *   ${isFailure}     the one definition of a failed request over ManagedHsmAudit rows, for every tile, chart and
 *                    table that counts failures: a failed result, except the 401 every client gets before it sends
 *                    a token (an `Authentication` operation), which Microsoft's own failure query leaves out too
 *   ${baselineChecks} a datatable of the baseline map's state checks (src/coverage/practices.ts): Check, Practice,
 *                    Title, Tile (the workbook step that shows it, or ""), Remediation
 */
import { MANAGED_HSM_BUILT_IN_ROLES } from '../content/managed-hsm-roles.ts';
import { stateChecks } from '../coverage/practices.ts';
import { macroReferences } from './parameters.ts';

/** What the detection-health workbook needs to know about each rule of the pack. */
export interface PackRule {
  id: string;
  name: string;
  severity: string;
  /** The baseline practices the rule covers (its `metadata.baselinePractice`, a string or a list), in order. */
  practices: string[];
  tactics: string[];
}

export interface MacroContext { packRules?: PackRule[] }

export const KNOWN_MACROS = ['packRules', 'hsmRoleNames', 'isFailure', 'baselineChecks'] as const;

export const IS_FAILURE = '(Result == "Failure" and (Operation != "Authentication" or HttpStatusCode != 401))';

/** A rule that names no practice: shown under this name, never under a folder name that is not a practice id. */
export const NO_PRACTICE = '(no practice)';

function kqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function packRulesTable(rules: PackRule[]): string {
  const rows = [...rules].sort((a, b) => a.name.localeCompare(b.name)).map(
    (r) => `    ${[r.id.toLowerCase(), r.name, r.severity, r.practices[0] ?? NO_PRACTICE, (r.practices.length ? r.practices : [NO_PRACTICE]).join(','), r.tactics.join(',')].map(kqlString).join(', ')}`,
  );
  return `datatable(RuleId:string, RuleName:string, Severity:string, Practice:string, Practices:string, Tactics:string)[${rows.length ? `\n${rows.join(',\n')}\n` : ''}]`;
}

export function hsmRoleNamesTable(): string {
  const rows = MANAGED_HSM_BUILT_IN_ROLES.map((r) => `    ${kqlString(r.id)}, ${kqlString(r.name)}`);
  return `datatable(RoleId:string, RoleName:string)[\n${rows.join(',\n')}\n]`;
}

/** The state checks of the baseline map, as the posture workbook shows their remediation next to its tiles. */
export function baselineChecksTable(): string {
  const rows = stateChecks().map((c) => `    ${[c.id, c.practice, c.title, c.workbookTile ?? '', c.remediation].map(kqlString).join(', ')}`);
  return `datatable(Check:string, Practice:string, Title:string, Tile:string, Remediation:string)[\n${rows.join(',\n')}\n]`;
}

/** Expansions for every known macro. */
export function macroValues(ctx: MacroContext): Record<string, string> {
  return { packRules: packRulesTable(ctx.packRules ?? []), hsmRoleNames: hsmRoleNamesTable(), isFailure: IS_FAILURE, baselineChecks: baselineChecksTable() };
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
    const practices = (Array.isArray(declared) ? declared : [declared]).filter((p): p is string => typeof p === 'string' && p.length > 0);
    return { id: r.id, name: r.name, severity: r.severity, practices, tactics: r.tactics };
  });
}
