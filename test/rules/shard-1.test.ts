/** Every third rule of the pack, from the first: cases, variants, snapshots and noise budget (see suite.ts). */
import { ruleTests } from './suite.ts';

ruleTests(1);
