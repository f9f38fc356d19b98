/**
 * String operators: the has family with Kusto's term semantics (a term is a maximal run of ASCII alphanumerics),
 * contains/startswith/endswith, hasprefix/hassuffix, like, matches regex; each with its case rule and negation.
 * A null left operand never matches (so the negated forms are true).
 */
import { defineOperator, type CallSite } from '../registry.ts';
import { escapeRegex, needleCache, re2ToRegExp, termRegex, textOf } from './values.ts';

type Selector = Parameters<typeof defineOperator>[0];

function matcherOperator(select: Selector, negate: boolean, build: (needle: string) => (hay: string) => boolean): void {
  defineOperator(select, (site: CallSite) => {
    const get = needleCache(site, 1, (n) => build(textOf(n, site.argTypes[1])));
    const t0 = site.argTypes[0];
    if (site.constants[1] !== undefined) {
      const m = get(site.constants[1]);
      return (a) => {
        if (a === null || a === undefined) return negate;
        return m(typeof a === 'string' ? a : textOf(a, t0)) !== negate;
      };
    }
    return (a, b) => {
      if (a === null || a === undefined) return negate;
      return get(b)(typeof a === 'string' ? a : textOf(a, t0)) !== negate;
    };
  });
}

function regexMatcher(re: RegExp): (hay: string) => boolean {
  return (hay) => re.test(hay);
}

// has: whole term(s)
const has = (cs: boolean) => (needle: string) => (needle === '' ? () => true : regexMatcher(termRegex(needle, cs, true, true)));
matcherOperator((O) => O.Has, false, has(false));
matcherOperator((O) => O.NotHas, true, has(false));
matcherOperator((O) => O.HasCs, false, has(true));
matcherOperator((O) => O.NotHasCs, true, has(true));

const hasPrefix = (cs: boolean) => (needle: string) => regexMatcher(termRegex(needle, cs, true, false));
matcherOperator((O) => O.HasPrefix, false, hasPrefix(false));
matcherOperator((O) => O.NotHasPrefix, true, hasPrefix(false));
matcherOperator((O) => O.HasPrefixCs, false, hasPrefix(true));
matcherOperator((O) => O.NotHasPrefixCs, true, hasPrefix(true));

const hasSuffix = (cs: boolean) => (needle: string) => regexMatcher(termRegex(needle, cs, false, true));
matcherOperator((O) => O.HasSuffix, false, hasSuffix(false));
matcherOperator((O) => O.NotHasSuffix, true, hasSuffix(false));
matcherOperator((O) => O.HasSuffixCs, false, hasSuffix(true));
matcherOperator((O) => O.NotHasSuffixCs, true, hasSuffix(true));

// contains: substring
const containsCi = (needle: string) => regexMatcher(new RegExp(escapeRegex(needle), 'i'));
const containsCs = (needle: string) => (hay: string) => hay.includes(needle);
matcherOperator((O) => O.Contains, false, containsCi);
matcherOperator((O) => O.NotContains, true, containsCi);
matcherOperator((O) => O.ContainsCs, false, containsCs);
matcherOperator((O) => O.NotContainsCs, true, containsCs);

const startsCi = (needle: string) => regexMatcher(new RegExp(`^${escapeRegex(needle)}`, 'i'));
const startsCs = (needle: string) => (hay: string) => hay.startsWith(needle);
matcherOperator((O) => O.StartsWith, false, startsCi);
matcherOperator((O) => O.NotStartsWith, true, startsCi);
matcherOperator((O) => O.StartsWithCs, false, startsCs);
matcherOperator((O) => O.NotStartsWithCs, true, startsCs);

const endsCi = (needle: string) => regexMatcher(new RegExp(`${escapeRegex(needle)}$`, 'i'));
const endsCs = (needle: string) => (hay: string) => hay.endsWith(needle);
matcherOperator((O) => O.EndsWith, false, endsCi);
matcherOperator((O) => O.NotEndsWith, true, endsCi);
matcherOperator((O) => O.EndsWithCs, false, endsCs);
matcherOperator((O) => O.NotEndsWithCs, true, endsCs);

// like: SQL-style wildcards, % any run and _ one character, over the whole string
const like = (cs: boolean) => (pattern: string) => {
  const body = pattern.split('').map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : escapeRegex(ch))).join('');
  return regexMatcher(new RegExp(`^${body}$`, cs ? 's' : 'is'));
};
matcherOperator((O) => O.Like, false, like(false));
matcherOperator((O) => O.NotLike, true, like(false));
matcherOperator((O) => O.LikeCs, false, like(true));
matcherOperator((O) => O.NotLikeCs, true, like(true));

// matches regex (RE2 syntax)
matcherOperator((O) => O.MatchRegex, false, (pattern) => {
  let re: RegExp;
  try {
    re = re2ToRegExp(pattern);
  } catch {
    return () => false;
  }
  return regexMatcher(re);
});
