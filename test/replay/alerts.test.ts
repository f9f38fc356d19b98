import { describe, expect, it } from 'vitest';
import { buildAlerts, renderTemplate } from '../../src/replay/alerts.ts';
import { rule } from './helpers.ts';

const ctx = { firedAt: new Date('2026-11-20T12:00:00Z'), window: { start: new Date('2026-11-20T11:00:00Z'), end: new Date('2026-11-20T12:00:00Z') } };
const columns = ['TimeGenerated', 'CallerUpn', 'CallerIp', 'HsmName', 'Sev', 'Tac'];
const rows = [
  ['2026-11-20T11:10:00Z', 'dave@contoso.com', '203.0.113.7', 'hsm-a', 'High', 'Collection, Exfiltration'],
  ['2026-11-20T11:20:00Z', 'dave@contoso.com', '', 'hsm-b', 'low', 'Impact'],
  ['2026-11-20T11:30:00Z', 'erin@contoso.com', '203.0.113.7', 'hsm-a', 'bogus', ''],
];
const mapped = {
  entityMappings: [
    { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'CallerUpn' }] },
    { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'CallerIp' }] },
  ],
  customDetails: { Hsm: 'HsmName' },
  alertDetailsOverride: {
    alertDisplayNameFormat: 'HSM {{HsmName}} used by {{CallerUpn}}',
    alertDescriptionFormat: 'From {{CallerIp}} ({{Missing}})',
    alertSeverityColumnName: 'Sev',
    alertTacticsColumnName: 'Tac',
  },
};

describe('buildAlerts', () => {
  it('applies the trigger operator and threshold to the row count', () => {
    expect(buildAlerts(rule({ triggerThreshold: 3 }), { columns, rows }, ctx)).toHaveLength(0);
    expect(buildAlerts(rule({ triggerThreshold: 2 }), { columns, rows }, ctx)).toHaveLength(1);
    expect(buildAlerts(rule({ triggerOperator: 'eq', triggerThreshold: 3 }), { columns, rows }, ctx)).toHaveLength(1);
    expect(buildAlerts(rule({ triggerOperator: 'lt', triggerThreshold: 1 }), { columns, rows: [] }, ctx)).toHaveLength(1);
    expect(buildAlerts(rule({ triggerOperator: 'ne', triggerThreshold: 3 }), { columns, rows }, ctx)).toHaveLength(0);
    expect(buildAlerts(rule(), { columns, rows: [] }, ctx)).toHaveLength(0);
  });

  it('SingleAlert: one alert, overrides from the first row, entities from all rows de-duplicated, details as arrays', () => {
    const [a, ...rest] = buildAlerts(rule(mapped), { columns, rows }, ctx);
    expect(rest).toHaveLength(0);
    expect(a!.name).toBe('HSM hsm-a used by dave@contoso.com');
    expect(a!.description).toBe('From 203.0.113.7 ({{Missing}})');
    expect(a!.severity).toBe('High');
    expect(a!.tactics).toEqual(['Collection', 'Exfiltration']);
    expect(a!.entities).toEqual([
      { type: 'Account', identifiers: { FullName: 'dave@contoso.com' } },
      { type: 'IP', identifiers: { Address: '203.0.113.7' } },
      { type: 'Account', identifiers: { FullName: 'erin@contoso.com' } },
    ]);
    expect(a!.customDetails).toEqual({ Hsm: ['hsm-a', 'hsm-b'] });
    expect(a!.resultCount).toBe(3);
    expect(a!.firedAt).toBe('2026-11-20T12:00:00Z');
    expect(a!.window).toEqual({ start: '2026-11-20T11:00:00Z', end: '2026-11-20T12:00:00Z' });
  });

  it('AlertPerResult: one alert per row; invalid severity falls back to the rule severity; empty tactics to the rule tactics', () => {
    const alerts = buildAlerts(rule({ ...mapped, eventGroupingSettings: { aggregationKind: 'AlertPerResult' } }), { columns, rows }, ctx);
    expect(alerts.map((a) => a.severity)).toEqual(['High', 'Low', 'Medium']);
    expect(alerts.map((a) => a.tactics)).toEqual([['Collection', 'Exfiltration'], ['Impact'], ['Impact']]);
    expect(alerts[1]!.entities).toEqual([{ type: 'Account', identifiers: { FullName: 'dave@contoso.com' } }]);
    expect(alerts[1]!.customDetails).toEqual({ Hsm: ['hsm-b'] });
    expect(alerts[2]!.name).toBe('HSM hsm-a used by erin@contoso.com');
  });

  it('AlertPerResult caps a run at 150 alerts, the last one summarising every row', () => {
    const many = Array.from({ length: 200 }, (_, i) => ['2026-11-20T11:10:00Z', `u${i}@contoso.com`, '', 'h', '', '']);
    const alerts = buildAlerts(rule({ ...mapped, eventGroupingSettings: { aggregationKind: 'AlertPerResult' } }), { columns, rows: many }, ctx);
    expect(alerts).toHaveLength(150);
    expect(alerts[148]!.resultCount).toBe(1);
    expect(alerts[149]!.resultCount).toBe(200);
    expect(alerts[149]!.entities).toHaveLength(200);
  });

  it('falls back to the rule name and description when the rendered text is empty', () => {
    const r = rule({ alertDetailsOverride: { alertDisplayNameFormat: '{{CallerIp}}' } });
    const [a] = buildAlerts(r, { columns, rows: [rows[1]!] }, ctx);
    expect(a!.name).toBe('Test rule');
    expect(a!.description).toBe('A rule for tests.');
  });

  it('renders non-string values as text', () => {
    expect(renderTemplate('{{n}} {{d}} {{b}} {{z}}', ['n', 'd', 'b', 'z'], [3, { a: 1 }, true, null])).toBe('3 {"a":1} true ');
  });
});
