/** new_guid(): a random (version 4) guid, a new one per row (the call is volatile, never folded). */
import { randomUUID } from 'node:crypto';
import { defineScalar } from '../registry.ts';

defineScalar((F) => F.NewGuid, () => () => randomUUID());
