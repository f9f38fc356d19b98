/** strcat(a1, ..., an): the arguments formatted as tostring() does, concatenated. */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';

defineScalar((F) => F.Strcat, (site) => {
  const types = site.argTypes;
  return (...args: unknown[]) => {
    let out = '';
    for (let i = 0; i < args.length; i++) out += formatValue(args[i], types[i] ?? 'unknown');
    return out;
  };
});
