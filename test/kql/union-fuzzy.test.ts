/**
 * union isfuzzy=true (learn.microsoft.com/kusto/query/union-operator): operands over tables that do not exist are
 * skipped with a warning; when none resolves, the query fails, as Kusto's does.
 */
import { describe, expect, it } from 'vitest';
import { createDatabase, createEngine, KqlError, type TableSchema } from '../../src/kql/index.ts';

const Events: TableSchema = { name: 'Events', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'DeviceName', type: 'string' }] };
const engine = createEngine({ tables: [Events] });
const db = createDatabase([{ schema: Events, rows: [{ TimeGenerated: '2026-11-20T10:00:00Z', DeviceName: 'h1' }] }]);
const run = (q: string) => engine.run(q, db, { now: '2026-11-21T00:00:00Z' });

describe('union isfuzzy=true', () => {
  it('skips an unknown operand with a warning and runs the others', () => {
    const r = run('union isfuzzy=true (Events | where DeviceName == "h1"), (DeviceEvents | where x == 1) | project DeviceName');
    expect(r.rows).toEqual([['h1']]);
    expect(r.warnings?.[0]).toMatch(/skipped \(DeviceEvents/);
  });
  it('fails, naming the reason, when no operand is a known table', () => {
    const q = 'union isfuzzy=true (DeviceEvents | where a == 1), (DeviceImageLoadEvents | where b == 2) | extend h = DeviceName';
    expect(() => run(q)).toThrow(KqlError);
    expect(() => run(q)).toThrow(/none of its operands is a known table or function/);
  });
});
