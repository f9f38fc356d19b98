/**
 * replace_string(text, lookup, rewrite): every occurrence, literally. replace_strings(text, lookups, rewrites):
 * several at once, earlier lookups winning overlaps. replace_regex(text, regex, rewrite) and the deprecated
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

/**
 * replace_strings: each lookup in turn claims its non-overlapping occurrences that do not overlap occurrences
 * claimed by earlier lookups (so lookup order, not length, decides between overlapping matches).
 */
export function replaceStrings(s: string, lookups: string[], rewrites: string[]): string {
  const claims: { start: number; end: number; text: string }[] = [];
  lookups.forEach((l, k) => {
    if (l === '') return;
    for (let i = s.indexOf(l); i >= 0; i = s.indexOf(l, i + l.length)) {
      const end = i + l.length;
      if (claims.some((c) => i < c.end && c.start < end)) continue;
      claims.push({ start: i, end, text: rewrites[k] ?? '' });
    }
  });
  claims.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const c of claims) {
    out += s.slice(at, c.start) + c.text;
    at = c.end;
  }
  return out + s.slice(at);
}

defineScalar((F) => F.ReplaceStrings, (site) => (text: unknown, lookups: unknown, rewrites: unknown) => {
  const s = formatValue(text, site.argTypes[0] ?? 'unknown');
  if (!Array.isArray(lookups) || !Array.isArray(rewrites)) return s;
  const str = (x: unknown) => (typeof x === 'string' ? x : x === null || x === undefined ? '' : String(x));
  // a replacement that is not a string (a number, a bag) still claims its matches but leaves them as they are, as
  // the reference's example shows (dynamic([12345, 'was']) keeps "This")
  const keys = lookups.map(str);
  return replaceStrings(s, keys, rewrites.map((x, k) => (x === null || x === undefined || typeof x === 'string' ? str(x) : keys[k] ?? '')));
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
