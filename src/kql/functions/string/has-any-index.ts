/**
 * has_any_index(source, lookups): the index of the first lookup term found in source with `has` semantics
 * (whole terms, case-insensitive), or -1.
 */
import { defineScalar } from '../registry.ts';
import { formatDynamic, formatValue } from '../common/values.ts';

/** Whether `needle` occurs in `haystack` with term boundaries (non-alphanumeric or the ends) on both sides. */
export function hasTerm(haystack: string, needle: string): boolean {
  if (needle === '') return true;
  const h = haystack.toLowerCase();
  const n = needle.toLowerCase();
  const isAlnum = (c: string | undefined) => c !== undefined && /[0-9a-z]/i.test(c);
  for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) {
    const startOk = !isAlnum(n[0]) || !isAlnum(h[i - 1]);
    const endOk = !isAlnum(n[n.length - 1]) || !isAlnum(h[i + n.length]);
    if (startOk && endOk) return true;
  }
  return false;
}

defineScalar((F) => F.HasAnyIndex, (site) => (source: unknown, lookups: unknown) => {
  const s = formatValue(source, site.argTypes[0] ?? 'unknown');
  if (!Array.isArray(lookups)) return -1;
  for (let i = 0; i < lookups.length; i++) {
    const x = lookups[i];
    const term = typeof x === 'string' ? x : x === null ? '' : formatDynamic(x);
    if (term !== '' && hasTerm(s, term)) return i;
  }
  return -1;
});
