/**
 * JSON lines read from byte chunks as they arrive (a file is never one string: V8 cannot hold a string over about
 * 512 MB). Each non-blank line that does not start with `//` is one JSON object; line numbers are 1-based. A UTF-8
 * byte order mark and CRLF line ends are accepted.
 */
import { KqlError } from '../engine-api.ts';

/** Receives each record with its 1-based line and whether its text is plain ASCII. */
export type RecordSink = (record: unknown, line: number, ascii: boolean) => void;

export class JsonLinesParser {
  private carry: Buffer | undefined;
  private line = 0;

  constructor(private readonly file: string, private readonly sink: RecordSink) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry) {
      // the line begun in an earlier chunk: only it is copied
      const nl = chunk.indexOf(10, start);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, chunk.subarray(start)]);
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(start, nl)]);
      this.carry = undefined;
      this.lineOf(line, 0, line.length);
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      this.lineOf(chunk, start, nl);
      start = nl + 1;
    }
    // a copy: the reader may reuse or drop its chunks
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
  }

  end(): void {
    if (this.carry) this.lineOf(this.carry, 0, this.carry.length);
    this.carry = undefined;
  }

  private lineOf(buf: Buffer, s: number, e: number): void {
    const line = ++this.line;
    if (line === 1 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    if (e > s && buf[e - 1] === 13) e--;
    while (s < e && (buf[s] === 32 || buf[s] === 9 || buf[s] === 13)) s++;
    if (s === e || (buf[s] === 47 && buf[s + 1] === 47)) return;
    const text = buf.toString('utf8', s, e);
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw new KqlError('KQL_DATA', `${this.file}:${line}: not valid JSON (${(err as Error).message}); each line must be one JSON object`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      throw new KqlError('KQL_DATA', `${this.file}:${line}: expected a JSON object with column values`);
    }
    this.sink(v, line, text.length === e - s);
  }
}
