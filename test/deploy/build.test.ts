import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, selectEnvironment, uuidV5, DeployError, buildTemplates, loadDeployContent } from '../../src/deploy/index.ts';
import { fixtureCopy, runCli, FIXTURE } from './helpers.ts';

async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(relative(dir, p), await readFile(p, 'utf8'));
    }
  };
  await walk(dir);
  return out;
}

const RULE = '4a5b2f0e-7c1d-4e8a-9b3f-2d6c8e1f0a11';

describe('content build', () => {
  it('writes Sentinel, Repositories and Monitor templates, byte-identical on rebuild', async () => {
    const dir = await fixtureCopy();
    const first = await runCli(['build', '--out', 'dist'], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const a = await readTree(join(dir, 'dist'));
    expect([...a.keys()].sort()).toEqual([
      'kql-validation/CustomFunctions/MHSMAudit.json',
      'monitor/azuredeploy.json',
      'repository/AnalyticsRules/managed-hsm-local-role-assignment-created.json',
      'repository/AnalyticsRules/managed-hsm-security-domain-downloaded.json',
      'repository/Parsers/mhsmaudit.json',
      'repository/Workbooks/managed-hsm-overview.json',
      'repository/sentinel-deployment.config',
      'sentinel/azuredeploy.json',
    ]);
    expect(JSON.parse(a.get('repository/sentinel-deployment.config')!)).toEqual({ prioritizedcontentfiles: ['dist/repository/Parsers/mhsmaudit.json'], excludecontentfiles: [], parameterfilemappings: {} });
    await runCli(['build', '--out', 'dist'], dir);
    const b = await readTree(join(dir, 'dist'));
    expect(b).toEqual(a);
    for (const text of a.values()) expect(text).not.toMatch(/utcNow|\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  it('keeps every rule field on the wire: sub-techniques split out, entities, dynamic properties, incident settings', async () => {
    const { content } = await loadDeployContent(FIXTURE);
    const files = buildTemplates(content, selectEnvironment(undefined, undefined));
    const sentinel = files.find((f) => f.path === 'sentinel/azuredeploy.json')!.json as { resources: Record<string, any>[] };
    const rule = sentinel.resources.find((r) => String(r.name).includes(RULE) && r.type.endsWith('alertRules'))!;
    expect(rule.apiVersion).toMatch(/preview$/);
    expect(rule.kind).toBe('Scheduled');
    const p = rule.properties;
    expect(p.techniques).toEqual(['T1555', 'T1552']);
    expect(p.subTechniques).toEqual(['T1552.004']);
    expect(p.sentinelEntitiesMappings).toEqual([{ columnName: 'Caller' }]);
    expect(p.alertDetailsOverride.alertDynamicProperties).toEqual([{ alertProperty: 'ProductComponentName', value: 'HsmName' }]);
    expect(p.incidentConfiguration.groupingConfiguration).toMatchObject({ enabled: true, matchingMethod: 'Selected', lookbackDuration: 'PT5H', groupByCustomDetails: ['HsmName'] });
    expect(p.eventGroupingSettings).toEqual({ aggregationKind: 'AlertPerResult' });
    expect(p).toMatchObject({ queryFrequency: 'PT1H', queryPeriod: 'PT1H', triggerOperator: 'GreaterThan', triggerThreshold: 0, suppressionDuration: 'PT5H' });
    const meta = sentinel.resources.find((r) => String(r.name).includes(`analyticsrule-${RULE}`))!;
    expect(meta.type).toBe('Microsoft.OperationalInsights/workspaces/providers/metadata');
    expect(meta.properties).toMatchObject({ kind: 'AnalyticsRule', version: '1.2.0', source: { kind: 'SourceRepository', name: 'managed-hsm-detections' } });
    expect(meta.dependsOn).toEqual([meta.properties.parentId]);
    const nrt = sentinel.resources.find((r) => r.kind === 'NRT')!;
    expect(nrt.properties.queryFrequency).toBeUndefined();
    expect(nrt.properties.triggerOperator).toBeUndefined();
    const fn = sentinel.resources.find((r) => r.type === 'Microsoft.OperationalInsights/workspaces/savedSearches')!;
    expect(fn.properties).toMatchObject({ functionAlias: 'MHSMAudit', category: 'Managed HSM' });
    const wb = sentinel.resources.find((r) => r.type === 'Microsoft.Insights/workbooks')!;
    expect(wb).toMatchObject({ kind: 'shared', name: '0b7e3c52-1d7e-4f7a-8f7e-2a9d4c6b8e10', properties: { category: 'sentinel', version: 'Notebook/1.0' } });
    expect(JSON.parse(wb.properties.serializedData)).toMatchObject({ version: 'Notebook/1.0' });
    expect(wb.properties.sourceId).toContain("Microsoft.OperationalInsights/workspaces");
  });

  it('Repositories files hold only the resource types Repositories accepts for their content type', async () => {
    const { content } = await loadDeployContent(FIXTURE);
    const files = buildTemplates(content, selectEnvironment(undefined, undefined)).filter((f) => f.path.startsWith('repository/') && f.path.endsWith('.json'));
    const allowed: Record<string, string[]> = {
      AnalyticsRules: ['Microsoft.OperationalInsights/workspaces/providers/alertRules'],
      Parsers: ['Microsoft.OperationalInsights/workspaces/savedSearches'],
      Workbooks: ['Microsoft.Insights/workbooks'],
    };
    for (const f of files) {
      const folder = f.path.split('/')[1]!;
      const types = (f.json.resources as { type: string }[]).map((r) => r.type);
      expect(types.length).toBe(1);
      expect(allowed[folder]).toContain(types[0]);
      expect(Object.keys(f.json.parameters as object)).toContain('workspace');
    }
  });

  it('bakes in an environment: severity, threshold, disabled rules, allow-lists, action group', async () => {
    const dir = await fixtureCopy();
    await writeFile(join(dir, 'content.config.yaml'), [
      'environments:',
      '  prod:',
      '    workspace: law-prod',
      '    location: westeurope',
      '    targets: [sentinel, monitor]',
      '    parameters: { HsmAdminAllowList: [admin@contoso.com, "o\'brien@contoso.com"] }',
      '    rules:',
      '      disabled: [Managed HSM local role assignment created]',
      `      overrides: { ${RULE}: { severity: Low, triggerThreshold: 3, queryPeriod: 3d } }`,
      '    monitor: { actionGroup: { name: soc-ag, shortName: soc, emails: [soc@contoso.com] } }',
    ].join('\n'));
    const r = await runCli(['build', '--env', 'prod'], dir);
    expect(r.stderr).toBe('');
    const s = JSON.parse(await readFile(join(dir, 'dist/sentinel/azuredeploy.json'), 'utf8'));
    const rule = s.resources.find((x: any) => x.name.includes(RULE) && x.type.endsWith('alertRules'));
    expect(rule.properties).toMatchObject({ severity: 'Low', triggerThreshold: 3, queryPeriod: 'P3D' });
    expect(rule.properties.query).toContain('let HsmAdminAllowList = dynamic(["admin@contoso.com", "o\'brien@contoso.com"]);');
    const nrt = s.resources.find((x: any) => x.kind === 'NRT');
    expect(nrt.properties.enabled).toBe(false);
    const m = JSON.parse(await readFile(join(dir, 'dist/monitor/azuredeploy.json'), 'utf8'));
    expect(m.parameters.actionGroupName.defaultValue).toBe('soc-ag');
    expect(m.parameters.actionGroupEmails.defaultValue).toEqual(['soc@contoso.com']);
    const alert = m.resources.find((x: any) => x.type === 'Microsoft.Insights/scheduledQueryRules' && x.properties.displayName.includes('security domain'));
    expect(alert.properties).toMatchObject({ severity: 3, windowSize: 'P2D', overrideQueryTimeRange: 'P3D', criteria: { allOf: [{ operator: 'GreaterThan', threshold: 3, timeAggregation: 'Count' }] } });
    const params = JSON.parse(await readFile(join(dir, 'dist/sentinel/azuredeploy.parameters.json'), 'utf8'));
    expect(params.parameters).toEqual({ workspace: { value: 'law-prod' }, location: { value: 'westeurope' } });
  });

  it('reports config mistakes with file, line and column, exit 2, no stack trace', async () => {
    const dir = await fixtureCopy();
    await writeFile(join(dir, 'bad.yaml'), 'environments:\n  dev:\n    workspace: w\n    rules:\n      overrides:\n        x: { severity: Critical }\n');
    const r = await runCli(['build', '--config', 'bad.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:6:\d+: environments\.dev\.rules\.overrides\.x\.severity/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const unknown = await runCli(['build', '--config', 'bad.yaml', '--env', 'nope'], dir);
    expect(unknown.code).toBe(2);
  });

  it('a rule that cannot be expressed is reported and left out; the others are built', async () => {
    const dir = await fixtureCopy();
    const file = join(dir, 'detections/security-domain/role-assignment-nrt.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('kind: NRT', 'kind: Scheduled\nqueryFrequency: soon\nqueryPeriod: 1h'));
    const r = await runCli(['build'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/role-assignment-nrt\.yaml: rule 'Managed HSM local role assignment created': queryFrequency 'soon' is not a duration/);
    const s = JSON.parse(await readFile(join(dir, 'dist/sentinel/azuredeploy.json'), 'utf8'));
    expect(s.resources.filter((x: any) => x.type.endsWith('/alertRules')).length).toBe(1);
  });

  it('config: unknown keys and bad durations point at the line', () => {
    expect(() => parseConfig('environments:\n  a:\n    wrkspace: x\n', 'c.yaml')).toThrow(/unknown key 'wrkspace'/);
    try {
      parseConfig('environments:\n  a:\n    rules:\n      overrides:\n        r: { queryPeriod: 5x }\n', 'c.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DeployError);
      expect((e as DeployError).toString()).toMatch(/^c\.yaml:5:/);
    }
  });

  it('a workbook logo that neither upstream nor the pack has is reported at its line; the workbook is still built', async () => {
    const dir = await fixtureCopy();
    const file = join(dir, 'workbooks/hsm-overview.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('logoFileName: KeyVault.svg', 'logoFileName: Azure_Key_Vault.svg'));
    const r = await runCli(['build'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^workbooks\/hsm-overview\.yaml:7:17: workbook-logo: logoFileName 'Azure_Key_Vault\.svg' is neither in Azure-Sentinel's Logos\/ folder nor shipped in workbooks\/images\/; use 'KeyVault\.svg'$/m);
    expect(r.stderr).not.toMatch(/left out/);
    const s = JSON.parse(await readFile(join(dir, 'dist/sentinel/azuredeploy.json'), 'utf8'));
    expect(s.resources.filter((x: any) => x.type === 'Microsoft.Insights/workbooks').length).toBe(1);
    // A logo the pack ships is accepted.
    await writeFile(file, (await readFile(file, 'utf8')).replace('logoFileName: Azure_Key_Vault.svg', 'logoFileName: hsm.svg'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'workbooks/images'), { recursive: true });
    await writeFile(join(dir, 'workbooks/images/hsm.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect((await runCli(['build'], dir)).code).toBe(0);
  });

  it('names in the config that match no rule or parameter are errors at their line and column, in every environment', async () => {
    const dir = await fixtureCopy();
    await writeFile(join(dir, 'content.config.yaml'), [
      'defaults:',
      '  parameters: { HsmAdminAlowList: [] }',
      'environments:',
      '  dev:',
      '    rules:',
      '      only: [Managed HSM security domain downloaded, Managed HSM securty domain downloaded]',
      '      disabled: [9c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f]',
      '  prod:',
      '    rules:',
      '      overrides:',
      '        4a5b2f0e-7c1d-4e8a-9b3f-2d6c8e1f0a12: { severity: Low }',
      '    monitor: { rules: [nope] }',
    ].join('\n'));
    const r = await runCli(['build', '--env', 'dev'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      "content build: content.config.yaml:2:17: defaults.parameters.HsmAdminAlowList: no rule or function query declares 'let HsmAdminAlowList = ...;' (did you mean 'HsmAdminAllowList'?)",
      "content build: content.config.yaml:6:54: environments.dev.rules.only[1]: no rule has the id or name 'Managed HSM securty domain downloaded' (did you mean 'Managed HSM security domain downloaded'?)",
      "content build: content.config.yaml:11:9: environments.prod.rules.overrides.4a5b2f0e-7c1d-4e8a-9b3f-2d6c8e1f0a12: no rule has the id or name '4a5b2f0e-7c1d-4e8a-9b3f-2d6c8e1f0a12' (did you mean '4a5b2f0e-7c1d-4e8a-9b3f-2d6c8e1f0a11'?)",
      "content build: content.config.yaml:12:24: environments.prod.monitor.rules[0]: no rule has the id or name 'nope'",
    ]);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('the summary counts the rules built, not the rules in the repository', async () => {
    const dir = await fixtureCopy();
    await writeFile(join(dir, 'content.config.yaml'), 'environments:\n  one:\n    rules: { only: [Managed HSM security domain downloaded] }\n');
    const r = await runCli(['build'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^built 1 of 2 rules, 1 functions, 1 workbooks into \d+ files \(environment: one\)$/m);
  });

  it('uuidV5 matches the RFC 4122 test vector', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('content build, Azure Monitor only', () => {
  it('puts the workspace functions the log alerts call into the Monitor template', async () => {
    const dir = await fixtureCopy();
    await writeFile(join(dir, 'content.config.yaml'), 'environments:\n  nosentinel:\n    targets: [monitor]\n');
    const r = await runCli(['build'], dir);
    expect(r.code).toBe(0);
    const tree = await readTree(join(dir, 'dist'));
    expect([...tree.keys()].sort()).toEqual(['kql-validation/CustomFunctions/MHSMAudit.json', 'monitor/azuredeploy.json']);
    const types = JSON.parse(tree.get('monitor/azuredeploy.json')!).resources.map((x: { type: string }) => x.type);
    expect(types).toEqual(['Microsoft.OperationalInsights/workspaces/savedSearches', 'Microsoft.Insights/actionGroups', 'Microsoft.Insights/scheduledQueryRules', 'Microsoft.Insights/scheduledQueryRules']);
  });
});
