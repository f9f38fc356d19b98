import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArmClient, ArmRequestError } from '../../src/deploy/arm/arm-client.ts';
import { ArmImitation } from './arm-server/server.ts';
import { FakeCredential } from './helpers.ts';

const SUB = '00000000-0000-0000-0000-000000000001';
const WB = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Insights/workbooks/0b7e3c52-1d7e-4f7a-8f7e-2a9d4c6b8e10`;
const body = { location: 'West Europe', kind: 'shared', properties: { displayName: 'x', serializedData: '{}', category: 'sentinel' } };

let server: ArmImitation;
let cred: FakeCredential;
let client: ArmClient;

beforeAll(async () => {
  server = new ArmImitation();
  await server.start();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.faults.length = 0;
  server.requests.length = 0;
  cred = new FakeCredential();
  client = new ArmClient({ credential: cred, endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { baseDelayMs: 5, maxDelayMs: 50 }, timeoutMs: 5000 });
});

describe('ArmClient against the local ARM imitation', () => {
  it('sends a bearer token for the management scope and the body verbatim', async () => {
    const res = await client.request('PUT', client.url(WB, '2023-06-01'), body);
    expect(res.status).toBe(201);
    expect(cred.scopes[0]).toEqual(['https://management.azure.com/.default']);
    expect(JSON.parse(server.requests[0]!.body)).toEqual(body);
    expect(server.get(WB)!.body.location).toBe('westeurope');
  });

  it('retries 429 without Retry-After, 429 with Retry-After, 500 and 503, then succeeds', async () => {
    server.inject({ path: 'workbooks', status: 429 });
    server.inject({ path: 'workbooks', status: 429, retryAfter: '0' });
    server.inject({ path: 'workbooks', status: 500 });
    server.inject({ path: 'workbooks', status: 503 });
    const events: number[] = [];
    const c = new ArmClient({ credential: cred, endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { baseDelayMs: 5, maxDelayMs: 50 }, onAttempt: (e) => events.push(e.status ?? 0) });
    const res = await c.request('PUT', c.url(WB, '2023-06-01'), body);
    expect(res.status).toBeLessThan(300);
    expect(events).toEqual([429, 429, 500, 503, expect.any(Number)]);
    expect(server.requests.length).toBe(5);
  });

  it('retries a request that times out', async () => {
    server.inject({ path: 'workbooks', hang: true });
    client = new ArmClient({ credential: cred, endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { baseDelayMs: 5 }, timeoutMs: 500 });
    const res = await client.request('GET', client.url(WB.replace(/\/[^/]+$/, ''), '2023-06-01', { category: 'sentinel' }));
    expect(res.status).toBe(200);
    expect(server.requests.length).toBe(2);
  });

  it('gives up after maxRetries with a clear error naming the status', async () => {
    server.inject({ path: 'workbooks', status: 500, times: 10 });
    const c = new ArmClient({ credential: cred, endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { maxRetries: 2, baseDelayMs: 1 } });
    await expect(c.request('GET', c.url(WB, '2023-06-01'))).rejects.toThrow(/500 InternalServerError.*after 3 attempts/);
  });

  it('does not retry 4xx, and reports the ARM error code', async () => {
    const err = await client.request('PUT', client.url(WB, '2019-01-01'), body).catch((e) => e);
    expect(err).toBeInstanceOf(ArmRequestError);
    expect(err.armCode).toBe('InvalidApiVersionParameter');
    expect(server.requests.length).toBe(1);
  });

  it('enforces If-Match with 412 and keeps ETags per version', async () => {
    const first = await client.request('PUT', client.url(WB, '2023-06-01'), body);
    const etag = (first.body as { etag: string }).etag;
    await client.request('PUT', client.url(WB, '2023-06-01'), body);
    const err = await client.request('PUT', client.url(WB, '2023-06-01'), body, { 'if-match': etag }).catch((e) => e);
    expect(err.status).toBe(412);
  });

  it('follows nextLink across pages', async () => {
    server.pageSize = 1;
    for (const id of ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333']) {
      await client.request('PUT', client.url(WB.replace(/[^/]+$/, id), '2023-06-01'), body);
    }
    const all = await client.list(client.url(WB.replace(/\/[^/]+$/, ''), '2023-06-01', { category: 'sentinel' }));
    server.pageSize = 50;
    expect(all.length).toBeGreaterThanOrEqual(3);
  });
});

describe('ArmClient without a usable credential', () => {
  it('fails at once with a sign-in hint, without retrying', async () => {
    let calls = 0;
    const broken = { getToken: async () => { calls++; throw Object.assign(new Error('Azure CLI not found\nmore detail'), { name: 'CredentialUnavailableError' }); } };
    const c = new ArmClient({ credential: broken, endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { baseDelayMs: 1 } });
    const err = await c.request('GET', c.url(WB, '2023-06-01')).catch((e) => e);
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toMatch(/CredentialUnavailableError: Azure CLI not found \(sign in with az login/);
    expect(calls).toBe(1);
  });

  it('retries a refused connection, then reports it', async () => {
    const c = new ArmClient({ credential: new FakeCredential(), endpoint: 'https://127.0.0.1:9', retry: { maxRetries: 1, baseDelayMs: 1 } });
    const err = await c.request('GET', c.url(WB, '2023-06-01')).catch((e) => e);
    expect(err.code).toBe('ARM_TIMEOUT');
    expect(err.message).toMatch(/after 2 attempts/);
  });
});
