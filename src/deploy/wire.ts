/**
 * The wire model's shared vocabulary: a desired resource (the body to PUT, keyed by kind and name), the scope its
 * references are made in, and the tags that mark a resource as this pack's. Backends build and consume these.
 */
import type { ResourceKind } from './arm/api-versions.ts';

export type Target = 'sentinel' | 'monitor';

/** How resources refer to their surroundings. */
export interface Scope {
  location: string;
  workspaceId: string;
  alertRuleId(ruleName: string): string;
  actionGroupId(name: string): string;
}

export interface DesiredResource {
  /** Stable identity across runs: `<kind>/<name lower-case>`. */
  key: string;
  kind: ResourceKind;
  target: Target;
  /** Resource name (last path segment). */
  name: string;
  displayName: string;
  /** The PUT body without ownership marks (tags / metadata), which the deployer adds. */
  body: Record<string, unknown>;
  /** Source file, for messages. */
  file?: string;
}

/** Tag and metadata vocabulary that marks a resource as owned by this pack. */
export const OWNER_TAG = 'content-pack';

export const HASH_TAG = 'content-hash';

export const VERSION_TAG = 'content-pack-version';
