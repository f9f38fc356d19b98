/**
 * Worker-thread side of the replayability report: loads the engine while the main thread lints, then answers one
 * ReplayJob. Started through replay-worker-boot.mjs, which registers the TypeScript loader in the worker.
 */
import { parentPort } from 'node:worker_threads';
import { warmUpKusto } from '../kql/kusto.ts';
import { preloadEngine, runReplayJob, type ReplayJob } from './replayability.ts';

const ready = (async () => {
  warmUpKusto();
  await preloadEngine();
})();

parentPort!.once('message', async (job: ReplayJob) => {
  try {
    await ready;
    parentPort!.postMessage({ answer: await runReplayJob(job) });
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e) });
  }
});
