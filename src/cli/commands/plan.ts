import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.ts';
import { formatPlanText, planJson } from '../../deploy/index.ts';
import { addTargetOptions, prepare, reportError, type TargetOptions } from './deploy.ts';

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addTargetOptions(program.command('plan').description('show what deploy would change in a workspace: create, update, unchanged, delete, drift'))
    .action(async (opts: TargetOptions) => {
      try {
        const { plan, contentProblems } = await prepare(io, opts);
        if (opts.format === 'json') io.stdout(`${JSON.stringify(planJson(plan), null, 2)}\n`);
        else io.stdout(formatPlanText(plan, { colour: io.isTTY, verbose: opts.verbose }));
        const findings = plan.items.some((i) => i.action === 'error' || ((i.action === 'drift' || i.action === 'foreign') && !i.apply));
        setExit(findings || contentProblems ? EXIT_FINDINGS : EXIT_OK);
      } catch (e) {
        reportError(io, 'plan', e, setExit);
      }
    });
}
