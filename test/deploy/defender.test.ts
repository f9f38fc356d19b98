/**
 * The defender target of content build: which rules can be Defender XDR custom detections, why not, and the Graph
 * request bodies, checked against the shapes of the Graph beta reference (detectionRule, ruleSchedule,
 * alertTemplate, impactedUserAsset, impactedDeviceAsset).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { defaultEnvironment, detectionRuleBody, effectiveRule, eligibility, type DeployRule } from '../../src/deploy/index.ts';
import { buildGlobals, loadKusto } from '../../src/kql/index.ts';
import { loadTableSchemas } from '../../src/content/index.ts';
import { packCopy, runCli } from './helpers.ts';

const str = { type: 'string' };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required });
/** What POST /beta/security/rules/detectionRules accepts, after the Graph reference pages. */
const DETECTION_RULE = obj({
  displayName: str, isEnabled: { type: 'boolean' },
  queryCondition: obj({ queryText: { type: 'string', minLength: 1 } }, ['queryText']),
  schedule: obj({ period: { enum: ['0', '1H', '3H', '12H', '24H'] } }, ['period']),
  detectionAction: obj({
    alertTemplate: obj({
      title: str, description: str, severity: { enum: ['informational', 'low', 'medium', 'high'] }, category: { type: ['string', 'null'] },
      recommendedActions: { type: ['string', 'null'] }, mitreTechniques: { type: 'array', items: { type: 'string', pattern: '^T\\d{4}(\\.\\d{3})?$' } },
      impactedAssets: { type: 'array', minItems: 1, items: { oneOf: [
        obj({ '@odata.type': { const: '#microsoft.graph.security.impactedUserAsset' }, identifier: { enum: ['accountObjectId', 'accountSid', 'accountUpn', 'accountName', 'accountDomain', 'accountId', 'requestAccountSid', 'requestAccountName', 'requestAccountDomain', 'recipientObjectId', 'processAccountObjectId', 'initiatingAccountSid', 'initiatingProcessAccountUpn', 'initiatingAccountName', 'initiatingAccountDomain', 'servicePrincipalId', 'servicePrincipalName', 'targetAccountUpn'] } }, ['@odata.type', 'identifier']),
        obj({ '@odata.type': { const: '#microsoft.graph.security.impactedDeviceAsset' }, identifier: { enum: ['deviceId', 'deviceName', 'remoteDeviceName', 'targetDeviceName', 'destinationDeviceName'] } }, ['@odata.type', 'identifier']),
      ] } },
    }, ['title', 'severity', 'impactedAssets']),
    organizationalScope: { type: 'null' }, responseActions: { type: 'array' },
  }, ['alertTemplate']),
}, ['displayName', 'isEnabled', 'queryCondition', 'schedule', 'detectionAction']);

const base: DeployRule = {
  id: '11111111-2222-4333-8444-555555555555', name: 'r', description: 'd', severity: 'High', kind: 'Scheduled',
  query: 'AzureDiagnostics | project TimeGenerated, Caller = identity_claim_upn_s', queryFrequency: '1h', queryPeriod: '1h', triggerOperator: 'gt', triggerThreshold: 0,
  tactics: ['CredentialAccess'], relevantTechniques: ['T1552.004'],
  entityMappings: [{ entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'Caller' }] }],
};

describe('Defender custom detections', () => {
  it('says per rule whether it can be one, and why not', () => {
    const why = (r: Partial<DeployRule>, cols?: string[]) => eligibility({ ...base, ...r }, cols).reasons;
    expect(why({})).toEqual([]);
    expect(why({ queryPeriod: '4h' })).toEqual([]);
    expect(why({ queryPeriod: '5h' })).toEqual(['queryPeriod 5h is longer than the 4h a custom detection running every 1h looks back']);
    expect(why({ queryFrequency: '30m', queryPeriod: '30m' })).toEqual(['queryFrequency 30m is not a custom detection frequency (1h, 3h, 12h or 24h; NRT rules run continuously)']);
    expect(why({ triggerThreshold: 5 })).toEqual(['trigger gt 5: a custom detection alerts on every result row (fold the threshold into the query)']);
    expect(why({ suppressionEnabled: true })).toEqual(['suppression has no custom detection equivalent']);
    expect(why({ entityMappings: [{ entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'CallerIPAddress' }] }] })[0]).toMatch(/^no entity mapping gives an impacted user/);
    expect(why({}, ['Caller', 'Count'])).toEqual(['the result has no TimeGenerated or Timestamp column to place each alert in time']);
    expect(why({ kind: 'NRT', queryFrequency: undefined, queryPeriod: undefined })).toEqual([]);
  }, 180_000);

  it('maps schedule, alert template and impacted assets; the added asset columns bind', () => {
    const body = detectionRuleBody(effectiveRule({ ...base, queryFrequency: '3h', queryPeriod: '12h' }, defaultEnvironment()));
    expect(body.schedule).toEqual({ period: '3H' });
    expect(body.detectionAction.alertTemplate).toMatchObject({ title: 'r', severity: 'high', category: 'CredentialAccess', mitreTechniques: ['T1552.004'], impactedAssets: [{ '@odata.type': '#microsoft.graph.security.impactedUserAsset', identifier: 'accountUpn' }] });
    expect(detectionRuleBody(effectiveRule({ ...base, kind: 'NRT' }, defaultEnvironment())).schedule.period).toBe('0');
    const { Kusto, Bridge } = loadKusto();
    const code = Kusto.Language.KustoCode.ParseAndAnalyze(body.queryCondition.queryText, buildGlobals(loadTableSchemas()));
    expect((Bridge.toArray(code.GetDiagnostics()) as { Severity: string }[]).filter((d) => String(d.Severity) === 'Error')).toEqual([]);
    expect((Bridge.toArray(code.ResultType.Columns) as { Name: string }[]).map((c) => String(c.Name))).toContain('AccountUpn');
    const env = { ...defaultEnvironment(), rules: { disabled: ['r'], overrides: { r: { severity: 'Low' as const } } } };
    expect(detectionRuleBody(effectiveRule(base, env))).toMatchObject({ isEnabled: false, detectionAction: { alertTemplate: { severity: 'low' } } });
  }, 180_000);

  it('content build --targets defender: a body per eligible rule of the pack, each as the Graph reference allows; the rest explained', async () => {
    const dir = await packCopy();
    const r = await runCli(['build', '--targets', 'defender'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'dist/defender/eligibility.json'), 'utf8')) as { eligible: boolean; reasons: string[] }[];
    const bodies = (await readdir(join(dir, 'dist/defender/detectionRules'))).sort();
    expect(bodies.length).toBe(report.filter((x) => x.eligible).length);
    expect(r.stdout).toContain(`defender: ${bodies.length} of ${report.length} rules can be custom detections`);
    for (const x of report) expect(x.eligible).toBe(x.reasons.length === 0);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(DETECTION_RULE);
    for (const f of bodies) {
      const body = JSON.parse(await readFile(join(dir, 'dist/defender/detectionRules', f), 'utf8'));
      expect(validate(body), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const plan = await runCli(['plan', '--targets', 'defender', '--subscription', '00000000-0000-4000-8000-000000000000', '--resource-group', 'rg', '--workspace', 'law'], dir);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/the defender target is built by content build \(--targets defender\) but not yet planned or deployed/);
  }, 180_000);
});
