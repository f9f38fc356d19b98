/**
 * Compact column stores filled while data loads, one per column, and turned into the engine's plain column arrays
 * (values/README.md) on first use (see lazyColumns in table.ts): a query that reads 3 of a table's 40 columns
 * never builds the other 37.
 *
 * - strings: dictionary-encoded (each distinct value once, a code per row in 8, 16 or 32 bits as the dictionary
 *   grows); a column whose values are mostly distinct (correlation ids) switches to a plain array of its values.
 * - numbers (int, long, real, decimal, datetime, timespan): a Float64Array, and a byte per row for nulls once the
 *   first null arrives; a column that meets a value outside float64 (a long beyond 2^53, held as a bigint) becomes a
 *   plain array.
 * - bool: a byte per row (0, 1, or 2 for null).
 * - everything else (dynamic, guid): a plain array of the values.
 */
import type { ScalarTypeName } from '../schema.ts';

export interface ColumnStore {
  readonly length: number;
  /** Appends one value, already typed for the column (values/json.ts fromRecordValue). */
  push(v: unknown): void;
  /** The value of row i. */
  get(i: number): unknown;
  /** The engine's column array (a new plain array). */
  toArray(): unknown[];
}

const INITIAL = 1024;

/** The store for a column of the type. */
export function columnStore(type: ScalarTypeName): ColumnStore {
  switch (type) {
    case 'string':
      return new StringStore();
    case 'int': case 'long': case 'real': case 'decimal': case 'datetime': case 'timespan':
      return new NumberStore();
    case 'bool':
      return new BoolStore();
    default:
      return new PlainStore();
  }
}

class PlainStore implements ColumnStore {
  constructor(readonly values: unknown[] = []) {}

  get length(): number {
    return this.values.length;
  }

  push(v: unknown): void {
    this.values.push(v);
  }

  get(i: number): unknown {
    return this.values[i];
  }

  toArray(): unknown[] {
    return this.values.slice();
  }
}

type Codes = Uint8Array | Uint16Array | Uint32Array;

/** A dictionary is given up for a plain array once it holds this many values and most rows are distinct. */
const DICTIONARY_GIVE_UP = 4096;

class StringStore implements ColumnStore {
  length = 0;
  private codes: Codes = new Uint8Array(INITIAL);
  private max = 0xff;
  private dictionary: Map<string, number> | undefined = new Map();
  private values: string[] = [];
  /** Set when the dictionary is given up: one value per row. */
  private plain: unknown[] | undefined;
  private last: string | undefined;
  private lastCode = 0;

  push(v: unknown): void {
    if (this.plain) {
      this.plain.push(v);
      this.length++;
      return;
    }
    const s = v as string;
    // runs of one value are common (a file's rows share a resource, a category, an operation)
    let code = s === this.last ? this.lastCode : this.dictionary!.get(s);
    if (code === undefined) {
      code = this.values.length;
      if (code >= DICTIONARY_GIVE_UP && code * 2 > this.length) {
        this.plain = this.toArray();
        this.dictionary = undefined;
        this.values = [];
        this.codes = new Uint8Array(0);
        this.push(v);
        return;
      }
      this.values.push(s);
      this.dictionary!.set(s, code);
      if (code > this.max) this.widen();
    }
    this.last = s;
    this.lastCode = code;
    if (this.length === this.codes.length) this.codes = grow(this.codes);
    this.codes[this.length++] = code;
  }

  private widen(): void {
    const wider = this.max === 0xff ? new Uint16Array(this.codes.length) : new Uint32Array(this.codes.length);
    wider.set(this.codes.subarray(0, this.length));
    this.codes = wider;
    this.max = this.max === 0xff ? 0xffff : 0xffffffff;
  }

  get(i: number): unknown {
    return this.plain ? this.plain[i] : this.values[this.codes[i]!];
  }

  toArray(): unknown[] {
    if (this.plain) return this.plain.slice();
    const out = new Array<unknown>(this.length);
    const { codes, values } = this;
    for (let i = 0; i < this.length; i++) out[i] = values[codes[i]!];
    return out;
  }
}

class NumberStore implements ColumnStore {
  length = 0;
  private values = new Float64Array(INITIAL);
  /** 1 where the row is null; allocated with the first null. */
  private nulls: Uint8Array | undefined;
  /** Set when a value is not a float64 (a bigint): one value per row. */
  private plain: unknown[] | undefined;

  push(v: unknown): void {
    if (this.plain) {
      this.plain.push(v);
      this.length++;
      return;
    }
    if (typeof v !== 'number' && v !== null) {
      this.plain = this.toArray();
      this.values = new Float64Array(0);
      this.nulls = undefined;
      this.push(v);
      return;
    }
    if (this.length === this.values.length) {
      this.values = grow(this.values);
      if (this.nulls) this.nulls = grow(this.nulls);
    }
    if (v === null) {
      this.nulls ??= new Uint8Array(this.values.length);
      this.nulls[this.length] = 1;
    } else {
      this.values[this.length] = v as number;
    }
    this.length++;
  }

  get(i: number): unknown {
    if (this.plain) return this.plain[i];
    return this.nulls?.[i] ? null : this.values[i];
  }

  toArray(): unknown[] {
    if (this.plain) return this.plain.slice();
    const out = new Array<unknown>(this.length);
    const { values, nulls } = this;
    if (nulls) for (let i = 0; i < this.length; i++) out[i] = nulls[i] ? null : values[i];
    else for (let i = 0; i < this.length; i++) out[i] = values[i];
    return out;
  }
}

const BOOLS = [false, true, null];

class BoolStore implements ColumnStore {
  length = 0;
  private values = new Uint8Array(INITIAL);

  push(v: unknown): void {
    if (this.length === this.values.length) this.values = grow(this.values);
    this.values[this.length++] = v === null ? 2 : v ? 1 : 0;
  }

  get(i: number): unknown {
    return BOOLS[this.values[i]!];
  }

  toArray(): unknown[] {
    const out = new Array<unknown>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = BOOLS[this.values[i]!];
    return out;
  }
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T): T {
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(INITIAL, a.length * 2));
  bigger.set(a);
  return bigger;
}
