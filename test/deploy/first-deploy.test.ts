/**
 * A build that deploys first time: each built template deployed alone into an empty workspace of the ARM
 * imitation, which validates every rule's query against the functions the workspace holds at that moment (as
 * Sentinel and Azure Monitor do on create), and deploys resources in the worst order `dependsOn` allows.
 * Runs on the pack's own content; nothing here depends on the text of a query.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArmClient, loadDeployContent } from '../../src/deploy/index.ts';
import { buildGlobals, loadKusto } from '../../src/kql/index.ts';
import { loadTableSchemas } from '../../src/content/index.ts';
import { ArmImitation } from './arm-server/server.ts';
import { deployTemplate, TemplateDeploymentError } from './arm-template-deployer.ts';
import { FakeCredential, packCopy, runCli } from './helpers.ts';

const SUB = '00000000-0000-4000-8000-000000000014';
type Template = { parameters: Record<string, unknown>; resources: Record<string, any>[] };

describe('content build deploys first time', () => {
  let server: ArmImitation;
  let client: ArmClient;
  let dir: string;
  let workspaceCount = 0;
  const tables = loadTableSchemas();
  /** A fresh, empty workspace for each deployment. */
  const fresh = () => ({ subscriptionId: SUB, resourceGroup: `rg-${++workspaceCount}`, location: 'westeurope', parameters: { workspace: `law-${workspaceCount}` } });
  const template = async (path: string): Promise<Template> => JSON.parse(await readFile(join(dir, 'dist', path), 'utf8'));
  const callsFunction = (r: Record<string, any>) => /\bManagedHsmAudit\b/.test(String(r.properties?.query ?? r.properties?.criteria?.allOf?.[0]?.query ?? ''));

  beforeAll(async () => {
    server = new ArmImitation();
    await server.start();
    server.queryValidation = { tables };
    client = new ArmClient({ credential: new FakeCredential(), endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { maxRetries: 0 } });
    dir = await packCopy();
    const built = await runCli(['build'], dir);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
  }, 180_000);
  afterAll(() => server.stop());

  it('the imitation refuses a rule whose function is not there yet', async () => {
    const t = await template('sentinel/azuredeploy.json');
    const rule = t.resources.find((r) => r.type.endsWith('/alertRules') && callsFunction(r));
    expect(rule, 'the pack has rules that call its parser').toBeDefined();
    const lone = { ...t, resources: [{ ...rule, dependsOn: undefined }] };
    const err = await deployTemplate(client, lone, fresh()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateDeploymentError);
    expect(String((err as Error).message)).toMatch(/ManagedHsmAudit/);
  }, 180_000);

  it('the Sentinel template alone: every rule that calls a function depends on it, and all of it deploys', async () => {
    const t = await template('sentinel/azuredeploy.json');
    const rules = t.resources.filter((r) => r.type.endsWith('/alertRules'));
    for (const r of rules.filter(callsFunction)) expect(r.dependsOn).toEqual([expect.stringContaining("savedSearches', parameters('workspace'), 'managedhsmaudit')")]);
    const d = fresh();
    const written = await deployTemplate(client, t, d);
    expect(written.length).toBe(t.resources.length);
    expect(server.resources('alertRules').filter((r) => r.path.includes(`/${d.resourceGroup}/`)).length).toBe(rules.length);
  }, 180_000);

  it('without those dependsOn the same template fails on a fresh workspace', async () => {
    const t = await template('sentinel/azuredeploy.json');
    const stripped = { ...t, resources: t.resources.map((r) => (r.type.endsWith('/alertRules') ? { ...r, dependsOn: undefined } : r)) };
    await expect(deployTemplate(client, stripped, fresh())).rejects.toThrow(/The query of the rule is invalid/);
  }, 180_000);

  it('the Monitor template alone carries the functions its log alerts call, and all of it deploys', async () => {
    const t = await template('monitor/azuredeploy.json');
    const alerts = t.resources.filter((r) => r.type === 'Microsoft.Insights/scheduledQueryRules');
    expect(alerts.some(callsFunction)).toBe(true);
    expect(t.resources.some((r) => r.type.endsWith('/savedSearches') && r.properties.functionAlias === 'ManagedHsmAudit')).toBe(true);
    for (const a of alerts) expect(a.properties.skipQueryValidation).toBeUndefined();
    const written = await deployTemplate(client, t, { ...fresh(), parameters: { ...fresh().parameters } });
    expect(written.length).toBe(t.resources.length);
    // Without the function it carries, the first log alert that calls it is refused.
    const without = { ...t, resources: t.resources.filter((r) => !r.type.endsWith('/savedSearches')).map((r) => ({ ...r, dependsOn: r.dependsOn?.filter((x: string) => !x.includes('savedSearches')) })) };
    await expect(deployTemplate(client, without, fresh())).rejects.toThrow(/ManagedHsmAudit/);
  }, 180_000);

  it('the Repositories files, one deployment each in the order sentinel-deployment.config gives, all deploy', async () => {
    const config = JSON.parse(await readFile(join(dir, 'dist/repository/sentinel-deployment.config'), 'utf8')) as { prioritizedcontentfiles: string[] };
    const files: string[] = [];
    for (const folder of ['AnalyticsRules', 'Parsers', 'Workbooks']) for (const f of (await readdir(join(dir, 'dist/repository', folder))).sort()) files.push(`dist/repository/${folder}/${f}`);
    const ordered = [...config.prioritizedcontentfiles, ...files.filter((f) => !config.prioritizedcontentfiles.includes(f))];
    expect(ordered.length).toBe(files.length);
    const d = fresh();
    for (const f of ordered) await deployTemplate(client, JSON.parse(await readFile(join(dir, f), 'utf8')), d);
  }, 180_000);

  it('kql-validation/CustomFunctions describes the parser well enough for every rule to bind with it alone', async () => {
    const { content } = await loadDeployContent(dir);
    const schema = JSON.parse(await readFile(join(dir, 'dist/kql-validation/CustomFunctions/ManagedHsmAudit.json'), 'utf8')) as { FunctionName: string; FunctionParameters: unknown[]; FunctionResultColumns: { name: string; type: string }[] };
    expect(schema.FunctionName).toBe('ManagedHsmAudit');
    expect(schema.FunctionParameters).toEqual([]);
    // As Azure-Sentinel's harness does: the function is known only as its result columns.
    const stub = { name: schema.FunctionName, parameters: '()', body: `datatable(${schema.FunctionResultColumns.map((c) => `['${c.name}']:${c.type}`).join(', ')})[]` };
    const { Kusto, Bridge } = loadKusto();
    const errorsWith = (fns: typeof stub[], query: string) => (Bridge.toArray(Kusto.Language.KustoCode.ParseAndAnalyze(query, buildGlobals(tables, fns)).GetDiagnostics()) as { Severity: string; Code: string; Message: string }[])
      .filter((x) => String(x.Severity) === 'Error').map((x) => `${x.Code} ${x.Message}`);
    const callers = content.rules.filter((r) => /\bManagedHsmAudit\b/.test(r.query));
    expect(callers.length).toBeGreaterThan(0);
    for (const r of callers) expect(errorsWith([stub], r.query), r.name).toEqual([]);
    expect(errorsWith([], callers[0]!.query).length).toBeGreaterThan(0);
  }, 180_000);
});
