/** The query text a remote run sends: now() pinned, the repository's functions declared, tables found through them. */
import { describe, expect, it } from 'vitest';
import { functionPrelude, pinNow, tablesReadBy, isoTicks, normaliseValue, retryAfterMs } from '../../src/backtest/index.ts';

const AT = new Date('2026-11-20T10:00:00Z');

describe('pinNow', () => {
  it('rewrites now(), now(offset) and ago(span), nested too, and leaves strings, comments and columns alone', () => {
    const q = [
      'T // ago(1d) in a comment',
      '| where TimeGenerated > ago(1h) and Note != "ago(2h)" and now < 3',
      '| extend Age = now() - TimeGenerated, Yesterday = now(-1d), Bin = bin(ago(totimespan(strcat("1", "h"))), 1h)',
    ].join('\n');
    expect(pinNow(q, AT)).toBe([
      'let __backtest_now = datetime(2026-11-20T10:00:00.000Z);',
      'T // ago(1d) in a comment',
      '| where TimeGenerated > (__backtest_now - (1h)) and Note != "ago(2h)" and now < 3',
      '| extend Age = __backtest_now - TimeGenerated, Yesterday = (__backtest_now + (-1d)), Bin = bin((__backtest_now - (totimespan(strcat("1", "h")))), 1h)',
    ].join('\n'));
    expect(pinNow('T | take 1', AT)).toBe('T | take 1');
  });
});

describe('functions and tables', () => {
  const functions = [
    { name: 'Outer', parameters: '()', body: 'Inner | where x > 1' },
    { name: 'Inner', parameters: '(limit:int = 5)', body: 'union AZKVAuditLogs, AzureDiagnostics | take limit' },
    { name: 'Unused', body: 'SigninLogs' },
  ];
  it('declares the functions a query reads, dependencies first, and finds the tables behind them', () => {
    expect(functionPrelude('Outer | count', functions)).toBe('let Inner = (limit:int = 5) {\nunion AZKVAuditLogs, AzureDiagnostics | take limit\n};\nlet Outer = () {\nInner | where x > 1\n};\n');
    expect(tablesReadBy('Outer | join (AzureActivity) on x', ['AzureActivity', 'AzureDiagnostics', 'AZKVAuditLogs', 'SigninLogs'], functions)).toEqual(['AzureActivity', 'AzureDiagnostics', 'AZKVAuditLogs']);
    expect(functionPrelude('print OuterSpace = 1', functions)).toBe('');
  });
});

describe('wire values', () => {
  it('normalises service values to the local engine conventions', () => {
    expect(isoTicks(new Date('2026-11-20T10:00:00.123Z'))).toBe('2026-11-20T10:00:00.1230000Z');
    expect(isoTicks('2026-11-20T10:00:00.1234567Z')).toBe('2026-11-20T10:00:00.1234567Z');
    expect(normaliseValue('{"a":[1]}', 'dynamic')).toEqual({ a: [1] });
    expect(normaliseValue('9007199254740993', 'Int64')).toBe('9007199254740993');
    expect(normaliseValue('42', 'long')).toBe(42);
    expect(normaliseValue('A0B1C2D3-0000-4000-8000-000000000000', 'guid')).toBe('a0b1c2d3-0000-4000-8000-000000000000');
    expect(retryAfterMs((h) => ({ 'retry-after': '3' } as Record<string, string>)[h])).toBe(3000);
    expect(retryAfterMs((h) => ({ 'retry-after-ms': '250', 'retry-after': '9' } as Record<string, string>)[h])).toBe(250);
  });
});
