/** now([offset]) and ago(timespan): both use the run's pinned clock (CallSite.now), constant within a run. */
import { defineScalar } from '../registry.ts';
import { toTimespanTicks } from '../common/values.ts';

defineScalar((F) => F.Now, (site) => (offset?: unknown) => {
  if (offset === undefined) return site.now;
  const t = toTimespanTicks(offset, site.argTypes[0] ?? 'timespan');
  return t === null ? null : site.now + t;
}, { readsClock: true });

defineScalar((F) => F.Ago, (site) => (span: unknown) => {
  const t = toTimespanTicks(span, site.argTypes[0] ?? 'timespan');
  return t === null ? null : site.now - t;
}, { readsClock: true });
