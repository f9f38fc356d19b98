/**
 * Ordering of scalar values for min/max/arg_max, array_sort and the like: numbers (and datetimes, timespans,
 * bigints) numerically, strings ordinally, bools false < true. Values of different kinds order by kind.
 */
function kindRank(v: unknown): number {
  switch (typeof v) {
    case 'boolean': return 0;
    case 'number': case 'bigint': return 1;
    case 'string': return 2;
    default: return 3;
  }
}

export function compareValues(a: unknown, b: unknown): number {
  const ka = kindRank(a);
  const kb = kindRank(b);
  if (ka !== kb) return ka - kb;
  if (ka === 1) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      const x = BigInt(typeof a === 'bigint' ? a : Math.trunc(a as number));
      const y = BigInt(typeof b === 'bigint' ? b : Math.trunc(b as number));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = a as number;
    const y = b as number;
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
    if (Number.isNaN(y)) return 1;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ka === 0) return (a ? 1 : 0) - (b ? 1 : 0);
  if (ka === 2) return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
