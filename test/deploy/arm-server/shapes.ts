/**
 * Request-body shapes of the resource types the deployer writes, after the published REST API specs
 * (azure-rest-api-specs / bicep-types-az): SecurityInsights alertRules and metadata (preview), OperationalInsights
 * savedSearches, Insights workbooks (2023-06-01), scheduledQueryRules (2023-12-01) and actionGroups (2023-01-01).
 * Unknown properties are rejected, so a field the deployer invents — or one a stale api-version lacks — fails.
 */
import { Ajv, type ValidateFunction } from 'ajv';

const str = { type: 'string' };
const strs = { type: 'array', items: str };
const bool = { type: 'boolean' };
const duration = { type: 'string', pattern: '^P' };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required });

const TACTICS = ['Collection', 'CommandAndControl', 'CredentialAccess', 'DefenseEvasion', 'Discovery', 'Execution', 'Exfiltration', 'Impact', 'ImpairProcessControl', 'InhibitResponseFunction', 'InitialAccess', 'LateralMovement', 'Persistence', 'PreAttack', 'PrivilegeEscalation', 'Reconnaissance', 'ResourceDevelopment'];

const entityMappings = { type: 'array', items: obj({ entityType: str, fieldMappings: { type: 'array', items: obj({ identifier: str, columnName: str }) } }) };
const alertDetailsOverride = obj({
  alertDisplayNameFormat: str, alertDescriptionFormat: str, alertTacticsColumnName: str, alertSeverityColumnName: str,
  alertDynamicProperties: { type: 'array', items: obj({ alertProperty: { enum: ['AlertLink', 'ConfidenceLevel', 'ConfidenceScore', 'ExtendedLinks', 'ProductComponentName', 'ProductName', 'ProviderName', 'RemediationSteps', 'Techniques'] }, value: str }, ['alertProperty', 'value']) },
});
const incidentConfiguration = obj({
  createIncident: bool,
  groupingConfiguration: obj({
    enabled: bool, reopenClosedIncident: bool, lookbackDuration: duration, matchingMethod: { enum: ['AllEntities', 'AnyAlert', 'Selected'] },
    groupByEntities: strs, groupByAlertDetails: { type: 'array', items: { enum: ['DisplayName', 'Severity'] } }, groupByCustomDetails: strs,
  }, ['enabled', 'reopenClosedIncident', 'lookbackDuration', 'matchingMethod']),
}, ['createIncident']);

const common = {
  displayName: str, description: str, enabled: bool, query: str, severity: { enum: ['High', 'Medium', 'Low', 'Informational'] },
  suppressionDuration: duration, suppressionEnabled: bool,
  tactics: { type: 'array', items: { enum: TACTICS } },
  techniques: { type: 'array', items: { type: 'string', pattern: '^T\\d{4}$' } },
  subTechniques: { type: 'array', items: { type: 'string', pattern: '^T\\d{4}\\.\\d{3}$' } },
  alertRuleTemplateName: { type: ['string', 'null'] }, templateVersion: str,
  entityMappings, sentinelEntitiesMappings: { type: 'array', items: obj({ columnName: str }) },
  customDetails: { type: 'object', additionalProperties: str }, alertDetailsOverride,
  eventGroupingSettings: obj({ aggregationKind: { enum: ['SingleAlert', 'AlertPerResult'] } }),
  incidentConfiguration,
};

const scheduled = obj({
  ...common, queryFrequency: duration, queryPeriod: duration, startTimeUtc: str,
  triggerOperator: { enum: ['GreaterThan', 'LessThan', 'Equal', 'NotEqual'] }, triggerThreshold: { type: 'integer' },
}, ['displayName', 'enabled', 'query', 'severity', 'queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold', 'suppressionDuration', 'suppressionEnabled']);
const nrt = obj(common, ['displayName', 'enabled', 'query', 'severity', 'suppressionDuration', 'suppressionEnabled']);

export const SHAPES = {
  alertRules: {
    type: 'object', additionalProperties: false, required: ['kind', 'properties'],
    properties: { kind: { enum: ['Scheduled', 'NRT'] }, etag: str, properties: { type: 'object' } },
    allOf: [
      { if: { properties: { kind: { const: 'Scheduled' } } }, then: { properties: { properties: scheduled } } },
      { if: { properties: { kind: { const: 'NRT' } } }, then: { properties: { properties: nrt } } },
    ],
  },
  metadata: obj({
    etag: str,
    properties: obj({
      contentId: str, parentId: str, version: str, kind: str, customVersion: str, contentSchemaVersion: str, icon: str,
      source: obj({ kind: { enum: ['LocalWorkspace', 'Community', 'Solution', 'SourceRepository'] }, name: str, sourceId: str }, ['kind']),
      author: obj({ name: str, email: str, link: str }), support: obj({ tier: { enum: ['Microsoft', 'Partner', 'Community'] }, name: str, email: str, link: str }, ['tier']),
      dependencies: { type: 'object' }, categories: { type: 'object' }, providers: strs, firstPublishDate: str, lastPublishDate: str,
      threatAnalysisTactics: strs, threatAnalysisTechniques: strs, previewImages: strs, previewImagesDark: strs,
    }, ['parentId', 'kind']),
  }, ['properties']),
  // Content Hub packages and templates (SecurityInsights contentPackages / contentTemplates, 2023-04-01-preview),
  // plus `kind`, `id` and `parentId`, which Azure-Sentinel's solution packager also sends.
  contentPackages: obj({
    location: str, etag: str,
    properties: obj({
      contentId: str, contentProductId: str, contentKind: { enum: ['Solution', 'Standalone'] }, contentSchemaVersion: str, version: str, displayName: str,
      description: str, descriptionHtml: str, publisherDisplayName: str, icon: str, kind: str, id: str, parentId: str,
      isNew: str, isPreview: str, isFeatured: str, isDeprecated: str,
      source: obj({ kind: str, name: str, sourceId: str }, ['kind']), author: obj({ name: str, email: str, link: str }),
      support: obj({ tier: { enum: ['Microsoft', 'Partner', 'Community'] }, name: str, email: str, link: str }, ['tier']),
      dependencies: obj({ operator: { enum: ['AND', 'OR'] }, criteria: { type: 'array', items: obj({ kind: str, contentId: str, version: str, name: str, operator: str, criteria: { type: 'array' } }) } }),
      providers: strs, firstPublishDate: str, lastPublishDate: str, categories: obj({ domains: strs, verticals: strs }),
      threatAnalysisTactics: strs, threatAnalysisTechniques: strs,
    }, ['contentId', 'contentProductId', 'contentKind', 'displayName', 'version']),
  }, ['properties']),
  contentTemplates: obj({
    location: str, etag: str,
    properties: obj({
      contentId: str, contentProductId: str, contentKind: { enum: ['DataConnector', 'DataType', 'Workspace', 'AutomationRule', 'AnalyticsRule', 'Playbook', 'PlaybookTemplate', 'Workbook', 'Parser', 'HuntingQuery', 'Watchlist', 'LogicAppsCustomConnector', 'Solution', 'Standalone', 'ResourcesDataConnector', 'Notebook', 'AzureFunction', 'AnalyticsRuleTemplate', 'AutomationRuleTemplate', 'WorkbookTemplate', 'WatchlistTemplate', 'DataConnectorTemplate'] },
      contentSchemaVersion: str, version: str, displayName: str, description: str, id: str,
      packageId: str, packageKind: { enum: ['Solution', 'Standalone'] }, packageName: str, packageVersion: str,
      mainTemplate: { type: 'object', required: ['$schema', 'resources'] },
      source: obj({ kind: str, name: str, sourceId: str }, ['kind']), author: obj({ name: str, email: str, link: str }),
      support: obj({ tier: { enum: ['Microsoft', 'Partner', 'Community'] }, name: str, email: str, link: str }, ['tier']),
      dependencies: { type: 'object' }, providers: strs, firstPublishDate: str, lastPublishDate: str, categories: { type: 'object' },
      threatAnalysisTactics: strs, threatAnalysisTechniques: strs, previewImages: strs, previewImagesDark: strs,
    }, ['contentId', 'contentProductId', 'contentKind', 'displayName', 'version', 'packageId', 'mainTemplate']),
  }, ['properties']),
  savedSearches: obj({
    etag: str,
    properties: obj({
      category: str, displayName: str, query: str, functionAlias: str, functionParameters: str, version: { type: 'integer' },
      tags: { type: 'array', items: obj({ name: str, value: str }, ['name', 'value']) },
    }, ['category', 'displayName', 'query']),
  }, ['properties']),
  workbooks: obj({
    location: str, kind: { enum: ['shared'] }, tags: { type: 'object', additionalProperties: str }, etag: str, identity: { type: 'object' },
    properties: obj({ displayName: str, serializedData: str, version: str, category: str, sourceId: str, description: str, storageUri: str, tags: strs }, ['displayName', 'serializedData', 'category']),
  }, ['location', 'properties']),
  scheduledQueryRules: obj({
    location: str, kind: { enum: ['LogAlert', 'LogToMetric'] }, tags: { type: 'object', additionalProperties: str }, identity: { type: 'object' },
    properties: obj({
      displayName: str, description: str, severity: { type: 'integer', minimum: 0, maximum: 4 }, enabled: bool, scopes: { ...strs, minItems: 1 },
      evaluationFrequency: duration, windowSize: duration, overrideQueryTimeRange: duration, targetResourceTypes: strs, muteActionsDuration: duration,
      autoMitigate: bool, checkWorkspaceAlertsStorageConfigured: bool, skipQueryValidation: bool,
      ruleResolveConfiguration: obj({ autoResolved: bool, timeToResolve: duration }),
      actions: obj({ actionGroups: strs, customProperties: { type: 'object' }, actionProperties: { type: 'object' } }),
      criteria: obj({
        allOf: { type: 'array', items: obj({
          query: str, timeAggregation: { enum: ['Average', 'Count', 'Maximum', 'Minimum', 'Total'] }, metricMeasureColumn: str, resourceIdColumn: str,
          dimensions: { type: 'array', items: obj({ name: str, operator: { enum: ['Include', 'Exclude'] }, values: strs }) },
          operator: { enum: ['Equals', 'GreaterThan', 'GreaterThanOrEqual', 'LessThan', 'LessThanOrEqual'] }, threshold: { type: 'number' },
          failingPeriods: obj({ numberOfEvaluationPeriods: { type: 'integer' }, minFailingPeriodsToAlert: { type: 'integer' } }),
        }, ['query', 'timeAggregation', 'operator', 'threshold']) },
      }),
    }, ['scopes', 'criteria']),
  }, ['location', 'properties']),
  actionGroups: obj({
    location: str, tags: { type: 'object', additionalProperties: str },
    properties: obj({
      groupShortName: { type: 'string', maxLength: 12 }, enabled: bool,
      emailReceivers: { type: 'array', items: obj({ name: str, emailAddress: str, useCommonAlertSchema: bool }, ['name', 'emailAddress']) },
      smsReceivers: { type: 'array' }, webhookReceivers: { type: 'array' }, itsmReceivers: { type: 'array' }, azureAppPushReceivers: { type: 'array' },
      automationRunbookReceivers: { type: 'array' }, voiceReceivers: { type: 'array' }, logicAppReceivers: { type: 'array' },
      azureFunctionReceivers: { type: 'array' }, armRoleReceivers: { type: 'array' }, eventHubReceivers: { type: 'array' },
    }, ['groupShortName', 'enabled']),
  }, ['location', 'properties']),
} as const;

export type ShapeKind = keyof typeof SHAPES;

/** api-versions the imitation accepts per type (published versions; stable SecurityInsights lacks NRT). */
export const ACCEPTED_API_VERSIONS: Record<ShapeKind, string[]> = {
  alertRules: ['2024-01-01-preview', '2025-07-01-preview', '2025-10-01-preview', '2025-09-01'],
  metadata: ['2024-01-01-preview', '2025-07-01-preview', '2025-10-01-preview', '2025-09-01'],
  contentPackages: ['2023-04-01-preview', '2024-09-01', '2025-07-01-preview'],
  contentTemplates: ['2023-04-01-preview', '2024-09-01', '2025-07-01-preview'],
  savedSearches: ['2020-08-01', '2023-09-01', '2025-02-01', '2025-07-01'],
  workbooks: ['2022-04-01', '2023-06-01'],
  scheduledQueryRules: ['2023-12-01', '2025-01-01-preview'],
  actionGroups: ['2023-01-01', '2024-10-01-preview'],
};

const ajv = new Ajv({ allErrors: false, strict: false });
const validators = new Map<ShapeKind, ValidateFunction>();

/** First validation error as ARM would word it, or undefined when the body is valid. */
export function validateBody(kind: ShapeKind, body: unknown, apiVersion: string): string | undefined {
  let v = validators.get(kind);
  if (!v) validators.set(kind, (v = ajv.compile(SHAPES[kind])));
  if (kind === 'alertRules' && !apiVersion.endsWith('-preview') && (body as { kind?: string })?.kind === 'NRT') {
    return `The rule kind 'NRT' is not supported in api-version ${apiVersion}`;
  }
  if (v(body)) return undefined;
  const e = v.errors![0]!;
  if (e.keyword === 'pattern' && e.instancePath.includes('/techniques/')) {
    return `The technique '${String(e.data)}' is invalid. The expected format is 'T####'`;
  }
  const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : '';
  return `Invalid request body at '${e.instancePath || '/'}': ${e.message}${extra}`;
}
