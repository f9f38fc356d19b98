/**
 * substring(source, start[, length]): 0-based, in characters. A negative start shortens the length by as much
 * and starts at 0; ranges past the end are clamped; a null start or length gives "".
 */
import { defineScalar } from '../registry.ts';
import { formatValue, toNumber } from '../common/values.ts';

defineScalar((F) => F.Substring, (site) => (source: unknown, start: unknown, length?: unknown) => {
  const chars = Array.from(formatValue(source, site.argTypes[0] ?? 'unknown'));
  let s = toNumber(start);
  if (s === null || Number.isNaN(s)) return '';
  s = Math.trunc(s);
  let len = length === undefined ? chars.length : toNumber(length);
  if (len === null || Number.isNaN(len)) return '';
  len = Math.trunc(len);
  if (s < 0) {
    len += s;
    s = 0;
  }
  if (len <= 0 || s >= chars.length) return '';
  return chars.slice(s, s + len).join('');
});
