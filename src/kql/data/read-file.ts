/**
 * Reading one data file as records, in chunks: `TABLE.jsonl` (or `.ndjson`: one JSON object a line), `TABLE.json`
 * (an array of objects) and `TABLE.csv` (a header row of column names), each also gzip-compressed (`.jsonl.gz`).
 * Every format streams (no whole-file string, so a file of any size loads).
 *
 * Two readers share the parsers: readDataFile (synchronous: fs.readSync, gzip by fflate's streaming inflater) and
 * readDataFileAsync (a read stream, gzip by node:zlib, which inflates on a worker thread while this one parses).
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { basename } from 'node:path';
import { Gunzip } from 'fflate';
import { Parser as CsvStreamParser } from 'csv-parse';
import { KqlError } from '../engine-api.ts';
import { JsonLinesParser, type RecordSink } from './json-lines.ts';
import { JsonArrayParser } from './json-array.ts';

export type DataFormat = 'jsonl' | 'json' | 'csv';

const FORMATS: Record<string, DataFormat> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'json', '.csv': 'csv' };

/** Data file name endings, compressed ones included. */
export const DATA_EXTENSIONS = [...Object.keys(FORMATS), ...Object.keys(FORMATS).map((e) => `${e}.gz`)];

/** A data file's format and whether it is gzip-compressed, from its name; undefined when it is no data file. */
export function dataFileFormat(file: string): { format: DataFormat; gzip: boolean } | undefined {
  const name = basename(file).toLowerCase();
  const gzip = name.endsWith('.gz');
  const stem = gzip ? name.slice(0, -3) : name;
  const dot = stem.lastIndexOf('.');
  const format = dot > 0 ? FORMATS[stem.slice(dot)] : undefined;
  return format ? { format, gzip } : undefined;
}

/** The table a data file holds, by its name: `AzureDiagnostics.jsonl` (or `.jsonl.gz`) → `AzureDiagnostics`. */
export function tableNameOfFile(file: string): string {
  const name = basename(file);
  const stem = name.toLowerCase().endsWith('.gz') ? name.slice(0, -3) : name;
  const dot = stem.lastIndexOf('.');
  return dot > 0 ? stem.slice(0, dot) : stem;
}

export interface ReadProgress {
  file: string;
  /** Bytes of the file read so far (compressed bytes for a .gz file). */
  bytes: number;
  totalBytes: number;
}

export interface ReadDataOptions {
  signal?: AbortSignal;
  /** Called after each chunk read. */
  onProgress?: (progress: ReadProgress) => void;
}

/**
 * Bytes read at a time. A stream's chunks are new buffers, outside the JS heap and freed only by a later garbage
 * collection: smaller ones keep less of that memory waiting.
 */
const CHUNK = 1 << 20;
const STREAM_CHUNK = 1 << 16;

interface ChunkParser {
  push(chunk: Buffer): void;
  end(): void;
}

function parserFor(file: string, format: DataFormat, sink: RecordSink): ChunkParser {
  if (format === 'jsonl') return new JsonLinesParser(file, sink);
  if (format === 'json') return new JsonArrayParser(file, sink);
  return new CsvParser(file, sink);
}

function formatOf(file: string): { format: DataFormat; gzip: boolean } {
  const f = dataFileFormat(file);
  if (!f) throw new KqlError('KQL_DATA', `${file}: unsupported data file type (use .jsonl, .json or .csv, optionally gzip-compressed as .gz)`);
  return f;
}

/** A reading or inflating error as a KQL_DATA error naming the file; other errors (a sink's) pass unchanged. */
function cannotRead(file: string, e: unknown): unknown {
  if (e instanceof KqlError) return e;
  const code = (e as { code?: unknown }).code;
  // zlib's codes, or fflate's (numbers)
  if (typeof code === 'number' || (typeof code === 'string' && code.startsWith('Z_'))) {
    return new KqlError('KQL_DATA', `${file}: not a valid gzip file (${(e as Error).message}); compress it with gzip, or drop the .gz ending`);
  }
  if (typeof code === 'string') return new KqlError('KQL_DATA', `${file}: cannot read (${code})`);
  return e;
}

function checkAborted(signal: AbortSignal | undefined, file: string): void {
  if (signal?.aborted) throw new KqlError('KQL_ABORTED', `loading ${file} was cancelled`);
}

/** Reads a data file chunk by chunk, handing each record to the sink. Errors are KQL_DATA errors at file:line. */
export function readDataFile(file: string, sink: RecordSink, options: ReadDataOptions = {}): void {
  const { format, gzip } = formatOf(file);
  const parser = parserFor(file, format, sink);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw cannotRead(file, e);
  }
  try {
    const totalBytes = fstatSync(fd).size;
    const inflater = gzip ? new Gunzip((data) => parser.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength))) : undefined;
    let bytes = 0;
    // one buffer for every chunk: the parsers copy what they keep of a chunk (a line or element begun in it)
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      checkAborted(options.signal, file);
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      bytes += n;
      const chunk = buf.subarray(0, n);
      if (inflater) inflater.push(chunk, false);
      else parser.push(chunk);
      options.onProgress?.({ file, bytes, totalBytes });
    }
    inflater?.push(new Uint8Array(0), true);
    parser.end();
  } catch (e) {
    throw cannotRead(file, e);
  } finally {
    closeSync(fd);
  }
}

/** readDataFile, reading with a stream (and inflating .gz files off the main thread). */
export async function readDataFileAsync(file: string, sink: RecordSink, options: ReadDataOptions = {}): Promise<void> {
  const { format, gzip } = formatOf(file);
  const parser = parserFor(file, format, sink);
  const raw = createReadStream(file, { highWaterMark: STREAM_CHUNK, signal: options.signal });
  let totalBytes = 0;
  raw.once('open', (fd: number) => {
    try {
      totalBytes = fstatSync(fd).size;
    } catch {
      // progress without a total
    }
  });
  const source: Readable = gzip ? pipeline(raw, createGunzip({ chunkSize: STREAM_CHUNK }), () => {}) : raw;
  try {
    for await (const chunk of source) {
      checkAborted(options.signal, file);
      parser.push(chunk as Buffer);
      options.onProgress?.({ file, bytes: raw.bytesRead, totalBytes });
    }
    parser.end();
  } catch (e) {
    if ((e as Error).name === 'AbortError') checkAborted(options.signal, file);
    throw cannotRead(file, e);
  } finally {
    raw.destroy();
  }
}

/**
 * CSV through csv-parse's stream parser, written to and read from synchronously, chunk by chunk (CSV has no nulls: an
 * empty cell is null, the empty string for strings). A header row names the columns.
 */
class CsvParser implements ChunkParser {
  private readonly csv = new CsvStreamParser({ columns: true, skip_empty_lines: true, info: true, bom: true });

  constructor(private readonly file: string, private readonly sink: RecordSink) {
    // Errors are read from `errored` after each call; the stream's own error event would otherwise be unhandled.
    this.csv.on('error', () => {});
  }

  push(chunk: Buffer): void {
    // copied: the parser keeps the unparsed end of a chunk as a view of it, and the synchronous reader reuses its buffer
    this.csv.write(Buffer.from(chunk));
    this.drain();
  }

  end(): void {
    this.csv.end();
    this.drain();
  }

  private drain(): void {
    let r: { record: Record<string, string>; info: { lines: number } } | null;
    while ((r = this.csv.read() as typeof r) !== null) {
      const row: Record<string, unknown> = {};
      for (const k in r.record) {
        const val = r.record[k];
        row[k] = val === '' ? null : val;
      }
      this.sink(row, r.info.lines, false);
    }
    const err = this.csv.errored as (Error & { lines?: number }) | null;
    if (err) throw new KqlError('KQL_DATA', `${this.file}${err.lines ? `:${err.lines}` : ''}: not valid CSV (${err.message})`);
  }
}
