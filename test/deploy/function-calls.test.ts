import { describe, expect, it } from 'vitest';
import { directCalls, FunctionCalls, type DeployFunction } from '../../src/deploy/index.ts';

const fns: DeployFunction[] = [
  { name: 'HsmBase', query: 'AzureDiagnostics | where ResourceType == "MANAGEDHSMS"' },
  { name: 'HsmAudit', query: 'HsmBase | extend Op = OperationName' },
  { name: 'Other', query: 'print x = 1' },
];

describe('workspace functions a query calls', () => {
  it('counts identifier tokens only: not strings, comments, properties, assignments or names the query declares', () => {
    expect([...directCalls('HsmAudit | take 1', fns)]).toEqual(['HsmAudit']);
    expect([...directCalls('HsmAudit() | take 1', fns)]).toEqual(['HsmAudit']);
    expect([...directCalls('print "HsmAudit" // HsmAudit\n| extend d = dynamic({}).HsmAudit', fns)]).toEqual([]);
    expect([...directCalls('AzureActivity | extend HsmAudit = 1', fns)]).toEqual([]);
    expect([...directCalls('let HsmAudit = AzureActivity; HsmAudit | take 1', fns)]).toEqual([]);
  });

  it('resolves transitively, callees first', () => {
    const calls = new FunctionCalls(fns);
    expect(calls.dependencies('HsmAudit | union Other')).toEqual(['HsmBase', 'HsmAudit', 'Other']);
    expect(calls.callsOf('HsmAudit')).toEqual(['HsmBase']);
    expect(calls.dependencies('AzureActivity')).toEqual([]);
  });
});
