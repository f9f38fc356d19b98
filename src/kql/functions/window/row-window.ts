/**
 * Window functions over a serialized row set (the engine passes whole columns):
 * row_number([start[, restart]]), row_cumsum(term[, restart]), prev(column[, offset[, default]]),
 * next(column[, offset[, default]]), row_rank_min, row_rank_dense (and the deprecated row_rank).
 * `restart` is a per-row bool: when true the numbering/sum starts again at that row.
 */
import { defineWindow } from '../registry.ts';
import { longResult, toNumber, valueKey } from '../common/values.ts';

function constantNumber(column: unknown[] | undefined, fallback: number): number {
  const v = column?.[0];
  const n = v === undefined ? null : toNumber(v);
  return n === null ? fallback : Math.trunc(n);
}

defineWindow((F) => F.RowNumber, (args, rowCount) => {
  const start = constantNumber(args[0], 1);
  const restart = args[1];
  const out = new Array<unknown>(rowCount);
  let n = start;
  for (let i = 0; i < rowCount; i++) {
    if (i > 0 && restart?.[i] === true) n = start;
    out[i] = n++;
  }
  return out;
});

defineWindow((F) => F.RowCumSum, (args, rowCount, site) => {
  const terms = args[0] ?? [];
  const restart = args[1];
  const integral = site.argTypes[0] === 'int' || site.argTypes[0] === 'long' || site.argTypes[0] === 'timespan';
  const out = new Array<unknown>(rowCount);
  let sum: number | bigint = 0;
  for (let i = 0; i < rowCount; i++) {
    if (restart?.[i] === true) sum = 0;
    const v = terms[i];
    if (v !== null && v !== undefined) {
      if (integral && (typeof sum === 'bigint' || typeof v === 'bigint' || !Number.isSafeInteger(Number(sum) + Number(v)))) {
        sum = longResult(BigInt(sum) + BigInt(typeof v === 'bigint' ? v : Math.trunc(Number(v))));
      } else sum = Number(sum) + Number(v);
    }
    out[i] = sum;
  }
  return out;
});

function shifted(direction: 1 | -1) {
  return (args: unknown[][], rowCount: number, site: { argTypes: string[] }) => {
    const values = args[0] ?? [];
    const offset = constantNumber(args[1], 1);
    const defaults = args[2];
    const none = site.argTypes[0] === 'string' ? '' : null;
    const out = new Array<unknown>(rowCount);
    for (let i = 0; i < rowCount; i++) {
      const j = i + direction * offset;
      out[i] = j >= 0 && j < rowCount ? values[j] : defaults ? defaults[i] : none;
    }
    return out;
  };
}
defineWindow((F) => F.Prev, shifted(-1));
defineWindow((F) => F.Next, shifted(1));

function rank(dense: boolean) {
  return (args: unknown[][], rowCount: number) => {
    const values = args[0] ?? [];
    const restart = args[1];
    const out = new Array<unknown>(rowCount);
    let r = 0;
    let run = 0;
    for (let i = 0; i < rowCount; i++) {
      const newPartition = i === 0 || restart?.[i] === true;
      if (newPartition) {
        r = 1;
        run = 1;
      } else if (valueKey(values[i]) === valueKey(values[i - 1])) run++;
      else {
        r = dense ? r + 1 : r + run;
        run = 1;
      }
      out[i] = r;
    }
    return out;
  };
}
defineWindow((F) => F.RowRankMin, rank(false));
defineWindow((F) => F.RowRankDense, rank(true));
defineWindow((F) => F.RowRank, rank(true));
