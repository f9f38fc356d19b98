import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedPaths, normalise, normalisedHash, toIso, durationSeconds } from '../../src/deploy/index.ts';

const rule = {
  kind: 'Scheduled',
  properties: {
    displayName: 'r', enabled: true, query: 'T\n| take 1\n', severity: 'High', queryFrequency: 'PT1H', queryPeriod: 'P1D',
    triggerOperator: 'GreaterThan', triggerThreshold: 0, suppressionEnabled: false, suppressionDuration: 'PT5H',
    tactics: ['Impact', 'Collection'], techniques: ['T1485'], subTechniques: [], customDetails: {},
    incidentConfiguration: { createIncident: true, groupingConfiguration: { enabled: false, reopenClosedIncident: false, lookbackDuration: 'PT5H', matchingMethod: 'AllEntities', groupByEntities: [] } },
  },
};

describe('normalise', () => {
  it('ignores what ARM adds or respells', () => {
    const fromServer = {
      id: '/subscriptions/x/…/alertRules/r', name: 'r', type: 'Microsoft.SecurityInsights/alertRules', etag: '"1"', systemData: { createdBy: 'a' },
      kind: 'Scheduled',
      properties: {
        ...rule.properties, queryFrequency: 'PT60M', queryPeriod: 'PT24H', tactics: ['Collection', 'Impact'], query: 'T\r\n| take 1',
        lastModifiedUtc: '2026-11-01T00:00:00Z', alertRuleTemplateName: null, subTechniques: null, eventGroupingSettings: { aggregationKind: 'SingleAlert' },
      },
    };
    expect(normalisedHash('alertRules', fromServer)).toBe(normalisedHash('alertRules', rule));
    expect(changedPaths(normalise('alertRules', fromServer), normalise('alertRules', rule))).toEqual([]);
  });

  it('still sees every real edit', () => {
    for (const [path, value] of [['severity', 'Low'], ['enabled', false], ['query', 'T | take 2'], ['triggerThreshold', 1], ['tactics', ['Impact']], ['queryPeriod', 'PT2H']] as const) {
      const edited = structuredClone(rule) as { properties: Record<string, unknown> };
      edited.properties[path] = value;
      expect(changedPaths(normalise('alertRules', edited), normalise('alertRules', rule))).toEqual([`properties.${path}`]);
    }
  });

  it('compares workbook content as JSON and locations and ids without regard to spelling', () => {
    const a = { location: 'West Europe', kind: 'shared', properties: { displayName: 'w', category: 'sentinel', sourceId: '/subscriptions/A/resourceGroups/RG/x', serializedData: '{"b":1,"a":[1,2]}' } };
    const b = { location: 'westeurope', kind: 'shared', properties: { displayName: 'w', category: 'sentinel', sourceId: '/subscriptions/a/resourcegroups/rg/x', serializedData: '{ "a": [1, 2], "b": 1 }', timeModified: 'x', revision: 'y' } };
    expect(normalisedHash('workbooks', a)).toBe(normalisedHash('workbooks', b));
    const c = { ...b, properties: { ...b.properties, serializedData: '{"a":[2,1],"b":1}' } };
    expect(normalisedHash('workbooks', a)).not.toBe(normalisedHash('workbooks', c));
  });

  it('durations: any spelling of the same length normalises alike (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 14 * 86400 }), (secs) => {
      const iso = toIso(`${secs}s`);
      const h = Math.floor(secs / 3600), m = Math.floor((secs % 3600) / 60), s = secs % 60;
      const spelled = `PT${h}H${m}M${s}S`;
      expect(durationSeconds(iso)).toBe(secs);
      expect(normalise('alertRules', { properties: { queryPeriod: spelled } })).toEqual(normalise('alertRules', { properties: { queryPeriod: iso } }));
    }));
  });

  it('set-like lists: order does not matter, membership does (property)', () => {
    const tactic = fc.constantFrom('Impact', 'Collection', 'Persistence', 'Discovery', 'Exfiltration');
    fc.assert(fc.property(fc.uniqueArray(tactic, { minLength: 1 }), fc.integer(), (tactics, seed) => {
      const shuffled = [...tactics].sort((x, y) => ((x.length * 31 + seed) % 7) - ((y.length * 31 + seed) % 7));
      const h = (t: string[]) => normalisedHash('alertRules', { properties: { tactics: t } });
      expect(h(shuffled)).toBe(h(tactics));
      expect(h(tactics.slice(1))).not.toBe(h(tactics));
    }));
  });
});
