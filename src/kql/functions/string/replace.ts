/**
 * replace_string(text, lookup, rewrite): every occurrence, literally. replace_strings(text, lookups, rewrites):
 * several at once, longest lookup first at each position. replace_regex(text, regex, rewrite) and the deprecated
 * replace(regex, rewrite, text): every match, with RE2 `\1` group references in the rewrite.
 */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';
import { compileRe2, translateRewrite } from '../common/regex.ts';

defineScalar((F) => F.ReplaceString, (site) => (text: unknown, lookup: unknown, rewrite: unknown) => {
  const s = formatValue(text, site.argTypes[0] ?? 'unknown');
  const l = formatValue(lookup, site.argTypes[1] ?? 'unknown');
  if (l === '') return s;
  return s.split(l).join(formatValue(rewrite, site.argTypes[2] ?? 'unknown'));
});

defineScalar((F) => F.ReplaceStrings, (site) => (text: unknown, lookups: unknown, rewrites: unknown) => {
  const s = formatValue(text, site.argTypes[0] ?? 'unknown');
  if (!Array.isArray(lookups) || !Array.isArray(rewrites)) return s;
  const pairs = lookups
    .map((l, i) => [typeof l === 'string' ? l : '', rewrites[i] == null ? '' : String(rewrites[i])] as const)
    .filter(([l]) => l !== '');
  let out = '';
  outer: for (let i = 0; i < s.length; ) {
    let best: readonly [string, string] | undefined;
    for (const p of pairs) if (s.startsWith(p[0], i) && (!best || p[0].length > best[0].length)) best = p;
    if (best) {
      out += best[1];
      i += best[0].length;
      continue outer;
    }
    out += s[i];
    i++;
  }
  return out;
});

function regexReplace(text: string, pattern: unknown, rewrite: string): string | null {
  if (typeof pattern !== 'string') return null;
  let re: RegExp;
  try {
    re = compileRe2(pattern, 'g');
  } catch {
    return null;
  }
  return text.replace(re, translateRewrite(rewrite));
}

defineScalar((F) => F.ReplaceRegex, (site) => {
  if (typeof site.constants[1] === 'string') compileRe2(site.constants[1]); // a bad constant regex fails the query
  return (text: unknown, regex: unknown, rewrite: unknown) =>
    regexReplace(formatValue(text, site.argTypes[0] ?? 'unknown'), regex, formatValue(rewrite, site.argTypes[2] ?? 'unknown'));
});

defineScalar((F) => F.Replace, (site) => {
  if (typeof site.constants[0] === 'string') compileRe2(site.constants[0]);
  return (regex: unknown, rewrite: unknown, text: unknown) =>
    regexReplace(formatValue(text, site.argTypes[2] ?? 'unknown'), regex, formatValue(rewrite, site.argTypes[1] ?? 'unknown'));
});
