import type { Scenario } from '../scenario.ts';
import { securityDomain } from './security-domain.ts';
import { privilegedAccess } from './privileged-access.ts';
import { failedAccess } from './failed-access.ts';

/** Every sample scenario, one per rule area. */
export const SCENARIOS: Scenario[] = [securityDomain, privilegedAccess, failedAccess];
