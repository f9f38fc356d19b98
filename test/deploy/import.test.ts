/**
 * content import: exported ARM templates, a rule resource and a workspace (through the ARM imitation) into the
 * pack's YAML and test skeletons that content lint passes without errors. Fixtures: fixtures/import/README.md.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connection } from '../../src/cli/commands/deploy.ts';
import { ArmImitation } from './arm-server/server.ts';
import { FakeCredential, fixtureCopy, runCli } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures/import');
const SUB = '00000000-0000-4000-8000-000000000001';
let dir: string;
let connectionBefore: typeof connection;

beforeEach(async () => {
  connectionBefore = { ...connection };
  dir = await fixtureCopy();
  await cp(FIXTURES, join(dir, 'exports'), { recursive: true });
  await writeFile(join(dir, 'exports/broken.json'), '{\n  "resources": [\n    { "type": "Microsoft.OperationalInsights/workspaces/providers/alertRules", }\n  ]\n}\n');
});
afterEach(() => {
  for (const key of Object.keys(connection) as (keyof typeof connection)[]) delete connection[key];
  Object.assign(connection, connectionBefore);
});

const yamlOf = async (file: string) => parse(await readFile(join(dir, file), 'utf8')) as Record<string, any>;

describe('content import', () => {
  it('turns exported rules into lint-clean YAML with test skeletons; what YAML cannot hold is said, bad files named', async () => {
    const r = await runCli(['import', 'exports/analytics-export.json', 'exports/repositories-sample.json', 'exports/rule-resource.json', 'exports/broken.json'], dir);
    expect(r.code).toBe(1); // the broken file
    expect(r.stdout.split('\n').filter((l) => l.endsWith('.yaml') && !l.endsWith('.changelog.yaml'))).toEqual([
      'detections/imported/mass-key-retrieval-from-a-managed-hsm.yaml', 'detections/imported/mass-key-retrieval-from-a-managed-hsm.test.yaml',
      'detections/imported/managed-hsm-security-domain-downloaded-nrt.yaml', 'detections/imported/managed-hsm-security-domain-downloaded-nrt.test.yaml',
      'detections/imported/failed-managed-hsm-requests-from-one-address.yaml', 'detections/imported/failed-managed-hsm-requests-from-one-address.test.yaml',
      'detections/imported/managed-hsm-key-deleted-or-purged.yaml', 'detections/imported/managed-hsm-key-deleted-or-purged.test.yaml',
    ]);
    expect(r.stdout).toContain('imported 4 of 5 rules into detections/imported');
    const err = r.stderr.split('\n');
    expect(err).toContain('exports/analytics-export.json:140:5: BuiltInFusion: kind Fusion has no query-rule YAML form (only Scheduled and NRT); skipped');
    expect(err).toContain('exports/analytics-export.json:99:9: Managed HSM security domain downloaded (NRT): disabled in the source; the pack has no per-rule enabled field: put 8b1f5e27-4c9d-4a3b-b2e6-7d0a9c3f1e45 in rules.disabled of the environment (content.config.yaml)');
    expect(err.some((l) => /^exports\/analytics-export\.json:\d+:\d+: Managed HSM security domain downloaded \(NRT\): made from the gallery template c2d9a0bb-6b4e-4b2a-8a3f-5e7d1f2c9b10 \(version 1\.0\.2\)/.test(l))).toBe(true);
    expect(err.find((l) => l.startsWith('exports/broken.json:'))).toMatch(/^exports\/broken\.json:3:\d+: not JSON \(/);

    const mass = await yamlOf('detections/imported/mass-key-retrieval-from-a-managed-hsm.yaml');
    expect(mass).toMatchObject({
      id: '3d2e8c41-6b0a-4f5e-9a7d-1c4b2e6f8a90', name: 'Mass key retrieval from a Managed HSM', severity: 'Medium',
      queryFrequency: '1h', queryPeriod: '1h', triggerOperator: 'gt', triggerThreshold: 0,
      tactics: ['Collection', 'CredentialAccess'], relevantTechniques: ['T1555', 'T1552.004'],
      customDetails: { KeysRetrieved: 'Count', HsmName: 'HsmName' }, alertDetailsOverride: { alertDisplayNameFormat: '{{Count}} keys retrieved from {{HsmName}}' },
      incidentConfiguration: { createIncident: true, groupingConfiguration: { enabled: true, lookbackDuration: '5h', matchingMethod: 'AllEntities' } },
      version: '1.0.0', kind: 'Scheduled',
    });
    expect(mass.query).not.toContain('\r');
    expect(mass.query.split('\n')[2]).toBe('| where ResourceProvider == "MICROSOFT.KEYVAULT" and ResourceType == "MANAGEDHSMS"');
    expect(mass.eventGroupingSettings).toBeUndefined(); // SingleAlert, the default
    expect(await readFile(join(dir, 'detections/imported/mass-key-retrieval-from-a-managed-hsm.yaml'), 'utf8')).toMatch(/^query: \|-?\n {2}let Threshold = 25;\n {2}AzureDiagnostics\n/m);
    expect(await yamlOf('detections/imported/failed-managed-hsm-requests-from-one-address.yaml')).toMatchObject({ id: '5e0c7a93-2d4b-4f81-a6c2-9b3e1d7f0c28', queryPeriod: '1d', suppressionEnabled: true, suppressionDuration: '1h' });
    const nrt = await yamlOf('detections/imported/managed-hsm-security-domain-downloaded-nrt.yaml');
    expect(nrt).toMatchObject({ kind: 'NRT', version: '1.0.2', eventGroupingSettings: { aggregationKind: 'AlertPerResult' } });
    expect(nrt.queryFrequency).toBeUndefined();
    const test = await yamlOf('detections/imported/managed-hsm-key-deleted-or-purged.test.yaml');
    expect(test.cases.map((c: { kind: string }) => c.kind)).toEqual(['positive', 'negative']);
    expect(test.cases[0].rows).toEqual({ AzureDiagnostics: [] });

    expect(parse(await readFile(join(dir, 'detections/imported/managed-hsm-key-deleted-or-purged.changelog.yaml'), 'utf8'))).toEqual([
      { version: '1.0.0', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), changes: ['Imported from exports/rule-resource.json (last modified there 2026-10-14).'] },
    ]);
    const lint = await runCli(['lint', 'detections/imported', '--no-replay', '--format', 'json'], dir);
    const found = JSON.parse(lint.stdout) as { counts: { errors: number }; problems: { file: string; line: number; code: string; severity: string; message: string }[] };
    expect(found.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(lint.code).toBe(0);

    // Again: the rules are in the pack now (same ids), so nothing is written twice.
    const again = await runCli(['import', 'exports/rule-resource.json'], dir);
    expect(again.stderr).toMatch(/^exports\/rule-resource\.json:1:1: Managed HSM key deleted or purged: already in the pack as detections\/imported\/managed-hsm-key-deleted-or-purged\.yaml \(same id\); not imported/);
    expect(again.stdout).toContain('imported 0 of 1 rules');
  }, 120_000);

  it('reads the rules of a workspace through ARM', async () => {
    const server = new ArmImitation();
    await server.start();
    try {
      connection.credential = async () => new FakeCredential();
      connection.tlsOptions = { ca: server.cert };
      const ws = `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law`;
      const body = JSON.parse(await readFile(join(FIXTURES, 'rule-resource.json'), 'utf8'));
      server.seed('alertRules', `${ws}/providers/Microsoft.SecurityInsights/alertRules/${body.name}`, { ...body, id: `${ws}/providers/Microsoft.SecurityInsights/alertRules/${body.name}` });
      const r = await runCli(['import', '--subscription', SUB, '--resource-group', 'rg-sec', '--workspace', 'law', '--arm-endpoint', server.url, '--out', 'detections/from-workspace'], dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('imported 1 of 1 rules into detections/from-workspace');
      const list = server.requests.find((q) => q.method === 'GET' && q.path.endsWith('/providers/Microsoft.SecurityInsights/alertRules'))!;
      expect(list.apiVersion).toBe('2025-10-01-preview');
      expect(list.headers.authorization).toBe('Bearer test-token');
      expect(await yamlOf('detections/from-workspace/managed-hsm-key-deleted-or-purged.yaml')).toMatchObject({
        id: '73e01a99-5cd7-4139-a149-9f2736ff2ab5', queryFrequency: '5m', relevantTechniques: ['T1485'],
        entityMappings: [{ entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'Caller' }, { identifier: 'AadUserId', columnName: 'CallerObjectId' }] }],
      });
      const none = await runCli(['import'], dir);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/give rule files to import, or a workspace to read: --subscription is required/);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
