/**
 * The content model: analytic rules and workspace functions as loaded from YAML, with source positions.
 *
 * Field names and shapes mirror the upstream Azure-Sentinel analytic-rule YAML, so a rule can be contributed
 * upstream unchanged. `incidentConfiguration` and `suppressionEnabled`/`suppressionDuration` are our extensions
 * (they exist on the ARM alert-rule resource, not in the upstream template format).
 */

/** 1-based line and column in a file, plus the 0-based character offset. */
export interface Position { line: number; column: number; offset: number }

export type Severity = 'error' | 'warning' | 'info';

/** A finding about a file: a load error, a validation failure, a KQL diagnostic or a best-practice warning. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Stable identifier, e.g. `yaml-syntax`, `rule-frequency-range`, `KS142`, `kql-prefer-has`. */
  code: string;
  severity: Severity;
  message: string;
}

export type RuleSeverity = 'Informational' | 'Low' | 'Medium' | 'High';
export type RuleKind = 'Scheduled' | 'NRT';
export type TriggerOperator = 'gt' | 'lt' | 'eq' | 'ne';

export interface RequiredDataConnector { connectorId: string; dataTypes: string[] }
export interface FieldMapping { identifier: string; columnName: string }
export interface EntityMapping { entityType: string; fieldMappings: FieldMapping[] }

export interface AlertDynamicProperty { alertProperty: string; value: string }
export interface AlertDetailsOverride {
  alertDisplayNameFormat?: string;
  alertDescriptionFormat?: string;
  alertTacticsColumnName?: string;
  alertSeverityColumnName?: string;
  alertDynamicProperties?: AlertDynamicProperty[];
}

export interface EventGroupingSettings { aggregationKind: 'SingleAlert' | 'AlertPerResult' }

export type MatchingMethod = 'AllEntities' | 'AnyAlert' | 'Selected';
export interface GroupingConfiguration {
  enabled: boolean;
  reopenClosedIncident?: boolean;
  /** Raw duration text (`5h`, `PT5H`, `1.00:00:00`) and its value in ms. */
  lookbackDuration?: string;
  lookbackDurationMs?: number;
  matchingMethod?: MatchingMethod;
  groupByEntities?: string[];
  groupByAlertDetails?: string[];
  groupByCustomDetails?: string[];
}
export interface IncidentConfiguration { createIncident: boolean; groupingConfiguration?: GroupingConfiguration }

/** Where a YAML value sits in its file; `key` is where its key sits (absent for list items and the root). */
export interface NodeLocation { key?: Position; value: Position; end: Position }

/** Locations of a file's YAML nodes, keyed by dotted path (`query`, `entityMappings.0.fieldMappings.1.columnName`). */
export type LocationMap = ReadonlyMap<string, NodeLocation>;

/**
 * A KQL text embedded in a YAML file, with the means to map an offset in the text back to the file.
 * Works for block (`|`, `>`), plain and quoted scalars.
 */
export interface EmbeddedQuery {
  text: string;
  /** Position in the file of the character at `offset` in `text` (offset may equal text.length). */
  positionAt(offset: number): Position;
}

export interface SourceInfo {
  /** Path as given to the loader (relative to the content root when loaded from a root). */
  file: string;
  /** Absolute path. */
  absolutePath: string;
  /** The file's text as parsed (empty when it could not be read as text). */
  text: string;
  locations: LocationMap;
  /** Best location for a dotted path: the node itself, else its nearest ancestor, else the file start. */
  locate(path: string | (string | number)[]): NodeLocation;
  /** The string scalar at a dotted path with its offset map into the file (undefined when not a string scalar). */
  embedded(path: string | (string | number)[]): EmbeddedQuery | undefined;
}

export interface AnalyticRule {
  id: string;
  name: string;
  description: string;
  severity: RuleSeverity;
  kind: RuleKind;
  status?: string;
  requiredDataConnectors: RequiredDataConnector[];
  /** Raw durations as written (`5m`, `1h`, `14d`); absent for NRT. */
  queryFrequency?: string;
  queryPeriod?: string;
  /** Parsed durations in ms (undefined when absent or unparseable; validation reports the latter). */
  queryFrequencyMs?: number;
  queryPeriodMs?: number;
  triggerOperator?: TriggerOperator;
  triggerThreshold?: number;
  tactics: string[];
  relevantTechniques: string[];
  query: string;
  entityMappings: EntityMapping[];
  customDetails: Record<string, string>;
  alertDetailsOverride?: AlertDetailsOverride;
  eventGroupingSettings?: EventGroupingSettings;
  incidentConfiguration?: IncidentConfiguration;
  suppressionEnabled?: boolean;
  suppressionDuration?: string;
  suppressionDurationMs?: number;
  version?: string;
  tags: unknown[];
  metadata?: Record<string, unknown>;
  /** The parsed document as plain data (what the fields above were read from). */
  raw: Record<string, unknown>;
  source: SourceInfo;
  /** The `query` text with its offset map back to the file. */
  querySource: EmbeddedQuery;
}

export interface FunctionParameter { name: string; type: string; default?: unknown }

/** A workspace function (saved search with an alias) in the Azure-Sentinel Solutions parser YAML format. */
export interface WorkspaceFunction {
  id?: string;
  title?: string;
  version?: string;
  lastUpdated?: string;
  category?: string;
  functionName: string;
  /** The name rules call it by (FunctionAlias, else FunctionName). */
  alias: string;
  parameters: FunctionParameter[];
  query: string;
  raw: Record<string, unknown>;
  source: SourceInfo;
  querySource: EmbeddedQuery;
}

export interface LoadOptions {
  /** Files or directories to load instead of `<root>/detections`. Directories are searched recursively. */
  paths?: string[];
  /** Files larger than this are reported and not parsed (default 1 MiB). */
  maxFileBytes?: number;
  /**
   * Load only the workspace functions: files outside a `parsers/` folder whose text has none of the function
   * fields (FunctionName, FunctionQuery, FunctionAlias) are not parsed.
   */
  functionsOnly?: boolean;
}

export interface LoadedContent {
  rules: AnalyticRule[];
  functions: WorkspaceFunction[];
  problems: Problem[];
  /** Every file considered (rules, functions and files that failed to load), relative to the root. */
  files: string[];
}
