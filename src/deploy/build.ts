/** `content build`: ARM templates written to a directory, byte-identical across rebuilds. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TableSchema } from '../kql/index.ts';
import { buildTemplates, serialise } from './arm/arm-template.ts';
import { customFunctionSchemas } from './custom-functions.ts';
import type { EnvironmentConfig } from './config.ts';
import type { DeployError } from './errors.ts';
import type { DeployContent } from './model.ts';

/** Sub-directories the build owns; they are emptied first so removed content leaves no stale template. */
export const BUILD_DIRS = ['sentinel', 'monitor', 'repository', 'kql-validation'];

export interface BuildResult {
  files: { path: string; bytes: number }[];
  /** Content left out because it cannot become a resource. */
  problems: DeployError[];
}

export interface BuildOptions {
  repositoryPrefix?: string;
  /** Table schemas the content is written against; when given, `kql-validation/CustomFunctions/` is written. */
  tables?: TableSchema[];
}

export async function buildToDirectory(content: DeployContent, env: EnvironmentConfig, outDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const problems: DeployError[] = [];
  const files = buildTemplates(content, env, { problems, repositoryPrefix: options.repositoryPrefix });
  if (options.tables) {
    // Azure-Sentinel's KQL validation knows workspace functions only through these files.
    for (const schema of customFunctionSchemas(content.functions, options.tables, problems)) {
      files.push({ path: `kql-validation/CustomFunctions/${schema.FunctionName}.json`, json: schema as unknown as Record<string, unknown> });
    }
  }
  for (const d of BUILD_DIRS) await rm(join(outDir, d), { recursive: true, force: true });
  const written: BuildResult['files'] = [];
  for (const f of files) {
    const abs = join(outDir, f.path);
    await mkdir(dirname(abs), { recursive: true });
    const text = serialise(f.json);
    await writeFile(abs, text);
    written.push({ path: f.path, bytes: Buffer.byteLength(text) });
  }
  return { files: written, problems };
}
