import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { TokenCredential } from '@azure/core-auth';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.ts';
import {
  ArmClient, chooseTargets, DeployError, planDifferences, planFingerprint, readSavedPlan, toPlan, type SavedPlan, deploy, deployJson, formatDeployText, formatPlanText, loadDeployContent, planDeployment, planJson, runPreflight,
  selectEnvironment, type DeployTarget, type EnvironmentConfig, type PackInfo, type Plan, type PlanItem, type RetryOptions,
} from '../../deploy/index.ts';
import { loadSchemaSet, loadTableSchemas } from '../../content/index.ts';
import { loadConfigOption, reportConfigReferences } from './build.ts';

/**
 * How plan/deploy reach Azure. The CLI uses DefaultAzureCredential (environment, workload identity, managed
 * identity, Azure CLI ...); tests replace these with a TokenCredential and the local server's CA.
 */
export const connection: {
  credential: () => Promise<TokenCredential>;
  tlsOptions?: { ca?: string };
  retry?: RetryOptions;
  timeoutMs?: number;
  /** Endpoints used when neither the flags nor the config give one (tests point them at the local imitation). */
  endpoints?: { arm?: string; logs?: string; graph?: string };
} = {
  credential: async () => {
    const { DefaultAzureCredential } = await import('@azure/identity');
    return new DefaultAzureCredential();
  },
};

/** Command-line options: the environment's target fields, which override the config file, and the run's own. */
export interface TargetOptions extends Partial<Pick<EnvironmentConfig, 'subscription' | 'resourceGroup' | 'workspace' | 'workspaceId' | 'location' | 'armEndpoint'>> {
  logsEndpoint?: string;
  config?: string;
  env?: string;
  prune?: boolean;
  force?: boolean;
  format: string;
  targets?: string;
  verbose?: boolean;
  skipPreflight?: boolean;
  preflight?: boolean;
  concurrency?: string;
}

export function addTargetOptions(cmd: Command, formats: string[] = ['text', 'json']): Command {
  formatsOf.set(cmd.name(), formats);
  return cmd
    .option('--subscription <id>', 'subscription id (default: config, else AZURE_SUBSCRIPTION_ID)')
    .option('--resource-group <name>', 'resource group of the workspace (default: config)')
    .option('--workspace <name>', 'Log Analytics workspace name (default: config)')
    .option('--workspace-id <guid>', 'workspace GUID for the preflight (default: config, else read from ARM)')
    .option('--location <region>', 'region for workbooks and log alerts (default: the workspace region)')
    .option('--arm-endpoint <url>', 'Azure Resource Manager endpoint, for sovereign clouds', undefined)
    .option('--logs-endpoint <url>', 'Log Analytics query endpoint, for sovereign clouds')
    .option('--config <file>', 'environment config (default: content.config.yaml when present)')
    .option('--env <name>', 'environment in the config')
    .option('--targets <list>', 'sentinel, monitor or sentinel,monitor; or defender alone (default: the config, else sentinel)')
    .option('--graph-endpoint <url>', 'Microsoft Graph endpoint for --targets defender, for national clouds (default https://graph.microsoft.com)')
    .option('--prune', 'delete resources owned by this pack that are no longer in the repository')
    .option('--force', 'overwrite changes made outside the repository, and take over same-named resources not owned by the pack')
    .option('--format <format>', formats.join(', ').replace(/, ([^,]*)$/, ' or $1'), 'text')
    .option('--verbose', 'also list unchanged resources');
}

const formatsOf = new Map<string, string[]>();

export interface Prepared {
  env: EnvironmentConfig;
  target: DeployTarget;
  client: ArmClient;
  credential: TokenCredential;
  plan: Plan;
  pack: PackInfo;
  contentProblems: number;
}

/** Runs the defender target when the options or the config choose it; false when they do not. */
export async function maybeDefender(io: CliIO, opts: TargetOptions & { graphEndpoint?: string; out?: string; plan?: string; detailedExitcode?: boolean }, command: 'plan' | 'deploy', setExit: (code: number) => void): Promise<boolean> {
  const config = await loadConfigOption(io.cwd, opts.config);
  const env = selectEnvironment(config, opts.env);
  const badTargets = chooseTargets(env, opts.targets, ['sentinel']);
  if (badTargets) throw new UsageError(badTargets);
  if (!env.targets.defender) return false;
  const { runDefender } = await import('./defender.ts');
  await runDefender(io, opts, command, env, config, setExit);
  return true;
}

export async function prepare(io: CliIO, opts: TargetOptions, command: 'plan' | 'deploy'): Promise<Prepared> {
  const formats = formatsOf.get(command) ?? ['text', 'json'];
  if (!formats.includes(opts.format)) throw new UsageError(`--format must be ${formats.join(', ').replace(/, ([^,]*)$/, ' or $1')}, not '${opts.format}'`);
  const root = io.cwd;
  const config = await loadConfigOption(root, opts.config);
  const env = selectEnvironment(config, opts.env);
  const badTargets = chooseTargets(env, opts.targets, ['sentinel']);
  if (badTargets) throw new UsageError(badTargets);
  const { content, problems } = await loadDeployContent(root);
  if (reportConfigReferences(io, command, config, content)) throw new DeployError('CONFIG_INVALID', `${config!.file}: fix the names above (they match no rule or query parameter)`);
  const need = (value: string | undefined, flag: string, key: string, variable?: string) => {
    if (value) return value;
    const ways = [`pass ${flag}`, ...(variable ? [`set ${variable}`] : [])];
    ways.push(config && env.name !== 'default'
      ? `set ${key} for environment '${env.name}' in ${config.file}`
      : `set ${key} in an environment of content.config.yaml (see content.config.example.yaml) and choose it with --env`);
    throw new UsageError(`${flag} is required: ${ways.slice(0, -1).join(', ')} or ${ways.at(-1)}`);
  };
  const target: DeployTarget = {
    subscriptionId: need(opts.subscription ?? env.subscription ?? io.env.AZURE_SUBSCRIPTION_ID, '--subscription', 'subscription', 'AZURE_SUBSCRIPTION_ID'),
    resourceGroup: need(opts.resourceGroup ?? env.resourceGroup, '--resource-group', 'resourceGroup'),
    workspace: need(opts.workspace ?? env.workspace, '--workspace', 'workspace'),
    location: opts.location ?? env.location,
  };
  if (opts.workspaceId) env.workspaceId = opts.workspaceId;
  const armEndpoint = opts.armEndpoint ?? env.armEndpoint ?? connection.endpoints?.arm;
  if (armEndpoint && !/^https:\/\//i.test(armEndpoint)) throw new UsageError(`--arm-endpoint must be an https:// URL, not '${armEndpoint}'`);
  // Problems in gallery metadata (kept items) do not change what is deployed: shown, not counted.
  for (const p of problems) io.stderr(`${p.file}:${p.line}:${p.column}: ${p.message}${p.kept ? ' (deployed anyway)' : ' (left out)'}\n`);
  const credential = await connection.credential();
  const client = new ArmClient({ credential, endpoint: armEndpoint, tlsOptions: connection.tlsOptions, retry: connection.retry, timeoutMs: connection.timeoutMs });
  const plan = await planDeployment({ client, target, content, env, prune: opts.prune, force: opts.force });
  for (const p of plan.problems) io.stderr(`${p.toString()} (left out)\n`);
  return { env, target, client, credential, plan, pack: content.pack, contentProblems: problems.filter((p) => !p.kept).length + plan.problems.length };
}

/** Turns library errors into one-line messages; rethrows anything else for main() to report. */
export function reportError(io: CliIO, command: string, e: unknown, setExit: (code: number) => void): void {
  if (e instanceof UsageError) throw e;
  if (e instanceof DeployError) {
    io.stderr(`content ${command}: ${e.toString()}\n`);
    setExit(e.code === 'CONFIG_INVALID' || e.code === 'CONFIG_ENV_UNKNOWN' || e.code === 'AUTH_FAILED' ? EXIT_USAGE : EXIT_FINDINGS);
    return;
  }
  throw e;
}

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addTargetOptions(program.command('deploy').description('deploy rules, functions, workbooks and log alerts to a workspace (plan, preflight, apply)'))
    .option('--skip-preflight', 'do not check tables, columns and queries in the workspace first')
    .option('--concurrency <n>', 'writes in flight at once within a resource kind (1-16)', '4')
    .option('--plan <file>', 'apply exactly this plan (from content plan --out); refused if the workspace or the repository changed since')
    .action(async (opts: TargetOptions & { plan?: string }) => {
      try {
        if (!opts.plan && await maybeDefender(io, opts, 'deploy', setExit)) return;
        let saved: SavedPlan | undefined;
        if (opts.plan) {
          const file = resolve(io.cwd, opts.plan);
          let text: string;
          try { text = await readFile(file, 'utf8'); } catch (e) { throw new DeployError('PLAN_INVALID', `cannot read the plan: ${(e as Error).message}`, { file: opts.plan }); }
          saved = readSavedPlan(text, opts.plan);
          // Where and how the plan was made; the flags may not point elsewhere.
          for (const [flag, given, planned] of [['--subscription', opts.subscription, saved.target.subscriptionId], ['--resource-group', opts.resourceGroup, saved.target.resourceGroup], ['--workspace', opts.workspace, saved.target.workspace]] as const) {
            if (given && given.toLowerCase() !== planned.toLowerCase()) throw new UsageError(`${flag} ${given} differs from the saved plan's ${planned}; drop the flag or plan again`);
          }
          if (opts.prune !== undefined || opts.force !== undefined || opts.targets !== undefined) throw new UsageError('--prune, --force and --targets are taken from the saved plan; give them to content plan instead');
          Object.assign(opts, {
            subscription: saved.target.subscriptionId, resourceGroup: saved.target.resourceGroup, workspace: saved.target.workspace, location: saved.target.location,
            workspaceId: opts.workspaceId ?? saved.workspaceId, prune: saved.prune, force: saved.force,
            targets: (['sentinel', 'monitor'] as const).filter((t) => saved!.targets[t]).join(','),
          });
        }
        const prepared = await prepare(io, opts, 'deploy');
        const { client, credential, pack, contentProblems } = prepared;
        let plan = prepared.plan;
        if (saved) {
          const changed = planDifferences(saved, plan);
          if (changed.length || planFingerprint(plan) !== saved.fingerprint) {
            throw new DeployError('PLAN_STALE', `the saved plan ${opts.plan} no longer holds; nothing was deployed. Plan again and review:\n  ${(changed.length ? changed : ['the plan differs']).join('\n  ')}`);
          }
          plan = toPlan(saved);
        }
        const ttyColour = io.isTTY && opts.format === 'text';
        if (opts.format === 'text') io.stdout(formatPlanText(plan, { colour: ttyColour, verbose: opts.verbose }));
        if (!opts.skipPreflight && !plan.workspaceId) await preflightFor(io, opts, credential, plan.workspaceId, []);
        const concurrency = Number(opts.concurrency ?? 4);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new UsageError(`--concurrency must be an integer from 1 to 16, not '${opts.concurrency}'`);
        const result = await deploy(plan, {
          client,
          pack,
          concurrency,
          preflight: opts.skipPreflight ? undefined : (items) => preflightFor(io, opts, credential, plan.workspaceId, items),
        });
        if (opts.format === 'json') io.stdout(`${JSON.stringify(deployJson(plan, result), null, 2)}\n`);
        else io.stdout(formatDeployText(result));
        setExit(result.failures.length || result.skipped.some((s) => s.action !== 'orphan') || contentProblems ? EXIT_FINDINGS : EXIT_OK);
      } catch (e) {
        reportError(io, 'deploy', e, setExit);
      }
    });
}

/** Preflight over the rule and log-alert writes of a plan; problems per item path. */
export async function preflightFor(io: CliIO, opts: TargetOptions, credential: TokenCredential, workspaceId: string | undefined, items: PlanItem[]): Promise<Map<string, string[]>> {
  if (!workspaceId) throw new UsageError('the preflight needs the workspace GUID: pass --workspace-id, set workspaceId in the config, or use --skip-preflight');
  const ownSchemas = resolve(io.cwd, 'schemas');
  const tables = existsSync(ownSchemas) ? loadSchemaSet([], ownSchemas).tables : loadTableSchemas();
  const queries = items.map((i) => ({ key: i.path, name: i.displayName, query: queryOf(i) }));
  const r = await runPreflight(queries, { credential, workspaceId, endpoint: opts.logsEndpoint ?? connection.endpoints?.logs, tlsOptions: connection.tlsOptions, tables, maxRetries: connection.retry?.maxRetries });
  return r.failures;
}

function queryOf(item: { desired?: { body: Record<string, unknown> } }): string {
  const p = (item.desired?.body.properties ?? {}) as { query?: string; criteria?: { allOf?: { query?: string }[] } };
  return p.query ?? p.criteria?.allOf?.[0]?.query ?? '';
}
