/**
 * A JSON array of row objects (`TABLE.json`) read from byte chunks as they arrive: the array's elements are found by
 * a scanner that follows nesting and strings, and each is parsed alone, so a file of any size loads without being
 * one string. Each record gets the line its element starts on.
 */
import { KqlError } from '../engine-api.ts';
import type { RecordSink } from './json-lines.ts';

const BEFORE = 0; // before the opening [
const BETWEEN = 1; // inside the array, between elements
const ELEMENT = 2; // inside an element
const AFTER = 3; // after the closing ]

export class JsonArrayParser {
  private state = BEFORE;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  /** The element's start in the current chunk, and its bytes from earlier chunks. */
  private begin = -1;
  private parts: Buffer[] = [];
  private elementLine = 0;

  constructor(private readonly file: string, private readonly sink: RecordSink) {}

  push(chunk: Buffer): void {
    let i = 0;
    if (this.state === ELEMENT) this.begin = 0;
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 10) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (b === 92) this.escape = true;
        else if (b === 34) this.inString = false;
        continue;
      }
      const space = b === 32 || b === 10 || b === 13 || b === 9;
      switch (this.state) {
        case BEFORE:
          // a UTF-8 byte order mark's bytes count as space before the array
          if (space || b === 0xef || b === 0xbb || b === 0xbf) continue;
          if (b !== 91) this.fail('expected a JSON array of row objects');
          this.state = BETWEEN;
          continue;
        case BETWEEN:
          if (space || b === 44) continue;
          if (b === 93) {
            this.state = AFTER;
            continue;
          }
          this.state = ELEMENT;
          this.begin = i;
          this.elementLine = this.line;
          this.depth = 0;
          this.element(chunk, b, i);
          continue;
        case ELEMENT:
          this.element(chunk, b, i);
          continue;
        default:
          if (!space) this.fail('unexpected text after the closing ] of the array');
      }
    }
    if (this.state === ELEMENT) this.parts.push(Buffer.from(chunk.subarray(this.begin)));
  }

  /** One byte of an element, outside strings. */
  private element(chunk: Buffer, b: number, i: number): void {
    if (b === 34) this.inString = true;
    else if (b === 123 || b === 91) this.depth++;
    else if (b === 125 || b === 93) {
      if (this.depth === 0) {
        // the array's ] right after a scalar element
        this.emit(chunk, i);
        this.state = AFTER;
      } else if (--this.depth === 0) {
        this.emit(chunk, i + 1);
        this.state = BETWEEN;
      }
    } else if (b === 44 && this.depth === 0) {
      this.emit(chunk, i);
      this.state = BETWEEN;
    }
  }

  end(): void {
    if (this.state === BEFORE) this.fail('expected a JSON array of row objects');
    if (this.state !== AFTER) throw new KqlError('KQL_DATA', `${this.file}:${this.line}: not valid JSON (the array is not closed with ]); the file must be one JSON array of row objects`);
  }

  private emit(chunk: Buffer, end: number): void {
    const bytes = this.parts.length ? Buffer.concat([...this.parts, chunk.subarray(this.begin, end)]) : chunk.subarray(this.begin, end);
    this.parts = [];
    const text = bytes.toString('utf8');
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw new KqlError('KQL_DATA', `${this.file}:${this.elementLine}: not valid JSON (${(err as Error).message})`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      throw new KqlError('KQL_DATA', `${this.file}:${this.elementLine}: expected a JSON array of row objects`);
    }
    this.sink(v, this.elementLine, text.length === bytes.length);
  }

  private fail(what: string): never {
    throw new KqlError('KQL_DATA', `${this.file}:${this.line}: ${what}`);
  }
}
