/** strlen(s): length in Unicode characters (code points); string_size(s): length in UTF-8 bytes. */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';

defineScalar((F) => F.Strlen, (site) => (s: unknown) => {
  const str = formatValue(s, site.argTypes[0] ?? 'unknown');
  let n = 0;
  for (const _ of str) n++;
  return n;
});
defineScalar((F) => F.StringSize, (site) => (s: unknown) => Buffer.byteLength(formatValue(s, site.argTypes[0] ?? 'unknown'), 'utf8'));
