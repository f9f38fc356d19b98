/**
 * Defender XDR custom detections (Microsoft Graph beta `security/rules/detectionRules`, permission
 * `CustomDetection.ReadWrite.All`): which of the pack's rules can be one, why not when not, and the request body.
 *
 * What a custom detection allows, from the Graph beta reference (detectionRule, ruleSchedule, queryCondition,
 * detectionAction, alertTemplate, impactedUserAsset, impactedDeviceAsset) and Microsoft Learn "Create and manage
 * custom detection rules":
 *   - `schedule.frequency` and `schedule.lookback` are ISO 8601 durations (`schedule.period`, the fixed `0`/`1H`/
 *     `3H`/`12H`/`24H`, was deprecated and removed from the resource on 2026-10-01). The lookback must be at least
 *     the frequency and is not allowed for continuous (near real time, zero frequency) rules.
 *   - A rule over Defender XDR tables runs at one of the fixed frequencies, each with its look-back (1 h: 4 h,
 *     3 h: 12 h, 12 h: 48 h, 24 h: 30 days), or continuously over the tables that support it. A rule over data
 *     ingested to Microsoft Sentinel only may use a custom frequency from 5 minutes to 14 days (Learn: "Custom
 *     frequency for Microsoft Sentinel data").
 *   - Every result row raises an alert: there is no trigger threshold and no suppression.
 *   - alertTemplate: title, description, severity (informational, low, medium, high), category, mitreTechniques,
 *     recommendedActions, impactedAssets (a user or device asset names a result column by a fixed identifier such
 *     as `accountUpn` or `deviceName`); the result needs a time column (Timestamp, or TimeGenerated for Sentinel
 *     tables) that places each alert in time.
 *
 * The mapping, faithful to how Sentinel runs the rule:
 *   - Sentinel-only rules keep their frequency and look-back exactly (`queryFrequency` → `frequency`,
 *     `queryPeriod` → `lookback`); rules over XDR tables need a fixed frequency whose look-back covers queryPeriod.
 *   - A threshold that only fires on a non-empty result (`gt N`, `eq N` with N ≥ 1) is folded into the query: the
 *     rows are returned only when their count passes the trigger, as Sentinel alerts only then. `lt`, `ne` and
 *     `eq 0` can fire on an empty result, which raises no custom detection alert: not eligible.
 *   - An aggregated result without TimeGenerated gets one from the column the query computes as
 *     `max(TimeGenerated)` (`EndTime`, `LastSeen`): the alert is placed at the last event it counts.
 *   - NRT rules over Sentinel data have no equivalent (custom detections run continuously only over the XDR tables
 *     listed for it; the shortest custom frequency is 5 minutes).
 *   - The columns the impacted-asset identifiers name are added with `extend` (`| extend AccountUpn = tostring(Caller)`).
 * Assumed where the reference is silent: `category` takes the first tactic as Sentinel spells it (the reference's
 * one example is `Execution`); a custom look-back may be up to 30 days (the longest fixed one); the query is sent
 * with the environment's parameters applied, as for Sentinel.
 */
import { applyParameters, matchesRule, overrideFor, type EnvironmentConfig } from '../config.ts';
import { durationSeconds, isoFromSeconds } from '../durations.ts';
import type { DeployRule } from '../model.ts';

export const DETECTION_RULES_PATH = '/beta/security/rules/detectionRules';

/** Fixed frequencies of rules over Defender XDR tables, with the look-back each has (seconds). */
export const PERIODS: { period: string; every: number; lookback: number }[] = [
  { period: '1H', every: 3600, lookback: 4 * 3600 },
  { period: '3H', every: 3 * 3600, lookback: 12 * 3600 },
  { period: '12H', every: 12 * 3600, lookback: 48 * 3600 },
  { period: '24H', every: 86400, lookback: 30 * 86400 },
];

/** Custom frequency range for rules over Microsoft Sentinel data only, and the longest look-back assumed. */
export const CUSTOM_FREQUENCY = { min: 300, max: 14 * 86400 };
export const MAX_LOOKBACK = 30 * 86400;

/** Advanced hunting tables of Defender XDR (Learn: "Advanced hunting schema tables"); Sentinel-ingested tables are not among them. */
const XDR_TABLES = new Set([
  'AADSignInEventsBeta', 'AADSpnSignInEventsBeta', 'AlertEvidence', 'AlertInfo', 'BehaviorEntities', 'BehaviorInfo', 'CloudAppEvents',
  'CloudAuditEvents', 'CloudProcessEvents', 'DeviceEvents', 'DeviceFileCertificateInfo', 'DeviceFileEvents', 'DeviceImageLoadEvents',
  'DeviceInfo', 'DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceNetworkInfo', 'DeviceProcessEvents', 'DeviceRegistryEvents',
  'DeviceTvmBrowserExtensions', 'DeviceTvmBrowserExtensionsKB', 'DeviceTvmCertificateInfo', 'DeviceTvmHardwareFirmware',
  'DeviceTvmInfoGathering', 'DeviceTvmInfoGatheringKB', 'DeviceTvmSecureConfigurationAssessment', 'DeviceTvmSecureConfigurationAssessmentKB',
  'DeviceTvmSoftwareEvidenceBeta', 'DeviceTvmSoftwareInventory', 'DeviceTvmSoftwareVulnerabilities', 'DeviceTvmSoftwareVulnerabilitiesKB',
  'DisruptionAndResponseEvents', 'EmailAttachmentInfo', 'EmailEvents', 'EmailPostDeliveryEvents', 'EmailUrlInfo', 'ExposureGraphEdges',
  'ExposureGraphNodes', 'IdentityAccountInfo', 'IdentityDirectoryEvents', 'IdentityEvents', 'IdentityInfo', 'IdentityLogonEvents',
  'IdentityQueryEvents', 'MessageEvents', 'MessagePostDeliveryEvents', 'MessageUrlInfo', 'OAuthAppInfo', 'UrlClickEvents',
]);
/** Tables a continuous (NRT) custom detection may query (Learn: "Continuous (NRT) frequency"). */
const CONTINUOUS_TABLES = new Set(['AlertEvidence', 'DeviceEvents', 'DeviceFileCertificateInfo', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceNetworkInfo', 'DeviceInfo', 'DeviceProcessEvents', 'DeviceRegistryEvents', 'EmailAttachmentInfo', 'EmailEvents', 'EmailPostDeliveryEvents', 'EmailUrlInfo', 'UrlClickEvents']);

export function isXdrTable(name: string): boolean {
  return XDR_TABLES.has(name);
}

/** Entity identifiers of the pack's mappings → impacted-asset identifiers (Graph enums) and the column they name. */
const USER_IDENTIFIERS: Record<string, string> = { AadUserId: 'accountObjectId', FullName: 'accountUpn', Name: 'accountName', Sid: 'accountSid' };
const DEVICE_IDENTIFIERS: Record<string, string> = { HostName: 'deviceName', AzureID: 'deviceId', FullName: 'deviceName' };

export interface Eligibility { eligible: boolean; reasons: string[]; /** The rule field each reason is about, in order. */ fields?: string[] }

/** What eligibility reads of a rule. */
export type EligibilityInput = Pick<DeployRule, 'kind' | 'queryFrequency' | 'queryPeriod' | 'triggerOperator' | 'triggerThreshold' | 'suppressionEnabled' | 'entityMappings' | 'query'>;

/** What the query's result and sources look like, as Microsoft's Kusto parser binds it (when known). */
export interface QueryFacts {
  /** Result column names. */
  columns?: string[];
  /** Tables the query reads, its workspace functions' included. */
  tables?: string[];
}

export interface ImpactedAsset { '@odata.type': string; identifier: string }

export interface DetectionRuleBody {
  displayName: string;
  description: string;
  isEnabled: boolean;
  queryCondition: { queryText: string };
  schedule: { frequency: string; lookback?: string };
  detectionAction: {
    alertTemplate: {
      title: string; description: string; severity: string; category: string | null;
      recommendedActions: string | null; mitreTechniques: string[];
      impactedAssets: ImpactedAsset[];
    };
    organizationalScope: null;
    responseActions: [];
  };
}

const fmt = (s: number) => (s % 86400 === 0 ? `${s / 86400}d` : s % 3600 === 0 ? `${s / 3600}h` : `${s / 60}m`);

function impactedAssets(rule: Pick<DeployRule, 'entityMappings'>): { asset: ImpactedAsset; column: string }[] {
  const out: { asset: ImpactedAsset; column: string }[] = [];
  for (const m of rule.entityMappings ?? []) {
    const table = m.entityType === 'Account' ? USER_IDENTIFIERS : m.entityType === 'Host' ? DEVICE_IDENTIFIERS : undefined;
    if (!table) continue;
    for (const f of m.fieldMappings) {
      const identifier = table[f.identifier];
      if (!identifier || out.some((o) => o.asset.identifier === identifier)) continue;
      out.push({ asset: { '@odata.type': m.entityType === 'Account' ? '#microsoft.graph.security.impactedUserAsset' : '#microsoft.graph.security.impactedDeviceAsset', identifier }, column: f.columnName });
    }
  }
  return out;
}

/** The rule as the environment deploys it: overrides applied, disabled rules disabled. */
export function effectiveRule(rule: DeployRule, env: EnvironmentConfig): DeployRule {
  const o = overrideFor(env, rule);
  return {
    ...rule,
    severity: o.severity ?? rule.severity,
    enabled: o.enabled ?? (matchesRule(env.rules.disabled, rule) ? false : rule.enabled ?? true),
    queryFrequency: o.queryFrequency ?? rule.queryFrequency,
    queryPeriod: o.queryPeriod ?? rule.queryPeriod,
    triggerThreshold: o.triggerThreshold ?? rule.triggerThreshold,
    suppressionEnabled: o.suppressionEnabled ?? rule.suppressionEnabled,
    query: applyParameters(rule.query, env.parameters),
  };
}

/** `gt`/`eq` … or the ARM names, as a comparison operator; undefined when unknown. */
function triggerOf(rule: Pick<DeployRule, 'triggerOperator' | 'triggerThreshold'>): { op: '>' | '<' | '==' | '!='; threshold: number } | undefined {
  const op = ({ gt: '>', greaterthan: '>', lt: '<', lessthan: '<', eq: '==', equal: '==', ne: '!=', notequal: '!=' } as const)[(rule.triggerOperator ?? 'gt').toLowerCase() as 'gt'];
  return op ? { op, threshold: rule.triggerThreshold ?? 0 } : undefined;
}

/** The column an aggregated query computes as `max(TimeGenerated)`, when it is in the result. */
export function lastEventColumn(query: string, columns: string[]): string | undefined {
  for (const m of query.matchAll(/\b([A-Za-z_]\w*)\s*=\s*max\s*\(\s*TimeGenerated\s*\)/g)) if (columns.includes(m[1]!)) return m[1];
  return undefined;
}

function sentinelOnly(facts: QueryFacts): boolean {
  return !(facts.tables ?? []).some(isXdrTable);
}

/**
 * Whether the rule (as `effectiveRule` gives it) can be a custom detection. `facts`, when known (the query bound by
 * the Kusto parser), let the time-column and table requirements be checked.
 */
export function eligibility(rule: EligibilityInput, facts: QueryFacts = {}): Eligibility {
  const reasons: string[] = [];
  const fields: string[] = [];
  const because = (field: string, why: string) => { reasons.push(why); fields.push(field); };
  const tables = facts.tables ?? [];
  if (rule.kind === 'Scheduled') {
    const every = durationSeconds(rule.queryFrequency ?? '');
    const lookback = durationSeconds(rule.queryPeriod ?? '');
    if (sentinelOnly(facts)) {
      if (every === undefined || every < CUSTOM_FREQUENCY.min || every > CUSTOM_FREQUENCY.max) because('queryFrequency', `queryFrequency ${rule.queryFrequency} is outside the 5m..14d a custom detection over Microsoft Sentinel data can run at`);
      else if (lookback !== undefined && (lookback < every || lookback > MAX_LOOKBACK)) because('queryPeriod', `queryPeriod ${rule.queryPeriod} must be from the frequency (${fmt(every)}) to 30d for a custom detection`);
    } else {
      const period = PERIODS.find((p) => p.every === every);
      const xdr = tables.filter(isXdrTable).join(', ');
      if (!period) because('queryFrequency', `queryFrequency ${rule.queryFrequency} is not a frequency a custom detection over Defender XDR tables (${xdr}) runs at (1h, 3h, 12h or 24h)`);
      else if (lookback !== undefined && lookback > period.lookback) because('queryPeriod', `queryPeriod ${rule.queryPeriod} is longer than the ${fmt(period.lookback)} a custom detection running every ${fmt(period.every)} looks back`);
    }
    const t = triggerOf(rule);
    if (!t || t.op === '<' || t.op === '!=' || (t.op === '==' && t.threshold < 1)) because('triggerOperator', `trigger ${rule.triggerOperator ?? 'gt'} ${rule.triggerThreshold ?? 0} can fire on an empty result, which raises no custom detection alert`);
  } else {
    const other = tables.filter((x) => !CONTINUOUS_TABLES.has(x));
    if (!tables.length || other.length) because('kind', `NRT: a custom detection runs continuously only over Defender XDR tables such as DeviceProcessEvents${other.length ? `, not ${other.join(', ')}` : ''}; as a scheduled rule (queryFrequency 5m or more) it can be one`);
  }
  if (rule.suppressionEnabled) because('suppressionEnabled', 'suppression has no custom detection equivalent');
  if (!impactedAssets(rule).length) because('entityMappings', 'no entity mapping gives an impacted user (Account: AadUserId, FullName, Name or Sid) or device (Host), which a custom detection needs');
  const cols = facts.columns;
  if (cols && !cols.includes('TimeGenerated') && !cols.includes('Timestamp') && !lastEventColumn(rule.query, cols)) because('query', 'the result has no TimeGenerated or Timestamp column (nor one computed as max(TimeGenerated)) to place each alert in time');
  return { eligible: reasons.length === 0, reasons, fields };
}

/** The query as a custom detection runs it: threshold folded in, time column and impacted-asset columns added. */
export function detectionQuery(rule: DeployRule, columns?: string[]): string {
  let query = rule.query.trimEnd().replace(/;+\s*$/, '');
  const t = rule.kind === 'Scheduled' ? triggerOf(rule) : undefined;
  if (t && !(t.op === '>' && t.threshold === 0)) {
    // The rows are returned only when their count passes the trigger, as Sentinel alerts only then.
    query = `let _SentinelRuleResult = () {\n${query}\n};\nlet _SentinelRuleRows = materialize(_SentinelRuleResult());\n_SentinelRuleRows\n| where toscalar(_SentinelRuleRows | count) ${t.op} ${t.threshold}`;
  }
  const extend: string[] = [];
  const last = columns && !columns.includes('TimeGenerated') && !columns.includes('Timestamp') ? lastEventColumn(rule.query, columns) : undefined;
  if (last) extend.push(`TimeGenerated = ${last}`);
  for (const a of impactedAssets(rule)) extend.push(`${a.asset.identifier[0]!.toUpperCase()}${a.asset.identifier.slice(1)} = tostring(${a.column})`);
  return extend.length ? `${query}\n| extend ${extend.join(', ')}` : query;
}

/** The schedule: Sentinel-only rules keep frequency and look-back; rules over XDR tables use the fixed frequency. */
export function scheduleOf(rule: DeployRule, facts: QueryFacts = {}): DetectionRuleBody['schedule'] {
  if (rule.kind === 'NRT') return { frequency: 'PT0S' };
  const every = durationSeconds(rule.queryFrequency ?? '')!;
  if (!sentinelOnly(facts)) return { frequency: isoFromSeconds(every) };
  const lookback = durationSeconds(rule.queryPeriod ?? '') ?? every;
  return { frequency: isoFromSeconds(every), lookback: isoFromSeconds(lookback) };
}

/** The Graph request body (POST to create, PATCH to update) for an eligible rule (as `effectiveRule` gives it). */
export function detectionRuleBody(rule: DeployRule, facts: QueryFacts = {}): DetectionRuleBody {
  return {
    displayName: rule.name,
    description: rule.description.trim(),
    isEnabled: rule.enabled ?? true,
    queryCondition: { queryText: detectionQuery(rule, facts.columns) },
    schedule: scheduleOf(rule, facts),
    detectionAction: {
      alertTemplate: {
        title: rule.name,
        description: rule.description.trim(),
        severity: rule.severity.toLowerCase(),
        category: rule.tactics?.[0]?.replace(/\s+/g, '') ?? null,
        recommendedActions: null,
        mitreTechniques: [...new Set((rule.relevantTechniques ?? []).map((t) => t.toUpperCase()))],
        impactedAssets: impactedAssets(rule).map((a) => a.asset),
      },
      organizationalScope: null,
      responseActions: [],
    },
  };
}
