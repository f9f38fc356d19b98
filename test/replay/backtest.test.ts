/**
 * `content replay` explains itself: the period defaults to what the data covers, alerts that only reflect the
 * dataset's edges are marked (or left out with fullLookback), incidents come in time order and accounts by name.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtest, formatBacktestTable } from '../../src/replay/index.ts';
import { accountNames, entityLabel } from '../../src/replay/entities.ts';

const root = resolve(import.meta.dirname, '../..');
const NO_BACKUP = 'detections/backup-recovery/no-recent-backup.yaml';
const DELETED = 'detections/backup-recovery/hsm-deleted-or-purged.yaml';

describe('content replay over a one-day sample', () => {
  it('defaults the period to the data, and marks the no-backup alerts as reflecting where the data starts', async () => {
    const r = await backtest(root, { data: 'samples/scenarios/logging', rules: [NO_BACKUP, DELETED] });
    expect(r.data).toBeDefined();
    expect(Date.parse(r.from)).toBeLessThanOrEqual(Date.parse(r.data!.start));
    expect(Date.parse(r.to)).toBeGreaterThan(Date.parse(r.data!.end));
    const noBackup = r.alerts.filter((a) => a.ruleName === r.rules.find((x) => x.ruleFile === NO_BACKUP)!.ruleName);
    expect(noBackup.length).toBeGreaterThan(0);
    for (const a of noBackup) expect(a.edge).toMatchObject({ kind: 'lookback', message: expect.stringMatching(/^look-back starts \d+ d( \d+ h)? before the data does$/) });
    // An alert on an event the data holds is not an edge.
    const deleted = r.alerts.filter((a) => a.ruleName.includes('deleted') || a.name.includes('deleted'));
    expect(deleted.length).toBeGreaterThan(0);
    for (const a of deleted) expect(a.edge).toBeUndefined();
    const text = formatBacktestTable(r);
    expect(text).toMatch(/\(edge: look-back starts \d+ d/);
    expect(text).toContain('--full-lookback');
  });

  it('with fullLookback runs a rule only once its look-back is covered', async () => {
    const r = await backtest(root, { data: 'samples/scenarios/logging', rules: [NO_BACKUP, DELETED], fullLookback: true });
    const noBackup = r.rules.find((x) => x.ruleFile === NO_BACKUP)!;
    expect(noBackup.runs).toBe(0); // a 14-day look-back over a one-day sample never is
    expect(noBackup.skippedRuns).toBeGreaterThan(0);
    expect(r.alerts.some((a) => a.edge)).toBe(false);
    expect(r.alerts.length).toBeGreaterThan(0); // the deletion still alerts
  });

  it('lists incidents in the order they were created, numbered so', async () => {
    const r = await backtest(root, { data: 'samples/scenarios/backup-recovery', rules: ['detections/backup-recovery'] });
    expect(r.incidents.length).toBeGreaterThan(1);
    expect(r.incidents.map((i) => i.number)).toEqual(r.incidents.map((_, i) => i + 1));
    const created = r.incidents.map((i) => i.createdAt);
    expect(created).toEqual([...created].sort());
    for (const inc of r.incidents) for (const id of inc.alertIds) expect(r.alerts[id]!.ruleId).toBe(inc.ruleId);
  });
});

describe('entity labels', () => {
  it('shows an account by name, and one mapped by object id alone by a name another alert gives it', () => {
    const withName = { type: 'Account', identifiers: { AadUserId: '9D8C7B6A-5F4E-4D3C-8B2A-1F0E9D8C7B6A', FullName: 'dave.ops@contoso.com' } };
    const idOnly = { type: 'Account', identifiers: { AadUserId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' } };
    const names = accountNames([[withName]]);
    expect(entityLabel(withName)).toBe('dave.ops@contoso.com');
    expect(entityLabel(idOnly, names)).toBe('dave.ops@contoso.com (9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a)');
    expect(entityLabel(idOnly)).toBe('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a');
    expect(entityLabel({ type: 'Account', identifiers: { Name: 'dave', UPNSuffix: 'contoso.com' } })).toBe('dave@contoso.com');
    expect(entityLabel({ type: 'AzureResource', identifiers: { ResourceId: '/subscriptions/x/resourcegroups/rg/providers/microsoft.keyvault/managedhsms/contoso-mhsm' } })).toBe('contoso-mhsm');
    expect(entityLabel({ type: 'IP', identifiers: { Address: '203.0.113.66' } })).toBe('203.0.113.66');
    expect(entityLabel({ type: 'CloudApplication', identifiers: { AppId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' } })).toBe('Azure CLI (04b07795-8ddb-461a-bbee-02f9e1bf7b46)');
    expect(entityLabel({ type: 'CloudApplication', identifiers: { AppId: '11111111-2222-3333-4444-555555555555' } })).toBe('11111111-2222-3333-4444-555555555555');
  });
});
