/**
 * Reads every source for every HSM, with at most `concurrency` HSMs (and workspaces) in flight: ARM (diagnostic
 * settings, policy states and assignments, workspace retention), the HSM data plane, Microsoft Graph and the logs.
 * A source that cannot be read becomes an unreadable fact with its reason; nothing here throws for one HSM.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { ArmClient } from '../deploy/arm/arm-client.ts';
import { auditTable, auditWorkspaceSettings } from './audit-destination.ts';
import { mapLimit } from './concurrency.ts';
import { readable, unreadable, type HsmFacts, type HsmResource, type PolicyAssignment, type Readable, type WorkspaceFacts } from './model.ts';
import { diagnosticSettings, policyAssignments, policyStates, tableRetention, workspaceInfo } from './sources/arm.ts';
import { localRbac } from './sources/data-plane.ts';
import { principalKinds } from './sources/directory.ts';
import { hsmActivity, type HsmActivity } from './sources/workspace-logs.ts';

export interface CollectOptions {
  credential: TokenCredential;
  arm: ArmClient;
  logsEndpoint?: string;
  graphEndpoint?: string;
  tlsOptions?: { ca?: string | Buffer };
  concurrency: number;
  /** Days of logs searched for the last audit event and the last backup. */
  logDays: number;
  /** Retries of data-plane and logs requests. */
  maxRetries?: number;
  dataPlaneTimeoutMs?: number;
  signal?: AbortSignal;
}

export async function collectFacts(hsms: HsmResource[], o: CollectOptions): Promise<HsmFacts[]> {
  const assignmentsByGroup = new Map<string, Promise<Readable<PolicyAssignment[]>>>();
  const assignmentsFor = (h: HsmResource) => {
    const key = `${h.subscriptionId}/${h.resourceGroup}`.toLowerCase();
    let p = assignmentsByGroup.get(key);
    if (!p) assignmentsByGroup.set(key, (p = policyAssignments(o.arm, h.subscriptionId, h.resourceGroup, o.signal)));
    return p;
  };

  const partial = await mapLimit(hsms, o.concurrency, async (hsm) => {
    const [settings, states, assignments, rbac] = await Promise.all([
      diagnosticSettings(o.arm, hsm.id, o.signal),
      policyStates(o.arm, hsm.id, o.signal),
      assignmentsFor(hsm),
      localRbac(hsm.properties.hsmUri, { credential: o.credential, tlsOptions: o.tlsOptions, timeoutMs: o.dataPlaneTimeoutMs, maxRetries: o.maxRetries, signal: o.signal }),
    ]);
    return { hsm, settings, states, assignments, rbac };
  }, o.signal);

  const principalIds = [...new Set(partial.flatMap((p) => (p.rbac.assignments.ok ? p.rbac.assignments.value.map((a) => a.properties.principalId.toLowerCase()) : [])))].sort();
  const principals = await principalKinds(principalIds, { credential: o.credential, endpoint: o.graphEndpoint, tlsOptions: o.tlsOptions, signal: o.signal });

  // The workspace (and table) each HSM's audit events go to, then each workspace read once.
  const destination = new Map<string, { workspaceId: string; table: string }>();
  for (const p of partial) {
    if (!p.settings.ok) continue;
    const s = auditWorkspaceSettings(p.settings.value)[0];
    if (s) destination.set(p.hsm.id.toLowerCase(), { workspaceId: s.properties.workspaceId!, table: auditTable(s) });
  }
  const workspaces = [...new Set([...destination.values()].map((d) => d.workspaceId.toLowerCase()))];
  const perWorkspace = new Map<string, { info: Awaited<ReturnType<typeof workspaceInfo>>; tables: Map<string, Awaited<ReturnType<typeof tableRetention>>>; activity: Readable<Map<string, HsmActivity>> }>();
  await mapLimit(workspaces, o.concurrency, async (ws) => {
    const id = [...destination.values()].find((d) => d.workspaceId.toLowerCase() === ws)!.workspaceId;
    const tablesUsed = [...new Set([...destination.values()].filter((d) => d.workspaceId.toLowerCase() === ws).map((d) => d.table))];
    const [info, ...tables] = await Promise.all([workspaceInfo(o.arm, id, o.signal), ...tablesUsed.map((t) => tableRetention(o.arm, id, t, o.signal))]);
    let activity: Readable<Map<string, HsmActivity>>;
    if (!info.ok) activity = unreadable(`${info.reason}, so its logs cannot be queried`);
    else if (!info.value.customerId) activity = unreadable(`workspace ${id.split('/').pop()} has no customerId`);
    else activity = await hsmActivity(info.value.customerId, o.logDays, { credential: o.credential, endpoint: o.logsEndpoint, tlsOptions: o.tlsOptions, maxRetries: o.maxRetries, signal: o.signal });
    perWorkspace.set(ws, { info, tables: new Map(tablesUsed.map((t, i) => [t, tables[i]!])), activity });
  }, o.signal);

  return partial.map((p): HsmFacts => {
    let workspace: Readable<WorkspaceFacts>;
    const dest = destination.get(p.hsm.id.toLowerCase());
    if (!p.settings.ok) workspace = unreadable(`${p.settings.reason}, so the workspace receiving its audit events is not known`);
    else if (!dest) workspace = unreadable('no diagnostic setting sends AuditEvent to a workspace, so no workspace holds its audit events');
    else {
      const w = perWorkspace.get(dest.workspaceId.toLowerCase())!;
      const table = w.tables.get(dest.table)!;
      let retention: WorkspaceFacts['retention'];
      if (table.ok && (table.value.totalRetentionInDays ?? table.value.retentionInDays) !== undefined) {
        retention = table.value.totalRetentionInDays !== undefined
          ? readable({ days: table.value.totalRetentionInDays, from: `table total retention${table.value.retentionInDays !== undefined ? `, ${table.value.retentionInDays} interactive` : ''}` })
          : readable({ days: table.value.retentionInDays!, from: 'table retention' });
      } else if (w.info.ok && w.info.value.retentionInDays !== undefined) {
        retention = readable({ days: w.info.value.retentionInDays, from: 'workspace default retention' });
      } else {
        retention = unreadable(!table.ok ? table.reason : !w.info.ok ? w.info.reason : 'the workspace reports no retention');
      }
      const activity: WorkspaceFacts['activity'] = w.activity.ok
        ? readable({ ...(w.activity.value.get(p.hsm.id.toLowerCase()) ?? {}), searchedDays: o.logDays })
        : unreadable(w.activity.reason);
      workspace = readable({ id: dest.workspaceId, table: dest.table, retention, activity });
    }
    return {
      hsm: p.hsm, diagnosticSettings: p.settings, policyStates: p.states, policyAssignments: p.assignments,
      roleAssignments: p.rbac.assignments, roleDefinitions: p.rbac.definitions, principals, workspace,
    };
  });
}
