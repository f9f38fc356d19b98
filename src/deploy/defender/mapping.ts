/**
 * Defender XDR custom detections (Microsoft Graph beta `security/rules/detectionRules`, permission
 * `CustomDetection.ReadWrite.All`): which of the pack's rules can be one, why not when not, and the request body.
 *
 * What a custom detection allows, from the Graph reference (detectionRule, ruleSchedule, alertTemplate,
 * impactedUserAsset, impactedDeviceAsset) and Microsoft Learn "Create custom detection rules":
 *   - schedule.period is one of `0` (continuous, near real time), `1H`, `3H`, `12H`, `24H`, each with a fixed
 *     look-back (1H: 4 hours, 3H: 12 hours, 12H: 48 hours, 24H: 30 days);
 *   - every result row raises an alert: there is no trigger threshold and no suppression;
 *   - alertTemplate: title, description, severity (informational, low, medium, high), category, mitreTechniques,
 *     recommendedActions, impactedAssets (a user or device asset names a column of the result by a fixed
 *     identifier such as `accountUpn` or `deviceName`);
 *   - the result needs a time column (Timestamp, or TimeGenerated for Sentinel tables).
 * So a rule can be a custom detection when its frequency is one of those periods (NRT: continuous), its
 * look-back fits in the period's, it fires on any result (`gt 0`) without suppression, and an entity mapping gives
 * an impacted user or device. The query is kept as written; the columns the impacted-asset identifiers name are
 * added with `extend` (e.g. `| extend AccountUpn = tostring(Caller)`).
 * Assumed where the reference is silent: `category` takes the tactic as Sentinel spells it (the reference's one
 * example is `Execution`); the query is sent with the environment's parameters applied, as for Sentinel.
 */
import { applyParameters, matchesRule, overrideFor, type EnvironmentConfig } from '../config.ts';
import { durationSeconds } from '../durations.ts';
import type { DeployRule } from '../model.ts';

export const DETECTION_RULES_PATH = '/beta/security/rules/detectionRules';

/** Periods a custom detection can run at, with the look-back each has (seconds). */
export const PERIODS: { period: string; every: number; lookback: number }[] = [
  { period: '1H', every: 3600, lookback: 4 * 3600 },
  { period: '3H', every: 3 * 3600, lookback: 12 * 3600 },
  { period: '12H', every: 12 * 3600, lookback: 48 * 3600 },
  { period: '24H', every: 86400, lookback: 30 * 86400 },
];

/** Entity identifiers of the pack's mappings → impacted-asset identifiers (Graph enums) and the column they name. */
const USER_IDENTIFIERS: Record<string, string> = { AadUserId: 'accountObjectId', FullName: 'accountUpn', Name: 'accountName', Sid: 'accountSid' };
const DEVICE_IDENTIFIERS: Record<string, string> = { HostName: 'deviceName', AzureID: 'deviceId', FullName: 'deviceName' };

export interface Eligibility { eligible: boolean; reasons: string[] }

export interface DetectionRuleBody {
  displayName: string;
  isEnabled: boolean;
  queryCondition: { queryText: string };
  schedule: { period: string };
  detectionAction: {
    alertTemplate: {
      title: string; description: string; severity: string; category: string | null;
      recommendedActions: string | null; mitreTechniques: string[];
      impactedAssets: { '@odata.type': string; identifier: string }[];
    };
    organizationalScope: null;
    responseActions: [];
  };
}

const fmt = (s: number) => (s % 86400 === 0 ? `${s / 86400}d` : s % 3600 === 0 ? `${s / 3600}h` : `${s / 60}m`);

function impactedAssets(rule: DeployRule): { asset: { '@odata.type': string; identifier: string }; column: string }[] {
  const out: { asset: { '@odata.type': string; identifier: string }; column: string }[] = [];
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

/**
 * Whether the rule (as `effectiveRule` gives it) can be a custom detection. `resultColumns`, when known (the query bound by the Kusto parser),
 * lets the time-column requirement be checked.
 */
export function eligibility(rule: DeployRule, resultColumns?: string[]): Eligibility {
  const reasons: string[] = [];
  if (rule.kind === 'Scheduled') {
    const every = durationSeconds(rule.queryFrequency ?? '');
    const period = PERIODS.find((p) => p.every === every);
    if (!period) reasons.push(`queryFrequency ${rule.queryFrequency} is not a custom detection frequency (1h, 3h, 12h or 24h; NRT rules run continuously)`);
    const lookback = durationSeconds(rule.queryPeriod ?? '');
    if (period && lookback !== undefined && lookback > period.lookback) reasons.push(`queryPeriod ${rule.queryPeriod} is longer than the ${fmt(period.lookback)} a custom detection running every ${fmt(period.every)} looks back`);
    const op = (rule.triggerOperator ?? 'gt').toLowerCase();
    if (!['gt', 'greaterthan'].includes(op) || (rule.triggerThreshold ?? 0) !== 0) reasons.push(`trigger ${rule.triggerOperator ?? 'gt'} ${rule.triggerThreshold ?? 0}: a custom detection alerts on every result row (fold the threshold into the query)`);
  }
  if (rule.suppressionEnabled) reasons.push('suppression has no custom detection equivalent');
  if (!impactedAssets(rule).length) reasons.push('no entity mapping gives an impacted user (Account: AadUserId, FullName, Name or Sid) or device (Host), which a custom detection needs');
  if (resultColumns && !resultColumns.includes('TimeGenerated') && !resultColumns.includes('Timestamp')) reasons.push('the result has no TimeGenerated or Timestamp column to place each alert in time');
  return { eligible: reasons.length === 0, reasons };
}

/** The Graph request body (POST to create, PATCH to update) for an eligible rule (as `effectiveRule` gives it). */
export function detectionRuleBody(rule: DeployRule): DetectionRuleBody {
  const assets = impactedAssets(rule);
  const extend = assets.map((a) => `${a.asset.identifier[0]!.toUpperCase()}${a.asset.identifier.slice(1)} = tostring(${a.column})`);
  const query = rule.query.trimEnd();
  const every = durationSeconds(rule.queryFrequency ?? '');
  return {
    displayName: rule.name,
    isEnabled: rule.enabled ?? true,
    queryCondition: { queryText: extend.length ? `${query}\n| extend ${extend.join(', ')}` : query },
    schedule: { period: rule.kind === 'NRT' ? '0' : PERIODS.find((p) => p.every === every)!.period },
    detectionAction: {
      alertTemplate: {
        title: rule.name,
        description: rule.description.trim(),
        severity: rule.severity.toLowerCase(),
        category: rule.tactics?.[0]?.replace(/\s+/g, '') ?? null,
        recommendedActions: null,
        mitreTechniques: [...new Set((rule.relevantTechniques ?? []).map((t) => t.toUpperCase()))],
        impactedAssets: assets.map((a) => a.asset),
      },
      organizationalScope: null,
      responseActions: [],
    },
  };
}
