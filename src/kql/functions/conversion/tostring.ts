/** tostring(x): Kusto's text form of any value; null becomes "" and dynamic strings come back unquoted. */
import { defineScalar } from '../registry.ts';
import { formatValue } from '../common/values.ts';

defineScalar((F) => F.ToString, (site) => {
  const type = site.argTypes[0] ?? 'unknown';
  return (v: unknown) => formatValue(v, type);
});
