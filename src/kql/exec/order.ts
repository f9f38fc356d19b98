/**
 * Ordering of values for sort/top: numbers (datetimes, timespans, longs) numerically, strings ordinally,
 * bools false < true; values of different kinds by kind; nulls placed by the sort key's nulls first/last.
 */
export function compareNonNull(a: unknown, b: unknown): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'number') {
    const x = a as number;
    const y = b as number;
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return 0;
    return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  }
  if (ta === 'string' && tb === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if ((ta === 'number' || ta === 'bigint') && (tb === 'number' || tb === 'bigint')) {
    const x = typeof a === 'bigint' ? a : BigInt(Math.trunc(a as number));
    const y = typeof b === 'bigint' ? b : BigInt(Math.trunc(b as number));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const ra = rank(ta);
  const rb = rank(tb);
  if (ra !== rb) return ra - rb;
  if (ta === 'boolean') return (a ? 1 : 0) - (b ? 1 : 0);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function rank(t: string): number {
  switch (t) {
    case 'boolean': return 0;
    case 'number': case 'bigint': return 1;
    case 'string': return 2;
    default: return 3;
  }
}

export interface SortColumn { values: unknown[]; descending: boolean; nullsFirst: boolean }

/** A stable row order (indices) for the given key columns. */
export function sortIndices(rowCount: number, keys: SortColumn[]): number[] {
  const idx = new Array<number>(rowCount);
  for (let i = 0; i < rowCount; i++) idx[i] = i;
  idx.sort((i, j) => {
    for (const k of keys) {
      const a = k.values[i];
      const b = k.values[j];
      const an = a === null || a === undefined;
      const bn = b === null || b === undefined;
      if (an || bn) {
        if (an && bn) continue;
        return an === k.nullsFirst ? -1 : 1;
      }
      const c = compareNonNull(a, b);
      if (c !== 0) return k.descending ? -c : c;
    }
    return i - j;
  });
  return idx;
}
