/**
 * extract(regex, group, source[, typeof(T)]): the group's text of the first match (group 0 is the whole match),
 * converted to T; no match gives null ("" for strings). extract_all(regex[, groups], source): a dynamic array of
 * the matches; with one group, its values; with several, an array per match; null when nothing matches.
 * regex_quote(s): escapes regex metacharacters.
 */
import { defineScalar } from '../registry.ts';
import { formatValue, fromString, toNumber } from '../common/values.ts';
import { compileRe2, regexArg } from '../common/regex.ts';

defineScalar((F) => F.Extract, (site) => {
  const getRegex = regexArg(site.constants[0]);
  const resultType = site.resultType;
  const none = resultType === 'string' || resultType === 'unknown' ? '' : null;
  return (regex: unknown, group: unknown, source: unknown) => {
    const re = getRegex(regex);
    const g = toNumber(group);
    if (!re || g === null || g < 0) return none;
    const m = re.exec(formatValue(source, site.argTypes[2] ?? 'unknown'));
    const text = m?.[g];
    if (text === undefined) return none;
    return fromString(text, resultType);
  };
});

function extractAll(site: { constants: unknown[]; argTypes: string[] }, regexIndex: number, groupsIndex: number | null, sourceIndex: number) {
  const constant = typeof site.constants[regexIndex] === 'string' ? compileRe2(site.constants[regexIndex] as string, 'g') : null;
  return (...args: unknown[]) => {
    let re = constant;
    if (!re) {
      try {
        re = typeof args[regexIndex] === 'string' ? compileRe2(args[regexIndex] as string, 'g') : null;
      } catch {
        re = null;
      }
    }
    if (!re) return null;
    const source = formatValue(args[sourceIndex], (site.argTypes[sourceIndex] ?? 'unknown') as never);
    const groupsArg = groupsIndex === null ? undefined : args[groupsIndex];
    re.lastIndex = 0;
    const matches = [...source.matchAll(re)];
    if (matches.length === 0) return null;
    const groupCount = matches[0]!.length - 1;
    let groups: (number | string)[];
    if (Array.isArray(groupsArg)) groups = groupsArg.map((g) => (typeof g === 'number' ? g : String(g)));
    else groups = groupCount === 0 ? [0] : Array.from({ length: groupCount }, (_, i) => i + 1);
    const pick = (m: RegExpMatchArray, g: number | string) => (typeof g === 'number' ? m[g] : m.groups?.[g]) ?? '';
    return matches.map((m) => (groups.length === 1 ? pick(m, groups[0]!) : groups.map((g) => pick(m, g))));
  };
}

// extract_all has two signatures: (regex, source) and (regex, captureGroups, source).
defineScalar((F) => F.ExtractAll, (site) =>
  site.argTypes.length >= 3 ? extractAll(site, 0, 1, 2) : extractAll(site, 0, null, 1));
defineScalar((F) => F.ExtractAll_Deprecated, (site) =>
  site.argTypes.length >= 3 ? extractAll(site, 0, 1, 2) : extractAll(site, 0, null, 1));

defineScalar((F) => F.RegexQuote, (site) => (s: unknown) =>
  formatValue(s, site.argTypes[0] ?? 'unknown').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
