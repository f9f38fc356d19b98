/** isempty(x), isnotempty(x) (and the deprecated notempty): true for null and "" (not for empty arrays or bags). */
import { defineScalar } from '../registry.ts';
import { isEmptyValue } from '../common/values.ts';

defineScalar((F) => F.IsEmpty, () => (v: unknown) => isEmptyValue(v));
defineScalar((F) => F.IsNotEmpty, () => (v: unknown) => !isEmptyValue(v));
defineScalar((F) => F.NotEmpty_Deprecated, () => (v: unknown) => !isEmptyValue(v));
