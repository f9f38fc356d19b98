/**
 * Grouping rows by key values without building a string per row: nested Maps keyed by each key's value
 * (dynamic values are keyed by their JSON text).
 */
export class GroupIndex {
  private readonly root = new Map<unknown, unknown>();
  count = 0;
  constructor(private readonly keyCount: number) {}

  /** The group number of a key tuple, creating it when new (`created` tells). */
  lookup(keys: unknown[]): number {
    const n = this.keyCount;
    let map = this.root;
    for (let k = 0; k < n - 1; k++) {
      const kv = normalise(keys[k]);
      let next = map.get(kv) as Map<unknown, unknown> | undefined;
      if (!next) {
        next = new Map();
        map.set(kv, next);
      }
      map = next;
    }
    const last = normalise(keys[n - 1]);
    const g = map.get(last) as number | undefined;
    if (g !== undefined) return g;
    map.set(last, this.count);
    return this.count++;
  }

  /** Single-key fast path. */
  lookup1(key: unknown): number {
    const kv = normalise(key);
    const g = this.root.get(kv) as number | undefined;
    if (g !== undefined) return g;
    this.root.set(kv, this.count);
    return this.count++;
  }
}

function normalise(v: unknown): unknown {
  if (v === undefined) return null;
  if (v !== null && typeof v === 'object') return `\u0000${JSON.stringify(v)}`;
  return v;
}
