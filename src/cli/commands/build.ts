import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_USAGE, UsageError, type CliIO } from '../io.ts';
import {
  buildToDirectory, checkConfigReferences, readSolutionInfo, chooseTargets, contentTables, DeployError, loadConfig, loadDeployContent, selectEnvironment, selectedRules, type ContentConfig,
} from '../../deploy/index.ts';

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('build')
    .description('write ARM templates for Sentinel (rules, functions, workbooks) and Azure Monitor log alerts')
    .option('--out <dir>', 'output directory', 'dist')
    .option('--config <file>', 'environment config (default: content.config.yaml when present)')
    .option('--env <name>', 'environment in the config whose parameters to bake in')
    .option('--targets <list>', 'comma-separated sentinel, monitor, defender (default: the config, else sentinel,monitor)')
    .option('--solution', 'also write the Content Hub solution (solution/<name>/: Package/mainTemplate.json, createUiDefinition.json, the zip, Data/, metadata, release notes) and check it')
    .action(async (opts: { out: string; config?: string; env?: string; targets?: string; solution?: boolean }) => {
      const root = io.cwd;
      let config: ContentConfig | undefined;
      try {
        config = await loadConfigOption(root, opts.config);
        const env = selectEnvironment(config, opts.env);
        const badTargets = chooseTargets(env, opts.targets, ['sentinel', 'monitor']);
        if (badTargets) throw new UsageError(badTargets);
        const { content, problems } = await loadDeployContent(root);
        if (reportConfigReferences(io, 'build', config, content)) { setExit(EXIT_USAGE); return; }
        for (const p of problems) io.stderr(`${p.file}:${p.line}:${p.column}: ${p.message}${p.kept ? '' : ' (left out of the build)'}\n`);
        const out = resolve(root, opts.out);
        const prefix = relative(root, out).split(sep).join('/');
        const result = await buildToDirectory(content, env, out, {
          repositoryPrefix: prefix && !prefix.startsWith('..') ? `${prefix}/` : '',
          tables: contentTables(root),
          workspaces: config ? [...config.environments.values()] : undefined,
          solution: opts.solution ? { info: await readSolutionInfo(root), readSource: (file) => readFileSync(resolve(root, file), 'utf8') } : undefined,
        });
        for (const p of result.problems) io.stderr(`${p.toString()} (left out of the build)\n`);
        for (const f of result.files) io.stdout(`${opts.out}/${f.path}\n`);
        const leftOut = new Set(result.problems.map((p) => p.subject));
        const built = selectedRules(content.rules, env).filter((r) => !leftOut.has(`alertRules/${r.id.toLowerCase()}`)).length;
        const of = built === content.rules.length ? `${built}` : `${built} of ${content.rules.length}`;
        if (result.defender) {
          const can = result.defender.filter((d) => d.eligible).length;
          io.stdout(`defender: ${can} of ${result.defender.length} rules can be custom detections (${opts.out}/defender/detectionRules/); why the others cannot: ${opts.out}/defender/eligibility.json\n`);
        }
        io.stdout(`built ${of} rules, ${content.functions.length} functions, ${content.workbooks.length} workbooks into ${result.files.length} files (environment: ${env.name})\n`);
        if (problems.length || result.problems.length) setExit(EXIT_FINDINGS);
      } catch (e) {
        if (e instanceof DeployError) {
          io.stderr(`content build: ${e.toString()}\n`);
          setExit(e.code === 'CONTENT_INVALID' ? EXIT_FINDINGS : EXIT_USAGE);
          return;
        }
        throw e;
      }
    });
}

/** Prints each rule or parameter the config names that the content lacks; true when there was any. */
export function reportConfigReferences(io: CliIO, command: string, config: ContentConfig | undefined, content: Parameters<typeof checkConfigReferences>[1]): boolean {
  if (!config) return false;
  const errors = checkConfigReferences(config, content);
  for (const e of errors) io.stderr(`content ${command}: ${e.toString()}\n`);
  return errors.length > 0;
}

/** `--config FILE`, else `content.config.yaml` in the root when it exists, else none. */
export async function loadConfigOption(root: string, file: string | undefined): Promise<ContentConfig | undefined> {
  const display = (abs: string) => { const r = relative(root, abs).split(sep).join('/'); return r && !r.startsWith('..') ? r : abs; };
  if (file) return loadConfig(resolve(root, file), display(resolve(root, file)));
  const fallback = resolve(root, 'content.config.yaml');
  try {
    return await loadConfig(fallback, 'content.config.yaml');
  } catch (e) {
    if (e instanceof DeployError && /cannot read config/.test(e.message)) return undefined;
    throw e;
  }
}
