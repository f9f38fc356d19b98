/**
 * `runPosture`: every Managed HSM in the scope, every state check of the baseline map, a verdict each with its
 * evidence and remediation. The credential is the caller's (the CLI passes DefaultAzureCredential, tests a fake).
 */
import type { TokenCredential } from '@azure/core-auth';
import { ArmClient, DEFAULT_ARM_ENDPOINT, type RetryOptions } from '../deploy/arm/arm-client.ts';
import { BASELINE_PRACTICES, stateChecks, type BaselinePractice } from '../coverage/practices.ts';
import { EVALUATORS } from './checks/index.ts';
import { collectFacts } from './collect.ts';
import { PostureError } from './errors.ts';
import { DEFAULT_THRESHOLDS, type CheckResult, type HsmFacts, type HsmPosture, type PostureReport, type PostureThresholds } from './model.ts';
import { listManagedHsms } from './sources/resource-graph.ts';

export interface PostureOptions {
  credential: TokenCredential;
  subscriptions?: string[];
  managementGroups?: string[];
  /** Azure Resource Manager (and Resource Graph) endpoint; default https://management.azure.com. */
  armEndpoint?: string;
  /** Log Analytics query endpoint without /v1; default https://api.loganalytics.io. */
  logsEndpoint?: string;
  /** Microsoft Graph endpoint; default https://graph.microsoft.com. */
  graphEndpoint?: string;
  tlsOptions?: { ca?: string | Buffer };
  thresholds?: Partial<PostureThresholds>;
  /** HSMs (and workspaces) read at once (default 4). */
  concurrency?: number;
  retry?: RetryOptions;
  timeoutMs?: number;
  /** The clock the age checks compare with (default now). */
  now?: Date;
  practices?: readonly BaselinePractice[];
  signal?: AbortSignal;
  onThrottle?: (waitMs: number, reason: string) => void;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runPosture(o: PostureOptions): Promise<PostureReport> {
  const subscriptions = o.subscriptions ?? [];
  const managementGroups = o.managementGroups ?? [];
  if (!subscriptions.length && !managementGroups.length) throw new PostureError('POSTURE_SCOPE', 'give at least one subscription or management group');
  for (const s of subscriptions) if (!GUID.test(s)) throw new PostureError('POSTURE_SCOPE', `subscription "${s}" is not a subscription id (a GUID such as 00000000-1111-2222-3333-444444444444)`);
  const thresholds = { ...DEFAULT_THRESHOLDS, ...o.thresholds };
  const now = o.now ?? new Date();
  const endpoint = (o.armEndpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, '');
  const arm = new ArmClient({ credential: o.credential, endpoint, tlsOptions: o.tlsOptions, retry: o.retry, timeoutMs: o.timeoutMs });
  const scope = /^https:\/\/management\.(azure\.com|usgovcloudapi\.net|chinacloudapi\.cn)$/i.test(endpoint) ? `${endpoint}/.default` : `${DEFAULT_ARM_ENDPOINT}/.default`;

  // One token request first: a missing sign-in is one clear message, not a failure of every source.
  try {
    const token = await o.credential.getToken(scope, { abortSignal: o.signal });
    if (!token) throw new Error('the credential returned no token');
  } catch (e) {
    if (o.signal?.aborted) throw new PostureError('POSTURE_ABORTED', 'aborted');
    const err = e as Error;
    throw new PostureError('POSTURE_AUTH', `no token for Azure Resource Manager: ${err.name}: ${String(err.message).split('\n')[0]} (sign in with az login, or set AZURE_TENANT_ID/AZURE_CLIENT_ID for a service principal or workload identity)`);
  }

  let hsms;
  try {
    hsms = await listManagedHsms({
      credential: o.credential, subscriptions, managementGroups, endpoint, scope, tlsOptions: o.tlsOptions,
      maxRetries: o.retry?.maxRetries, maxDelayMs: o.retry?.maxDelayMs, signal: o.signal, onThrottle: o.onThrottle,
    });
  } catch (e) {
    if (e instanceof PostureError) throw e;
    const err = e as Error & { name?: string };
    if (o.signal?.aborted) throw new PostureError('POSTURE_ABORTED', 'aborted');
    throw new PostureError(/Credential|Authentication/i.test(err.name ?? '') ? 'POSTURE_AUTH' : 'POSTURE_INVENTORY', `listing the Managed HSMs failed: ${err.message.split('\n')[0]}`);
  }

  const logDays = Math.max(thresholds.backupMaxAgeDays + 1, Math.ceil(thresholds.auditSilenceHours / 24) + 1, 14);
  const facts = await collectFacts(hsms, {
    credential: o.credential, arm, logsEndpoint: o.logsEndpoint, graphEndpoint: o.graphEndpoint, tlsOptions: o.tlsOptions,
    concurrency: Math.max(1, o.concurrency ?? 4), logDays, maxRetries: o.retry?.maxRetries, signal: o.signal,
  });
  const checks = stateChecks(o.practices ?? BASELINE_PRACTICES);
  const evaluated = facts.map((f) => evaluateHsm(f, checks, { thresholds, now }));
  const all = evaluated.flatMap((h) => h.results);
  return {
    evaluatedAt: now.toISOString(),
    scope: { ...(subscriptions.length ? { subscriptions } : {}), ...(managementGroups.length ? { managementGroups } : {}) },
    checks,
    hsms: evaluated,
    warnings: [],
    summary: { hsms: evaluated.length, pass: all.filter((r) => r.status === 'pass').length, fail: all.filter((r) => r.status === 'fail').length, unknown: all.filter((r) => r.status === 'unknown').length },
  };
}

export function evaluateHsm(facts: HsmFacts, checks: ReturnType<typeof stateChecks>, context: { thresholds: PostureThresholds; now: Date }): HsmPosture {
  const results = checks.map((c): CheckResult => {
    const evaluator = EVALUATORS.get(c.id);
    const outcome = evaluator ? safely(() => evaluator.evaluate(facts, context)) : { status: 'unknown' as const, evidence: `no evaluator for check ${c.id}` };
    return { check: c.id, practice: c.practice, title: c.title, remediation: c.remediation, ...outcome };
  });
  const h = facts.hsm;
  return { id: h.id, name: h.name, subscriptionId: h.subscriptionId, resourceGroup: h.resourceGroup, location: h.location, results };
}

/** A record shape the evaluator did not expect is an unknown verdict for that check, not a crash of the run. */
function safely(f: () => ReturnType<NonNullable<ReturnType<typeof EVALUATORS.get>>['evaluate']>) {
  try {
    return f();
  } catch (e) {
    return { status: 'unknown' as const, evidence: `the check could not read the HSM's record: ${(e as Error).message}` };
  }
}
