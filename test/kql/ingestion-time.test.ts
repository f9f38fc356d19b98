/**
 * ingestion_time() and RunOptions.ingestedBefore: rows carry `_IngestionTime` (a hidden value, not a column),
 * default to their TimeGenerated (plus a load-time delay), and are invisible to a run until they are ingested.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase, createEngine, KqlError, loadDataDirectory, type RunOptions, type TableSchema } from '../../src/kql/index.ts';

const timed = (name: string): TableSchema => ({ name, columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Caller', type: 'string' }, { name: 'n', type: 'long' }] });
const E = timed('E');
const V = timed('V');
const W = timed('W');
const U: TableSchema = { name: 'U', columns: [{ name: 'Caller', type: 'string' }, { name: 'Role', type: 'string' }] };

const at = (hhmm: string) => `2026-11-20T${hhmm}:00Z`;
const iso = (hhmm: string) => `2026-11-20T${hhmm}:00.0000000Z`;

const db = createDatabase([
  // E: explicit ingestion times on some rows; the others were ingested at their TimeGenerated
  {
    schema: E,
    rows: [
      { TimeGenerated: at('10:00'), Caller: 'alice', n: 1 },
      { TimeGenerated: at('10:10'), Caller: 'bob', n: 2, _IngestionTime: at('10:13') },
      { TimeGenerated: null, Caller: 'carol', n: 3, _IngestionTime: at('10:20') },
      { TimeGenerated: at('10:30'), Caller: 'alice', n: 4, _IngestionTime: at('10:45') },
    ],
  },
  // V: a 2-minute delay for rows without their own ingestion time
  { schema: V, rows: [{ TimeGenerated: at('10:00'), Caller: 'dave', n: 5 }, { TimeGenerated: at('10:00'), Caller: 'erin', n: 6, _IngestionTime: at('10:09') }] },
  // W: no ingestion times at all
  { schema: W, rows: [{ TimeGenerated: at('10:00'), n: 7 }, { TimeGenerated: null, n: 8 }, { TimeGenerated: at('11:00'), n: 9 }] },
  // U: no TimeGenerated
  { schema: U, rows: [{ Caller: 'alice', Role: 'admin' }, { Caller: 'bob', Role: 'reader' }] },
], { ingestionDelayMs: { V: 120_000 } });
const engine = createEngine({ tables: [E, V, W, U] });
const NOW = at('12:00');

interface Case { name: string; query: string; options?: RunOptions; rows: unknown[][] }

const values: Case[] = [
  { name: 'the row\'s _IngestionTime, else its TimeGenerated', query: 'E | project n, it = ingestion_time()', rows: [[1, iso('10:00')], [2, iso('10:13')], [3, iso('10:20')], [4, iso('10:45')]] },
  { name: 'TimeGenerated plus the table\'s delay; an explicit time wins', query: 'V | project n, it = ingestion_time()', rows: [[5, iso('10:02')], [6, iso('10:09')]] },
  { name: 'no ingestion times: TimeGenerated (null when it is null)', query: 'W | project n, it = ingestion_time()', rows: [[7, iso('10:00')], [8, null], [9, iso('11:00')]] },
  { name: 'a table without TimeGenerated: null', query: 'U | project Caller, it = ingestion_time()', rows: [['alice', null], ['bob', null]] },
  { name: 'outside a table: null', query: 'print it = ingestion_time()', rows: [[null]] },
  { name: 'carried by where, project, sort and take', query: 'E | where n > 1 | project n | sort by n desc | take 2 | extend it = ingestion_time()', rows: [[4, iso('10:45')], [3, iso('10:20')]] },
  { name: 'carried by top and project-away', query: 'E | top 1 by n asc | project-away Caller, TenantId, Type, _* | extend it = ingestion_time()', rows: [[iso('10:00'), 1, iso('10:00')]] },
  { name: 'filtered on', query: 'E | where ingestion_time() > datetime(2026-11-20T10:12:00Z) | project n', rows: [[2], [3], [4]] },
  { name: 'the same within an extend and a later where', query: 'E | extend it = ingestion_time() | where it == ingestion_time() | count', rows: [[4]] },
  { name: 'carried through union, per input', query: 'union (E | where n == 2), (U | where Caller == "bob"), (V | where n == 5) | project n, it = ingestion_time()', rows: [[2, iso('10:13')], [null, null], [5, iso('10:02')]] },
  { name: 'carried through a let view and materialize', query: 'let m = materialize(E | where n < 3); m | project n, it = ingestion_time()', rows: [[1, iso('10:00')], [2, iso('10:13')]] },
  { name: 'rows made by summarize have none', query: 'E | summarize c = count() by Caller | project Caller, it = ingestion_time()', rows: [['alice', null], ['bob', null], ['carol', null]] },
  { name: 'rows made by join have none', query: 'E | where n == 2 | join kind=inner U on Caller | project n, it = ingestion_time()', rows: [[2, null]] },
  // E has TimeGenerated, so it is a workspace table with Log Analytics' standard columns (and no _IngestionTime)
  { name: 'not a column of the result', query: 'E | where n == 2', rows: [[iso('10:10'), 'bob', 2, '', 'E', '', '', 24, 'true']] },
  { name: 'not a column for pack_all()', query: 'E | where n == 2 | project b = pack_all()', rows: [[{ TimeGenerated: iso('10:10'), Caller: 'bob', n: 2, TenantId: '', Type: 'E', _ResourceId: '', _SubscriptionId: '', _BilledSize: 24, _IsBillable: 'true' }]] },
  { name: 'not a column for getschema', query: 'E | getschema | project ColumnName', rows: [['TimeGenerated'], ['Caller'], ['n'], ['TenantId'], ['Type'], ['_ResourceId'], ['_SubscriptionId'], ['_BilledSize'], ['_IsBillable']] },
];

const before = (hhmm: string, extra: RunOptions = {}): RunOptions => ({ ingestedBefore: at(hhmm), ...extra });
const visibility: Case[] = [
  { name: 'rows ingested at or after the bound are not in the workspace yet', query: 'E | project n', options: before('10:13'), rows: [[1]] },
  { name: 'a row ingested exactly at the bound is not visible', query: 'E | project n', options: before('10:20'), rows: [[1], [2]] },
  { name: 'a row ingested before the bound is visible', query: 'E | project n', options: before('10:21'), rows: [[1], [2], [3]] },
  { name: 'the delay counts', query: 'V | project n', options: before('10:02'), rows: [] },
  { name: 'with the delay passed', query: 'V | project n', options: before('10:03'), rows: [[5]] },
  { name: 'without ingestion times, TimeGenerated; a row without one stays visible', query: 'W | project n', options: before('10:30'), rows: [[7], [8]] },
  { name: 'a table without TimeGenerated is always visible', query: 'U | count', options: before('00:00'), rows: [[2]] },
  { name: 'together with the time range', query: 'E | project n', options: before('10:44', { timeRange: { start: at('10:00'), end: at('10:40') } }), rows: [[1], [2]] },
  { name: 'the time range alone still reads TimeGenerated', query: 'E | project n', options: { timeRange: { start: at('10:05'), end: at('10:40') } }, rows: [[2], [4]] },
  { name: 'every table of a union', query: 'union E, V | project n', options: before('10:10'), rows: [[1], [5], [6]] },
];

describe('ingestion_time()', () => {
  it.each(values)('$name', ({ query, options, rows }) => {
    expect(engine.run(query, db, { now: NOW, ...options }).rows).toEqual(rows);
  });

  it('is replayable: check() reports nothing unsupported', () => {
    expect(engine.check('E | where ingestion_time() > ago(5m)')).toEqual({ replayable: true, unsupported: [] });
  });
});

describe('RunOptions.ingestedBefore', () => {
  it.each(visibility)('$name', ({ query, options, rows }) => {
    expect(engine.run(query, db, { now: NOW, ...options }).rows).toEqual(rows);
  });

  it('rejects a bound that is not a datetime', () => {
    expect(() => engine.run('E', db, { ingestedBefore: 'soon' })).toThrow(/ingestedBefore: cannot read "soon" as an ISO-8601 datetime/);
  });
});

describe('_IngestionTime in data files', () => {
  it('is read from JSON lines and CSV, with the delay for the other rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kql-ingestion-'));
    writeFileSync(join(dir, 'E.jsonl'), `{"TimeGenerated":"${at('10:00')}","n":1,"_IngestionTime":"${at('10:04')}"}\n{"TimeGenerated":"${at('10:00')}","n":2}\n`);
    writeFileSync(join(dir, 'W.csv'), `TimeGenerated,n,_IngestionTime\n${at('10:00')},7,${at('10:06')}\n${at('10:00')},8,\n`);
    const loaded = loadDataDirectory(dir, [E, W], { ingestionDelayMs: 60_000 });
    const q = (t: string) => engine.run(`${t} | project n, it = ingestion_time()`, loaded).rows;
    expect(q('E')).toEqual([[1, iso('10:04')], [2, iso('10:01')]]);
    expect(q('W')).toEqual([[7, iso('10:06')], [8, iso('10:01')]]);
  });

  it('names the file and line of a value that is not a datetime', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kql-ingestion-'));
    writeFileSync(join(dir, 'E.jsonl'), `{"n":1}\n{"n":2,"_IngestionTime":"late"}\n`);
    let err: unknown;
    try {
      loadDataDirectory(dir, [E]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KqlError);
    expect((err as KqlError).code).toBe('KQL_DATA');
    expect((err as KqlError).message).toMatch(new RegExp(`${join(dir, 'E.jsonl')}:2: _IngestionTime: .*; give an ISO-8601 datetime`));
  });
});
