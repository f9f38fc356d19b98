import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.ts';
import { loadDeployContent, runLiveRuleQueries } from '../../src/deploy/index.ts';
import { ArmImitation } from './arm-server/server.ts';
import { FakeCredential, FIXTURE } from './helpers.ts';

let server: ArmImitation;
beforeAll(async () => { server = new ArmImitation(); await server.start(); });
afterAll(() => server.stop());

describe('runLiveRuleQueries', () => {
  it("runs each rule's query over its queryPeriod and reports counts and triggers", async () => {
    const { content } = await loadDeployContent(FIXTURE);
    server.logTables = { AzureDiagnostics: ['TimeGenerated'] };
    server.knownTables = ['AzureDiagnostics'];
    server.queryRows = (q) => (q.includes('SecurityDomainDownload') ? [[1], [2], [3]] : []);
    const cred = new FakeCredential();
    const results = await runLiveRuleQueries({
      workspaceId: '11111111-1111-4111-8111-111111111111', credential: cred, rules: content.rules,
      endpoint: server.url, tlsOptions: { ca: server.cert }, parameters: { HsmAdminAllowList: ['a@contoso.com'] }, maxRetries: 0,
    });
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(byName['Managed HSM security domain downloaded']).toMatchObject({ timespan: 'PT1H', count: 3, wouldAlert: true });
    expect(byName['Managed HSM local role assignment created']).toMatchObject({ timespan: 'PT1H', count: 0, wouldAlert: false });
    const calls = server.requests.filter((r) => r.path.endsWith('/query'));
    expect(calls.map((c) => JSON.parse(c.body).timespan)).toEqual(['PT1H', 'PT1H']);
    expect(calls.map((c) => JSON.parse(c.body).query).find((q: string) => q.includes('SecurityDomainDownload'))).toContain('dynamic(["a@contoso.com"])');
    expect(cred.scopes[0]).toEqual(['https://api.loganalytics.io/.default']);
  });

  it("takes the content model's rules as they are", async () => {
    const { rules } = loadContent(FIXTURE);
    server.logTables = { AzureDiagnostics: ['TimeGenerated'] };
    server.queryRows = () => [[1]];
    const results = await runLiveRuleQueries({ workspaceId: '11111111-1111-4111-8111-111111111111', credential: new FakeCredential(), rules, endpoint: server.url, tlsOptions: { ca: server.cert }, maxRetries: 0 });
    expect(results.map((r) => r.count)).toEqual([1, 1]);
  });

  it('reports a failing query per rule and carries on', async () => {
    server.logTables = {};
    server.queryRows = () => [];
    const results = await runLiveRuleQueries({
      workspaceId: '11111111-1111-4111-8111-111111111111', credential: new FakeCredential(), endpoint: server.url, tlsOptions: { ca: server.cert }, maxRetries: 0,
      rules: [
        { id: 'a', name: 'missing table', kind: 'Scheduled', query: 'AzureDiagnostics | take 1', queryPeriod: '1d', triggerOperator: 'gt', triggerThreshold: 0 },
        { id: 'b', name: 'fine', kind: 'Scheduled', query: 'print 1', queryPeriod: '14d', triggerOperator: 'eq', triggerThreshold: 0 },
      ],
    });
    expect(results[0]).toMatchObject({ timespan: 'P1D', error: expect.stringMatching(/could not be resolved/) });
    expect(results[1]).toMatchObject({ timespan: 'P14D', count: 0, wouldAlert: true });
  });
});
