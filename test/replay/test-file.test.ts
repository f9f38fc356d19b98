import { describe, expect, it } from 'vitest';
import { parseTestFile } from '../../src/replay/test-file.ts';

describe('parseTestFile', () => {
  it('reads cases, data references, inline rows and expectations', () => {
    const f = parseTestFile(
      [
        'noiseBudget: { alertsPerDay: 0.5 }',
        'cases:',
        '  - name: fires',
        '    kind: positive',
        '    now: 2026-11-20T12:00:00Z',
        '    data: [samples/a/AzureDiagnostics.jsonl, { file: samples/x.jsonl, table: AZKVAuditLogs }]',
        '    rows:',
        '      AzureDiagnostics:',
        '        - { TimeGenerated: 2026-11-20T11:40:00Z, OperationName: SecurityDomainDownload }',
        '    expect: { alerts: 1, alert: [{ name: x, entities: { IP: [{ Address: 203.0.113.7 }] } }] }',
        '  - name: quiet',
        '    kind: negative',
        '    schedule: { from: 2026-11-19T00:00:00Z, to: 2026-11-20T00:00:00Z }',
        '    rows: {}',
      ].join('\n'),
      'x.test.yaml',
    );
    expect(f.problems).toEqual([]);
    expect(f.noiseBudget).toEqual({ alertsPerDay: 0.5 });
    expect(f.cases).toHaveLength(2);
    const [a, b] = f.cases;
    expect(a!.now?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(a!.data).toEqual([{ file: 'samples/a/AzureDiagnostics.jsonl' }, { file: 'samples/x.jsonl', table: 'AZKVAuditLogs' }]);
    expect(a!.rows.AzureDiagnostics![0]!.TimeGenerated).toBe('2026-11-20T11:40:00Z');
    expect(a!.expect.alerts).toBe(1);
    expect([a!.line, a!.column]).toEqual([3, 5]);
    expect(b!.schedule?.from.toISOString()).toBe('2026-11-19T00:00:00.000Z');
  });

  it('reports schema problems at the offending line and column', () => {
    const f = parseTestFile(
      ['cases:', '  - name: one', '    kind: positve', '    now: 2026-11-20T12:00:00Z', '    expect:', '      alert: 3', '      alertz: 1'].join('\n'),
      'bad.test.yaml',
    );
    const where = f.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    expect(where).toContain('3:11 "cases.0.kind" is "positve"; did you mean "positive"? (one of "positive", "negative")');
    expect(where).toContain('6:14 "cases.0.expect.alert" must be array');
    expect(where.some((w) => w.startsWith('7:7 ') && w.includes('unknown field "alertz"; did you mean "alerts"?'))).toBe(true);
    expect(f.problems.every((p) => p.file === 'bad.test.yaml')).toBe(true);
  });

  it('reports YAML syntax errors with positions, and cases without a time', () => {
    const syntax = parseTestFile('cases:\n  - name: [unclosed\n', 's.test.yaml');
    expect(syntax.problems).toMatchObject([{ code: 'test-yaml-syntax', line: 2, column: 11 }]);
    expect(syntax.problems[0]!.message).toMatch(/^a bracket or quote is not closed/);
    // The position of a mistake further down the file, not 1:1, with the likely cause.
    const colon = parseTestFile('cases:\n  - name: a\n    kind: positive\n    expect:\n      alerts 1\n      results: 1\n', 'c.test.yaml');
    expect(colon.problems).toMatchObject([{ code: 'test-yaml-syntax', line: 5, column: 7 }]);
    expect(colon.problems[0]!.message).toContain('"alerts 1" has no ":" after its key');
    const noTime = parseTestFile('cases:\n  - name: a\n    kind: positive\n    rows: {}\n', 't.test.yaml');
    expect(noTime.problems).toMatchObject([{ code: 'test-no-time', line: 2, column: 5 }]);
    const dup = parseTestFile('cases:\n  - { name: a, kind: positive, now: 2026-01-01T00:00:00Z }\n  - { name: a, kind: negative, now: 2026-01-01T00:00:00Z }\n', 'd.test.yaml');
    expect(dup.problems.filter((p) => p.severity === 'error')).toMatchObject([{ code: 'test-duplicate-case', line: 3 }]);
    const badRange = parseTestFile('cases:\n  - name: a\n    kind: positive\n    schedule: { from: 2026-01-02T00:00:00Z, to: 2026-01-01T00:00:00Z }\n', 'r.test.yaml');
    expect(badRange.problems.filter((p) => p.severity === 'error')).toMatchObject([{ code: 'test-time', line: 4 }]);
  });
});
