import { ADDRESSES, CLIENT_INFO, HSM_DR, HSM_PROD, PEOPLE, WORKLOADS } from '../environment.ts';
import type { HsmEvent } from '../hsm-records.ts';
import { at, type Scenario } from '../scenario.ts';

const { hsmAdmin, compromisedUser } = PEOPLE;
const api = '?api-version=7.5';

/** Hourly unwraps on both HSMs from 2026-11-18 00:00 until the diagnostic setting is deleted (prod) or the HSM is (DR). */
function hourly(hsm: typeof HSM_PROD, until: string): HsmEvent[] {
  const out: HsmEvent[] = [];
  for (let t = Date.parse('2026-11-18T00:10:00Z'); t < Date.parse(until); t += 3_600_000) {
    out.push({ time: at(new Date(t).toISOString(), 0), hsm, operation: 'KeyUnwrap', path: `/keys/storage-cmk/9a8b/unwrapkey${api}`, httpMethod: 'POST', status: 200, caller: WORKLOADS.storageCmk, ip: ADDRESSES.privateEndpointClient, clientInfo: CLIENT_INFO.storage });
  }
  return out;
}

const SETTING = '/providers/microsoft.insights/diagnosticSettings/to-sentinel';

export const logging: Scenario = {
  area: 'logging',
  story: [
    'From 2026-11-18 00:10 both HSMs log an unwrap every hour.',
    '2026-11-18 15:00 alice.admin updates the diagnostic setting of a Key Vault vault (not an HSM; look-alike).',
    '2026-11-20 08:00 alice.admin deletes contoso-mhsm-dr after the DR migration (AzureActivity): its logs stop, as expected.',
    '2026-11-20 11:05 dave.ops deletes the diagnostic setting "to-sentinel" of contoso-mhsm: its logs stop after 11:10.',
  ],
  hsm: [...hourly(HSM_PROD, '2026-11-20T11:15:00Z'), ...hourly(HSM_DR, '2026-11-20T08:00:00Z')],
  activity: [
    { time: '2026-11-18T15:00:00Z', hsm: HSM_PROD, resourceId: `/subscriptions/3c5e9a1d-6f2b-4e8a-9d7c-1b2a3c4d5e6f/resourcegroups/rg-crypto-prod/providers/microsoft.keyvault/vaults/contoso-kv${SETTING}`, operation: 'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE', displayName: 'Create or update resource diagnostic setting', caller: hsmAdmin, ip: ADDRESSES.corpEgress, requestBody: { properties: { logs: [{ categoryGroup: 'audit', enabled: true }] } } },
    { time: '2026-11-20T08:00:00Z', hsm: HSM_DR, operation: 'MICROSOFT.KEYVAULT/MANAGEDHSMS/DELETE', displayName: 'Delete Managed HSM', caller: hsmAdmin, ip: ADDRESSES.corpEgress },
    { time: '2026-11-20T11:05:00Z', hsm: HSM_PROD, subResource: SETTING, operation: 'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE', displayName: 'Delete resource diagnostic setting', caller: compromisedUser, ip: ADDRESSES.attacker },
  ],
};
