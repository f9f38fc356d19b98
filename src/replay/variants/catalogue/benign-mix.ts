import type { Variant } from '../model.ts';
import { callerOf, CALLER_TABLES, isHsmAuditRow, withAddress, withCaller, withTime, timeOf, type Row } from '../records.ts';
import { changed, inFocus, mapRows } from '../transform.ts';

/** A workload that uses the HSM every day: a service principal on the workload subnet. */
export const BENIGN_WORKLOAD = {
  caller: { objectId: 'f0e1d2c3-b4a5-4968-8776-655443322110', appId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', idType: 'app' },
  address: '10.20.8.15',
};

function benignTwin(table: string, row: Row, offset: number): Row {
  let twin = withTime(row, timeOf(row)! + offset);
  if (callerOf(table, row)) twin = withCaller(table, twin, BENIGN_WORKLOAD.caller);
  twin = withAddress(table, twin, BENIGN_WORKLOAD.address);
  if (isHsmAuditRow(table, row)) {
    // The workload's request succeeds.
    if (table === 'AzureDiagnostics') Object.assign(twin, { httpStatusCode_d: 200, ResultType: 'Success', ResultSignature: 'OK', isAddressAuthorized_b: true });
    else Object.assign(twin, { HttpStatusCode: 200, ResultType: 'Success', ResultSignature: 'OK', IsAddressAuthorized: true });
    twin.CorrelationId = `${String(row.CorrelationId ?? '')}-benign`;
  }
  return twin;
}

export const benignMix: Variant = {
  id: 'mixed-with-benign',
  kind: 'attack',
  title: 'each event of the activity interleaved with a benign request of the same operation by a known workload',
  models: 'Attacks happen amid normal traffic of the same operations; a rule must not let the benign rows mask the attack (take_any, arg_max, dcount over mixed groups)',
  source: 'https://learn.microsoft.com/azure/key-vault/managed-hsm/logging (a busy HSM logs every data-plane call of its workloads)',
  keeps: 'verdict',
  cases: ['positive'],
  apply(input) {
    let i = 0;
    const out = mapRows(input.rows, () => true, (row, table) => {
      if (!inFocus(input, table, row) || !CALLER_TABLES.has(table)) return row;
      const offset = i++ % 2 === 0 ? -1_000 : 1_000;
      return [row, benignTwin(table, row, offset)];
    });
    return changed(input.rows, out) ? { rows: out } : undefined;
  },
};
