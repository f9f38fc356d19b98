/**
 * content build --solution: the Content Hub package of the pack's own content, checked as upstream packaging and
 * arm-ttk would, deployed to an empty workspace of the ARM imitation, and used as the portal uses it (a rule
 * created from a template). Nothing here depends on the text of a query.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArmClient, checkSolution, type SolutionFile } from '../../src/deploy/index.ts';
import { loadTableSchemas } from '../../src/content/index.ts';
import { ArmImitation } from './arm-server/server.ts';
import { deployTemplate } from './arm-template-deployer.ts';
import { FakeCredential, packCopy, runCli } from './helpers.ts';

const SUB = '00000000-0000-4000-8000-000000000002';
type Json = Record<string, any>;

/** The files under `dir`, with paths relative to `from` (as the build names them). */
async function readTree(dir: string, from: string): Promise<SolutionFile[]> {
  const out: SolutionFile[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push({ path: relative(from, p).split('\\').join('/'), data: p.endsWith('.zip') ? new Uint8Array(await readFile(p)) : await readFile(p, 'utf8') });
    }
  };
  await walk(dir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

describe('content build --solution', () => {
  let server: ArmImitation;
  let client: ArmClient;
  let dir: string;
  let base: string;
  let files: SolutionFile[];
  const text = (suffix: string) => String(files.find((f) => f.path.endsWith(suffix))!.data);
  const main = () => JSON.parse(text('/Package/mainTemplate.json')) as Json;

  beforeAll(async () => {
    server = new ArmImitation();
    await server.start();
    server.queryValidation = { tables: loadTableSchemas() };
    client = new ArmClient({ credential: new FakeCredential(), endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { maxRetries: 0 } });
    dir = await packCopy();
    const r = await runCli(['build', '--solution'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    base = join(dir, 'dist/solution', pkg.solution.displayName);
    files = await readTree(base, join(dir, 'dist'));
  }, 180_000);
  afterAll(() => server.stop());

  it('writes the packager\'s folder: sources, Data, metadata, release notes and the package, byte-identical on rebuild', async () => {
    const prefix = `solution/${JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).solution.displayName}/`;
    const paths = files.map((f) => f.path.slice(prefix.length));
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const version = pkg.solution.version ?? pkg.version;
    expect(paths).toEqual(expect.arrayContaining([
      `Data/Solution_${pkg.solution.displayName}.json`, 'SolutionMetadata.json', 'ReleaseNotes.md',
      'Package/mainTemplate.json', 'Package/createUiDefinition.json', `Package/${version}.zip`, 'Parsers/ManagedHsmAudit.yaml',
    ]));
    const data = JSON.parse(text('/Data/Solution_' + pkg.solution.displayName + '.json'));
    for (const f of [...data['Analytic Rules'], ...data.Parsers, ...data.Workbooks]) expect(paths).toContain(f);
    expect(data.Version).toBe(version);
    expect(text('/ReleaseNotes.md')).toMatch(new RegExp(`^\\| ${version.replace(/\./g, '\\.')} \\| \\d\\d-\\d\\d-\\d{4} \\|`, 'm'));
    const zip = unzipSync(files.find((f) => f.path.endsWith('.zip'))!.data as Uint8Array);
    expect(strFromU8(zip['mainTemplate.json']!)).toBe(text('/Package/mainTemplate.json'));
    expect((await runCli(['build', '--solution'], dir)).code).toBe(0);
    expect(await readTree(base, join(dir, 'dist'))).toEqual(files);
  }, 180_000);

  it('one contentTemplate per rule (an AlertRuleTemplate, not a rule), parser and workbook, all dependencies of the one contentPackages', async () => {
    const t = main();
    const { content } = await (await import('../../src/deploy/index.ts')).loadDeployContent(dir);
    const templates = t.resources.filter((r: Json) => r.type.endsWith('/contentTemplates'));
    const kinds = (k: string) => templates.filter((r: Json) => r.properties.contentKind === k);
    expect(kinds('AnalyticsRule').length).toBe(content.rules.length);
    expect(kinds('Parser').length).toBe(content.functions.length);
    expect(kinds('Workbook').length).toBe(content.workbooks.length);
    expect(t.resources.filter((r: Json) => r.type.endsWith('/contentPackages')).length).toBe(1);
    expect(t.resources.some((r: Json) => r.type.endsWith('/alertRules'))).toBe(false);
    for (const r of kinds('AnalyticsRule')) expect(r.properties.mainTemplate.resources.map((x: Json) => x.type)).toEqual(['Microsoft.SecurityInsights/AlertRuleTemplates', 'Microsoft.OperationalInsights/workspaces/providers/metadata']);
    expect(checkSolution(files)).toEqual([]);
  }, 180_000);

  it('the checks catch what upstream packaging and arm-ttk would refuse', () => {
    const t = main();
    t.parameters.unused = { type: 'string', defaultValue: 'x' };
    t.variables.orphan = 'x';
    t.resources.find((r: Json) => r.type.endsWith('/contentTemplates')).location = 'westeurope';
    const pkg = t.resources.find((r: Json) => r.type.endsWith('/contentPackages'));
    const dropped = pkg.properties.dependencies.criteria.shift();
    const broken = files.map((f) => (f.path.endsWith('/Package/mainTemplate.json') ? { ...f, data: `${JSON.stringify(t, null, 2)}\n` } : f));
    const checks = checkSolution(broken).map((f) => `${f.check}: ${f.message}`);
    expect(checks).toEqual(expect.arrayContaining([
      "Parameters-Must-Be-Referenced: parameter 'unused' is never used",
      "Variables-Must-Be-Referenced: variable 'orphan' is never used",
      expect.stringMatching(/^Location-Should-Not-Be-Hardcoded: Microsoft\.OperationalInsights\/workspaces\/providers\/contentTemplates has location 'westeurope'$/),
      expect.stringMatching(new RegExp(`^contentPackages dependencies: ${dropped.kind} '.+' is not among the solution's dependencies$`)),
      'zip: the zipped mainTemplate.json differs from Package/mainTemplate.json',
    ]));
  }, 180_000);

  it('deploys to an empty workspace: templates and the parser, no rules; a rule created from a template deploys', async () => {
    const d = { subscriptionId: SUB, resourceGroup: 'rg-hub', location: 'westeurope', parameters: { workspace: 'law', 'workspace-location': 'westeurope' } };
    const t = main();
    const written = await deployTemplate(client, t, d);
    expect(written.length).toBe(t.resources.length);
    expect(server.resources('alertRules')).toEqual([]);
    expect(server.resources('contentPackages').length).toBe(1);
    expect(server.resources('savedSearches').map((r) => (r.body.properties as Json).functionAlias)).toEqual(['ManagedHsmAudit']);
    const stored = server.resources('contentTemplates').filter((r) => (r.body.properties as Json).contentKind === 'AnalyticsRule');
    expect(stored.length).toBeGreaterThan(0);
    // As the portal does when a SOC creates a rule from a template: the template's properties, with its name and version.
    const tpl = stored.find((r) => /ManagedHsmAudit/.test(JSON.stringify(r.body)))!.body.properties as Json;
    const inner = tpl.mainTemplate.resources[0];
    const { status: _s, requiredDataConnectors: _r, ...ruleProps } = inner.properties;
    const rulePath = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.OperationalInsights/workspaces/law/providers/Microsoft.SecurityInsights/alertRules/${inner.name}`;
    await client.request('PUT', client.url(rulePath, inner.apiVersion), { kind: inner.kind, properties: { ...ruleProps, enabled: true, alertRuleTemplateName: inner.name, templateVersion: tpl.version } });
    expect(server.resources('alertRules').length).toBe(1);
  }, 180_000);

  it('a rule whose version rises gets a new template version and product id: the Content Hub shows an update', async () => {
    const first = main();
    const before = first.resources.filter((r: Json) => r.type.endsWith('/contentTemplates') && r.properties.contentKind === 'AnalyticsRule');
    const file = join(dir, 'detections/security-domain/security-domain-download.yaml');
    const yaml = await readFile(file, 'utf8');
    const m = /^version: (\d+)\.(\d+)\.(\d+)$/m.exec(yaml)!;
    const bumped = `${m[1]}.${Number(m[2]) + 1}.0`;
    await writeFile(file, yaml.replace(m[0], `version: ${bumped}`));
    expect((await runCli(['build', '--solution'], dir)).code).toBe(0);
    const after = JSON.parse(await readFile(join(base, 'Package/mainTemplate.json'), 'utf8')) as Json;
    const id = /^id: (\S+)$/m.exec(yaml)![1]!.toLowerCase();
    const obj = Object.entries<Json>(after.variables).find(([, v]) => typeof v === 'object' && Object.values(v).includes(id))!;
    const versionOf = (t: Json, name: string) => Object.entries<any>(t.variables[name]).find(([k]) => k.startsWith('analyticRuleVersion'))![1];
    expect(versionOf(after, obj[0])).toBe(bumped);
    const productOf = (t: Json, name: string) => Object.entries<any>(t.variables[name]).find(([k]) => k.startsWith('_analyticRulecontentProductId'))![1];
    expect(productOf(after, obj[0])).toContain(`'${bumped}'`);
    expect(productOf(after, obj[0])).not.toBe(productOf(first, obj[0]));
    expect(after.resources.filter((r: Json) => r.type.endsWith('/contentTemplates') && r.properties.contentKind === 'AnalyticsRule').length).toBe(before.length);
    // Deployed over the first install, that template now carries the higher version.
    const d = { subscriptionId: SUB, resourceGroup: 'rg-hub', location: 'westeurope', parameters: { workspace: 'law', 'workspace-location': 'westeurope' } };
    await deployTemplate(client, after, d);
    const versions = server.resources('contentTemplates').filter((r) => (r.body.properties as Json).contentId === id).map((r) => (r.body.properties as Json).version);
    expect(versions).toEqual([bumped]);
  }, 180_000);
});
