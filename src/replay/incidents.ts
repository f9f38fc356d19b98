/**
 * Incident creation and alert grouping (incidentConfiguration), applied to a rule's alerts in firing order.
 *
 * - createIncident false: alerts only.
 * - grouping off (or absent): one incident per alert.
 * - grouping on: an alert joins the most recent incident of the same rule whose first alert fired within
 *   lookbackDuration before it and whose grouping key matches; else it opens a new incident. Keys:
 *   AnyAlert - every alert matches; AllEntities - the alert's whole set of entities must be identical;
 *   Selected - the chosen entity types (their entities), alert details (DisplayName, Severity) and custom details
 *   must be identical. An alert that has none of the entities a key is built from never joins an incident.
 * - An incident holds at most 150 alerts; the next matching alert opens a new one.
 * - reopenClosedIncident is not simulated: nobody closes incidents during a replay.
 * Incident title and severity come from its first alert.
 */
import type { Alert } from './alerts.ts';
import { entityKey } from './entities.ts';
import type { ReplayRule, Severity } from './rule.ts';

export const MAX_ALERTS_PER_INCIDENT = 150;

export interface Incident {
  /** 1-based, in creation order within the replay. */
  number: number;
  ruleId: string;
  title: string;
  severity: Severity;
  createdAt: string;
  lastAlertAt: string;
  /** Indexes into the replay's alert list. */
  alerts: number[];
}

/** The grouping key of an alert, or undefined when it cannot be grouped. */
export function groupingKey(rule: ReplayRule, alert: Alert): string | undefined {
  const g = rule.incidentConfiguration.grouping;
  if (!g) return undefined;
  if (g.matchingMethod === 'AnyAlert') return '*';
  const entitiesOf = (types?: string[]) =>
    alert.entities.filter((e) => !types || types.includes(e.type)).map(entityKey).sort();
  if (g.matchingMethod === 'AllEntities') {
    const all = entitiesOf();
    return all.length ? all.join('\n') : undefined;
  }
  const parts: string[] = [];
  for (const type of g.groupByEntities) {
    const keys = entitiesOf([type]);
    if (!keys.length) return undefined;
    parts.push(keys.join('\n'));
  }
  for (const detail of g.groupByAlertDetails) {
    parts.push(detail === 'Severity' ? alert.severity : detail === 'DisplayName' ? alert.name : `?${detail}`);
  }
  for (const key of g.groupByCustomDetails) parts.push(JSON.stringify(alert.customDetails[key] ?? []));
  return parts.length ? parts.join('\u0000') : undefined;
}

/** Groups alerts (already in firing order) into incidents. */
export function groupIncidents(rule: ReplayRule, alerts: Alert[], firstNumber = 1): Incident[] {
  const cfg = rule.incidentConfiguration;
  if (!cfg.createIncident) return [];
  const incidents: Incident[] = [];
  const keys: (string | undefined)[] = [];
  const grouping = cfg.grouping?.enabled ? cfg.grouping : undefined;
  alerts.forEach((alert, index) => {
    const key = grouping ? groupingKey(rule, alert) : undefined;
    if (grouping && key !== undefined) {
      const at = Date.parse(alert.firedAt);
      for (let i = incidents.length - 1; i >= 0; i--) {
        const inc = incidents[i]!;
        if (at - Date.parse(inc.createdAt) > grouping.lookbackMs) break;
        if (keys[i] === key && inc.alerts.length < MAX_ALERTS_PER_INCIDENT) {
          inc.alerts.push(index);
          inc.lastAlertAt = alert.firedAt;
          return;
        }
      }
    }
    incidents.push({
      number: firstNumber + incidents.length,
      ruleId: rule.id,
      title: alert.name,
      severity: alert.severity,
      createdAt: alert.firedAt,
      lastAlertAt: alert.firedAt,
      alerts: [index],
    });
    keys.push(key);
  });
  return incidents;
}
