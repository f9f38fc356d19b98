/** reverse(s) (by character), strrep(s, n[, delimiter]) (n capped at 1024 repeats), strcmp(a, b) (-1, 0, 1). */
import { defineScalar } from '../registry.ts';
import { formatValue, toNumber } from '../common/values.ts';

defineScalar((F) => F.Reverse, (site) => (s: unknown) => Array.from(formatValue(s, site.argTypes[0] ?? 'unknown')).reverse().join(''));

defineScalar((F) => F.Strrep, (site) => (s: unknown, n: unknown, delimiter?: unknown) => {
  const count = toNumber(n);
  if (count === null || count <= 0) return '';
  const str = formatValue(s, site.argTypes[0] ?? 'unknown');
  const d = delimiter === undefined ? '' : formatValue(delimiter, site.argTypes[2] ?? 'unknown');
  return Array.from({ length: Math.min(1024, Math.trunc(count)) }, () => str).join(d);
});

defineScalar((F) => F.Strcmp, (site) => (a: unknown, b: unknown) => {
  const x = formatValue(a, site.argTypes[0] ?? 'unknown');
  const y = formatValue(b, site.argTypes[1] ?? 'unknown');
  return x < y ? -1 : x > y ? 1 : 0;
});
