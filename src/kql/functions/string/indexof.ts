/**
 * indexof(source, lookup[, start[, length[, occurrence]]]): 0-based index of the n-th occurrence within
 * [start, start + length) (the window moves past each earlier occurrence), or -1. A negative start counts from
 * the end; null arguments give null.
 */
import { defineScalar } from '../registry.ts';
import { formatValue, toNumber } from '../common/values.ts';
import { compileRe2 } from '../common/regex.ts';

/**
 * start, length and occurrence as both functions read them: null when one is null, -1 when nothing can be found
 * (start past the end, occurrence below 1), else the start (a negative one counted from the end), the window length
 * (-1: to the end) and the occurrence.
 */
function searchBounds(s: string, start: unknown, length: unknown, occurrence: unknown): { from: number; len: number; occ: number } | null | -1 {
  let from = start === undefined ? 0 : toNumber(start);
  const len = length === undefined ? -1 : toNumber(length);
  const occ = occurrence === undefined ? 1 : toNumber(occurrence);
  if (from === null || len === null || occ === null) return null;
  if (from < 0) from = Math.max(0, s.length + from);
  if (from > s.length || occ <= 0) return -1;
  return { from, len, occ };
}

defineScalar((F) => F.IndexOf, (site) => (source: unknown, lookup: unknown, start?: unknown, length?: unknown, occurrence?: unknown) => {
  const s = formatValue(source, site.argTypes[0] ?? 'unknown');
  const l = formatValue(lookup, site.argTypes[1] ?? 'unknown');
  const bounds = searchBounds(s, start, length, occurrence);
  if (bounds === null || bounds === -1) return bounds;
  const { from, len, occ } = bounds;
  // Each further occurrence is searched in a window of the same length starting just after the previous one.
  let pos = from - 1;
  for (let k = 0; k < occ; k++) {
    const windowStart = pos + 1;
    const end = len < 0 ? s.length : Math.min(s.length, windowStart + len);
    pos = s.indexOf(l, windowStart);
    if (pos < 0 || pos + l.length > end) return -1;
  }
  return pos;
});

/**
 * indexof_regex(source, regex[, start[, length[, occurrence]]]): like indexof, for the n-th regex match; -1 if none.
 * Unlike indexof, a start below 0, an occurrence below 0 or a length below -1 gives null (indexof-regex-function#returns).
 */
defineScalar((F) => F.IndexOfRegex, (site) => (source: unknown, lookup: unknown, start?: unknown, length?: unknown, occurrence?: unknown) => {
  const s = formatValue(source, site.argTypes[0] ?? 'unknown');
  if (typeof lookup !== 'string') return null;
  let re: RegExp;
  try {
    re = compileRe2(lookup, 'g');
  } catch {
    return null;
  }
  const [st, ln, oc] = [start, length, occurrence].map((a) => (a === undefined ? undefined : toNumber(a)));
  if ((st !== undefined && st !== null && st < 0) || (oc !== undefined && oc !== null && oc < 0) || (ln !== undefined && ln !== null && ln < -1)) return null;
  const bounds = searchBounds(s, start, length, occurrence);
  if (bounds === null || bounds === -1) return bounds;
  const { from, len, occ } = bounds;
  const window = s.slice(from, len < 0 ? s.length : from + len);
  let seen = 0;
  for (const m of window.matchAll(re)) if (++seen === occ) return from + m.index!;
  return -1;
});
