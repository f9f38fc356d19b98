/**
 * Loading data in chunks: JSON lines and JSON arrays split at every byte, gzip-compressed files, columns read on
 * first use, every bad file reported, progress and cancellation, and the compact column stores.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDatabase, createEngine, KqlError, loadDataDirectory, loadDataDirectoryAsync, namesInQueries, readTableFile, type TableSchema } from '../../src/kql/index.ts';
import { JsonLinesParser } from '../../src/kql/data/json-lines.ts';
import { JsonArrayParser } from '../../src/kql/data/json-array.ts';
import { columnStore } from '../../src/kql/data/columns.ts';
import { parseIsoDatetime } from '../../src/kql/values/iso-datetime.ts';
import { parseDatetime } from '../../src/kql/values/datetime.ts';

// An AzureDiagnostics-like table (a few of the columns Managed HSM audit records fill; learn.microsoft.com
// azure/key-vault/managed-hsm/logging) and a lookup table without TimeGenerated.
const E: TableSchema = {
  name: 'Events',
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'OperationName', type: 'string' },
    { name: 'CallerIPAddress', type: 'string' },
    { name: 'DurationMs', type: 'long' },
    { name: 'httpStatusCode_d', type: 'real' },
    { name: 'isAddressAuthorized_b', type: 'bool' },
    { name: 'Properties', type: 'dynamic' },
  ],
};
const L: TableSchema = { name: 'Lookup', columns: [{ name: 'ip', type: 'string' }, { name: 'site', type: 'string' }] };
const engine = createEngine({ tables: [E, L] });

const RECORDS = [
  { TimeGenerated: '2026-11-20T10:00:00Z', OperationName: 'KeyUnwrap', CallerIPAddress: '10.20.1.15', DurationMs: 12, httpStatusCode_d: 200, isAddressAuthorized_b: true, Properties: { key: 'payments-kek', note: 'a "quoted" ] and } inside' } },
  { TimeGenerated: '2026-11-20T10:00:01.1234567Z', OperationName: 'KeyGet', CallerIPAddress: '203.0.113.7', DurationMs: null, httpStatusCode_d: 403, isAddressAuthorized_b: false, Properties: null },
  { TimeGenerated: '2026-11-20T10:00:02Z', OperationName: 'Opération', CallerIPAddress: '', DurationMs: '9007199254740993', Properties: ['é', { nested: [1, 2] }] },
];
const JSONL = `\ufeff${RECORDS.map((r) => JSON.stringify(r)).join('\r\n')}\n\n// a comment line\n`;
const JSON_ARRAY = `\ufeff[\n${RECORDS.map((r) => `  ${JSON.stringify(r, null, 1).replace(/\n/g, '\n  ')}`).join(',\n')}\n]\n`;

function tempDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kql-stream-'));
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

/** Feeds the text to a parser in chunks cut at the given byte offsets; returns the records with their lines. */
function parse(kind: 'lines' | 'array', text: string, cuts: number[]): { record: unknown; line: number; ascii: boolean }[] {
  const out: { record: unknown; line: number; ascii: boolean }[] = [];
  const sink = (record: unknown, line: number, ascii: boolean) => out.push({ record, line, ascii });
  const p = kind === 'lines' ? new JsonLinesParser('f', sink) : new JsonArrayParser('f', sink);
  const bytes = Buffer.from(text);
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    p.push(bytes.subarray(at, cut));
    at = cut;
  }
  p.push(bytes.subarray(at));
  p.end();
  return out;
}

describe('chunked parsers', () => {
  it('JSON lines give the same records and lines wherever the chunks are cut (BOM, CRLF, UTF-8 split)', () => {
    const whole = parse('lines', JSONL, []);
    expect(whole.map((r) => r.record)).toEqual(RECORDS);
    expect(whole.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(whole.map((r) => r.ascii)).toEqual([true, true, false]);
    const n = Buffer.byteLength(JSONL);
    for (let cut = 0; cut <= n; cut++) expect(parse('lines', JSONL, [cut])).toEqual(whole);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: n }), { maxLength: 6 }), (cuts) => {
      expect(parse('lines', JSONL, cuts)).toEqual(whole);
    }), { numRuns: 200 });
  });

  it('a JSON array gives each element with the line it starts on, wherever the chunks are cut', () => {
    const whole = parse('array', JSON_ARRAY, []);
    expect(whole.map((r) => r.record)).toEqual(RECORDS);
    const starts = JSON_ARRAY.split('\n').flatMap((l, i) => (l.startsWith('  {') ? [i + 1] : []));
    expect(whole.map((r) => r.line)).toEqual(starts);
    const n = Buffer.byteLength(JSON_ARRAY);
    for (let cut = 0; cut <= n; cut++) expect(parse('array', JSON_ARRAY, [cut])).toEqual(whole);
    expect(parse('array', '[]', [])).toEqual([]);
    expect(parse('array', ' [ {"a":1} , {"a":"]"} ] ', [5]).map((r) => r.record)).toEqual([{ a: 1 }, { a: ']' }]);
  });

  it('bad JSON names the line and says what to do', () => {
    expect(() => parse('lines', '{"a":1}\n{"a": oops}\n', [])).toThrow(/^f:2: not valid JSON .*each line must be one JSON object$/);
    expect(() => parse('lines', '{"a":1}\n[1]\n', [])).toThrow(/^f:2: expected a JSON object with column values$/);
    expect(() => parse('array', '{"a":1}', [])).toThrow(/^f:1: expected a JSON array of row objects$/);
    expect(() => parse('array', '[\n{"a":1},\n{"a":', [])).toThrow(/^f:3: not valid JSON \(the array is not closed/);
    expect(() => parse('array', '[{"a":1}] x', [])).toThrow(/^f:1: unexpected text after the closing \]/);
    expect(() => parse('array', '[\n{"a":1},\n 7]', [])).toThrow(/^f:3: expected a JSON array of row objects$/);
  });
});

describe('loading files', () => {
  const rowsOf = (db: ReturnType<typeof createDatabase>) =>
    engine.run('Events | project TimeGenerated, OperationName, CallerIPAddress, DurationMs, httpStatusCode_d, isAddressAuthorized_b, Properties', db).rows;
  const expected = rowsOf(createDatabase([{ schema: E, rows: RECORDS }]));

  it('reads .jsonl, .json and their .gz forms to the same rows as inline records, sync and async', async () => {
    expect(expected[2]).toEqual(['2026-11-20T10:00:02.0000000Z', 'Opération', '', '9007199254740993', null, null, ['é', { nested: [1, 2] }]]);
    for (const [name, text] of [['Events.jsonl', JSONL], ['Events.json', JSON_ARRAY], ['Events.ndjson', JSONL]] as const) {
      for (const gz of [false, true]) {
        const dir = tempDir({ [gz ? `${name}.gz` : name]: gz ? gzipSync(text) : text });
        expect(rowsOf(loadDataDirectory(dir, [E]))).toEqual(expected);
        expect(rowsOf(await loadDataDirectoryAsync(dir, [E]))).toEqual(expected);
      }
    }
    // a file of several gzip members (as `cat a.gz b.gz` makes)
    const lines = JSONL.split('\n');
    const dir = tempDir({ 'Events.jsonl.gz': Buffer.concat([gzipSync(lines.slice(0, 2).join('\n') + '\n'), gzipSync(lines.slice(2).join('\n'))]) });
    expect(rowsOf(loadDataDirectory(dir, [E]))).toEqual(expected);
    expect(rowsOf(await loadDataDirectoryAsync(dir, [E]))).toEqual(expected);
    expect(readTableFile(join(dir, 'Events.jsonl.gz'), E).rows).toEqual(RECORDS);
  });

  it('streams CSV over many chunks: quoted fields across chunk ends, empty cells, bad records at their line', async () => {
    // Lookup rows of about 120 bytes: 12,000 of them span more than one of the readers' chunks (1 MB sync, 64 KB async),
    // and every tenth site is a quoted field with a comma, a doubled quote and a line break in it.
    const rows: [string, string][] = [];
    let csv = '\ufeffip,site\r\n';
    for (let i = 0; i < 12_000; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const site = i % 10 === 0 ? `hq, floor "${i}"\nwest ${'x'.repeat(80)}` : i % 7 === 0 ? null : `site-${i}-${'y'.repeat(90)}`;
      rows.push([ip, site ?? '']); // an empty cell is null, which a string column holds as the empty string
      csv += `${ip},${site === null ? '' : site.includes(',') ? `"${site.replace(/"/g, '""')}"` : site}\r\n`;
    }
    expect(csv.length).toBeGreaterThan(1 << 20);
    for (const gz of [false, true]) {
      const dir = tempDir({ [gz ? 'Lookup.csv.gz' : 'Lookup.csv']: gz ? gzipSync(csv) : csv });
      for (const db of [loadDataDirectory(dir, [L]), await loadDataDirectoryAsync(dir, [L])]) {
        expect(engine.run('Lookup', db).rows).toEqual(rows);
      }
    }
    // a record with a field too many, after the first chunk: its line, in the file's own numbering
    const lines = csv.split('\r\n');
    lines.splice(9_001, 0, '10.9.9.9,a,b');
    const bad = tempDir({ 'Lookup.csv': lines.join('\r\n') });
    const line = lines.slice(0, 9_002).join('\n').split('\n').length;
    for (const err of [thrown(() => loadDataDirectory(bad, [L])), await loadDataDirectoryAsync(bad, [L]).then(() => undefined, (e: KqlError) => e)]) {
      expect(err?.code).toBe('KQL_DATA');
      expect(err?.message).toContain(`${join(bad, 'Lookup.csv')}:${line}: not valid CSV (Invalid Record Length`);
    }
  });

  it('a file that is not gzip behind a .gz name is a clear error, sync and async', async () => {
    const dir = tempDir({ 'Events.jsonl.gz': JSONL });
    const message = /Events\.jsonl\.gz: not a valid gzip file \(.*\); compress it with gzip, or drop the \.gz ending/;
    expect(thrown(() => loadDataDirectory(dir, [E])).message).toMatch(message);
    await expect(loadDataDirectoryAsync(dir, [E])).rejects.toThrow(message);
  });

  it('reads only the named columns while loading, and the others from the files when a query uses them', async () => {
    const dir = tempDir({ 'Events.jsonl.gz': gzipSync(JSONL) });
    for (const db of [loadDataDirectory(dir, [E], { columns: ['OperationName'] }), await loadDataDirectoryAsync(dir, [E], { columns: ['OperationName'] })]) {
      expect(engine.run('Events | summarize n = count() by OperationName', db).rows).toEqual([['KeyUnwrap', 1], ['KeyGet', 1], ['Opération', 1]]);
      expect(rowsOf(db)).toEqual(expected);
      expect(engine.run('Events | where DurationMs > 0 | count', db).rows).toEqual([[2]]);
    }
    // a bad value in a column read on first use is the same error, at its line, when the query uses it
    const bad = tempDir({ 'Events.jsonl': '{"OperationName":"KeyGet"}\n{"OperationName":"KeyGet","DurationMs":"many"}\n' });
    const db = loadDataDirectory(bad, [E], { columns: ['OperationName'] });
    expect(engine.run('Events | count', db).rows).toEqual([[2]]);
    const err = thrown(() => engine.run('Events | summarize sum(DurationMs)', db));
    expect(err.code).toBe('KQL_DATA');
    expect(err.message).toBe(`${join(bad, 'Events.jsonl')}:2: column DurationMs: expected an integer (long), got "many"; fix the value or the table schema`);
    expect(thrown(() => loadDataDirectory(bad, [E])).message).toBe(err.message);
  });

  it('reads every file when one is bad and reports them all', async () => {
    const dir = tempDir({
      'Events.jsonl': '{"OperationName":"KeyGet"}\n{"TimeGenerated":"yesterday"}\n',
      'Lookup.json': '[{"ip":"10.0.0.1","site":"hq"},\n{"ip": }]',
      'Other.jsonl': '{}\n',
    });
    for (const err of [thrown(() => loadDataDirectory(dir, [E, L])), await loadDataDirectoryAsync(dir, [E, L]).then(() => undefined, (e: KqlError) => e)]) {
      expect(err?.code).toBe('KQL_DATA');
      expect(err?.message.split('\n')).toEqual([
        '3 problems in the data:',
        `  ${join(dir, 'Other.jsonl')}: no table schema named Other; add one to the schema directory or rename the file`,
        expect.stringMatching(/^ {2}.*Events\.jsonl:2: column TimeGenerated: expected an ISO-8601 datetime, got "yesterday"; fix the value or the table schema$/),
        expect.stringMatching(/^ {2}.*Lookup\.json:2: not valid JSON \(/),
      ]);
    }
  });

  it('reports progress over all files up to their total size, and stops when cancelled', async () => {
    const big = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ ...RECORDS[0], DurationMs: i })).join('\n');
    const dir = tempDir({ 'Events.jsonl': big, 'Lookup.jsonl.gz': gzipSync('{"ip":"10.20.1.15","site":"aks"}\n') });
    const total = Buffer.byteLength(big) + gzipSync('{"ip":"10.20.1.15","site":"aks"}\n').length;
    for (const load of [loadDataDirectory, loadDataDirectoryAsync]) {
      const seen: number[] = [];
      const db = await load(dir, [E, L], { onProgress: (p) => { expect(p.totalBytes).toBe(total); seen.push(p.bytes); } });
      expect(engine.run('Events | summarize max(DurationMs)', db).rows).toEqual([[2999]]);
      expect(seen.length).toBeGreaterThan(1);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.at(-1)).toBe(total);
      const controller = new AbortController();
      controller.abort();
      await expect(Promise.resolve().then(() => load(dir, [E, L], { signal: controller.signal }))).rejects.toMatchObject({ code: 'KQL_ABORTED' });
    }
  });
});

describe('namesInQueries', () => {
  it('takes the words of the queries and of the functions they call, transitively', () => {
    const functions = [
      { name: 'HsmAudit', body: 'Events | extend Caller = CallerIPAddress | invoke Normalise()' },
      { name: 'Normalise', body: "T | extend Op = column_ifexists('OperationName', '')" },
      { name: 'Unused', body: 'Events | project DurationMs' },
    ];
    const names = namesInQueries(['HsmAudit | where Caller != "" | project [\'httpStatusCode_d\']'], functions);
    for (const n of ['HsmAudit', 'Caller', 'CallerIPAddress', 'Normalise', 'OperationName', 'httpStatusCode_d']) expect(names.has(n)).toBe(true);
    expect(names.has('DurationMs')).toBe(false);
  });
});

describe('column stores', () => {
  it('strings: a dictionary that widens past 256 and 65,536 values, or gives way to a plain array', () => {
    // 70,000 values each seen 3 times in a row: the codes grow to 16 and then 32 bits
    const repeated = Array.from({ length: 210_000 }, (_, i) => `op-${Math.floor(i / 3)}`);
    const distinct = Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const values of [repeated, distinct, ['', 'a', '', 'a']]) {
      const s = columnStore('string');
      for (const v of values) s.push(v);
      expect(s.length).toBe(values.length);
      expect(s.toArray().join('\n')).toBe(values.join('\n'));
      expect(s.get(values.length - 1)).toBe(values.at(-1));
      expect(s.get(1)).toBe(values[1]);
    }
  });

  it('numbers keep nulls and fall back to plain values for bigints; bools keep nulls', () => {
    const n = columnStore('long');
    const values = [1, null, -0.5, 2 ** 53, null, 9007199254740993n, 3];
    for (const v of values) n.push(v);
    expect(n.toArray()).toEqual(values);
    const d = columnStore('datetime');
    const times = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? null : i * 10_000_000));
    for (const v of times) d.push(v);
    expect(d.toArray()).toEqual(times);
    const b = columnStore('bool');
    for (const v of [true, null, false]) b.push(v);
    expect(b.toArray()).toEqual([true, null, false]);
  });
});

describe('parseIsoDatetime', () => {
  it('gives parseDatetime\'s ticks for every text', () => {
    const fixed = ['2026-11-20T10:00:00Z', '2026-11-20T10:00:00.1234567Z', '2026-11-20 10:00:00.123456789', '2024-02-29T00:00:00Z',
      '2026-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-20T24:00:00Z', '2026-11-20T10:00:00+02:00', '2026-11-20T10:00:00.Z',
      '2026-11-20T10:00:00.1234567890Z', '0999-01-01T00:00:00Z', '2026-11-20T10:00:00z', '2026-11-20T10:00:00ZZ', '2026-1-20T10:00:00Z'];
    for (const t of fixed) expect([t, parseIsoDatetime(t)]).toEqual([t, parseDatetime(t)]);
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    fc.assert(fc.property(
      fc.integer({ min: 1000, max: 2999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.stringMatching(/^(\.\d{1,9})?$/), fc.constantFrom('Z', '', 'z', '+01:00'), fc.constantFrom('T', ' '),
      (y, mo, d, h, mi, s, frac, zone, sep) => {
        const t = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac}${zone}`;
        expect(parseIsoDatetime(t)).toBe(parseDatetime(t));
      },
    ), { numRuns: 2000 });
  });
});
