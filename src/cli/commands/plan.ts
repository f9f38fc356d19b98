import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.ts';
import { formatPlanText, planJson } from '../../deploy/index.ts';
import { addTargetOptions, preflightFor, prepare, reportError, type TargetOptions } from './deploy.ts';

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addTargetOptions(program.command('plan').description('show what deploy would change in a workspace: create, update, unchanged, delete, drift'))
    .option('--preflight', 'also check, in the workspace, the tables, columns and queries of the rules deploy would write')
    .action(async (opts: TargetOptions) => {
      try {
        const { plan, contentProblems, credential } = await prepare(io, opts, 'plan');
        let preflight = new Map<string, string[]>();
        if (opts.preflight) {
          const queryWrites = plan.items.filter((i) => i.apply && i.action !== 'unchanged' && (i.kind === 'alertRules' || i.kind === 'scheduledQueryRules'));
          preflight = await preflightFor(io, opts, credential, plan.workspaceId, queryWrites);
        }
        if (opts.format === 'json') {
          const json = planJson(plan);
          if (opts.preflight) json.preflight = [...preflight].map(([id, problems]) => ({ id, problems }));
          io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        } else {
          io.stdout(formatPlanText(plan, { colour: io.isTTY, verbose: opts.verbose }));
          if (opts.preflight) {
            io.stdout(preflight.size ? `preflight: ${preflight.size} would be blocked:\n` : 'preflight: passed\n');
            for (const [id, problems] of preflight) io.stdout(`  ${id}\n      ${problems.join('\n      ')}\n`);
          }
        }
        const findings = plan.items.some((i) => i.action === 'error' || ((i.action === 'drift' || i.action === 'foreign') && !i.apply));
        setExit(findings || contentProblems || preflight.size ? EXIT_FINDINGS : EXIT_OK);
      } catch (e) {
        reportError(io, 'plan', e, setExit);
      }
    });
}
