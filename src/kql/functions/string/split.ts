/**
 * split(source, delimiter[, index]): a dynamic array of the parts; with an index, an array holding just that part
 * (empty when out of range; negative indexes count from the end).
 */
import { defineScalar } from '../registry.ts';
import { formatValue, toNumber } from '../common/values.ts';

defineScalar((F) => F.Split, (site) => (source: unknown, delimiter: unknown, index?: unknown) => {
  const s = formatValue(source, site.argTypes[0] ?? 'unknown');
  const d = formatValue(delimiter, site.argTypes[1] ?? 'unknown');
  const parts = d === '' ? [s] : s.split(d);
  if (index === undefined) return parts;
  let i = toNumber(index);
  if (i === null) return null;
  i = Math.trunc(i);
  if (i < 0) i += parts.length;
  return i >= 0 && i < parts.length ? [parts[i]] : [];
});
