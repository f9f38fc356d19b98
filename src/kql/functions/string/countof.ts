/**
 * countof(source, search[, kind]): kind "normal" (default) counts occurrences including overlapping ones
 * (countof("aaaa", "aa") = 3); kind "regex" counts non-overlapping regex matches.
 */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';
import { compileRe2 } from '../common/regex.ts';

defineScalar((F) => F.CountOf, (site) => (source: unknown, search: unknown, kind?: unknown) => {
  const s = formatValue(source, site.argTypes[0] ?? 'unknown');
  const q = formatValue(search, site.argTypes[1] ?? 'unknown');
  if (q === '') return 0;
  if (kind === 'regex') {
    let re: RegExp;
    try {
      re = compileRe2(q, 'g');
    } catch {
      return null;
    }
    let n = 0;
    for (const _ of s.matchAll(re)) n++;
    return n;
  }
  let n = 0;
  for (let i = s.indexOf(q); i >= 0; i = s.indexOf(q, i + 1)) n++;
  return n;
});
