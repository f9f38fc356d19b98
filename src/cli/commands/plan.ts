import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.ts';
import { formatPlanMarkdown, formatPlanText, planJson, savePlan } from '../../deploy/index.ts';
import { addTargetOptions, maybeDefender, preflightFor, prepare, reportError, type TargetOptions } from './deploy.ts';

/** `--detailed-exitcode`: 3 when the plan has changes to apply (2 is already a usage error here, unlike terraform). */
export const EXIT_CHANGES_PENDING = 3;

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addTargetOptions(program.command('plan').description('show what deploy would change in a workspace: create, update, unchanged, delete, drift'), ['text', 'json', 'markdown'])
    .option('--preflight', 'also check, in the workspace, the tables, columns and queries of the rules deploy would write')
    .option('--out <file>', 'save the plan for `content deploy --plan FILE` (which applies exactly it)')
    .option('--detailed-exitcode', `exit ${EXIT_CHANGES_PENDING} when the plan has changes to apply and nothing to report (0: no changes, 1: findings)`)
    .action(async (opts: TargetOptions & { out?: string; detailedExitcode?: boolean }) => {
      try {
        if (await maybeDefender(io, opts, 'plan', setExit)) return;
        const { plan, contentProblems, credential, env, pack } = await prepare(io, opts, 'plan');
        let preflight = new Map<string, string[]>();
        if (opts.preflight) {
          const queryWrites = plan.items.filter((i) => i.apply && i.action !== 'unchanged' && (i.kind === 'alertRules' || i.kind === 'scheduledQueryRules'));
          preflight = await preflightFor(io, opts, credential, plan.workspaceId, queryWrites);
        }
        if (opts.out) {
          const saved = savePlan(plan, { targets: env.targets, prune: Boolean(opts.prune), force: Boolean(opts.force), environment: env.name, pack });
          await writeFile(resolve(io.cwd, opts.out), `${JSON.stringify(saved, null, 2)}\n`);
        }
        if (opts.format === 'json') {
          const json = planJson(plan);
          if (opts.preflight) json.preflight = [...preflight].map(([id, problems]) => ({ id, problems }));
          io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        } else if (opts.format === 'markdown') {
          io.stdout(formatPlanMarkdown(plan, { verbose: opts.verbose }));
          if (opts.preflight) {
            io.stdout(preflight.size ? `\n**Preflight: ${preflight.size} would be blocked.**\n\n` : '\nPreflight passed.\n');
            for (const [id, problems] of preflight) io.stdout(`- \`${id}\`: ${problems.join('; ')}\n`);
          }
        } else {
          io.stdout(formatPlanText(plan, { colour: io.isTTY, verbose: opts.verbose }));
          if (opts.preflight) {
            io.stdout(preflight.size ? `preflight: ${preflight.size} would be blocked:\n` : 'preflight: passed\n');
            for (const [id, problems] of preflight) io.stdout(`  ${id}\n      ${problems.join('\n      ')}\n`);
          }
        }
        if (opts.out && opts.format !== 'json') io.stderr(`plan saved to ${opts.out}; apply exactly it with: content deploy --plan ${opts.out}\n`);
        const findings = plan.items.some((i) => i.action === 'error' || ((i.action === 'drift' || i.action === 'foreign') && !i.apply));
        if (findings || contentProblems || preflight.size) setExit(EXIT_FINDINGS);
        else setExit(opts.detailedExitcode && plan.items.some((i) => i.apply) ? EXIT_CHANGES_PENDING : EXIT_OK);
      } catch (e) {
        reportError(io, 'plan', e, setExit);
      }
    });
}
