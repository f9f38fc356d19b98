/** `content build`: ARM templates written to a directory, byte-identical across rebuilds. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TableSchema } from '../kql/index.ts';
import { buildTemplates, serialise } from './arm/arm-template.ts';
import { customFunctionSchemas } from './custom-functions.ts';
import { buildDefender, type DefenderReport } from './defender/build.ts';
import { checkSolution } from './solution/checks.ts';
import type { SolutionInfo } from './solution/info.ts';
import { buildSolution } from './solution/package.ts';
import type { EnvironmentConfig } from './config.ts';
import { DeployError } from './errors.ts';
import type { DeployContent } from './model.ts';

/** Sub-directories the build owns; they are emptied first so removed content leaves no stale template. */
export const BUILD_DIRS = ['sentinel', 'monitor', 'repository', 'kql-validation', 'solution', 'defender'];

export interface BuildResult {
  files: { path: string; bytes: number }[];
  /** Content left out because it cannot become a resource. */
  problems: DeployError[];
  /** With the defender target: per selected rule, whether it can be a custom detection and why not. */
  defender?: DefenderReport[];
}

export interface BuildOptions {
  repositoryPrefix?: string;
  /** Workspaces a Sentinel Repositories connection deploys the `repository/` files to (environments with a workspaceId). */
  workspaces?: EnvironmentConfig[];
  /** Table schemas the content is written against; when given, `kql-validation/CustomFunctions/` is written. */
  tables?: TableSchema[];
  /** When given, the Content Hub solution is written under `solution/` and checked (see solution/checks.ts). */
  solution?: { info: SolutionInfo; readSource: (file: string) => string };
}

export async function buildToDirectory(content: DeployContent, env: EnvironmentConfig, outDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const problems: DeployError[] = [];
  const files = buildTemplates(content, env, { problems, repositoryPrefix: options.repositoryPrefix, workspaces: options.workspaces });
  if (options.tables) {
    // Azure-Sentinel's KQL validation knows workspace functions only through these files.
    for (const schema of customFunctionSchemas(content.functions, options.tables, problems)) {
      files.push({ path: `kql-validation/CustomFunctions/${schema.FunctionName}.json`, json: schema as unknown as Record<string, unknown> });
    }
  }
  const raw: { path: string; data: string | Uint8Array }[] = files.map((f) => ({ path: f.path, data: serialise(f.json) }));
  let defender: DefenderReport[] | undefined;
  if (env.targets.defender) {
    if (!options.tables) throw new DeployError('CONTENT_INVALID', 'the defender target needs the table schemas (BuildOptions.tables)');
    const built = buildDefender(content, env, options.tables);
    defender = built.report;
    raw.push(...built.files.map((f) => ({ path: f.path, data: serialise(f.json as Record<string, unknown>) })));
  }
  if (options.solution) {
    const solution = buildSolution(content, env, options.solution.info, options.solution.readSource);
    for (const f of checkSolution(solution)) problems.push(new DeployError('CONTENT_INVALID', `solution package: ${f.check}: ${f.message}`));
    raw.push(...solution);
  }
  for (const d of BUILD_DIRS) await rm(join(outDir, d), { recursive: true, force: true });
  const written: BuildResult['files'] = [];
  for (const f of raw) {
    const abs = join(outDir, f.path);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, f.data);
    written.push({ path: f.path, bytes: typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength });
  }
  return { files: written, problems, ...(defender ? { defender } : {}) };
}
