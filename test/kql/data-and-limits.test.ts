/** Data loading (typing, errors naming file:line), time range, pinned now, limits, cancellation and check(). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase, createEngine, KqlError, loadDataDirectory, type TableSchema } from '../../src/kql/index.ts';
import { db, engine, NOW, rowsT, T, U } from './helpers.ts';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kql-data-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function thrown(fn: () => unknown): KqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error('expected a KqlError');
}

describe('loadDataDirectory', () => {
  it('reads jsonl, json and csv typed by the schemas; a schema without a file is an empty table', () => {
    const S: TableSchema = { name: 'S', columns: [{ name: 'x', type: 'long' }, { name: 't', type: 'datetime' }, { name: 'ok', type: 'bool' }] };
    const dir = tempDir({
      'T.jsonl': '{"TimeGenerated":"2026-11-20T10:00:00Z","Caller":"a","n":"12","d":"{\\"k\\":1}"}\n\n{"Caller":"b"}\n',
      'U.csv': 'Caller,Role\nalice,admin\n"b,c",\n',
      'S.json': '[{"x": 1, "t": "2026-01-01 10:00", "ok": "true"}]',
    });
    const db2 = loadDataDirectory(dir, [T, U, S, { name: 'Empty', columns: [{ name: 'a', type: 'string' }] }]);
    const e = createEngine({ tables: [T, U, S, { name: 'Empty', columns: [{ name: 'a', type: 'string' }] }] });
    expect(e.run('T | project Caller, n, d, TimeGenerated', db2).rows).toEqual([
      ['a', 12, { k: 1 }, '2026-11-20T10:00:00.0000000Z'],
      ['b', null, null, null],
    ]);
    expect(e.run('U', db2).rows).toEqual([['alice', 'admin'], ['b,c', '']]);
    expect(e.run('S', db2).rows).toEqual([[1, '2026-01-01T10:00:00.0000000Z', true]]);
    expect(e.run('Empty | count', db2).rows).toEqual([[0]]);
  });

  it('names the file and line of a bad JSON line', () => {
    const dir = tempDir({ 'T.jsonl': '{"Caller":"a"}\n{"Caller": oops}\n' });
    const err = thrown(() => loadDataDirectory(dir, [T]));
    expect(err.code).toBe('KQL_DATA');
    expect(err.message).toContain(`${join(dir, 'T.jsonl')}:2`);
  });

  it('names the file, line and column of a value of the wrong type', () => {
    const dir = tempDir({ 'T.jsonl': '{"Caller":"a"}\n\n{"TimeGenerated":"yesterday"}\n' });
    const err = thrown(() => loadDataDirectory(dir, [T]));
    expect(err.code).toBe('KQL_DATA');
    expect(err.message).toMatch(/T\.jsonl:3: column TimeGenerated/);
  });

  it('refuses a data file without a schema', () => {
    const dir = tempDir({ 'Nope.jsonl': '{}\n' });
    expect(thrown(() => loadDataDirectory(dir, [T])).message).toMatch(/no table schema named Nope/);
  });

  it('createDatabase keeps longs beyond 2^53 exact', () => {
    const L: TableSchema = { name: 'L', columns: [{ name: 'v', type: 'long' }] };
    const d = createDatabase([{ schema: L, rows: [{ v: '9007199254740993' }] }]);
    expect(createEngine({ tables: [L] }).run('L | extend w = v + 1', d).rows).toEqual([['9007199254740993', '9007199254740994']]);
  });
});

describe('run options', () => {
  it('timeRange restricts TimeGenerated before the query runs (inclusive)', () => {
    const r = engine.run('T | count', db, { timeRange: { start: '2026-11-20T10:35:00Z', end: '2026-11-20T11:20:00Z' } });
    expect(r.rows).toEqual([[3]]);
  });

  it('now is pinned and constant within the query', () => {
    const r = engine.run('print a = now(), b = ago(1h), c = now() == now()', db, { now: NOW });
    expect(r.rows).toEqual([['2026-11-20T12:30:00.0000000Z', '2026-11-20T11:30:00.0000000Z', true]]);
  });

  it('query parameters override declared defaults', () => {
    const q = 'declare query_parameters(who:string = "bob"); T | where Caller == who | count';
    expect(engine.run(q, db).rows).toEqual([[1]]);
    expect(engine.run(q, db, { parameters: { who: 'alice' } }).rows).toEqual([[2]]);
  });

  it('a query run again sees that run: its clock, parameters and data, never a value kept from an earlier run', () => {
    // Expressions that read nothing of the run are compiled once per query and reused: the parts that read the clock,
    // a parameter or the data (toscalar, a tabular in-list) must still be computed per run.
    const q = `declare query_parameters(who:string = "bob");
      T | where TimeGenerated > ago(1h) and Caller != who
      | extend Top = toscalar(T | summarize max(n)), Recent = Caller in ((T | where TimeGenerated > ago(45m) | project Caller)),
          Lower = tolower(Op), At = now()
      | project Caller, Top, Recent, Lower, At`;
    const early = createDatabase([{ schema: T, rows: rowsT.slice(0, 3) }]);
    const first = engine.run(q, early, { now: '2026-11-20T11:15:00Z' }).rows;
    expect(first).toEqual([
      ['alice', 3, true, 'keydelete', '2026-11-20T11:15:00.0000000Z'],
    ]);
    const later = engine.run(q, db, { now: NOW, parameters: { who: 'alice' } }).rows;
    expect(later).toEqual([['', 5, true, 'key backup', '2026-11-20T12:30:00.0000000Z']]);
    // and the first run's answer again, from the cache's point of view a third run
    expect(engine.run(q, early, { now: '2026-11-20T11:15:00Z' }).rows).toEqual(first);
  });

  it('maxRows is a KQL_LIMIT error', () => {
    expect(thrown(() => engine.run('T', db, { maxRows: 2 })).code).toBe('KQL_LIMIT');
    expect(engine.run('T | take 2', db, { maxRows: 2 }).rows).toHaveLength(2);
  });

  it('timeoutMs is a KQL_LIMIT error', () => {
    const err = thrown(() => engine.run('range i from 1 to 3000000 step 1 | extend s = strcat("x", i) | summarize dcount(s)', db, { timeoutMs: 1 }));
    expect(err.code).toBe('KQL_LIMIT');
  });

  it('an aborted signal is KQL_ABORTED', () => {
    const ac = new AbortController();
    ac.abort();
    expect(thrown(() => engine.run('T', db, { signal: ac.signal })).code).toBe('KQL_ABORTED');
  });

  it('syntax errors are KQL_SYNTAX with diagnostics and a position', () => {
    const err = thrown(() => engine.run('T | where NoSuchColumn == 1', db));
    expect(err.code).toBe('KQL_SYNTAX');
    expect(err.diagnostics[0]!.code).toBe('KS142');
    expect(err.start).toBe(10);
    expect(err.message).toMatch(/line 1, column 11/);
  });

  it('an unsupported operator is KQL_UNSUPPORTED naming it and its position', () => {
    const err = thrown(() => engine.run('T | sample 3', db));
    expect(err.code).toBe('KQL_UNSUPPORTED');
    expect(err.message).toMatch(/operator sample/);
    expect(err.start).toBe(4);
  });
});

describe('check()', () => {
  it('reports every unsupported construct with its offset', () => {
    const q = 'T | sample 3 | evaluate autocluster()';
    const report = engine.check(q);
    expect(report.replayable).toBe(false);
    expect(report.unsupported.map((u) => u.name)).toEqual(['operator sample', 'evaluate autocluster']);
    expect(report.unsupported[0]!.start).toBe(q.indexOf('sample'));
  });

  it('a supported query is replayable', () => {
    expect(engine.check('T | where Op has "key" | summarize count() by Caller')).toEqual({ replayable: true, unsupported: [] });
  });
});

describe('externaldata', () => {
  it('reads the URL file name from externalDataRoot, never the network', () => {
    const dir = tempDir({ 'iocs.csv': 'ip,score\n10.0.0.1,5\n10.0.0.9,1\n', 'list.json': '{"k":"a","v":1}\n{"k":"b","v":2}\n' });
    const e = createEngine({ tables: [T], externalDataRoot: dir });
    const q = 'externaldata(ip:string, score:long)[@"https://example.com/feeds/iocs.csv?sv=1"] with (format="csv", ignoreFirstRecord=true)';
    expect(e.run(q, db).rows).toEqual([['10.0.0.1', 5], ['10.0.0.9', 1]]);
    const j = 'externaldata(k:string, v:long)["https://example.com/list.json"] with (format="multijson") | summarize sum(v)';
    expect(e.run(j, db).rows).toEqual([[3]]);
  });

  it('is a clean KQL_DATA error without a local root or file', () => {
    const q = 'externaldata(ip:string)["https://example.com/none.csv"]';
    expect(thrown(() => engine.run(q, db)).code).toBe('KQL_DATA');
    const e = createEngine({ tables: [T], externalDataRoot: tempDir({}) });
    expect(thrown(() => e.run(q, db)).message).toMatch(/none\.csv.*cannot be read/);
  });
});

describe('union of columns with different types', () => {
  it('suffixes the column with its type and fills the other input with nulls', () => {
    const r = engine.run('union (print a = "x"), (print a = 1)', db);
    expect(r.columns).toEqual([{ name: 'a_string', type: 'string' }, { name: 'a_long', type: 'long' }]);
    expect(r.rows).toEqual([['x', null], ['', 1]]);
  });
});
