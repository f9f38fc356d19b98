/**
 * The grouping the activity plugins share (sliding_window_counts, activity_counts_metrics): per dimension tuple (in
 * the order tuples first appear, with the row where each first appears), the ids of each time bin, as value keys.
 * Rows with a null id or time, or a time `binOf` puts in no bin, are left out.
 */
import { valueKey } from '../../functions/common/values.ts';

export interface IdBins {
  /** The row where the tuple first appears (its dimension values are read from there). */
  first: number;
  byBin: Map<number, string[]>;
}

export function idsByBin(rowCount: number, ids: unknown[], time: unknown[], dims: unknown[][], binOf: (t: number) => number | undefined): Map<string, IdBins> {
  const groups = new Map<string, IdBins>();
  for (let i = 0; i < rowCount; i++) {
    const t = time[i];
    if (t === null || t === undefined || ids[i] === null || ids[i] === undefined) continue;
    const n = Number(t);
    if (!Number.isFinite(n)) continue;
    const b = binOf(n);
    if (b === undefined) continue;
    const key = dims.map((d) => valueKey(d[i])).join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: i, byBin: new Map() }));
    let list = g.byBin.get(b);
    if (!list) g.byBin.set(b, (list = []));
    list.push(valueKey(ids[i]));
  }
  return groups;
}
