/**
 * The parts of an analytic rule that decide what Sentinel does with its query results, normalised for replay.
 *
 * Replay takes a plain rule document (the parsed YAML, in the upstream Azure-Sentinel format, or the same fields
 * as ARM `properties`) so it works the same on working-tree files and on files read from a git ref.
 */
import { HOUR, MINUTE, parseDuration } from './duration.ts';

export type Severity = 'Informational' | 'Low' | 'Medium' | 'High';
export type TriggerOperator = 'gt' | 'lt' | 'eq' | 'ne';
export type MatchingMethod = 'AllEntities' | 'AnyAlert' | 'Selected';

export interface FieldMapping { identifier: string; columnName: string }
export interface EntityMapping { entityType: string; fieldMappings: FieldMapping[] }

export interface IncidentConfiguration {
  createIncident: boolean;
  grouping?: {
    enabled: boolean;
    lookbackMs: number;
    matchingMethod: MatchingMethod;
    groupByEntities: string[];
    groupByAlertDetails: string[];
    groupByCustomDetails: string[];
    /** Not simulated: replay has no analyst closing incidents. */
    reopenClosedIncident: boolean;
  };
}

export interface ReplayRule {
  id: string;
  name: string;
  description: string;
  kind: 'Scheduled' | 'NRT';
  severity: Severity;
  query: string;
  /** Milliseconds. NRT: 1 minute. */
  queryFrequencyMs: number;
  queryPeriodMs: number;
  triggerOperator: TriggerOperator;
  triggerThreshold: number;
  tactics: string[];
  entityMappings: EntityMapping[];
  customDetails: Record<string, string>;
  alertDetailsOverride: {
    alertDisplayNameFormat?: string;
    alertDescriptionFormat?: string;
    alertTacticsColumnName?: string;
    alertSeverityColumnName?: string;
  };
  aggregationKind: 'SingleAlert' | 'AlertPerResult';
  suppressionEnabled: boolean;
  suppressionMs: number;
  incidentConfiguration: IncidentConfiguration;
  /** Where the rule came from, for messages. */
  file?: string;
}

export class RuleShapeError extends Error {
  readonly code = 'RULE_SHAPE';
}

const SEVERITIES: Severity[] = ['Informational', 'Low', 'Medium', 'High'];
const OPERATORS: Record<string, TriggerOperator> = {
  gt: 'gt', greaterthan: 'gt', lt: 'lt', lessthan: 'lt', eq: 'eq', equal: 'eq', ne: 'ne', notequal: 'ne',
};

export function normaliseSeverity(value: unknown): Severity | undefined {
  if (typeof value !== 'string') return undefined;
  return SEVERITIES.find((s) => s.toLowerCase() === value.trim().toLowerCase());
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * Normalises a rule document. Missing scheduling fields take Sentinel's defaults (SingleAlert, suppression off,
 * incidents created without grouping); fields replay cannot do without (query, and for Scheduled rules
 * queryFrequency/queryPeriod) raise RuleShapeError naming the field.
 */
export function toReplayRule(doc: Record<string, unknown>, file?: string): ReplayRule {
  const where = file ? `${file}: ` : '';
  const query = str(doc.query);
  if (!query || !query.trim()) throw new RuleShapeError(`${where}rule has no "query"`);
  const kind = String(doc.kind ?? 'Scheduled').toLowerCase() === 'nrt' ? 'NRT' : 'Scheduled';
  let queryFrequencyMs = MINUTE;
  let queryPeriodMs = MINUTE;
  if (kind === 'Scheduled') {
    const f = parseDuration(doc.queryFrequency);
    const p = parseDuration(doc.queryPeriod);
    if (f === undefined || f <= 0) throw new RuleShapeError(`${where}"queryFrequency" must be a duration like 5m, 1h or 1d`);
    if (p === undefined || p <= 0) throw new RuleShapeError(`${where}"queryPeriod" must be a duration like 5m, 1h or 1d`);
    queryFrequencyMs = f;
    queryPeriodMs = p;
  }
  const op = OPERATORS[String(doc.triggerOperator ?? 'gt').toLowerCase()];
  if (!op) throw new RuleShapeError(`${where}"triggerOperator" must be gt, lt, eq or ne`);
  const thresholdRaw = doc.triggerThreshold ?? 0;
  const triggerThreshold = Number(thresholdRaw);
  if (!Number.isFinite(triggerThreshold)) throw new RuleShapeError(`${where}"triggerThreshold" must be a number`);

  const entityMappings: EntityMapping[] = (Array.isArray(doc.entityMappings) ? doc.entityMappings : []).map((m) => {
    const mm = obj(m);
    return {
      entityType: String(mm.entityType ?? ''),
      fieldMappings: (Array.isArray(mm.fieldMappings) ? mm.fieldMappings : []).map((f) => {
        const ff = obj(f);
        return { identifier: String(ff.identifier ?? ''), columnName: String(ff.columnName ?? '') };
      }),
    };
  });
  const customDetails: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(doc.customDetails))) if (typeof v === 'string') customDetails[k] = v;
  const ado = obj(doc.alertDetailsOverride);
  const grouping = obj(doc.eventGroupingSettings);
  const aggregationKind = String(grouping.aggregationKind ?? 'SingleAlert') === 'AlertPerResult' ? 'AlertPerResult' : 'SingleAlert';

  const inc = obj(doc.incidentConfiguration);
  const gc = inc.groupingConfiguration === undefined ? undefined : obj(inc.groupingConfiguration);
  const method = String(gc?.matchingMethod ?? 'AllEntities');
  const incidentConfiguration: IncidentConfiguration = {
    createIncident: inc.createIncident === undefined ? true : Boolean(inc.createIncident),
    grouping: gc && {
      enabled: Boolean(gc.enabled),
      lookbackMs: parseDuration(gc.lookbackDuration) ?? 5 * HOUR,
      matchingMethod: (['AllEntities', 'AnyAlert', 'Selected'].includes(method) ? method : 'AllEntities') as MatchingMethod,
      groupByEntities: strList(gc.groupByEntities),
      groupByAlertDetails: strList(gc.groupByAlertDetails),
      groupByCustomDetails: strList(gc.groupByCustomDetails),
      reopenClosedIncident: Boolean(gc.reopenClosedIncident),
    },
  };

  return {
    id: String(doc.id ?? ''),
    name: String(doc.name ?? doc.displayName ?? doc.id ?? '(unnamed rule)'),
    description: String(doc.description ?? ''),
    kind,
    severity: normaliseSeverity(doc.severity) ?? 'Medium',
    query,
    queryFrequencyMs,
    queryPeriodMs,
    triggerOperator: op,
    triggerThreshold,
    tactics: strList(doc.tactics),
    entityMappings,
    customDetails,
    alertDetailsOverride: {
      alertDisplayNameFormat: str(ado.alertDisplayNameFormat),
      alertDescriptionFormat: str(ado.alertDescriptionFormat),
      alertTacticsColumnName: str(ado.alertTacticsColumnName),
      alertSeverityColumnName: str(ado.alertSeverityColumnName),
    },
    aggregationKind,
    suppressionEnabled: Boolean(doc.suppressionEnabled),
    suppressionMs: parseDuration(doc.suppressionDuration) ?? 5 * HOUR,
    incidentConfiguration,
    file,
  };
}

/** True when `count` result rows trip the rule's trigger. */
export function triggers(rule: Pick<ReplayRule, 'triggerOperator' | 'triggerThreshold'>, count: number): boolean {
  switch (rule.triggerOperator) {
    case 'gt': return count > rule.triggerThreshold;
    case 'lt': return count < rule.triggerThreshold;
    case 'eq': return count === rule.triggerThreshold;
    case 'ne': return count !== rule.triggerThreshold;
  }
}

