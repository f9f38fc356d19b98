/**
 * The defender target of content build: which rules can be Defender XDR custom detections, why not, and the Graph
 * request bodies, checked against the shapes of the Graph beta reference (detectionRule, ruleSchedule,
 * alertTemplate, impactedUserAsset, impactedDeviceAsset).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEnvironment, detectionRuleBody, effectiveRule, eligibility, loadDeployContent, queryFactsFor, type DeployRule } from '../../src/deploy/index.ts';
import { buildGlobals, loadKusto } from '../../src/kql/index.ts';
import { loadTableSchemas } from '../../src/content/index.ts';
import { packCopy, runCli } from './helpers.ts';
import { errorsOf, scheduleProblem, validateCreate } from './graph-server/shapes.ts';

const base: DeployRule = {
  id: '11111111-2222-4333-8444-555555555555', name: 'r', description: 'd', severity: 'High', kind: 'Scheduled',
  query: 'AzureDiagnostics | project TimeGenerated, Caller = identity_claim_upn_s', queryFrequency: '1h', queryPeriod: '1h', triggerOperator: 'gt', triggerThreshold: 0,
  tactics: ['CredentialAccess'], relevantTechniques: ['T1552.004'],
  entityMappings: [{ entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'Caller' }] }],
};

describe('Defender custom detections', () => {
  it('says per rule whether it can be one, and why not', () => {
    const why = (r: Partial<DeployRule>, facts?: { columns?: string[]; tables?: string[] }) => eligibility({ ...base, ...r }, facts).reasons;
    expect(why({})).toEqual([]);
    // Over Sentinel data: a custom frequency from 5m to 14d, the look-back kept (at least the frequency).
    expect(why({ queryFrequency: '5m', queryPeriod: '14d' })).toEqual([]);
    expect(why({ queryFrequency: '30m', queryPeriod: '30m' }, { tables: ['AzureDiagnostics'] })).toEqual([]);
    expect(why({ queryFrequency: '1m', queryPeriod: '5m' })).toEqual(['queryFrequency 1m is outside the 5m..14d a custom detection over Microsoft Sentinel data can run at']);
    // Over Defender XDR tables: the fixed frequencies and their look-backs.
    expect(why({ queryPeriod: '4h' }, { tables: ['DeviceProcessEvents'] })).toEqual([]);
    expect(why({ queryPeriod: '5h' }, { tables: ['DeviceProcessEvents'] })).toEqual(['queryPeriod 5h is longer than the 4h a custom detection running every 1h looks back']);
    expect(why({ queryFrequency: '30m', queryPeriod: '30m' }, { tables: ['DeviceProcessEvents', 'AzureDiagnostics'] })).toEqual(['queryFrequency 30m is not a frequency a custom detection over Defender XDR tables (DeviceProcessEvents) runs at (1h, 3h, 12h or 24h)']);
    // Thresholds that fire only on a non-empty result are folded into the query; the others cannot be.
    expect(why({ triggerThreshold: 5 })).toEqual([]);
    expect(why({ triggerOperator: 'eq', triggerThreshold: 3 })).toEqual([]);
    expect(why({ triggerOperator: 'lt', triggerThreshold: 5 })).toEqual(['trigger lt 5 can fire on an empty result, which raises no custom detection alert']);
    expect(why({ triggerOperator: 'eq', triggerThreshold: 0 })).toEqual(['trigger eq 0 can fire on an empty result, which raises no custom detection alert']);
    expect(why({ suppressionEnabled: true })).toEqual(['suppression has no custom detection equivalent']);
    expect(why({ entityMappings: [{ entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'CallerIPAddress' }] }] })[0]).toMatch(/^no entity mapping gives an impacted user/);
    expect(why({}, { columns: ['Caller', 'Count'] })).toEqual(['the result has no TimeGenerated or Timestamp column (nor one computed as max(TimeGenerated)) to place each alert in time']);
    expect(why({ query: 'T | summarize EndTime = max(TimeGenerated) by Caller' }, { columns: ['Caller', 'EndTime'] })).toEqual([]);
    const nrt = { kind: 'NRT' as const, queryFrequency: undefined, queryPeriod: undefined };
    expect(why(nrt, { tables: ['DeviceProcessEvents'] })).toEqual([]);
    expect(why(nrt, { tables: ['AzureDiagnostics'] })).toEqual(['NRT: a custom detection runs continuously only over Defender XDR tables such as DeviceProcessEvents, not AzureDiagnostics; as a scheduled rule (queryFrequency 5m or more) it can be one']);
  }, 180_000);

  it('maps schedule, alert template and impacted assets; folded thresholds and added columns bind and keep their meaning', () => {
    const body = detectionRuleBody(effectiveRule({ ...base, queryFrequency: '3h', queryPeriod: '12h' }, defaultEnvironment()));
    expect(body.schedule).toEqual({ frequency: 'PT3H', lookback: 'PT12H' });
    expect(detectionRuleBody(base, { tables: ['DeviceProcessEvents'] }).schedule).toEqual({ frequency: 'PT1H' });
    expect(body.detectionAction.alertTemplate).toMatchObject({ title: 'r', severity: 'high', category: 'CredentialAccess', mitreTechniques: ['T1552.004'], impactedAssets: [{ '@odata.type': '#microsoft.graph.security.impactedUserAsset', identifier: 'accountUpn' }] });
    expect(detectionRuleBody(effectiveRule({ ...base, kind: 'NRT' }, defaultEnvironment()), { tables: ['DeviceProcessEvents'] }).schedule).toEqual({ frequency: 'PT0S' });
    for (const b of [body, detectionRuleBody(base, { tables: ['DeviceProcessEvents'] })]) expect(scheduleProblem(b.schedule)).toBeUndefined();
    const { Kusto, Bridge } = loadKusto();
    const globals = buildGlobals(loadTableSchemas());
    const bind = (q: string) => {
      const code = Kusto.Language.KustoCode.ParseAndAnalyze(q, globals);
      expect((Bridge.toArray(code.GetDiagnostics()) as { Severity: string; Message: string }[]).filter((d) => String(d.Severity) === 'Error').map((d) => String(d.Message))).toEqual([]);
      return (Bridge.toArray(code.ResultType.Columns) as { Name: string }[]).map((c) => String(c.Name));
    };
    expect(bind(body.queryCondition.queryText)).toContain('AccountUpn');
    // A count threshold, with the query's own let statement, folded in: the rows come back only above it.
    const burst: DeployRule = { ...base, triggerThreshold: 5, query: 'let Window = 1h;\nAzureDiagnostics\n| where TimeGenerated > ago(Window)\n| summarize Count = count(), EndTime = max(TimeGenerated) by Caller = identity_claim_upn_s;' };
    const folded = detectionRuleBody(burst, { columns: ['Caller', 'Count', 'EndTime'] }).queryCondition.queryText;
    expect(folded).toMatch(/\| where toscalar\(_SentinelRuleRows \| count\) > 5\n\| extend TimeGenerated = EndTime, AccountUpn = tostring\(Caller\)$/);
    expect(bind(folded)).toEqual(['Caller', 'Count', 'EndTime', 'TimeGenerated', 'AccountUpn']);
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
    const { content } = await loadDeployContent(dir);
    // Bound as the build binds rules: against the functions' result columns (queryFactsFor).
    const factsOf = queryFactsFor(content.functions, loadTableSchemas());
    for (const f of bodies) {
      const body = JSON.parse(await readFile(join(dir, 'dist/defender/detectionRules', f), 'utf8'));
      expect(validateCreate(body), `${f}: ${errorsOf(validateCreate)}`).toBe(true);
      expect(scheduleProblem(body.schedule), f).toBeUndefined();
      // Each query as sent binds, with a time column and the columns its impacted assets name.
      const facts = factsOf(body.queryCondition.queryText);
      expect(facts.error, f).toBeUndefined();
      const cols = facts.columns ?? [];
      expect(cols, f).toContain('TimeGenerated');
      for (const a of body.detectionAction.alertTemplate.impactedAssets) expect(cols, f).toContain(a.identifier[0].toUpperCase() + a.identifier.slice(1));
    }
    expect(bodies.length).toBeGreaterThanOrEqual(28);
  }, 180_000);
});
