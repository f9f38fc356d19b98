/**
 * Deploy benchmarks (npm run bench:deploy), against the local HTTPS ARM imitation on 127.0.0.1:
 *  1. `content build` of the repository's pack (templates written, bytes);
 *  2. plan + deploy of the pack multiplied to N rules (Sentinel and Monitor targets) into an empty workspace,
 *     then the no-change plan and deploy (idempotence), with request counts;
 *  3. the same first deploy with every tenth rule's first PUT answered 429 (with and without Retry-After);
 *  4. 200 rules with 50 ms added to every answer (standing in for ARM latency), 1 vs 4 writes in flight.
 * Network latency is local, so the figures measure the deployer's own cost and its request count.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ArmClient, buildToDirectory, deploy, loadDeployContent, planDeployment, selectEnvironment, type DeployContent } from '../src/deploy/index.ts';
import { ArmImitation } from '../test/deploy/arm-server/server.ts';
import { FakeCredential } from '../test/deploy/helpers.ts';
import { uuidV5 } from '../src/deploy/ids.ts';

const root = resolve(import.meta.dirname, '..');
const SUB = '00000000-0000-4000-8000-0000000000be';

function multiply(content: DeployContent, n: number): DeployContent {
  const rules = [];
  for (let i = 0; rules.length < n; i++) {
    for (const r of content.rules) {
      if (rules.length >= n) break;
      rules.push({ ...r, id: i === 0 ? r.id : uuidV5(`${r.id}/${i}`), name: i === 0 ? r.name : `${r.name} (${i})` });
    }
  }
  return { ...content, rules };
}

async function main(): Promise<void> {
  const { content } = await loadDeployContent(root);
  const env = selectEnvironment(undefined, undefined);

  let started = performance.now();
  const out = await mkdtemp(join(tmpdir(), 'bench-build-'));
  const built = await buildToDirectory(content, env, out);
  const bytes = built.files.reduce((s, f) => s + f.bytes, 0);
  console.log(`build: ${content.rules.length} rules, ${content.functions.length} functions, ${content.workbooks.length} workbooks -> ${built.files.length} files, ${(bytes / 1024).toFixed(0)} KiB in ${(performance.now() - started).toFixed(0)} ms`);

  for (const n of [content.rules.length, 200]) {
    for (const throttled of [false, true]) {
      const server = new ArmImitation();
      await server.start();
      const client = new ArmClient({ credential: new FakeCredential(), endpoint: server.url, tlsOptions: { ca: server.cert }, retry: { baseDelayMs: 5, maxDelayMs: 50 } });
      const target = { subscriptionId: SUB, resourceGroup: 'rg', workspace: 'law' };
      const pack = multiply(content, n);
      if (throttled) {
        // Every tenth rule's first PUT is throttled once, alternately with and without Retry-After.
        pack.rules.forEach((r, i) => { if (i % 10 === 0) server.inject({ method: 'PUT', path: `alertrules/${r.id.toLowerCase()}`, status: 429, retryAfter: i % 20 ? undefined : '0' }); });
      }
      started = performance.now();
      const plan = await planDeployment({ client, target, content: pack, env });
      const planMs = performance.now() - started;
      started = performance.now();
      const result = await deploy(plan, { client, pack: pack.pack });
      const deployMs = performance.now() - started;
      const firstRequests = server.requests.length;
      server.requests.length = 0;
      started = performance.now();
      const again = await planDeployment({ client, target, content: pack, env });
      const again2 = await deploy(again, { client, pack: pack.pack });
      const secondMs = performance.now() - started;
      const writes = server.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/query')).length;
      console.log(
        `${throttled ? 'throttled ' : ''}deploy ${n} rules (${plan.items.length} resources): plan ${planMs.toFixed(0)} ms, apply ${deployMs.toFixed(0)} ms, ` +
          `${firstRequests} requests, ${result.failures.length} failures; re-run plan+deploy ${secondMs.toFixed(0)} ms, ${server.requests.length} requests, ${writes} writes, ${again2.failures.length} failures`,
      );
      await server.stop();
    }
  }

  for (const concurrency of [1, 4]) {
    const server = new ArmImitation();
    await server.start();
    server.latencyMs = 50;
    const client = new ArmClient({ credential: new FakeCredential(), endpoint: server.url, tlsOptions: { ca: server.cert } });
    const pack = multiply(content, 200);
    const plan = await planDeployment({ client, target: { subscriptionId: SUB, resourceGroup: 'rg', workspace: 'law' }, content: pack, env });
    started = performance.now();
    const result = await deploy(plan, { client, pack: pack.pack, concurrency });
    console.log(`deploy 200 rules with 50 ms latency, ${concurrency} in flight: apply ${((performance.now() - started) / 1000).toFixed(1)} s, ${server.requests.length} requests, ${result.failures.length} failures`);
    await server.stop();
  }
}

await main();
