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
 *
 * Typed values are kept in blocks of 65,536 (Blocks), so a large load never copies or over-allocates a column.
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

/**
 * A growable typed array in blocks of 65,536 values: growing never copies (or leaves behind) what is already
 * stored, and a small table's first block starts at 1,024 values and doubles up to the block size.
 */
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const MASK = BLOCK - 1;

type Typed = Uint8Array | Uint16Array | Uint32Array | Float64Array;

class Blocks<T extends Typed> {
  blocks: T[] = [];

  constructor(private readonly make: (n: number) => T) {}

  set(i: number, v: number): void {
    const b = i >>> BLOCK_BITS;
    let block = this.blocks[b];
    if (!block) {
      block = this.make(b === 0 ? INITIAL : BLOCK);
      this.blocks.push(block);
    } else if (b === 0 && i >= block.length) {
      const bigger = this.make(Math.min(BLOCK, block.length * 2));
      bigger.set(block);
      this.blocks[0] = block = bigger;
    }
    block[i & MASK] = v;
  }

  get(i: number): number {
    return this.blocks[i >>> BLOCK_BITS]![i & MASK]!;
  }

  /** The same values in blocks of another type (wider codes). */
  to<U extends Typed>(make: (n: number) => U): Blocks<U> {
    const out = new Blocks(make);
    out.blocks = this.blocks.map((b) => {
      const w = make(b.length);
      w.set(b);
      return w;
    });
    return out;
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


/** A dictionary is given up for a plain array once it holds this many values and most rows are distinct. */
const DICTIONARY_GIVE_UP = 4096;

class StringStore implements ColumnStore {
  length = 0;
  private codes: Blocks<Uint8Array | Uint16Array | Uint32Array> = new Blocks((n) => new Uint8Array(n));
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
        this.codes = new Blocks((n) => new Uint8Array(n));
        this.push(v);
        return;
      }
      this.values.push(s);
      this.dictionary!.set(s, code);
      if (code > this.max) this.widen();
    }
    this.last = s;
    this.lastCode = code;
    this.codes.set(this.length++, code);
  }

  private widen(): void {
    this.codes = this.max === 0xff ? this.codes.to((n) => new Uint16Array(n)) : this.codes.to((n) => new Uint32Array(n));
    this.max = this.max === 0xff ? 0xffff : 0xffffffff;
  }

  get(i: number): unknown {
    return this.plain ? this.plain[i] : this.values[this.codes.get(i)];
  }

  toArray(): unknown[] {
    if (this.plain) return this.plain.slice();
    const out = new Array<unknown>(this.length);
    const { values } = this;
    let i = 0;
    for (const block of this.codes.blocks) for (let j = 0; j < block.length && i < this.length; j++) out[i++] = values[block[j]!];
    return out;
  }
}

class NumberStore implements ColumnStore {
  length = 0;
  private values = new Blocks((n) => new Float64Array(n));
  /** 1 where the row is null; made with the first null. */
  private nulls: Blocks<Uint8Array> | undefined;
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
      this.values = new Blocks((n) => new Float64Array(n));
      this.nulls = undefined;
      this.push(v);
      return;
    }
    if (v === null) {
      if (!this.nulls) {
        this.nulls = new Blocks((n) => new Uint8Array(n));
        for (let i = 0; i < this.length; i++) this.nulls.set(i, 0);
      }
      this.nulls.set(this.length, 1);
      this.values.set(this.length, 0);
    } else {
      this.nulls?.set(this.length, 0);
      this.values.set(this.length, v as number);
    }
    this.length++;
  }

  get(i: number): unknown {
    if (this.plain) return this.plain[i];
    return this.nulls?.get(i) ? null : this.values.get(i);
  }

  toArray(): unknown[] {
    if (this.plain) return this.plain.slice();
    const out = new Array<unknown>(this.length);
    const { values, nulls } = this;
    let i = 0;
    for (let b = 0; b < values.blocks.length; b++) {
      const block = values.blocks[b]!;
      const n = nulls?.blocks[b];
      for (let j = 0; j < block.length && i < this.length; j++, i++) out[i] = n?.[j] ? null : block[j];
    }
    return out;
  }
}

const BOOLS = [false, true, null];

class BoolStore implements ColumnStore {
  length = 0;
  private values = new Blocks((n) => new Uint8Array(n));

  push(v: unknown): void {
    this.values.set(this.length++, v === null ? 2 : v ? 1 : 0);
  }

  get(i: number): unknown {
    return BOOLS[this.values.get(i)];
  }

  toArray(): unknown[] {
    const out = new Array<unknown>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = BOOLS[this.values.get(i)];
    return out;
  }
}
