/** todatetime(x): datetimes as they are, strings (also inside dynamic) parsed as ISO-8601/RFC dates; else null. */
import { defineScalar } from '../registry.ts';
import { toDatetimeTicks } from '../common/values.ts';

defineScalar((F) => F.ToDateTime, (site) => {
  const type = site.argTypes[0] ?? 'unknown';
  return (v: unknown) => toDatetimeTicks(v, type);
});
