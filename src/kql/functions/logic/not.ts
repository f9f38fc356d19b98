/** not(expr): the logical negation of a bool; null stays null (so `where not(x)` drops rows where x is null). */
import { defineScalar } from '../registry.ts';

defineScalar((F) => F.Not, () => (v: unknown) => (typeof v === 'boolean' ? !v : null));
