/**
 * unicode_codepoints_from_string(s) (and the hidden to_utf8), unicode_codepoints_to_string(...) (and make_string):
 * arguments may be code points or arrays of them. isascii(s), isutf8(s). translate(from, to, source).
 */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';

const fromString = (site: { argTypes: string[] }) => (s: unknown) =>
  Array.from(formatValue(s, (site.argTypes[0] ?? 'unknown') as never), (c) => c.codePointAt(0)!);
defineScalar((F) => F.UnicodeCodepointsFromString, fromString);
defineScalar((F) => F.ToUtf8_Deprecated, fromString);

const toString = () => (...args: unknown[]) => {
  const points: number[] = [];
  for (const a of args) {
    for (const x of Array.isArray(a) ? a : [a]) {
      const n = typeof x === 'bigint' ? Number(x) : x;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0x10ffff) return null;
      points.push(n);
    }
  }
  return String.fromCodePoint(...points);
};
defineScalar((F) => F.UnicodeCodepointsToString, toString);
defineScalar((F) => F.MakeString_Deprecated, toString);

defineScalar((F) => F.IsAscii, (site) => (s: unknown) => /^[\x00-\x7f]*$/.test(formatValue(s, site.argTypes[0] ?? 'unknown')));
defineScalar((F) => F.IsUtf8, () => (s: unknown) => typeof s === 'string' && !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));

defineScalar((F) => F.Translate, (site) => (from: unknown, to: unknown, source: unknown) => {
  const f = Array.from(formatValue(from, site.argTypes[0] ?? 'unknown'));
  const t = Array.from(formatValue(to, site.argTypes[1] ?? 'unknown'));
  const map = new Map<string, string>();
  f.forEach((c, i) => { if (!map.has(c)) map.set(c, t.length === 0 ? '' : t[Math.min(i, t.length - 1)]!); });
  return Array.from(formatValue(source, site.argTypes[2] ?? 'unknown'), (c) => map.get(c) ?? c).join('');
});
