/** iff(condition, then, else) and its alias iif: a null or false condition selects the else value. */
import { defineScalar } from '../registry.ts';

const iff = () => (cond: unknown, a: unknown, b: unknown) => (cond === true ? a : b);
defineScalar((F) => F.Iff, iff);
defineScalar((F) => F.Iif, iff);
