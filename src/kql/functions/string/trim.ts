/** trim(regex, source), trim_start(regex, source), trim_end(regex, source): remove repeated matches at the ends. */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';
import { compileRe2, translateRe2 } from '../common/regex.ts';

function make(start: boolean, end: boolean) {
  return (site: { constants: unknown[]; argTypes: string[] }) => {
    const compile = (pattern: string): RegExp | null => {
      try {
        const { source, flags } = translateRe2(pattern);
        const alt = [start ? `^(?:${source})+` : null, end ? `(?:${source})+$` : null].filter(Boolean).join('|');
        return compileRe2(flags.includes('i') ? `(?i)${alt}` : alt, 'g');
      } catch {
        return null;
      }
    };
    const constant = typeof site.constants[0] === 'string' ? compile(site.constants[0]) : undefined;
    return (regex: unknown, source: unknown) => {
      const s = formatValue(source, (site.argTypes[1] ?? 'unknown') as never);
      const re = constant !== undefined ? constant : typeof regex === 'string' ? compile(regex) : null;
      if (!re) return s;
      re.lastIndex = 0;
      return s.replace(re, '');
    };
  };
}

defineScalar((F) => F.Trim, make(true, true));
defineScalar((F) => F.TrimStart, make(true, false));
defineScalar((F) => F.TrimEnd, make(false, true));
