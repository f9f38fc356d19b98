/** The variant catalogue, in report order: shape variants first, then attack variants. */
import type { Variant } from '../model.ts';
import { activityLifecycle, activityLifecycleLegacy } from './activity-lifecycle.ts';
import { benignMix } from './benign-mix.ts';
import { bothTables } from './both-tables.ts';
import { shortClaimNames, uriClaimNames } from './claim-names.ts';
import { identityJsonText } from './identity-json-text.ts';
import { ingestionDelay } from './ingestion-delay.ts';
import { ipv6Callers } from './ipv6-callers.ts';
import { asManagedIdentity, asServicePrincipal } from './non-human-caller.ts';
import { resourceIdCase } from './resource-id-case.ts';
import { runBoundary } from './run-boundary.ts';
import { slowAndSustained } from './slow-and-sustained.ts';
import { sparseColumns } from './sparse-columns.ts';
import { spreadAddresses, spreadHsms, spreadIdentities } from './spread.ts';
import { toAzureDiagnosticsTable, toResourceSpecific } from './table-swap.ts';

export const VARIANTS: readonly Variant[] = [
  toResourceSpecific,
  toAzureDiagnosticsTable,
  bothTables,
  activityLifecycle,
  activityLifecycleLegacy,
  shortClaimNames,
  uriClaimNames,
  identityJsonText,
  resourceIdCase,
  sparseColumns,
  ipv6Callers,
  ingestionDelay,
  runBoundary,
  spreadIdentities,
  spreadAddresses,
  spreadHsms,
  slowAndSustained,
  benignMix,
  asServicePrincipal,
  asManagedIdentity,
];

export function variantById(id: string): Variant | undefined {
  return VARIANTS.find((v) => v.id === id);
}
