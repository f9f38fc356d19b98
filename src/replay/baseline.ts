/**
 * The benign baseline for the noise budget: days of realistic, attack-free traffic from the sample generator
 * (src/samples), typed into a database once per process and environment.
 */
import type { Database } from '../kql/index.ts';
import type { KqlReplay } from './kql-engine.ts';
import type { Baseline } from './noise.ts';

const cache = new WeakMap<KqlReplay, Promise<Baseline<Database> | undefined>>();

export interface BaselineTables { from: Date; to: Date; tables: Record<string, Record<string, unknown>[]> }

const GENERATOR_MODULE = '../samples/baseline.ts';

async function generate(): Promise<BaselineTables | undefined> {
  // The generator belongs to the samples module; it is loaded on first use so runs that skip the noise budget
  // never pay for it.
  let samples: { generateBaseline?: () => BaselineTables };
  try {
    samples = (await import(GENERATOR_MODULE)) as typeof samples;
  } catch {
    return undefined;
  }
  return samples.generateBaseline?.();
}

/** The baseline database, or undefined when no generator is available. */
export function loadBaseline(env: KqlReplay): Promise<Baseline<Database> | undefined> {
  let p = cache.get(env);
  if (!p) {
    p = generate().then((b) => b && { from: b.from, to: b.to, data: env.indexByTime(env.recordsDatabase(b.tables, 'baseline')) });
    cache.set(env, p);
  }
  return p;
}
