/** Shared fixtures for the engine tests: a small typed table and a runner returning JSON rows. */
import { createDatabase, createEngine, type TableSchema } from '../../src/kql/index.ts';

export const T: TableSchema = {
  name: 'T',
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Caller', type: 'string' },
    { name: 'Op', type: 'string' },
    { name: 'n', type: 'long' },
    { name: 'r', type: 'real' },
    { name: 'd', type: 'dynamic' },
  ],
};

export const U: TableSchema = {
  name: 'U',
  columns: [
    { name: 'Caller', type: 'string' },
    { name: 'Role', type: 'string' },
  ],
};

export const rowsT = [
  { TimeGenerated: '2026-11-20T10:05:00Z', Caller: 'alice', Op: 'KeyDelete', n: 1, r: 1.5, d: { ip: '10.0.0.1', tags: ['a', 'b'] } },
  { TimeGenerated: '2026-11-20T10:35:00Z', Caller: 'bob', Op: 'KeyCreate', n: 2, r: null, d: { ip: '10.0.0.2', tags: [] } },
  { TimeGenerated: '2026-11-20T11:10:00Z', Caller: 'alice', Op: 'KeyDelete', n: 3, r: 2.5, d: null },
  { TimeGenerated: '2026-11-20T11:20:00Z', Caller: 'carol', Op: 'SecurityDomainDownload', n: null, r: 0, d: { ip: '10.0.0.3' } },
  { TimeGenerated: '2026-11-20T12:00:00Z', Caller: '', Op: 'Key Backup', n: 5, r: -1, d: { tags: ['c'] } },
];

export const rowsU = [
  { Caller: 'alice', Role: 'admin' },
  { Caller: 'bob', Role: 'reader' },
  { Caller: 'bob', Role: 'writer' },
  { Caller: 'dave', Role: 'admin' },
];

export const engine = createEngine({ tables: [T, U] });
export const db = createDatabase([{ schema: T, rows: rowsT }, { schema: U, rows: rowsU }]);
export const NOW = '2026-11-20T12:30:00Z';

export function run(query: string) {
  return engine.run(query, db, { now: NOW });
}

/** Rows sorted by their JSON text, for results whose order Kusto leaves undefined. */
export function unordered(rows: unknown[][]): unknown[][] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}
