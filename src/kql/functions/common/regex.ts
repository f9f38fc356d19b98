/**
 * RE2 regular expressions (Kusto's syntax) translated to JavaScript RegExp, compiled once per pattern.
 *
 * Translated: leading inline flags `(?i)`, `(?s)`, `(?m)` (combined like `(?is)`) become RegExp flags; named groups
 * `(?P<name>...)` become `(?<name>...)`; `\A` and `\z` become `^`/`$`; `\Q...\E` is quoted; POSIX classes such as
 * `[[:alpha:]]` are expanded; `\pL` becomes `\p{L}`. Rejected with a RegexSyntaxError: back-references
 * (RE2 has none), look-around, inline flags other than at the start, and anything JS cannot compile.
 */
export class RegexSyntaxError extends Error {
  readonly code = 'KQL_RUNTIME';
  constructor(readonly pattern: string, reason: string) {
    super(`invalid regular expression ${JSON.stringify(pattern)}: ${reason}`);
  }
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}

/** Translates RE2 syntax to a JS source and flags. Throws RegexSyntaxError for what RE2 or JS would not accept. */
export function translateRe2(pattern: string, extraFlags = ''): { source: string; flags: string } {
  let flags = new Set(extraFlags.split('').filter(Boolean));
  let p = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(p);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'U') throw new RegexSyntaxError(pattern, 'the ungreedy flag (?U) is not supported');
      flags.add(f);
    }
    p = p.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  let unicode = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) throw new RegexSyntaxError(pattern, 'trailing backslash');
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const lit = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
        out += escapeLiteral(lit);
        i = end < 0 ? p.length : end + 1;
        continue;
      }
      if (!inClass && /[1-9]/.test(n)) throw new RegexSyntaxError(pattern, 'back-references are not supported by RE2');
      if (n === 'A' && !inClass) { out += '^'; i++; continue; }
      if (n === 'z' && !inClass) { out += '$(?![\\s\\S])'; i++; continue; }
      if ((n === 'p' || n === 'P') && p[i + 2] !== '{') {
        out += `\\${n}{${p[i + 2] ?? ''}}`;
        unicode = true;
        i += 2;
        continue;
      }
      if (n === 'p' || n === 'P') unicode = true;
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const m = /^\[:(\^)?([a-z]+):\]/.exec(p.slice(i));
        if (m && POSIX[m[2]!]) {
          if (m[1]) throw new RegexSyntaxError(pattern, 'negated POSIX classes are not supported');
          out += POSIX[m[2]!];
          i += m[0].length - 1;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') { out += '^'; i++; }
      if (p[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '(' && p[i + 1] === '?') {
      const rest = p.slice(i + 2);
      if (rest.startsWith('P<')) { out += '(?<'; i += 3; continue; }
      if (rest.startsWith(':') || (rest.startsWith('<') && !rest.startsWith('<=') && !rest.startsWith('<!'))) {
        out += c;
        continue;
      }
      if (/^[=!]|^<[=!]/.test(rest)) throw new RegexSyntaxError(pattern, 'look-around assertions are not supported by RE2');
      throw new RegexSyntaxError(pattern, 'inline flags are only supported at the start of the pattern');
    }
    out += c;
  }
  if (unicode) flags.add('u');
  flags = new Set([...flags].filter((f) => 'imsgyu'.includes(f)));
  return { source: out, flags: [...flags].sort().join('') };
}

const cache = new Map<string, RegExp | RegexSyntaxError>();

/**
 * Compiles (and caches) an RE2 pattern; `extraFlags` such as 'g'. Throws RegexSyntaxError. The RegExp is shared:
 * use it with String#replace/#matchAll (which ignore or copy lastIndex) or reset lastIndex before exec/test.
 */
export function compileRe2(pattern: string, extraFlags = ''): RegExp {
  const key = `${extraFlags}\u0000${pattern}`;
  let hit = cache.get(key);
  if (!hit) {
    try {
      const { source, flags } = translateRe2(pattern, extraFlags);
      hit = new RegExp(source, flags);
    } catch (e) {
      hit = e instanceof RegexSyntaxError ? e : new RegexSyntaxError(pattern, (e as Error).message);
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, hit);
  }
  if (hit instanceof RegexSyntaxError) throw hit;
  return hit;
}

/**
 * A regex argument compiled once when it is a constant (a bad constant fails the query, as in Kusto), or per
 * distinct value when it varies by row (a bad row value gives null).
 */
export function regexArg(constant: unknown, extraFlags = ''): (value: unknown) => RegExp | null {
  if (typeof constant === 'string') {
    const re = compileRe2(constant, extraFlags);
    return () => {
      re.lastIndex = 0;
      return re;
    };
  }
  return (value) => {
    if (typeof value !== 'string') return null;
    try {
      return compileRe2(value, extraFlags);
    } catch {
      return null;
    }
  };
}

/** Converts an RE2 rewrite string (`\1`, `\0`) to a JS replacement string (`$1`, `$&`), escaping `$`. */
export function translateRewrite(rewrite: string): string {
  return rewrite.replace(/\$/g, '$$$$').replace(/\\(\d)/g, (_m, d: string) => (d === '0' ? '$&' : `$${d}`));
}
