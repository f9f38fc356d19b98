import type { Scenario } from '../scenario.ts';
import { securityDomain } from './security-domain.ts';
import { privilegedAccess } from './privileged-access.ts';
import { failedAccess } from './failed-access.ts';
import { keyOperations } from './key-operations.ts';
import { backupRecovery } from './backup-recovery.ts';
import { logging } from './logging.ts';
import { network } from './network.ts';
import { identity } from './identity.ts';
import { threatIntelligence } from './threat-intelligence.ts';

/** Every sample scenario, one per rule area. */
export const SCENARIOS: Scenario[] = [
  securityDomain, privilegedAccess, failedAccess, keyOperations, backupRecovery, logging, network, identity, threatIntelligence,
];
