/** coalesce(a1, ..., an): the first argument that is not null (for strings: not empty); else null (or ""). */
import { defineScalar } from '../registry.ts';
import { isEmptyValue } from '../common/values.ts';

defineScalar((F) => F.Coalesce, (site) => {
  const none = site.resultType === 'string' ? '' : null;
  return (...args: unknown[]) => {
    for (const v of args) if (!isEmptyValue(v)) return v;
    return none;
  };
});
