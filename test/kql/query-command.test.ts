/** `content query` in-process through main(argv, io): formats, batch mode, exit codes and clean errors. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { defineScalar, lookupScalar, type ScalarFactory } from '../../src/kql/functions/registry.ts';
import { loadKusto } from '../../src/kql/kusto.ts';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-query-'));
  mkdirSync(join(dir, 'schemas', 'tables'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'schemas', 'tables', 'Events.json'), JSON.stringify({
    Name: 'Events',
    Properties: [{ Name: 'TimeGenerated', Type: 'datetime' }, { Name: 'Caller', Type: 'string' }, { Name: 'Count', Type: 'long' }],
  }));
  writeFileSync(join(dir, 'data', 'Events.jsonl'), [
    '{"TimeGenerated":"2026-11-20T10:00:00Z","Caller":"alice","Count":2}',
    '{"TimeGenerated":"2026-11-20T11:00:00Z","Caller":"bob, jr","Count":3}',
  ].join('\n'));
  return dir;
}

async function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd, env: {}, isTTY: false };
  const code = await main(['query', ...args], io);
  return { code, out, err };
}

describe('content query', () => {
  const dir = workspace();

  it('prints a table by default', async () => {
    const r = await cli(['Events | project Caller, Count | order by Count asc', '--data', 'data'], dir);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 4)).toEqual(['Caller   Count', '-------  -----', 'alice    2', 'bob, jr  3']);
    expect(r.out).toContain('(2 rows)');
  });

  it('prints JSON with typed columns and ISO datetimes', async () => {
    const r = await cli(['Events | where Count > 2 | project TimeGenerated, Caller', '--data', 'data', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Caller', type: 'string' }],
      rows: [['2026-11-20T11:00:00.0000000Z', 'bob, jr']],
    });
  });

  it('prints CSV with quoting', async () => {
    const r = await cli(['Events | project Caller, Count', '--data', 'data', '--format', 'csv'], dir);
    expect(r.out).toBe('Caller,Count\nalice,2\n"bob, jr",3\n');
  });

  it('pins now()', async () => {
    const r = await cli(['print ago(1d)', '--now', '2026-11-20T00:00:00Z', '--format', 'csv'], dir);
    expect(r.out).toBe('print_0\n2026-11-19T00:00:00.0000000Z\n');
  });

  it('runs a batch: one JSON line per query, errors inline, exit 1 when any failed', async () => {
    writeFileSync(join(dir, 'batch.jsonl'), [
      JSON.stringify({ id: 'a', query: 'Events | count' }),
      JSON.stringify({ id: 'b', query: 'Events | where Nope == 1' }),
      JSON.stringify({ id: 'c', query: 'Events | summarize s = sum(Count)' }),
    ].join('\n'));
    const r = await cli(['--batch', 'batch.jsonl', '--data', 'data'], dir);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ id: 'a', columns: [{ name: 'Count', type: 'long' }], rows: [[2]] });
    expect(lines[1].id).toBe('b');
    expect(lines[1].error).toMatch(/^KQL_SYNTAX: KS142/);
    expect(lines[2]).toEqual({ id: 'c', columns: [{ name: 's', type: 'long' }], rows: [[5]] });
  });

  it('a batch query that crashes the engine is that query\'s error; the queries after it run', async () => {
    // a defect stands in as a built-in that throws a TypeError (as a bug would), restored afterwards
    const sym = loadKusto().Kusto.Language.Functions.Reverse;
    const original = lookupScalar(sym) as ScalarFactory;
    defineScalar((F) => F.Reverse, () => () => { throw new TypeError("Cannot read properties of undefined (reading '0')"); });
    try {
      writeFileSync(join(dir, 'crash.jsonl'), [
        JSON.stringify({ id: 'before', query: 'Events | count' }),
        JSON.stringify({ id: 'crash', query: 'Events | extend r = reverse(Caller)' }),
        JSON.stringify({ id: 'sorted', query: 'print array_sort_asc(dynamic([3,1,2]), dynamic(["c","a","b"]))' }),
      ].join('\n'));
      const r = await cli(['--batch', 'crash.jsonl', '--data', 'data'], dir);
      expect(r.code).toBe(1);
      const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.id)).toEqual(['before', 'crash', 'sorted']);
      expect(lines[1].error).toMatch(/^KQL_RUNTIME: internal error: Cannot read properties of undefined/);
      expect(lines[2]).toEqual({
        id: 'sorted',
        columns: [{ name: 'array0_sorted', type: 'dynamic' }, { name: 'array1_sorted', type: 'dynamic' }],
        rows: [[[1, 2, 3], ['a', 'b', 'c']]],
      });
    } finally {
      defineScalar((F) => F.Reverse, original);
    }
  });

  it('a repeated --data merges the directories', async () => {
    mkdirSync(join(dir, 'more'), { recursive: true });
    writeFileSync(join(dir, 'more', 'Events.jsonl'), '{"TimeGenerated":"2026-11-20T12:00:00Z","Caller":"carol","Count":4}\n');
    const r = await cli(['Events | summarize n = count(), s = sum(Count)', '--data', 'data', '--data', 'more', '--format', 'csv'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe('n,s\n3,9\n');
  });

  it('says when the wall clock puts the data before the query\'s ago() window, and not with --now', async () => {
    const q = 'Events | where TimeGenerated > ago(1d) | count';
    const wall = await cli([q, '--data', 'data'], dir);
    expect(wall.out).toContain('\n0\n');
    expect(wall.err).toMatch(/^content query: warning: now\(\) is the wall clock, and the data ends at 2026-11-20T11:00:00.0000000Z, before the query's window .*: pass --now 2026-11-20T11:00:00Z to query it\n$/);
    const pinned = await cli([q, '--data', 'data', '--now', '2026-11-20T12:00:00Z'], dir);
    expect(pinned.err).toBe('');
    expect(pinned.out).toContain('\n2\n');
  });

  it('union isfuzzy=true skips what does not exist, with a warning; union * reads every table', async () => {
    const r = await cli(['union isfuzzy=true Events, (Missing | project x) | count', '--data', 'data', '--format', 'csv'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Count\n2\n');
    expect(r.err).toBe('content query: warning: union isfuzzy=true: skipped (Missing | project x) (Missing is not a table)\n');
    const all = await cli(['union withsource=T * | summarize n = count() by T', '--data', 'data', '--format', 'csv'], dir);
    expect(all.out).toBe('T,n\nEvents,2\n');
  });

  it('batch lines carry warnings', async () => {
    writeFileSync(join(dir, 'fuzzy.jsonl'), JSON.stringify({ id: 'f', query: 'union isfuzzy=true Events, (Missing | project x) | count' }));
    const r = await cli(['--batch', 'fuzzy.jsonl', '--data', 'data', '--now', '2026-11-21T00:00:00Z'], dir);
    expect(JSON.parse(r.out)).toEqual({ id: 'f', columns: [{ name: 'Count', type: 'long' }], rows: [[2]], warnings: ['union isfuzzy=true: skipped (Missing | project x) (Missing is not a table)'] });
  });

  it('unsupported operators are quoted as written', async () => {
    const r = await cli(['Events | evaluate autocluster()', '--data', 'data'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/KQL_UNSUPPORTED: evaluate autocluster is not supported by the local engine: its pattern-mining results depend on heuristics the reference does not specify \(at offset 9: evaluate autocluster\(\)\)/);
  });

  it('a query error is one clean line and exit 1', async () => {
    const r = await cli(['Events | where Nope == 1'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^content query: KQL_SYNTAX: KS142 at line 1, column 16: .*\n$/);
    expect(r.err).not.toMatch(/\n.+\n/);
  });

  it('reads gzip-compressed data files, and columns the query does not name when it uses them', async () => {
    const gz = workspace();
    const { gzipSync } = await import('node:zlib');
    const { readFileSync, rmSync } = await import('node:fs');
    const file = join(gz, 'data', 'Events.jsonl');
    writeFileSync(`${file}.gz`, gzipSync(readFileSync(file)));
    rmSync(file);
    const r = await cli(['Events | where Count > 2', '--data', 'data', '--format', 'json'], gz);
    expect(r.err).toBe('');
    // Caller is read although the query does not name it (and the standard columns follow the schema's)
    expect(JSON.parse(r.out).rows.map((row: unknown[]) => row.slice(0, 3))).toEqual([['2026-11-20T11:00:00.0000000Z', 'bob, jr', 3]]);
  });

  it('bad data is a clean error naming file and line, exit 2', async () => {
    const bad = workspace();
    writeFileSync(join(bad, 'data', 'Events.jsonl'), '{"Caller":"a"}\n{"Count":"many"}\n');
    const r = await cli(['Events', '--data', 'data'], bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Events\.jsonl:2: column Count: expected an integer/);
  });

  it('usage errors exit 2', async () => {
    expect((await cli([], dir)).code).toBe(2);
    expect((await cli(['Events', '--format', 'xml'], dir)).code).toBe(2);
  });
});
