/** lintQuery as a library (the workbook linter's entry point): positions, settings, inline suppressions. */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGlobals, type KustoGlobals } from '../../src/kql/schema.ts';
import { loadSchemaSet } from '../../src/content/index.ts';
import { lintQuery } from '../../src/lint/index.ts';

let globals: KustoGlobals;
beforeAll(() => {
  const s = loadSchemaSet();
  globals = buildGlobals(s.tables, s.functions);
});

const codes = (query: string, opts = {}) => lintQuery(query, globals, opts).problems.map((p) => `${p.code} ${p.line}:${p.column}`);

describe('lintQuery', () => {
  it('reports Kusto diagnostics at line and column of the query by default', () => {
    expect(codes('AzureDiagnostics\n| where Nope == 1')).toEqual(['KS142 2:9']);
  });

  it('maps offsets through the given mapper', () => {
    const problems = lintQuery('AzureDiagnostics | where Nope == 1', globals, { file: 'wb.yaml', offsetMapper: (o) => ({ line: 40, column: 10 + o }) }).problems;
    expect(problems).toMatchObject([{ file: 'wb.yaml', line: 40, column: 35, endLine: 40, endColumn: 39, code: 'KS142', severity: 'error' }]);
  });

  it('binds the _GetWatchlist function from schemas/functions', () => {
    expect(codes("_GetWatchlist('hsm-admins') | project SearchKey")).toEqual([]);
  });

  it('applies settings: off drops, error raises', () => {
    const q = 'AzureDiagnostics | where OperationName contains "KeyDelete"';
    expect(codes(q)).toEqual(['kql-prefer-has 1:40']);
    expect(codes(q, { settings: new Map([['kql-prefer-has', 'off']]) })).toEqual([]);
    expect(lintQuery(q, globals, { settings: new Map([['kql-prefer-has', 'error']]) }).problems[0].severity).toBe('error');
  });

  it('honours inline suppressions for the named code on that line only', () => {
    const q = [
      'AzureDiagnostics',
      '| where OperationName contains "KeyDelete" // content-lint-disable-line kql-prefer-has',
      '// content-lint-disable-next-line KS508',
      '| join (AzureDiagnostics) on CorrelationId',
      '| where Resource contains "contoso" // content-lint-disable-line KS142',
    ].join('\n');
    expect(codes(q)).toEqual(['kql-prefer-has 5:18']);
  });
});
