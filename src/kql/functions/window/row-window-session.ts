/**
 * row_window_session(expr, maxDistanceFromFirst, maxDistanceBetweenNeighbors[, restart]): over serialized rows,
 * the value of `expr` at the start of each row's session. A new session starts at the first row, when `restart`
 * is true, when the row is more than maxDistanceFromFirst after the session's first row, or more than
 * maxDistanceBetweenNeighbors after the previous row. Rows with a null `expr` get null and do not extend a session.
 */
import { defineWindow } from '../registry.ts';
import { toNumber } from '../common/values.ts';

defineWindow((F) => F.RowWindowSession, (args, rowCount) => {
  const values = args[0] ?? [];
  const maxFromFirst = toNumber(args[1]?.[0] ?? null);
  const maxBetween = toNumber(args[2]?.[0] ?? null);
  const restart = args[3];
  const out = new Array<unknown>(rowCount).fill(null);
  let start: number | null = null;
  let prev: number | null = null;
  for (let i = 0; i < rowCount; i++) {
    const v = values[i];
    if (typeof v !== 'number') continue;
    const newSession = start === null || prev === null || restart?.[i] === true ||
      (maxFromFirst !== null && Math.abs(v - start) > maxFromFirst) ||
      (maxBetween !== null && Math.abs(v - prev) > maxBetween);
    if (newSession) start = v;
    prev = v;
    out[i] = start;
  }
  return out;
});
