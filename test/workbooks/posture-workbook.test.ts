/**
 * The posture workbook (workbooks/managed-hsm-posture.yaml) and the baseline map agree: every check the map shows
 * in a tile has that tile, with a column named after the check, and the tiles replay on the sample Resource Graph
 * tables (samples/posture/arg/) and the scenario logs to the verdicts those samples hold.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { previewWorkbook } from '../../src/workbooks/index.ts';
import { POSTURE_WORKBOOK, stateChecks } from '../../src/coverage/practices.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const pascal = (id: string) => id.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

describe('posture workbook', () => {
  const preview = previewWorkbook({ root: ROOT, name: POSTURE_WORKBOOK });
  const rows = (step: string) => {
    const r = preview.run.steps.get(step)!.result!;
    return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
  };

  it('runs every query on the samples without an error', () => {
    expect(preview.run.runs.filter((r) => r.error).map((r) => `${r.query.id}: ${r.error?.message}`)).toEqual([]);
    expect(preview.problems).toEqual([]);
  });

  it('has a tile, with a column named after the check, for every check the map shows in the workbook', () => {
    const tiled = stateChecks().filter((c) => c.workbookTile);
    expect(tiled.length).toBeGreaterThanOrEqual(8);
    for (const c of tiled) {
      const run = preview.run.steps.get(c.workbookTile!);
      expect(run, `${c.id}: step ${c.workbookTile}`).toBeDefined();
      expect(run!.result!.columns.map((col) => col.name), c.id).toContain(pascal(c.id));
    }
    // and no tile the map does not name
    const named = new Set(tiled.map((c) => c.workbookTile));
    const tiles = [...preview.run.steps.keys()].filter((id) => id.startsWith('posture-') && !['posture-summary', 'posture-remediation'].includes(id));
    expect(tiles.filter((t) => !named.has(t))).toEqual([]);
  });

  it('shows the verdicts the sample HSMs hold', () => {
    const network = Object.fromEntries(rows('posture-network').map((r) => [r.Hsm, r]));
    expect(network['contoso-mhsm']).toMatchObject({ PublicNetworkAccessDisabled: 'pass', FirewallDefaultDeny: 'pass', PrivateEndpointApproved: 'pass' });
    expect(network['contoso-mhsm-dr']).toMatchObject({ PublicNetworkAccessDisabled: 'fail: Enabled', FirewallDefaultDeny: 'fail: Allow' });
    expect(network['contoso-mhsm-dev']).toMatchObject({ PrivateEndpointApproved: 'fail: none approved' });
    // the key vault and the storage account of the samples are not HSMs
    expect(Object.keys(network).sort()).toEqual(['contoso-mhsm', 'contoso-mhsm-dev', 'contoso-mhsm-dr']);
    const recovery = Object.fromEntries(rows('posture-recovery').map((r) => [r.Hsm, r]));
    expect(recovery['contoso-mhsm-dev']).toMatchObject({ PurgeProtectionEnabled: 'fail: off', SoftDeleteRetention: 'fail: 7 days', SecurityDomainActivated: 'fail: NotActivated', RegularBackups: 'fail: none in the logs searched' });
    expect(recovery['contoso-mhsm']).toMatchObject({ RegularBackups: 'pass' });
    // the logs come from the scenarios: the DR HSM's last audit event is days before the end of the data
    const logging = Object.fromEntries(rows('posture-logging').map((r) => [r.Hsm, r]));
    expect(logging['contoso-mhsm']!.AuditEventsArriving).toBe('pass');
    expect(logging['contoso-mhsm-dev']!.AuditEventsArriving).toBe('fail: no audit events in this workspace');
    const policy = Object.fromEntries(rows('posture-policy').map((r) => [r.Hsm, r]));
    expect(policy['contoso-mhsm-dr']).toMatchObject({ AzurePolicyCompliant: 'fail: 1 non-compliant', NonCompliant: 1 });
    expect(rows('posture-remediation').map((r) => r.Check)).toEqual(stateChecks().filter((c) => c.workbookTile).map((c) => c.id));
  });
});
