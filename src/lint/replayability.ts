/**
 * Whether the local engine can replay each rule: every workspace function body is checked once with the real
 * bodies, each rule against the function stubs, and a rule inherits the verdict of the functions it calls.
 * Runs in a worker thread next to the lint when it can (see replay-worker.ts), else in-process.
 * The engine is optional: when it is missing or fails to load, there is simply no verdict.
 */
import type { FunctionDefinition, TableSchema } from '../kql/schema.ts';

export interface ReplayJob {
  tables: TableSchema[];
  /** Workspace functions with their real bodies (to check the bodies). */
  functions: FunctionDefinition[];
  /** The same functions with stub bodies (to check rules quickly). */
  ruleFunctions: FunctionDefinition[];
  /** Aliases of the workspace functions whose bodies to check. */
  checkFunctions: string[];
  /** Rule queries, in order. */
  queries: string[];
}

export interface ReplayVerdict { replayable: boolean; unsupported: { name: string; start: number; length: number }[] }

export interface ReplayAnswer {
  /** Per function alias: what in its body the engine cannot run (empty = replayable). */
  functionVerdicts: [string, string[]][];
  /** One per query of the job; undefined when the engine could not analyse it. */
  verdicts: (ReplayVerdict | undefined)[];
}

interface Checker { check(query: string): ReplayVerdict }

async function createChecker(tables: TableSchema[], functions: FunctionDefinition[]): Promise<Checker | undefined> {
  try {
    const kql = (await import('../kql/index.ts')) as Record<string, unknown>;
    const create = kql.createEngine as ((o: { tables: TableSchema[]; functions: FunctionDefinition[] }) => Partial<Checker>) | undefined;
    if (typeof create !== 'function') return undefined;
    const engine = create({ tables, functions });
    return typeof engine.check === 'function' ? (engine as Checker) : undefined;
  } catch {
    return undefined;
  }
}

/** Loads the engine ahead of the job (module import and parser warm-up); safe to call when it is absent. */
export async function preloadEngine(): Promise<void> {
  try {
    await import('../kql/index.ts');
  } catch {
    // no engine: the job will answer undefined
  }
}

/** Runs a replay job; undefined when the engine is not available. */
export async function runReplayJob(job: ReplayJob): Promise<ReplayAnswer | undefined> {
  const fnChecker = await createChecker(job.tables, job.functions);
  const ruleChecker = await createChecker(job.tables, job.ruleFunctions);
  if (!fnChecker || !ruleChecker) return undefined;
  const functionVerdicts: [string, string[]][] = [];
  const bodies = new Map(job.functions.map((f) => [f.name, f.body]));
  for (const alias of job.checkFunctions) {
    try {
      functionVerdicts.push([alias, fnChecker.check(bodies.get(alias) ?? '').unsupported.map((u) => u.name)]);
    } catch {
      functionVerdicts.push([alias, ['a construct the engine could not analyse']]);
    }
  }
  const verdicts = job.queries.map((q) => {
    try {
      return ruleChecker.check(q);
    } catch {
      return undefined;
    }
  });
  return { functionVerdicts, verdicts };
}
