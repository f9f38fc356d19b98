/**
 * What Microsoft Graph beta accepts for a custom detection rule (POST and PATCH
 * /beta/security/rules/detectionRules), after the reference pages detectionRule, queryCondition, ruleSchedule,
 * detectionAction, alertTemplate, impactedUserAsset and impactedDeviceAsset. Writable properties only; `schedule.period`
 * was removed on 2026-10-01 (the reference marks it deprecated with that date), so it is refused here.
 * Assumed: unknown properties are refused (Graph answers 400 for a property the type does not define).
 */
import { Ajv } from 'ajv';

const str = { type: 'string' };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required });
const ISO = { type: 'string', pattern: '^P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$' };
const USER_IDS = ['accountObjectId', 'accountSid', 'accountUpn', 'accountName', 'accountDomain', 'accountId', 'requestAccountSid', 'requestAccountName', 'requestAccountDomain', 'recipientObjectId', 'processAccountObjectId', 'initiatingAccountSid', 'initiatingProcessAccountUpn', 'initiatingAccountName', 'initiatingAccountDomain', 'servicePrincipalId', 'servicePrincipalName', 'targetAccountUpn'];
const DEVICE_IDS = ['deviceId', 'deviceName', 'remoteDeviceName', 'targetDeviceName', 'destinationDeviceName'];

export function detectionRuleSchema(create: boolean) {
  const req = (r: string[]) => (create ? r : []);
  return obj({
    displayName: { type: 'string', minLength: 1 }, description: str, isEnabled: { type: 'boolean' },
    queryCondition: obj({ queryText: { type: 'string', minLength: 1 } }, ['queryText']),
    schedule: obj({ frequency: ISO, lookback: ISO }, ['frequency']),
    detectionAction: obj({
      alertTemplate: obj({
        title: { type: 'string', minLength: 1 }, description: str, severity: { enum: ['informational', 'low', 'medium', 'high'] }, category: { type: ['string', 'null'] },
        recommendedActions: { type: ['string', 'null'] }, mitreTechniques: { type: 'array', items: { type: 'string', pattern: '^T\\d{4}(\\.\\d{3})?$' } },
        impactedAssets: { type: 'array', minItems: 1, items: { oneOf: [
          obj({ '@odata.type': { const: '#microsoft.graph.security.impactedUserAsset' }, identifier: { enum: USER_IDS } }, ['@odata.type', 'identifier']),
          obj({ '@odata.type': { const: '#microsoft.graph.security.impactedDeviceAsset' }, identifier: { enum: DEVICE_IDS } }, ['@odata.type', 'identifier']),
        ] } },
      }, ['title', 'severity', 'impactedAssets']),
      organizationalScope: { type: 'null' }, responseActions: { type: 'array', maxItems: 0 },
    }, ['alertTemplate']),
  }, req(['displayName', 'isEnabled', 'queryCondition', 'schedule', 'detectionAction']));
}

const ajv = new Ajv({ allErrors: true, strict: false });
export const validateCreate = ajv.compile(detectionRuleSchema(true));
export const validateUpdate = ajv.compile(detectionRuleSchema(false));

const seconds = (iso: string) => {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  return m ? Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0) : NaN;
};

/** The reference's rules on the schedule: lookback at least frequency, none for a continuous (zero) frequency. */
export function scheduleProblem(schedule: { frequency?: string; lookback?: string } | undefined): string | undefined {
  if (!schedule?.frequency) return undefined;
  const f = seconds(schedule.frequency);
  if (f === 0) return schedule.lookback ? 'lookback is not supported for near-real-time rules with a zero frequency' : undefined;
  if (f < 300 || f > 14 * 86400) return `frequency ${schedule.frequency} is outside PT5M..P14D`;
  if (schedule.lookback && seconds(schedule.lookback) < f) return `lookback ${schedule.lookback} must be at least the frequency ${schedule.frequency}`;
  return undefined;
}

export function errorsOf(validate: { errors?: { instancePath: string; message?: string; params?: unknown }[] | null }): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in (e.params as object) ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : ''}`).join('; ');
}
