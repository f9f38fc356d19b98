import { fail, pass, type CheckEvaluator } from './check.ts';

export const privateEndpointApproved: CheckEvaluator = {
  id: 'private-endpoint-approved',
  evaluate({ hsm }) {
    const connections = hsm.properties.privateEndpointConnections ?? [];
    const states = connections.map((c) => ({ endpoint: c.properties?.privateEndpoint?.id ?? c.id ?? '?', status: c.properties?.privateLinkServiceConnectionState?.status ?? 'unknown' }));
    const approved = states.filter((s) => s.status === 'Approved');
    if (approved.length) return pass(`${approved.length} approved private endpoint connection(s): ${approved.map((s) => s.endpoint.split('/').pop()).join(', ')}`, { connections: states });
    if (states.length) return fail(`no approved private endpoint connection (${states.map((s) => `${s.endpoint.split('/').pop()}: ${s.status}`).join(', ')})`, { connections: states });
    return fail('no private endpoint connection', { connections: [] });
  },
};
