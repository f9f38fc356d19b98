/**
 * Load once, run many: the cases of a test run that use the same data file share that file's typed columns, read
 * and typed once; a case's own rows and ingestion delay still make its database its own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KqlReplay } from '../../src/replay/kql-engine.ts';
import { ingestionColumn } from '../../src/kql/data/table.ts';
import type { TableSchema } from '../../src/kql/index.ts';
import type { TestCase } from '../../src/replay/test-file.ts';

// A few AzureDiagnostics columns of Managed HSM audit records (learn.microsoft.com/azure/key-vault/managed-hsm/logging).
const T: TableSchema = {
  name: 'AzureDiagnostics',
  columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'OperationName', type: 'string' }, { name: 'ResultType', type: 'string' }],
};

const root = mkdtempSync(join(tmpdir(), 'replay-load-once-'));
writeFileSync(join(root, 'AzureDiagnostics.jsonl'), [
  { TimeGenerated: '2026-11-20T10:00:00Z', OperationName: 'KeyDelete', ResultType: 'Success' },
  { TimeGenerated: '2026-11-20T10:05:00Z', OperationName: 'KeyPurge', ResultType: 'Success' },
].map((r) => JSON.stringify(r)).join('\n'));

const testCase = (over: Partial<TestCase>): TestCase => ({
  name: 'case', kind: 'positive', data: [{ file: 'AzureDiagnostics.jsonl' }], rows: {}, expect: {} as TestCase['expect'], line: 1, column: 1, ...over,
});

describe('a test run types each data file once', () => {
  const env = new KqlReplay(root, [T]);

  it('cases over the same file share its columns; inline rows and delays stay per case', async () => {
    const a = env.caseDatabase('x.test.yaml', testCase({ name: 'a' })).get('AzureDiagnostics')!;
    const b = env.caseDatabase('x.test.yaml', testCase({ name: 'b', ingestionDelayMs: 60_000 })).get('AzureDiagnostics')!;
    for (let c = 0; c < T.columns.length; c++) expect(b.data[c]).toBe(a.data[c]);
    expect(a.rowCount).toBe(2);
    expect(ingestionColumn(a.data)).toBeUndefined();
    expect(ingestionColumn(b.data)).toEqual((a.data[0] as number[]).map((t) => t + 60_000 * 10_000));

    const withRows = env.caseDatabase('x.test.yaml', testCase({ name: 'c', rows: { AzureDiagnostics: [{ TimeGenerated: '2026-11-20T10:10:00Z', OperationName: 'KeyGet' }] } }));
    const t = withRows.get('AzureDiagnostics')!;
    expect(t.rowCount).toBe(3);
    expect(t.data[1]).toEqual(['KeyDelete', 'KeyPurge', 'KeyGet']);
    // the shared table is untouched by the case that added rows
    expect(a.data[1]).toEqual(['KeyDelete', 'KeyPurge']);
    const r = await env.run('AzureDiagnostics | summarize n = count() by ResultType', withRows, {
      now: new Date('2026-11-20T11:00:00Z'), timeRange: { start: new Date('2026-11-20T09:00:00Z'), end: new Date('2026-11-20T11:00:00Z') },
    } as never);
    expect(r.rows).toEqual([['Success', 2], ['', 1]]);
  });
});
