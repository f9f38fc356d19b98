/**
 * The "HSM out of baseline" log search alert: its query covers every Resource Graph-observable check of the map,
 * binds and replays on the sample Resource Graph rows (samples/posture/arg/), and the template's resource is a
 * scheduledQueryRules body the REST spec accepts (the shapes the ARM imitation checks, test/deploy/arm-server).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, loadDataDirectory } from '../../src/kql/index.ts';
import { loadSchemaSet } from '../../src/content/schemas.ts';
import { stateChecks } from '../../src/coverage/practices.ts';
import { outOfBaselineAlertTemplate, outOfBaselineQuery, resourceChecks } from '../../src/posture/index.ts';
import { validateBody } from '../deploy/arm-server/shapes.ts';
import { runCli } from '../deploy/helpers.ts';
import { scratchDir } from '../scratch.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('HSM out of baseline alert', () => {
  it('has a failing condition for every check of the map that reads the resource', () => {
    expect(resourceChecks().map((c) => c.id)).toEqual(stateChecks().filter((c) => c.source === 'resource').map((c) => c.id));
  });

  it('finds the sample HSMs that are out of baseline, with the failing checks', () => {
    const { tables, functions } = loadSchemaSet();
    const db = loadDataDirectory(join(ROOT, 'samples/posture'), tables);
    const result = createEngine({ tables, functions }).run(outOfBaselineQuery(), db);
    const rows = Object.fromEntries(result.rows.map((r) => [r[0], r[4]]));
    expect(rows).toEqual({
      'contoso-mhsm-dr': 'public-network-access-disabled, firewall-default-deny',
      'contoso-mhsm-dev': 'private-endpoint-approved, purge-protection-enabled, soft-delete-retention, security-domain-activated',
    });
    // a stricter soft-delete threshold is part of the query
    expect(outOfBaselineQuery({ softDeleteRetentionDays: 30, logRetentionDays: 365, backupMaxAgeDays: 7, auditSilenceHours: 24 })).toContain('softDeleteRetentionInDays), 90) < 30');
  });

  it('is a scheduledQueryRules resource with a system-assigned identity that the 2023-12-01 API accepts', () => {
    const template = outOfBaselineAlertTemplate() as { resources: Record<string, unknown>[]; outputs: Record<string, { value: string }> };
    const resource = template.resources[0]!;
    expect(resource).toMatchObject({ type: 'Microsoft.Insights/scheduledQueryRules', apiVersion: '2023-12-01', identity: { type: 'SystemAssigned' } });
    // The body ARM sends once the template's expressions are evaluated (parameters given, no action group).
    const evaluated = JSON.parse(JSON.stringify({ location: resource.location, kind: resource.kind, identity: resource.identity, properties: resource.properties })
      .replace(`"[parameters('location')]"`, '"westeurope"')
      .replace(`"[parameters('workspaceResourceId')]"`, '"/subscriptions/3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/sentinel-prod"')
      .replace(`"[if(empty(parameters('actionGroupId')), createArray(), createArray(parameters('actionGroupId')))]"`, '[]'));
    expect(validateBody('scheduledQueryRules', evaluated, '2023-12-01')).toBeUndefined();
    expect(template.outputs.principalId!.value).toContain('.identity.principalId');
  });

  it('content posture --alert-template writes it without needing a scope', async () => {
    const dir = scratchDir('posture-alert-');
    const r = await runCli(['posture', '--alert-template', 'alert.json', '--soft-delete-days', '60'], dir);
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'alert.json'), 'utf8'));
    expect(written.resources[0].properties.criteria.allOf[0].query).toContain('< 60');
  });
});
