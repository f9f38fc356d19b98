/**
 * Alerts built from one run's query results, as Sentinel builds them.
 *
 * - The trigger (triggerOperator/triggerThreshold) compares the number of result rows.
 * - SingleAlert: one alert for all rows. Name, description, severity and tactics overrides are read from the first
 *   row; entities come from every row (de-duplicated, at most 500); each custom detail holds the distinct non-empty
 *   values of its column over all rows, in row order (Sentinel stores custom details as arrays of strings).
 * - AlertPerResult: one alert per row, each custom detail holding that row's value. Sentinel caps a run at 150
 *   alerts: with more rows, the first 149 rows get an alert each and the 150th alert summarises all rows as
 *   SingleAlert would.
 */
import { displayValue, extractEntities, isEmptyValue, type Entity } from './entities.ts';
import { normaliseSeverity, triggers, type ReplayRule, type Severity } from './rule.ts';
import { isoTime } from './duration.ts';

export const MAX_ALERTS_PER_RUN = 150;

export interface Alert {
  ruleId: string;
  ruleName: string;
  /** When the run that produced the alert happened (the pinned now). */
  firedAt: string;
  /** The query window of that run. */
  window: { start: string; end: string };
  /** Rendered from alertDisplayNameFormat, else the rule name. */
  name: string;
  /** Rendered from alertDescriptionFormat, else the rule description. */
  description: string;
  severity: Severity;
  tactics: string[];
  entities: Entity[];
  customDetails: Record<string, string[]>;
  /** Result rows this alert stands for. */
  resultCount: number;
  entitiesTruncated?: boolean;
}

/** What an alert shows a SOC analyst (and what snapshots and JSON reports record), without the rule identity. */
export function alertFacts(a: Alert) {
  return {
    firedAt: a.firedAt,
    window: a.window,
    name: a.name,
    description: a.description,
    severity: a.severity,
    tactics: a.tactics,
    entities: a.entities,
    customDetails: a.customDetails,
    resultCount: a.resultCount,
  };
}

export interface QueryRows { columns: string[]; rows: unknown[][] }

export interface RunContext { firedAt: Date; window: { start: Date; end: Date } }

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

/** Fills `{{Column}}` placeholders from one row; unknown columns are left as written so the mistake is visible. */
export function renderTemplate(template: string, columns: string[], row: unknown[] | undefined): string {
  return template.replace(PLACEHOLDER, (whole, col: string) => {
    const i = columns.indexOf(col);
    if (i < 0) return whole;
    return row ? displayValue(row[i]) : '';
  });
}

/** Placeholders used in a template, for the policy that checks they are produced by the query. */
export function templateColumns(template: string | undefined): string[] {
  if (!template) return [];
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

function tacticsFrom(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(displayValue) : displayValue(value).split(/[,;]/);
  return parts.map((s) => s.trim()).filter(Boolean);
}

function buildOne(rule: ReplayRule, q: QueryRows, rows: unknown[][], ctx: RunContext): Alert {
  const first = rows[0];
  const col = (name: string | undefined) => (name ? q.columns.indexOf(name) : -1);
  const ado = rule.alertDetailsOverride;

  let name = ado.alertDisplayNameFormat ? renderTemplate(ado.alertDisplayNameFormat, q.columns, first).trim() : '';
  if (!name) name = rule.name;
  let description = ado.alertDescriptionFormat ? renderTemplate(ado.alertDescriptionFormat, q.columns, first).trim() : '';
  if (!description) description = rule.description.trim();

  const sevCol = col(ado.alertSeverityColumnName);
  const severity = (sevCol >= 0 && first ? normaliseSeverity(first[sevCol]) : undefined) ?? rule.severity;
  const tacCol = col(ado.alertTacticsColumnName);
  const overridden = tacCol >= 0 && first ? tacticsFrom(first[tacCol]) : [];
  const tactics = overridden.length ? overridden : [...rule.tactics];

  const { entities, truncated } = extractEntities(rule.entityMappings, q.columns, rows);

  const customDetails: Record<string, string[]> = {};
  for (const [key, column] of Object.entries(rule.customDetails)) {
    const i = q.columns.indexOf(column);
    const values: string[] = [];
    if (i >= 0) {
      for (const r of rows) {
        if (isEmptyValue(r[i])) continue;
        const v = displayValue(r[i]);
        if (!values.includes(v)) values.push(v);
      }
    }
    customDetails[key] = values;
  }

  const alert: Alert = {
    ruleId: rule.id,
    ruleName: rule.name,
    firedAt: isoTime(ctx.firedAt),
    window: { start: isoTime(ctx.window.start), end: isoTime(ctx.window.end) },
    name,
    description,
    severity,
    tactics,
    entities,
    customDetails,
    resultCount: rows.length,
  };
  if (truncated) alert.entitiesTruncated = true;
  return alert;
}

/** The alerts one run produces (none when the trigger does not fire). */
export function buildAlerts(rule: ReplayRule, q: QueryRows, ctx: RunContext): Alert[] {
  if (!triggers(rule, q.rows.length)) return [];
  if (rule.aggregationKind === 'SingleAlert' || q.rows.length === 0) return [buildOne(rule, q, q.rows, ctx)];
  if (q.rows.length <= MAX_ALERTS_PER_RUN) return q.rows.map((r) => buildOne(rule, q, [r], ctx));
  const perRow = q.rows.slice(0, MAX_ALERTS_PER_RUN - 1).map((r) => buildOne(rule, q, [r], ctx));
  return [...perRow, buildOne(rule, q, q.rows, ctx)];
}
