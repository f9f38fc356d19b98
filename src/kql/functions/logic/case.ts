/** case(p1, v1, p2, v2, ..., else): the value of the first true predicate (null predicates are not true). */
import { defineScalar } from '../registry.ts';

defineScalar((F) => F.Case, () => (...args: unknown[]) => {
  const last = args.length - 1;
  for (let i = 0; i < last; i += 2) if (args[i] === true) return args[i + 1];
  return args[last];
});
