/**
 * parse_command_line(command_line, "windows"): the arguments as a dynamic array, split as CommandLineToArgvW
 * does (quotes group, `\"` is a literal quote, 2n backslashes before a quote are n backslashes).
 */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';

export function splitWindowsCommandLine(s: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= s.length) break;
    let arg = '';
    let quoted = false;
    while (i < s.length && (quoted || (s[i] !== ' ' && s[i] !== '\t'))) {
      if (s[i] === '\\') {
        let n = 0;
        while (s[i] === '\\') { n++; i++; }
        if (s[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) { arg += '"'; i++; }
        } else arg += '\\'.repeat(n);
        continue;
      }
      if (s[i] === '"') {
        if (quoted && s[i + 1] === '"') { arg += '"'; i += 2; continue; }
        quoted = !quoted;
        i++;
        continue;
      }
      arg += s[i];
      i++;
    }
    args.push(arg);
  }
  return args;
}

defineScalar((F) => F.ParseCommandLine, (site) => (cmd: unknown, parser: unknown) => {
  if (typeof parser === 'string' && parser.toLowerCase() !== 'windows') return null;
  return splitWindowsCommandLine(formatValue(cmd, site.argTypes[0] ?? 'unknown'));
});
