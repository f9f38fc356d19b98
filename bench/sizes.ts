/** `--sizes 100k,1M,10M` for the benchmarks: row counts written as 100k, 1M, 300000 or 1_000_000. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.replace(/_/g, '').trim());
  if (!m) throw new Error(`--sizes: cannot read ${text} as a row count (e.g. 100k, 1M, 300000)`);
  return Math.round(Number(m[1]) * (m[2] === '' ? 1 : /k/i.test(m[2]!) ? 1e3 : 1e6));
}

/** The sizes of `--sizes` (or the older `--rows`), else of BENCH_SIZES or BENCH_ROWS, else the default. */
export function sizesArg(fallback: string): number[] {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  return String(arg('--sizes') ?? arg('--rows') ?? process.env.BENCH_SIZES ?? process.env.BENCH_ROWS ?? fallback).split(',').map(parseSize);
}
