/** isnull(x), isnotnull(x) (and the deprecated notnull). Strings are never null, so isnull("") is false. */
import { defineScalar } from '../registry.ts';
import { isNull } from '../common/values.ts';

defineScalar((F) => F.IsNull, () => (v: unknown) => isNull(v));
defineScalar((F) => F.IsNotNull, () => (v: unknown) => !isNull(v));
defineScalar((F) => F.NotNull_Deprecated, () => (v: unknown) => !isNull(v));
