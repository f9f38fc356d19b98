import { describe, expect, it } from 'vitest';
import { checkExpectations } from '../../src/replay/expect.ts';
import type { Alert } from '../../src/replay/alerts.ts';
import type { TestCase } from '../../src/replay/test-file.ts';

const alert: Alert = {
  ruleId: 'r', ruleName: 'R', firedAt: '2026-11-20T12:00:00Z', window: { start: '2026-11-20T11:00:00Z', end: '2026-11-20T12:00:00Z' },
  name: 'Security domain downloaded from contoso-mhsm', description: 'Dave downloaded the security domain from 203.0.113.7.',
  severity: 'High', tactics: ['Collection', 'Exfiltration'],
  entities: [
    { type: 'Account', identifiers: { FullName: 'dave@contoso.com', AadUserId: '9d8c' } },
    { type: 'IP', identifiers: { Address: '203.0.113.7' } },
  ],
  customDetails: { Hsm: ['contoso-mhsm'], Ops: ['a', 'b'] }, resultCount: 2,
};
const outcome = { alerts: [alert], incidents: [], resultCount: 2, runs: 1 };
const kase = (kind: 'positive' | 'negative', e: TestCase['expect']): TestCase => ({ name: 'c', kind, data: [], rows: {}, expect: e, line: 1, column: 1 });

describe('checkExpectations', () => {
  it('passes when every stated field matches (entity identifiers as subsets, tactics and details as sets, ~ for substrings)', () => {
    const f = checkExpectations(kase('positive', {
      alerts: 1, results: 2, incidents: 0,
      alert: [{
        name: 'Security domain downloaded from contoso-mhsm', description: '~from 203.0.113.7', severity: 'High', tactics: ['Exfiltration', 'Collection'],
        entities: { Account: [{ FullName: 'dave@contoso.com' }], IP: [{ Address: '203.0.113.7' }] },
        customDetails: { Hsm: 'contoso-mhsm', Ops: ['b', 'a'] }, firedAt: '2026-11-20T12:00:00Z',
      }],
    }), outcome);
    expect(f).toEqual([]);
  });

  it('shows a diff of only the differing fields', () => {
    const f = checkExpectations(kase('positive', {
      alert: [{ name: 'Security domain downloaded from contoso-mhsm', severity: 'Low', entities: { IP: [{ Address: '198.51.100.1' }] } }],
    }), outcome);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe('expect.alert[0] does not match the alert');
    const changed = f[0]!.diff!.split('\n').filter((l) => /^[+-][^+-]/.test(l));
    expect(changed).toEqual(['-  severity: Low', '+  severity: High', '-      - Address: 198.51.100.1', '+      - Address: 203.0.113.7']);
  });

  it('applies kind defaults: positive needs an alert, negative must have none', () => {
    expect(checkExpectations(kase('positive', {}), { ...outcome, alerts: [] })[0]!.message).toBe('expected at least 1 alert(s), got 0');
    expect(checkExpectations(kase('negative', {}), outcome)[0]!.message).toBe('negative case produced 1 alert; it must produce none');
    expect(checkExpectations(kase('negative', {}), { ...outcome, alerts: [] })).toEqual([]);
    expect(checkExpectations(kase('positive', { alerts: { min: 2 } }), outcome)[0]!.message).toBe('expected at least 2 alert(s), got 1');
    expect(checkExpectations(kase('positive', { incidents: 1 }), outcome)[0]!.message).toBe('expected 1 incident(s), got 0');
  });

  it('reports an expected alert that does not exist', () => {
    const f = checkExpectations(kase('positive', { timeline: [{ firedAt: '2026-11-20T12:00:00Z' }, { firedAt: '2026-11-20T13:00:00Z' }] }), outcome);
    expect(f[0]!.message).toBe('expect.timeline[1] does not match the alert (there is no such alert)');
    expect(f[0]!.diff).toContain('+- null');
  });
});
