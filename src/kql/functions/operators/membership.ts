/**
 * Set membership and ranges: in / in~ / !in / !in~ (scalar lists, dynamic arrays flattened, tabular lists),
 * has_any / has_all (terms), between / !between (inclusive; a timespan upper bound on datetimes means lo + span).
 *
 * Kusto.Language names: `in` is Operators.In (case-sensitive), `in~` is Operators.InCs, `!in` NotIn, `!in~` NotInCs.
 */
import { defineOperator, type CallSite } from '../registry.ts';
import { escapeRegex, isAlnum, isNull, textOf } from './values.ts';

/** The list items of an `in` call: arguments 1.., with dynamic arrays (and tabular lists) flattened. */
function items(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out;
}

type Member = (needle: unknown) => boolean;

function buildSet(list: unknown[], ci: boolean): Member {
  const set = new Set<unknown>();
  for (const v of list) {
    if (isNull(v)) continue;
    if (typeof v === 'string') set.add(ci ? v.toLowerCase() : v);
    else if (typeof v === 'object') set.add(JSON.stringify(v));
    else {
      set.add(v);
      set.add(String(v));
    }
  }
  if (ci) {
    return (needle) => {
      if (typeof needle === 'string') return set.has(needle.toLowerCase());
      return set.has(needle) || set.has(typeof needle === 'object' ? JSON.stringify(needle) : String(needle));
    };
  }
  return (needle) => {
    if (set.has(needle)) return true;
    if (typeof needle === 'string') return false;
    return set.has(typeof needle === 'object' ? JSON.stringify(needle) : String(needle));
  };
}

function inOperator(ci: boolean, negate: boolean) {
  return (site: CallSite) => {
    const listConst = site.constants.slice(1);
    if (listConst.every((c) => c !== undefined)) {
      const member = buildSet(items(listConst), ci);
      return (needle: unknown) => (isNull(needle) ? negate : member(needle) !== negate);
    }
    return (needle: unknown, ...rest: unknown[]) => (isNull(needle) ? negate : buildSet(items(rest), ci)(needle) !== negate);
  };
}

defineOperator((O) => O.In, inOperator(false, false));
defineOperator((O) => O.NotIn, inOperator(false, true));
defineOperator((O) => O.InCs, inOperator(true, false));
defineOperator((O) => O.NotInCs, inOperator(true, true));

/** One regex per term list: matches any of the terms at term boundaries, case-insensitively. */
function termAlternation(terms: string[]): RegExp {
  const alts = terms.map((t) => {
    const before = isAlnum(t[0]) ? '(?<![A-Za-z0-9])' : '';
    const after = isAlnum(t[t.length - 1]) ? '(?![A-Za-z0-9])' : '';
    return `${before}${escapeRegex(t)}${after}`;
  });
  return new RegExp(alts.join('|') || '(?!)', 'i');
}

function termsOf(values: unknown[]): string[] {
  return items(values).filter((v) => !isNull(v)).map((v) => textOf(v, undefined));
}

defineOperator((O) => O.HasAny, (site) => {
  const t0 = site.argTypes[0];
  const listConst = site.constants.slice(1);
  if (listConst.every((c) => c !== undefined)) {
    const terms = termsOf(listConst);
    if (terms.includes('')) return (a) => !isNull(a);
    const re = termAlternation(terms);
    return (a) => (isNull(a) ? false : re.test(textOf(a, t0)));
  }
  return (a, ...rest) => (isNull(a) ? false : termAlternation(termsOf(rest)).test(textOf(a, t0)));
});

defineOperator((O) => O.HasAll, (site) => {
  const t0 = site.argTypes[0];
  const check = (a: unknown, regexes: RegExp[]) => {
    if (isNull(a)) return false;
    const s = textOf(a, t0);
    return regexes.every((re) => re.test(s));
  };
  const listConst = site.constants.slice(1);
  if (listConst.every((c) => c !== undefined)) {
    const regexes = termsOf(listConst).map((t) => termAlternation([t]));
    return (a) => check(a, regexes);
  }
  return (a, ...rest) => check(a, termsOf(rest).map((t) => termAlternation([t])));
});

function between(negate: boolean) {
  return (site: CallSite) => {
    const spanUpper = site.argTypes[0] === 'datetime' && site.argTypes[2] === 'timespan';
    return (x: unknown, lo: unknown, hi: unknown) => {
      if (isNull(x) || isNull(lo) || isNull(hi)) return null;
      const v = Number(x);
      const l = Number(lo);
      const h = spanUpper ? l + Number(hi) : Number(hi);
      const inside = v >= l && v <= h;
      return inside !== negate;
    };
  };
}

defineOperator((O) => O.Between, between(false));
defineOperator((O) => O.NotBetween, between(true));
