/**
 * What the deployer consumes: rules, workspace functions and workbooks in target-neutral form. The content model
 * (src/content) and the workbook compiler (src/workbooks) are adapted to these shapes in `source.ts`; nothing in
 * src/deploy depends on how content is stored on disk.
 */

export type RuleSeverity = 'High' | 'Medium' | 'Low' | 'Informational';
export type RuleKind = 'Scheduled' | 'NRT';

export interface EntityMapping { entityType: string; fieldMappings: { identifier: string; columnName: string }[] }

export interface AlertDetailsOverride {
  alertDisplayNameFormat?: string;
  alertDescriptionFormat?: string;
  alertTacticsColumnName?: string;
  alertSeverityColumnName?: string;
  alertDynamicProperties?: { alertProperty: string; value: string }[];
}

export interface IncidentConfiguration {
  createIncident: boolean;
  groupingConfiguration?: {
    enabled: boolean;
    reopenClosedIncident: boolean;
    /** ISO 8601 or the YAML short form (`5h`, `1d`). */
    lookbackDuration: string;
    matchingMethod: 'AllEntities' | 'AnyAlert' | 'Selected';
    groupByEntities?: string[];
    groupByAlertDetails?: string[];
    groupByCustomDetails?: string[];
  };
}

/** An analytic rule in upstream Azure-Sentinel YAML vocabulary plus the ARM-only extensions. */
export interface DeployRule {
  /** GUID; becomes the alertRules resource name so redeploys update in place. */
  id: string;
  name: string;
  description: string;
  severity: RuleSeverity;
  kind: RuleKind;
  query: string;
  /** `5m`, `1h`, `1d` or ISO 8601. Scheduled only. */
  queryFrequency?: string;
  queryPeriod?: string;
  /** `gt`/`lt`/`eq`/`ne` or the ARM names. Scheduled only. */
  triggerOperator?: string;
  triggerThreshold?: number;
  tactics?: string[];
  /** `T####` and `T####.###`; sub-techniques are split into `subTechniques` on the wire. */
  relevantTechniques?: string[];
  entityMappings?: EntityMapping[];
  sentinelEntitiesMappings?: { columnName: string }[];
  customDetails?: Record<string, string>;
  alertDetailsOverride?: AlertDetailsOverride;
  eventGroupingSettings?: { aggregationKind: 'SingleAlert' | 'AlertPerResult' };
  incidentConfiguration?: IncidentConfiguration;
  suppressionEnabled?: boolean;
  suppressionDuration?: string;
  enabled?: boolean;
  version?: string;
  /** Data connectors the rule needs (shown by the Content Hub; `dataTypes` are table names). */
  requiredDataConnectors?: { connectorId: string; dataTypes: string[] }[];
  /** Repository-relative path of the source file, for messages. */
  file?: string;
  /** The rule's changelog (`<rule>.changelog.yaml`), newest first. */
  changelog?: { version: string; date: string; release?: string; changes: string[] }[];
}

/** A workspace function (parser): a saved search with a function alias. */
export interface DeployFunction {
  /** The function alias callers use in KQL. */
  name: string;
  /** The parser's GUID and version, when its source declares them (solution packages use both). */
  id?: string;
  version?: string;
  displayName?: string;
  category?: string;
  query: string;
  /** `a:string, b:int = 5` as Log Analytics expects in `functionParameters`. */
  parameters?: string;
  file?: string;
}

/** A compiled workbook: `serializedData` is the Notebook/1.0 gallery JSON. */
export interface DeployWorkbook {
  /** Stable identifier from the source (file stem); the resource GUID is derived from it unless given. */
  id: string;
  /** The workbook resource name (a GUID) when the source declares one. */
  resourceName?: string;
  displayName: string;
  description?: string;
  /** The gallery JSON (object); serialised canonically at build time. */
  notebook: unknown;
  /** Gallery metadata: what the Content Hub shows and checks before installing. */
  version?: string;
  dataTypes?: string[];
  dataConnectors?: string[];
  file?: string;
}

export interface PackInfo { name: string; version: string }

export interface DeployContent {
  pack: PackInfo;
  rules: DeployRule[];
  functions: DeployFunction[];
  workbooks: DeployWorkbook[];
}
