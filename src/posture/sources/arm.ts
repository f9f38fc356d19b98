/**
 * ARM reads about one HSM: its diagnostic settings (Microsoft.Insights 2021-05-01-preview), its latest Azure Policy
 * states (Microsoft.PolicyInsights 2019-10-01, POST queryResults), the policy assignments that apply to its resource
 * group (Microsoft.Authorization 2023-04-01, $filter=atScope()), and the retention of the workspace table its audit
 * events land in (Microsoft.OperationalInsights 2022-10-01). Each returns a Readable: a 403 is a reason, not a crash.
 */
import type { ArmClient } from '../../deploy/arm/arm-client.ts';
import { readable, unreadable, type DiagnosticSetting, type PolicyAssignment, type PolicyState, type Readable } from '../model.ts';
import { failureReason } from './failure.ts';

export const POSTURE_API_VERSIONS = {
  diagnosticSettings: '2021-05-01-preview',
  policyStates: '2019-10-01',
  policyAssignments: '2023-04-01',
  workspaces: '2022-10-01',
  tables: '2022-10-01',
} as const;

export async function diagnosticSettings(arm: ArmClient, hsmId: string, signal?: AbortSignal): Promise<Readable<DiagnosticSetting[]>> {
  try {
    return readable(await arm.list<DiagnosticSetting>(arm.url(`${hsmId}/providers/Microsoft.Insights/diagnosticSettings`, POSTURE_API_VERSIONS.diagnosticSettings), signal));
  } catch (e) {
    if (signal?.aborted) throw e;
    return unreadable(failureReason(e, 'diagnostic settings', 'Microsoft.Insights/diagnosticSettings/read, e.g. Reader or Monitoring Reader on the HSM'));
  }
}

interface PolicyStatesPage { value?: PolicyState[]; '@odata.nextLink'?: string }

export async function policyStates(arm: ArmClient, hsmId: string, signal?: AbortSignal): Promise<Readable<PolicyState[]>> {
  try {
    const out: PolicyState[] = [];
    let url: string | undefined = arm.url(`${hsmId}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults`, POSTURE_API_VERSIONS.policyStates);
    while (url) {
      const res: { body?: PolicyStatesPage } = await arm.request<PolicyStatesPage>('POST', url, undefined, {}, signal);
      out.push(...(res.body?.value ?? []));
      url = res.body?.['@odata.nextLink'];
    }
    return readable(out);
  } catch (e) {
    if (signal?.aborted) throw e;
    return unreadable(failureReason(e, 'Azure Policy compliance states', 'Microsoft.PolicyInsights/policyStates/queryResults/read, e.g. Reader on the HSM'));
  }
}

/** Assignments at the resource group and above (subscription, management groups) that do not exclude the HSM. */
export async function policyAssignments(arm: ArmClient, subscriptionId: string, resourceGroup: string, signal?: AbortSignal): Promise<Readable<PolicyAssignment[]>> {
  try {
    const url = arm.url(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Authorization/policyAssignments`, POSTURE_API_VERSIONS.policyAssignments, { $filter: 'atScope()' });
    return readable(await arm.list<PolicyAssignment>(url, signal));
  } catch (e) {
    if (signal?.aborted) throw e;
    return unreadable(failureReason(e, 'Azure Policy assignments', 'Microsoft.Authorization/policyAssignments/read, e.g. Reader on the resource group'));
  }
}

export interface WorkspaceInfo { customerId?: string; retentionInDays?: number }

export async function workspaceInfo(arm: ArmClient, workspaceId: string, signal?: AbortSignal): Promise<Readable<WorkspaceInfo>> {
  try {
    const res = await arm.request<{ properties?: WorkspaceInfo }>('GET', arm.url(workspaceId, POSTURE_API_VERSIONS.workspaces), undefined, {}, signal);
    return readable({ customerId: res.body?.properties?.customerId, retentionInDays: res.body?.properties?.retentionInDays });
  } catch (e) {
    if (signal?.aborted) throw e;
    return unreadable(failureReason(e, `workspace ${workspaceId.split('/').pop()}`, 'Microsoft.OperationalInsights/workspaces/read, e.g. Log Analytics Reader on the workspace'));
  }
}

export interface TableRetention { retentionInDays?: number; totalRetentionInDays?: number; plan?: string }

export async function tableRetention(arm: ArmClient, workspaceId: string, table: string, signal?: AbortSignal): Promise<Readable<TableRetention>> {
  try {
    const res = await arm.request<{ properties?: TableRetention }>('GET', arm.url(`${workspaceId}/tables/${table}`, POSTURE_API_VERSIONS.tables), undefined, {}, signal);
    const p = res.body?.properties ?? {};
    return readable({ retentionInDays: p.retentionInDays, totalRetentionInDays: p.totalRetentionInDays, plan: p.plan });
  } catch (e) {
    if (signal?.aborted) throw e;
    return unreadable(failureReason(e, `table ${table} of workspace ${workspaceId.split('/').pop()}`, 'Microsoft.OperationalInsights/workspaces/tables/read, e.g. Log Analytics Reader on the workspace'));
  }
}
