/** tolower(s) and toupper(s), culture-invariant. Non-string arguments are formatted first. */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';

defineScalar((F) => F.ToLower, (site) => (s: unknown) => formatValue(s, site.argTypes[0] ?? 'unknown').toLowerCase());
defineScalar((F) => F.ToUpper, (site) => (s: unknown) => formatValue(s, site.argTypes[0] ?? 'unknown').toUpperCase());
