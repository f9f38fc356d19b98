import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { loadContent, readYamlSource, toFunctionDefinition, loadSchemaSet, parseDuration, tacticsOfTechnique } from '../../src/content/index.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');

describe('loadContent', () => {
  const content = loadContent(join(FIXTURES, 'valid'));

  it('loads rules and workspace functions with no problems', () => {
    expect(content.problems).toEqual([]);
    expect(content.rules.map((r) => r.name)).toEqual(['Managed HSM key deleted']);
    expect(content.functions.map((f) => f.alias)).toEqual(['HsmAudit']);
  });

  it('parses the fields of a rule', () => {
    const r = content.rules[0];
    expect(r).toMatchObject({
      id: '3f0c6a2e-1b7d-4c1e-9a55-0d2f6b8c9e01', severity: 'Medium', kind: 'Scheduled', queryFrequency: '1h',
      queryFrequencyMs: 3_600_000, queryPeriodMs: 3_600_000, triggerOperator: 'gt', triggerThreshold: 0,
      tactics: ['Impact'], relevantTechniques: ['T1485'], customDetails: { HsmName: 'HsmName' }, version: '1.0.0',
    });
    expect(r.entityMappings[1]).toEqual({ entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'CallerIp' }] });
    expect(r.source.file).toBe('detections/keys/key-deleted.yaml');
  });

  it('maps offsets in the query block back to the file', () => {
    const r = content.rules[0];
    const at = r.querySource.positionAt(r.query.indexOf('OperationName'));
    expect([at.line, at.column]).toEqual([21, 11]);
    expect(r.source.locate('entityMappings.1.fieldMappings.0.columnName').value).toMatchObject({ line: 31, column: 21 });
  });

  it('turns a parser into a function definition with typed parameters', () => {
    expect(toFunctionDefinition(content.functions[0])).toMatchObject({
      name: 'HsmAudit', parameters: '(starttime:datetime = datetime(null))',
    });
  });

  it('skips rule test files', () => {
    expect(content.files.some((f) => f.endsWith('.test.yaml'))).toBe(false);
  });
});

describe('embedded query offset map', () => {
  // [style, render, value the scalar should have]: quoted scalars fold line breaks, so they get one line.
  const styles: [string, (q: string) => string, (q: string) => string][] = [
    ['literal block', (q) => `query: |\n${q.split('\n').map((l) => (l ? `    ${l}` : '')).join('\n')}\n`, (q) => `${q}\n`],
    ['double-quoted', (q) => `query: ${JSON.stringify(q.replace(/\n/g, ' '))}\n`, (q) => q.replace(/\n/g, ' ')],
    ['single-quoted', (q) => `query: '${q.replace(/\n/g, ' ').replace(/'/g, "''")}'\n`, (q) => q.replace(/\n/g, ' ')],
  ];
  const queryText = fc.array(fc.stringMatching(/^[A-Za-z_|=(),"' ]{1,20}$/).filter((l) => l.trim() === l && l.length > 0), { minLength: 1, maxLength: 5 }).map((ls) => ls.join('\n'));
  for (const [style, render, expected] of styles) {
    it(`maps every visible character of a ${style} scalar to the same character in the file`, () => {
      fc.assert(fc.property(queryText, (q) => {
        const text = `id: x\n${render(q)}`;
        const src = readYamlSource(text, 'f.yaml', 'f.yaml');
        const e = src.embedded('query');
        if (!e) return false;
        const v = expected(q);
        if (e.text !== v) return false;
        for (let i = 0; i < v.length; i++) {
          if (v[i] === '\n' || v[i] === '"' || v[i] === "'") continue;
          if (text[e.positionAt(i).offset] !== v[i]) return false;
        }
        return true;
      }), { numRuns: 200 });
    });
  }

  it('maps escapes in double-quoted scalars to the backslash', () => {
    const text = 'query: "a\\tb | where x == 1"\n';
    const e = readYamlSource(text, 'f', 'f').embedded('query')!;
    expect(e.text).toBe('a\tb | where x == 1');
    expect(text[e.positionAt(1).offset]).toBe('\\');
    expect(text[e.positionAt(e.text.indexOf('where')).offset]).toBe('w');
  });
});

describe('loadSchemaSet', () => {
  it('loads the project tables and the _GetWatchlist function', () => {
    const s = loadSchemaSet();
    expect(s.problems).toEqual([]);
    const names = s.tables.map((t) => t.name);
    for (const t of ['AzureDiagnostics', 'AZKVAuditLogs', 'AzureActivity', 'SigninLogs', 'AuditLogs', 'SecurityAlert', 'SecurityIncident', 'ThreatIntelligenceIndicator']) {
      expect(names).toContain(t);
    }
    const diag = s.tables.find((t) => t.name === 'AzureDiagnostics')!;
    expect(diag.columns).toContainEqual({ name: 'httpStatusCode_d', type: 'real' });
    expect(diag.columns).toContainEqual({ name: 'DurationMs', type: 'long' });
    expect(s.functions.map((f) => f.name)).toEqual(['_GetWatchlist']);
  });

  it('reports a missing extra directory instead of throwing', () => {
    const s = loadSchemaSet([join(FIXTURES, 'no-such-dir')]);
    expect(s.problems.map((p) => p.code)).toEqual(['schema-dir-missing']);
  });
});

describe('parseDuration', () => {
  it.each([
    ['5m', 300_000], ['1h', 3_600_000], ['14d', 14 * 86_400_000], ['01:00:00', 3_600_000], ['1.00:00:00', 86_400_000],
    ['PT5H', 5 * 3_600_000], ['P1D', 86_400_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '5x', 'h', '25:00:00', 'P', 'PT'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('toFunctionDefinition', () => {
  const fn = (parameters: { name: string; type: string; default?: unknown }[]) =>
    toFunctionDefinition({ functionName: 'F', alias: 'F', parameters, query: 'T | take 1', raw: {}, source: undefined!, querySource: undefined! }).parameters;
  it('quotes bare string defaults and keeps KQL literals', () => {
    expect(fn([{ name: 'op', type: 'string', default: '*' }, { name: 'ids', type: 'dynamic', default: 'dynamic([])' }, { name: 'on', type: 'bool', default: false }]))
      .toBe("(op:string = '*', ids:dynamic = dynamic([]), on:bool = false)");
  });
  it('writes tabular parameters as KQL', () => {
    expect(fn([{ name: 'T', type: 'table:(*)' }])).toBe('(T:(*))');
  });
});

describe('technique to tactic map', () => {
  it.each([
    ['T1485', ['Impact']], ['T1098.001', ['Persistence']], ['T1621', ['CredentialAccess']],
    ['T1078', ['InitialAccess', 'Persistence', 'PrivilegeEscalation', 'DefenseEvasion']], ['T1583', ['ResourceDevelopment']], ['T9999', []],
  ])('%s', (technique, tactics) => expect(tacticsOfTechnique(technique)).toEqual(tactics));
});
