import { describe, expect, it } from 'vitest';
import { runTimes, simulate } from '../../src/replay/scheduler.ts';
import { groupIncidents } from '../../src/replay/incidents.ts';
import type { Alert } from '../../src/replay/alerts.ts';
import { eventsEngine, rule } from './helpers.ts';

const cols = ['TimeGenerated', 'User', 'Ip'];
const ev = (t: string, user = 'dave@contoso.com', ip = '203.0.113.7') => [`2026-11-20T${t}Z`, user, ip];
const mapped = {
  entityMappings: [
    { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'User' }] },
    { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'Ip' }] },
  ],
};
const day = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };

describe('scheduler', () => {
  it('runs every queryFrequency from from + frequency to to, over [t - queryPeriod, t]', async () => {
    const r = rule({ queryFrequency: '6h', queryPeriod: '12h' });
    expect(runTimes(r, day.from, day.to).map((d) => d.toISOString().slice(11, 16))).toEqual(['06:00', '12:00', '18:00', '00:00']);
    const engine = eventsEngine(cols, [ev('05:00')]);
    const t = await simulate(r, engine, null, day);
    // The 05:00 event is in the 06:00 window and, with a 12h period, again in the 12:00 window.
    expect(t.alerts.map((a) => a.firedAt)).toEqual(['2026-11-20T06:00:00Z', '2026-11-20T12:00:00Z']);
    expect(t.runs[1]!.window).toEqual({ start: '2026-11-20T00:00:00Z', end: '2026-11-20T12:00:00Z' });
    expect(t.runs.map((x) => x.resultCount)).toEqual([1, 1, 0, 0]);
  });

  it('NRT rules run every minute over the last minute', async () => {
    const r = rule({ kind: 'NRT', queryFrequency: undefined, queryPeriod: undefined });
    const engine = eventsEngine(cols, [ev('00:02:30'), ev('00:02:40')]);
    const t = await simulate(r, engine, null, { from: day.from, to: new Date('2026-11-20T00:05:00Z') });
    expect(engine.calls).toHaveLength(5);
    expect(t.alerts.map((a) => [a.firedAt, a.resultCount])).toEqual([['2026-11-20T00:03:00Z', 2]]);
  });

  it('suppression stops the rule for the duration after a run that alerted', async () => {
    const events = ['01:30', '02:30', '03:30', '04:30', '05:30', '06:30'].map((t) => ev(t));
    const plain = await simulate(rule(), eventsEngine(cols, events), null, day);
    expect(plain.alerts).toHaveLength(6);
    const engine = eventsEngine(cols, events);
    const t = await simulate(rule({ suppressionEnabled: true, suppressionDuration: '3h' }), engine, null, day);
    expect(t.alerts.map((a) => a.firedAt.slice(11, 16))).toEqual(['02:00', '05:00']);
    expect(t.runs.filter((x) => x.suppressed).map((x) => x.at.slice(11, 16))).toEqual(['03:00', '04:00', '06:00', '07:00']);
    expect(engine.calls).toHaveLength(24 - 4);
  });

  it('without incident grouping every alert opens an incident; createIncident false opens none', async () => {
    const events = [ev('01:30'), ev('02:30')];
    expect((await simulate(rule(), eventsEngine(cols, events), null, day)).incidents).toHaveLength(2);
    const none = await simulate(rule({ incidentConfiguration: { createIncident: false } }), eventsEngine(cols, events), null, day);
    expect(none.alerts).toHaveLength(2);
    expect(none.incidents).toHaveLength(0);
  });
});

function alert(firedAt: string, entities: [string, string][], extra: Partial<Alert> = {}): Alert {
  return {
    ruleId: 'r', ruleName: 'R', firedAt: `2026-11-20T${firedAt}:00Z`, window: { start: '', end: '' }, name: 'A', description: '',
    severity: 'Medium', tactics: [], customDetails: {}, resultCount: 1,
    entities: entities.map(([type, v]) => ({ type, identifiers: (type === 'IP' ? { Address: v } : { FullName: v }) as Record<string, string> })),
    ...extra,
  };
}
const grouping = (g: Record<string, unknown>) =>
  rule({ ...mapped, incidentConfiguration: { createIncident: true, groupingConfiguration: { enabled: true, lookbackDuration: '5h', reopenClosedIncident: false, ...g } } });

describe('incident grouping', () => {
  const dave = ['Account', 'dave'] as [string, string];
  const erin = ['Account', 'erin'] as [string, string];
  const ip = ['IP', '203.0.113.7'] as [string, string];

  it('AllEntities groups alerts with identical entity sets within the lookback', () => {
    const alerts = [alert('01:00', [dave, ip]), alert('02:00', [ip, dave]), alert('03:00', [dave]), alert('07:00', [dave, ip])];
    const inc = groupIncidents(grouping({ matchingMethod: 'AllEntities' }), alerts);
    expect(inc.map((i) => i.alerts)).toEqual([[0, 1], [2], [3]]);
  });

  it('AnyAlert groups every alert within the lookback, measured from the incident\'s first alert', () => {
    const alerts = [alert('01:00', [dave]), alert('04:00', [erin]), alert('06:30', [erin])];
    const inc = groupIncidents(grouping({ matchingMethod: 'AnyAlert' }), alerts);
    expect(inc.map((i) => i.alerts)).toEqual([[0, 1], [2]]);
    expect(inc[0]!.lastAlertAt).toBe('2026-11-20T04:00:00Z');
  });

  it('Selected groups by the chosen entity types, alert details and custom details', () => {
    const alerts = [
      alert('01:00', [dave, ip]),
      alert('01:30', [dave]),
      alert('02:00', [erin, ip], { severity: 'High' }),
      alert('02:30', [dave, ip], { severity: 'High' }),
    ];
    expect(groupIncidents(grouping({ matchingMethod: 'Selected', groupByEntities: ['Account'] }), alerts).map((i) => i.alerts))
      .toEqual([[0, 1, 3], [2]]);
    // Alert 1 has no IP, so it cannot be grouped by IP.
    expect(groupIncidents(grouping({ matchingMethod: 'Selected', groupByEntities: ['IP'] }), alerts).map((i) => i.alerts))
      .toEqual([[0, 2, 3], [1]]);
    expect(groupIncidents(grouping({ matchingMethod: 'Selected', groupByAlertDetails: ['Severity'] }), alerts).map((i) => i.alerts))
      .toEqual([[0, 1], [2, 3]]);
    const withDetails = alerts.map((a, i) => ({ ...a, customDetails: { Hsm: [i % 2 ? 'b' : 'a'] } }));
    expect(groupIncidents(grouping({ matchingMethod: 'Selected', groupByCustomDetails: ['Hsm'] }), withDetails).map((i) => i.alerts))
      .toEqual([[0, 2], [1, 3]]);
  });

  it('grouping disabled opens one incident per alert', () => {
    const alerts = [alert('01:00', [dave]), alert('02:00', [dave])];
    expect(groupIncidents(grouping({ enabled: false, matchingMethod: 'AnyAlert' }), alerts)).toHaveLength(2);
  });

  it('an incident holds at most 150 alerts', () => {
    const alerts = Array.from({ length: 160 }, () => alert('01:00', [dave]));
    expect(groupIncidents(grouping({ matchingMethod: 'AnyAlert' }), alerts).map((i) => i.alerts.length)).toEqual([150, 10]);
  });
});
