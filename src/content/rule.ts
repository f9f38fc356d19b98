/** Builds an AnalyticRule from a parsed YAML document (upstream Azure-Sentinel analytic-rule format). */
import { parseDuration } from './duration.ts';
import { bool, isRecord, num, records, str, strList, type Raw } from './coerce.ts';
import type { YamlSource } from './yaml-source.ts';
import type {
  AlertDetailsOverride, AnalyticRule, EmbeddedQuery, EntityMapping, EventGroupingSettings, IncidentConfiguration,
  RuleKind, RuleSeverity, TriggerOperator,
} from './types.ts';

const TRIGGER_OPERATORS: Record<string, TriggerOperator> = {
  gt: 'gt', greaterthan: 'gt', lt: 'lt', lessthan: 'lt', eq: 'eq', equal: 'eq', ne: 'ne', notequal: 'ne',
};

export function buildRule(raw: Raw, src: YamlSource): AnalyticRule {
  const kindText = str(raw.kind) ?? 'Scheduled';
  const kind = (kindText.toLowerCase() === 'nrt' ? 'NRT' : kindText.toLowerCase() === 'scheduled' ? 'Scheduled' : kindText) as RuleKind;
  const query = str(raw.query) ?? '';
  const triggerOperator = TRIGGER_OPERATORS[(str(raw.triggerOperator) ?? '').toLowerCase()];
  const rule: AnalyticRule = {
    id: str(raw.id) ?? '',
    name: str(raw.name) ?? '',
    description: str(raw.description) ?? '',
    severity: (str(raw.severity) ?? '') as RuleSeverity,
    kind,
    status: str(raw.status),
    requiredDataConnectors: records(raw.requiredDataConnectors).map((c) => ({
      connectorId: str(c.connectorId) ?? '',
      dataTypes: strList(c.dataTypes),
    })),
    queryFrequency: str(raw.queryFrequency),
    queryPeriod: str(raw.queryPeriod),
    queryFrequencyMs: parseDuration(str(raw.queryFrequency)),
    queryPeriodMs: parseDuration(str(raw.queryPeriod)),
    triggerOperator,
    triggerThreshold: num(raw.triggerThreshold),
    tactics: strList(raw.tactics),
    relevantTechniques: strList(raw.relevantTechniques),
    query,
    entityMappings: records(raw.entityMappings).map((m): EntityMapping => ({
      entityType: str(m.entityType) ?? '',
      fieldMappings: records(m.fieldMappings).map((f) => ({ identifier: str(f.identifier) ?? '', columnName: str(f.columnName) ?? '' })),
    })),
    customDetails: isRecord(raw.customDetails)
      ? Object.fromEntries(Object.entries(raw.customDetails).map(([k, v]) => [k, str(v) ?? '']))
      : {},
    alertDetailsOverride: buildAlertDetailsOverride(raw.alertDetailsOverride),
    eventGroupingSettings: isRecord(raw.eventGroupingSettings)
      ? { aggregationKind: (str(raw.eventGroupingSettings.aggregationKind) ?? 'SingleAlert') as EventGroupingSettings['aggregationKind'] }
      : undefined,
    incidentConfiguration: buildIncidentConfiguration(raw.incidentConfiguration),
    suppressionEnabled: bool(raw.suppressionEnabled),
    suppressionDuration: str(raw.suppressionDuration),
    suppressionDurationMs: parseDuration(str(raw.suppressionDuration)),
    version: str(raw.version),
    tags: Array.isArray(raw.tags) ? raw.tags : [],
    metadata: isRecord(raw.metadata) ? raw.metadata : undefined,
    raw,
    source: src.source,
    querySource: src.embedded('query') ?? plainEmbedded(query, src, 'query'),
  };
  return rule;
}

function buildAlertDetailsOverride(v: unknown): AlertDetailsOverride | undefined {
  if (!isRecord(v)) return undefined;
  const out: AlertDetailsOverride = {};
  const display = str(v.alertDisplayNameFormat);
  const description = str(v.alertDescriptionFormat);
  const tactics = str(v.alertTacticsColumnName);
  const severity = str(v.alertSeverityColumnName);
  if (display !== undefined) out.alertDisplayNameFormat = display;
  if (description !== undefined) out.alertDescriptionFormat = description;
  if (tactics !== undefined) out.alertTacticsColumnName = tactics;
  if (severity !== undefined) out.alertSeverityColumnName = severity;
  if (Array.isArray(v.alertDynamicProperties)) {
    out.alertDynamicProperties = records(v.alertDynamicProperties).map((p) => ({ alertProperty: str(p.alertProperty) ?? '', value: str(p.value) ?? '' }));
  }
  return out;
}

function buildIncidentConfiguration(v: unknown): IncidentConfiguration | undefined {
  if (!isRecord(v)) return undefined;
  const g = v.groupingConfiguration;
  return {
    createIncident: bool(v.createIncident) ?? true,
    groupingConfiguration: isRecord(g)
      ? {
          enabled: bool(g.enabled) ?? false,
          reopenClosedIncident: bool(g.reopenClosedIncident),
          lookbackDuration: str(g.lookbackDuration),
          lookbackDurationMs: parseDuration(str(g.lookbackDuration)),
          matchingMethod: str(g.matchingMethod) as NonNullable<IncidentConfiguration['groupingConfiguration']>['matchingMethod'],
          groupByEntities: Array.isArray(g.groupByEntities) ? strList(g.groupByEntities) : undefined,
          groupByAlertDetails: Array.isArray(g.groupByAlertDetails) ? strList(g.groupByAlertDetails) : undefined,
          groupByCustomDetails: Array.isArray(g.groupByCustomDetails) ? strList(g.groupByCustomDetails) : undefined,
        }
      : undefined,
  };
}

/** When a field is absent or not a scalar, offsets map to the field (or file start). */
export function plainEmbedded(text: string, src: YamlSource, path: string): EmbeddedQuery {
  const at = src.source.locate(path).value;
  return { text, positionAt: () => at };
}
