/**
 * The benign baseline for the noise budget: days of realistic, attack-free traffic from the sample generator
 * (src/samples, with weeks of history before the measured window for lookback rules), typed into a time-indexed
 * database once per process and environment.
 */
import type { Database } from '../kql/index.ts';
import { generateBaseline } from '../samples/index.ts';
import type { KqlReplay } from './kql-engine.ts';
import type { Baseline } from './noise.ts';

const cache = new WeakMap<KqlReplay, Promise<Baseline<Database> | undefined>>();

/** The baseline database (the measured window is [from, to]; history before `from` is in the data). */
export function loadBaseline(env: KqlReplay): Promise<Baseline<Database> | undefined> {
  let p = cache.get(env);
  if (!p) {
    p = Promise.resolve().then(() => {
      const b = generateBaseline();
      return { from: b.from, to: b.to, data: env.indexByTime(env.recordsDatabase(b.tables, 'baseline')) };
    });
    cache.set(env, p);
  }
  return p;
}
