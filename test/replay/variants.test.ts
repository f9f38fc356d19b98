/**
 * Variant testing: the catalogue's transformations do what they say on real sample records, and variants find the
 * misses they exist for (a rule written the way the pack's rules once were breaks; a hardened one passes).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSuite, parseTestFile, replayEnvironment, runVariants, VARIANTS, type SuiteEntry } from '../../src/replay/index.ts';
import { ruleLookup, runSuite } from '../../src/replay/suite-runner.ts';
import { variantInput, type VariantContext } from '../../src/replay/variants/run.ts';
import { variantById } from '../../src/replay/variants/catalogue/index.ts';
import { toIpv6 } from '../../src/replay/variants/catalogue/ipv6-callers.ts';
import { mixedCase } from '../../src/replay/variants/catalogue/resource-id-case.ts';
import { toAzkvAuditLogs, toAzureDiagnostics } from '../../src/replay/variants/hsm-tables.ts';
import { callerOf, dynamicObject, withCaller, type Row } from '../../src/replay/variants/records.ts';

const root = resolve(import.meta.dirname, '../..');
const suite = discoverSuite(root);
const env = replayEnvironment(root, suite.tables, suite.functions);
const ruleByKey = ruleLookup(suite);

function entry(stem: string): SuiteEntry {
  const e = suite.entries.find((x) => x.ruleFile.endsWith(`/${stem}.yaml`));
  if (!e) throw new Error(`no rule ${stem}`);
  return e;
}

function context(e: SuiteEntry, only?: string[], query?: string): VariantContext {
  return {
    rule: query ? { ...e.rule, query } : e.rule,
    testFile: e.tests!.file,
    replay: env,
    replayWith: (tables) => replayEnvironment(root, tables, suite.functions),
    ruleByKey,
    only,
  };
}

function input(stem: string, caseIndex = 0) {
  const e = entry(stem);
  const c = e.tests!.cases[caseIndex]!;
  return variantInput(e.rule, c, env.caseRows(e.tests!.file, c), env);
}

describe('the catalogue', () => {
  it('has unique ids, and every variant says what it models and where that is documented', () => {
    expect(new Set(VARIANTS.map((v) => v.id)).size).toBe(VARIANTS.length);
    for (const v of VARIANTS) {
      expect(v.models.length, v.id).toBeGreaterThan(20);
      expect(v.source, v.id).toMatch(/https:\/\/|Azure\/|MITRE/);
      if (v.kind === 'attack') expect(v.cases, v.id).toEqual(['positive']);
    }
  });
});

describe('record shapes', () => {
  const ad = input('failed-access-burst').rows.AzureDiagnostics!.find((r) => r.identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g)!;

  it('an AzureDiagnostics event and its AZKVAuditLogs twin carry the same caller, status, address and request', () => {
    const kv = toAzkvAuditLogs(ad);
    expect(callerOf('AZKVAuditLogs', kv)).toEqual(callerOf('AzureDiagnostics', ad));
    expect(kv.HttpStatusCode).toBe(ad.httpStatusCode_d);
    expect(kv.CallerIpAddress).toBe(ad.CallerIPAddress);
    expect(kv.RequestUri).toBe(ad.requestUri_s);
    expect(kv._ResourceId).toBe(String(ad._ResourceId).toLowerCase());
    const back = toAzureDiagnostics(kv);
    expect(callerOf('AzureDiagnostics', back)).toEqual(callerOf('AzureDiagnostics', ad));
    expect(back.ResourceId).toBe(String(ad._ResourceId).toUpperCase());
    expect(back.ResourceType).toBe('MANAGEDHSMS');
  });

  it('claims are rewritten in the short, nested and URI forms and read back the same', () => {
    const caller = callerOf('AzureDiagnostics', ad)!;
    const kv = toAzkvAuditLogs(ad);
    const short = withCaller('AZKVAuditLogs', kv, caller, 'short');
    expect((dynamicObject(short.Identity)!.claim as Record<string, unknown>).oid).toBe(caller.objectId);
    const uri = withCaller('AZKVAuditLogs', kv, caller, 'uri');
    expect((dynamicObject(uri.Identity)!.claim as Record<string, unknown>)['http://schemas.microsoft.com/identity/claims/objectidentifier']).toBe(caller.objectId);
    for (const r of [short, uri]) expect(callerOf('AZKVAuditLogs', r)).toEqual(caller);
    const adShort = withCaller('AzureDiagnostics', ad, caller, 'short');
    expect(adShort.identity_claim_oid_g).toBe(caller.objectId);
    expect(adShort.identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g).toBeUndefined();
  });

  it('an Activity write becomes Start (with the request body), Accept and Success (without it), one CorrelationId', () => {
    const i = input('public-network-access-enabled');
    const data = variantById('activity-lifecycle')!.apply(i)!;
    const before = i.rows.AzureActivity!.find((r) => String(r.ActivityStatusValue) === 'Success' && /requestbody/.test(JSON.stringify(r.Properties_d)))!;
    const records = data.rows.AzureActivity!.filter((r) => r.CorrelationId === before.CorrelationId);
    expect(records.map((r) => r.ActivityStatusValue)).toEqual(['Start', 'Accept', 'Success']);
    const bodies = records.map((r) => 'requestbody' in (dynamicObject(r.Properties_d) ?? {}));
    expect(bodies).toEqual([true, false, false]);
    expect(Date.parse(String(records[0]!.TimeGenerated))).toBeLessThan(Date.parse(String(records[2]!.TimeGenerated)));
    const legacy = variantById('activity-lifecycle-legacy-spelling')!.apply(i)!;
    expect(legacy.rows.AzureActivity!.filter((r) => r.CorrelationId === before.CorrelationId).map((r) => r.ActivityStatusValue)).toEqual(['Started', 'Accepted', 'Succeeded']);
  });

  it('spreading deals the activity over five identities, addresses or HSMs and leaves other rows alone', () => {
    const i = input('failed-access-burst');
    const inFocus = (r: Row) => Date.parse(String(r.TimeGenerated)) >= i.focus.start && Date.parse(String(r.TimeGenerated)) < i.focus.end;
    const ids = variantById('spread-over-identities')!.apply(i)!.rows.AzureDiagnostics!.filter(inFocus);
    const before = new Set(i.rows.AzureDiagnostics!.filter(inFocus).map((r) => callerOf('AzureDiagnostics', r)?.objectId));
    const after = new Set(ids.map((r) => callerOf('AzureDiagnostics', r)?.objectId));
    expect(after.size).toBeGreaterThanOrEqual(before.size + 4);
    const ips = variantById('spread-over-addresses')!.apply(i)!.rows.AzureDiagnostics!.filter(inFocus);
    expect(new Set(ips.map((r) => r.CallerIPAddress)).size).toBeGreaterThanOrEqual(5);
    const hsms = variantById('spread-over-hsms')!.apply(i)!.rows.AzureDiagnostics!.filter(inFocus);
    expect(new Set(hsms.map((r) => String(r._ResourceId).split('/')[8])).size).toBe(5);
    expect(new Set(hsms.map((r) => new URL(String(r.requestUri_s)).hostname.split('.')[0]!.toLowerCase())).size).toBe(5);
    const outside = variantById('spread-over-identities')!.apply(i)!.rows.AzureDiagnostics!.filter((r) => !inFocus(r));
    expect(outside).toEqual(i.rows.AzureDiagnostics!.filter((r) => !inFocus(r)));
  });

  it('maps public IPv4 addresses into the IPv6 documentation range and leaves private ones', () => {
    expect(toIpv6('203.0.113.66')).toBe('2001:db8::cb00:7142');
    expect(toIpv6('10.20.1.15')).toBeUndefined();
    expect(toIpv6('192.168.0.1')).toBeUndefined();
    expect(mixedCase('contoso-mhsm')).toBe('Contoso-MHSM');
  });

  it('binds the sparse-columns variant against an AzureDiagnostics schema without the optional columns', () => {
    const data = variantById('sparse-azure-diagnostics')!.apply(input('failed-access-burst'))!;
    const cols = data.schemas![0]!.columns.map((c) => c.name);
    expect(cols).toContain('identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g');
    expect(cols).not.toContain('identity_claim_oid_g');
    expect(cols).not.toContain('isAddressAuthorized_b');
    expect(data.rows.AzureDiagnostics!.every((r) => !('id_s' in r))).toBe(true);
  });
});

describe('variants find the misses they exist for', () => {
  it('an event delivered to both tables counts once: the burst still counts 27 failures', async () => {
    const e = entry('failed-access-burst');
    const [r] = await runVariants(e.tests!.cases[0]!, undefined, context(e, ['both-tables']));
    expect(r).toMatchObject({ variant: 'both-tables', status: 'pass', alerts: 1 });
  });

  it('the parser without its de-duplication counts an event in both tables twice', async () => {
    const i = input('failed-access-burst');
    const data = variantById('both-tables')!.apply(i)!;
    const db = env.recordsDatabase(data.rows, 'test');
    const count = async (rows: typeof data.rows) => {
      const r = await env.run('ManagedHsmAudit | where HttpStatusCode == 403 | count', env.recordsDatabase(rows, 'test'), { now: i.run.now!, timeRange: { start: new Date(0), end: i.run.now! } });
      return Number(r.rows[0]![0]);
    };
    const once = await count(i.rows);
    expect(once).toBeGreaterThan(20);
    expect(await count(data.rows)).toBe(once);
    const naive = await env.run('union AzureDiagnostics, AZKVAuditLogs | where coalesce(toint(httpStatusCode_d), HttpStatusCode) == 403 | count', db, { now: i.run.now!, timeRange: { start: new Date(0), end: i.run.now! } });
    expect(Number(naive.rows[0]![0])).toBe(2 * once);
  });

  it('a burst counted per caller and address together breaks when the attack uses five addresses', async () => {
    const e = entry('failed-access-burst');
    const perCallerAndAddress = `ManagedHsmAudit
      | where HttpStatusCode in (401, 403) and (Operation != "Authentication" or HttpStatusCode != 401)
      | summarize FailedCount = count() by HsmName, HsmResourceId, CallerIpAddress, Caller, CallerObjectId, CallerAppId, IdentityType
      | where FailedCount >= 20`;
    const results = await runVariants(e.tests!.cases[0]!, undefined, context(e, ['spread-over-addresses', 'spread-over-hsms'], perCallerAndAddress));
    expect(results.map((r) => [r.variant, r.status, r.message])).toEqual([
      ['spread-over-addresses', 'break', 'no alert'],
      ['spread-over-hsms', 'break', 'no alert'],
    ]);
    const hardened = await runVariants(e.tests!.cases[0]!, undefined, context(e, ['spread-over-addresses', 'spread-over-hsms']));
    expect(hardened.map((r) => r.status)).toEqual(['pass', 'pass']);
  });

  it('an Activity rule reading the request body of the Success record breaks on Start / Accept / Success records', async () => {
    const e = entry('public-network-access-enabled');
    const successOnly = `AzureActivity
      | where OperationNameValue =~ "MICROSOFT.KEYVAULT/MANAGEDHSMS/WRITE" and ActivityStatusValue in~ ("Success", "Succeeded")
      | extend P = parse_json(tostring(Properties_d.requestbody)).properties
      | where tostring(P.publicNetworkAccess) =~ "Enabled"
      | project TimeGenerated, HsmName = tolower(Resource), HsmResourceId = tolower(_ResourceId), Caller, CallerIpAddress,
          CallerObjectId = tostring(Claims_d["http://schemas.microsoft.com/identity/claims/objectidentifier"]), CallerAppId = tostring(Claims_d.appid),
          Change = "", CorrelationId, AlertSeverity = "High"`;
    const [naive] = await runVariants(e.tests!.cases[0]!, undefined, context(e, ['activity-lifecycle'], successOnly));
    expect(naive).toMatchObject({ status: 'break', message: 'no alert' });
    const [hardened] = await runVariants(e.tests!.cases[0]!, undefined, context(e, ['activity-lifecycle']));
    expect(hardened!.status).toBe('pass');
  });

  it('a rule neutered with `| where false` breaks under every variant of its positive case', async () => {
    const e = entry('key-delete-or-purge');
    const c = e.tests!.cases.find((x) => x.kind === 'positive')!;
    const results = await runVariants(c, undefined, context(e, undefined, `${e.rule.query}\n| where false`));
    expect(results.length).toBeGreaterThan(8);
    expect(results.filter((r) => r.status !== 'break')).toEqual([]);
  });
});

describe('declines', () => {
  const e = entry('failed-access-burst');
  const c = e.tests!.cases[0]!;

  it('a decline covered by another rule holds only while that rule alerts on the variant', async () => {
    const [covered] = await runVariants(c, undefined, { ...context(e, ['spread-over-identities']), declines: { 'spread-over-identities': { reason: 'r', coveredBy: 'failed-access-spray-from-address' } } });
    expect(covered).toMatchObject({ status: 'declined', coveredBy: 'failed-access-spray-from-address' });
    const [wrong] = await runVariants(c, undefined, { ...context(e, ['spread-over-identities']), declines: { 'spread-over-identities': { reason: 'r', coveredBy: 'key-import' } } });
    expect(wrong!.status).toBe('break');
    expect(wrong!.message).toMatch(/covered by "key-import", but that rule raises no alert/);
    const [unknown] = await runVariants(c, undefined, { ...context(e, ['spread-over-identities']), declines: { 'spread-over-identities': { reason: 'r', coveredBy: 'no-such-rule' } } });
    expect(unknown!.status).toBe('error');
  });

  it('a decline names a covering rule of the whole pack, also when only one rule is selected', () => {
    const one = discoverSuite(root, { paths: ['detections/failed-access/failed-access-burst.yaml'] });
    expect(one.entries.map((x) => x.ruleFile)).toEqual(['detections/failed-access/failed-access-burst.yaml']);
    const lookup = ruleLookup(one);
    expect(lookup('failed-access-spray-from-address')?.name).toBe(entry('failed-access-spray-from-address').rule.name);
    expect(lookup('no-such-rule')).toBeUndefined();
  });

  it('a case that fails on its own reports that once and does not run its variants', async () => {
    const one = discoverSuite(root, { paths: ['detections/failed-access/failed-access-burst.yaml'] });
    const e = one.entries[0]!;
    const neutered = { ...one, entries: [{ ...e, rule: { ...e.rule, query: `${e.rule.query.trimEnd()}\n| where false` } }] };
    const report = await runSuite(neutered, env, { snapshots: 'off', variants: { replay: env, replayWith: (tables) => replayEnvironment(root, tables, suite.functions) } });
    const positives = report.cases.filter((r) => r.kind === 'positive');
    expect(positives.length).toBeGreaterThan(0);
    for (const r of positives) {
      expect(r).toMatchObject({ status: 'fail', variantsSkipped: true });
      expect(r.variants).toBeUndefined();
    }
    const negative = report.cases.find((r) => r.kind === 'negative')!;
    expect(negative.status).toBe('pass');
    expect(negative.variants?.length).toBeGreaterThan(0);
  });

  it('a test file naming an unknown variant gets a problem at its line with a suggestion', () => {
    const t = parseTestFile('variants:\n  decline:\n    spread-over-identitys: because\ncases:\n  - name: a\n    kind: positive\n    now: 2026-11-20T12:00:00Z\n', 'x.test.yaml');
    expect(t.problems.filter((p) => p.severity === 'error')).toEqual([expect.objectContaining({ line: 3, column: 5, code: 'test-variant-unknown', message: expect.stringContaining('did you mean "spread-over-identities"') })]);
  });

  it('every decline in the pack has a written reason', () => {
    for (const en of suite.entries) {
      for (const cs of en.tests?.cases ?? []) for (const [id, d] of Object.entries(cs.declines ?? {})) expect(d.reason.length, `${en.ruleFile} ${id}`).toBeGreaterThan(30);
    }
  });
});
