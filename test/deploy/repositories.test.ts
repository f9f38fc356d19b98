/**
 * The `repository/` build with a Sentinel Repositories connection: one repository deployed to two workspaces by the
 * stand-in of the connection's deploy script (repositories-deploy.ts), each getting its environment's values from
 * the `*.parameters-<workspaceId>.json` files, parsers before the rules that call them (the ARM imitation validates
 * a rule's query against the functions present when it is written), and the config's exclude and mapping sections
 * honoured.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArmClient } from '../../src/deploy/index.ts';
import { loadTableSchemas } from '../../src/content/index.ts';
import { ArmImitation } from './arm-server/server.ts';
import { deployRepository } from './repositories-deploy.ts';
import { FakeCredential, fixtureCopy, runCli } from './helpers.ts';

const SUB = '00000000-0000-4000-8000-000000000006';
const DEV = '11111111-1111-4111-8111-111111111111';
const PROD = '22222222-2222-4222-8222-222222222222';
const RULE = '4a5b2f0e-7c1d-4e8a-9b3f-2d6c8e1f0a11';
const NRT = '9c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const CALLER = '3e7a1c5b-9d2f-4b6e-8a0c-5f1d3b7e9a24';
/** Two workspaces from one repository: dev disables the NRT rule and lowers a severity; prod lists break-glass admins. */
const CONFIG = `environments:
  dev:
    workspace: law-dev
    workspaceId: ${DEV}
    targets: [sentinel]
    rules:
      disabled: [${NRT}]
      overrides:
        ${RULE}: { severity: Medium }
  prod:
    workspace: law-prod
    workspaceId: ${PROD}
    targets: [sentinel]
    parameters:
      HsmAdminAllowList: [breakglass@contoso.com]
`;

describe('Sentinel Repositories', () => {
  let server: ArmImitation;
  let client: ArmClient;
  let dir: string;
  const ws = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/${name}`;
  const rule = (rg: string, name: string, id: string) => server.get(`${ws(rg, name)}/providers/Microsoft.SecurityInsights/alertRules/${id}`)?.body.properties as Record<string, any> | undefined;

  beforeAll(async () => {
    server = new ArmImitation();
    await server.start();
    server.queryValidation = { tables: loadTableSchemas() };
    client = new ArmClient({ credential: new FakeCredential(), endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { maxRetries: 0 } });
    dir = await fixtureCopy();
    await writeFile(join(dir, 'content.config.yaml'), CONFIG);
    // A rule that calls the parser: Sentinel refuses it while the parser is missing.
    await writeFile(join(dir, 'detections/security-domain/parser-caller.yaml'), (await readFile(join(dir, 'detections/security-domain/role-assignment-nrt.yaml'), 'utf8'))
      .replace(/^id: .*$/m, `id: ${CALLER}`).replace(/^name: .*$/m, 'name: Managed HSM security domain operation through the parser')
      .replace(/query: \|[\s\S]*?\nentityMappings/, 'query: |\n  MHSMAudit\n  | where OperationName startswith "SecurityDomain"\n  | project TimeGenerated, Caller, CallerIPAddress\nentityMappings'));
    const built = await runCli(['build', '--env', 'prod'], dir);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
  }, 180_000);
  afterAll(() => server.stop());

  it('writes per-workspace parameter files for what differs, and a config that deploys parsers first', async () => {
    const read = async (f: string) => JSON.parse(await readFile(join(dir, 'dist/repository', f), 'utf8'));
    const config = await read('sentinel-deployment.config');
    expect(config).toEqual({ prioritizedcontentfiles: ['dist/repository/Parsers/mhsmaudit.json'], excludecontentfiles: [], parameterfilemappings: {} });
    const download = await read('AnalyticsRules/managed-hsm-security-domain-downloaded.json');
    expect(Object.keys(download.parameters).sort()).toEqual(['query', 'severity', 'workspace']);
    expect(download.parameters.severity.defaultValue).toBe('High');
    expect(download.resources[0].properties.severity).toBe("[parameters('severity')]");
    expect(download.parameters.query.defaultValue).toContain('let HsmAdminAllowList = dynamic(["breakglass@contoso.com"]);');
    expect((await read(`AnalyticsRules/managed-hsm-security-domain-downloaded.parameters-${DEV}.json`)).parameters).toMatchObject({ severity: { value: 'Medium' }, query: { value: expect.stringContaining('let HsmAdminAllowList = dynamic([]);') } });
    expect((await read(`AnalyticsRules/managed-hsm-security-domain-downloaded.parameters-${PROD}.json`)).parameters.severity).toEqual({ value: 'High' });
    expect((await read(`AnalyticsRules/managed-hsm-local-role-assignment-created.parameters-${DEV}.json`)).parameters).toEqual({ enabled: { value: false } });
  });

  it('one repository, two workspaces: each gets its own values, parsers first, exclusions and mappings honoured', async () => {
    // The connection's root is the repository folder; the config sits at its root (docs/deploy.md).
    const root = join(dir, 'repo');
    await cp(join(dir, 'dist/repository'), root, { recursive: true });
    const configFile = join(root, 'sentinel-deployment.config');
    const config = JSON.parse(await readFile(configFile, 'utf8'));
    config.prioritizedcontentfiles = config.prioritizedcontentfiles.map((f: string) => f.replace(/^dist\/repository\//, ''));
    await writeFile(configFile, JSON.stringify(config));
    const types = ['AnalyticsRule', 'Parser', 'Workbook'] as const;
    const dev = await deployRepository(client, { root, workspaceId: DEV, workspace: 'law-dev', subscriptionId: SUB, resourceGroup: 'rg-dev', contentTypes: [...types] });
    expect(dev.failed).toEqual([]);
    expect(dev.deployed[0]!.file).toBe('Parsers/mhsmaudit.json');
    expect(dev.deployed.map((x) => x.parameterFile).filter(Boolean).sort()).toEqual([
      `AnalyticsRules/managed-hsm-local-role-assignment-created.parameters-${DEV}.json`, `AnalyticsRules/managed-hsm-security-domain-downloaded.parameters-${DEV}.json`,
    ]);
    const prod = await deployRepository(client, { root, workspaceId: PROD, workspace: 'law-prod', subscriptionId: SUB, resourceGroup: 'rg-prod', contentTypes: [...types] });
    expect(prod.failed).toEqual([]);
    expect(rule('rg-dev', 'law-dev', RULE)).toMatchObject({ severity: 'Medium', enabled: true });
    expect(rule('rg-dev', 'law-dev', RULE)!.query).toContain('dynamic([])');
    expect(rule('rg-dev', 'law-dev', NRT)).toMatchObject({ enabled: false });
    expect(rule('rg-prod', 'law-prod', RULE)).toMatchObject({ severity: 'High' });
    expect(rule('rg-prod', 'law-prod', RULE)!.query).toContain('dynamic(["breakglass@contoso.com"])');
    expect(rule('rg-prod', 'law-prod', NRT)).toMatchObject({ enabled: true });
    expect(rule('rg-prod', 'law-prod', CALLER)).toBeDefined();

    // Without the config, files go in walk order: a rule is written before the parser it calls and is refused.
    const bare = join(dir, 'bare');
    await cp(root, bare, { recursive: true });
    await writeFile(join(bare, 'sentinel-deployment.config'), JSON.stringify({ prioritizedcontentfiles: [], excludecontentfiles: [], parameterfilemappings: {} }));
    const unordered = await deployRepository(client, { root: bare, workspaceId: PROD, workspace: 'law-fresh', subscriptionId: SUB, resourceGroup: 'rg-fresh', contentTypes: [...types] });
    expect(unordered.failed.map((f) => f.file)).toEqual(['AnalyticsRules/managed-hsm-security-domain-operation-through-the-parser.json']);
    expect(unordered.failed[0]!.message).toMatch(/MHSMAudit/);

    // excludecontentfiles and parameterfilemappings, as a SOC would add them to the copied config.
    config.excludecontentfiles = ['Workbooks/'];
    config.parameterfilemappings = { [PROD]: { 'AnalyticsRules/managed-hsm-security-domain-downloaded.json': `AnalyticsRules/managed-hsm-security-domain-downloaded.parameters-${DEV}.json` } };
    await writeFile(configFile, JSON.stringify(config));
    const mapped = await deployRepository(client, { root, workspaceId: PROD, workspace: 'law-stage', subscriptionId: SUB, resourceGroup: 'rg-stage', contentTypes: [...types] });
    expect(mapped.failed).toEqual([]);
    expect(mapped.deployed.some((x) => x.file.startsWith('Workbooks/'))).toBe(false);
    expect(rule('rg-stage', 'law-stage', RULE)).toMatchObject({ severity: 'Medium' });
    // A connection without the Workbooks content type skips nothing else.
    const rulesOnly = await deployRepository(client, { root, workspaceId: DEV, workspace: 'law-dev', subscriptionId: SUB, resourceGroup: 'rg-dev', contentTypes: ['AnalyticsRule'] });
    expect(rulesOnly.skipped).toEqual(['Parsers/mhsmaudit.json']);
    expect(rulesOnly.failed).toEqual([]);
  }, 120_000);
});
