/**
 * The `content` command line: a thin layer over the libraries in src/. Each command lives in
 * src/cli/commands/<name>.ts and exports `register(program, io, setExit)`.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, UsageError, processIO, type CliIO } from './io.ts';
import type { CommandModule } from './commands/command.ts';
import * as lint from './commands/lint.ts';
import * as query from './commands/query.ts';
import * as test from './commands/test.ts';
import * as replay from './commands/replay.ts';
import * as coverage from './commands/coverage.ts';
import * as docs from './commands/docs.ts';
import * as preview from './commands/preview.ts';
import * as build from './commands/build.ts';
import * as plan from './commands/plan.ts';
import * as deploy from './commands/deploy.ts';
import * as check from './commands/check.ts';
import * as samples from './commands/samples.ts';

const COMMANDS: CommandModule[] = [check, lint, test, replay, query, coverage, docs, samples, preview, build, plan, deploy];

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = new Command('content')
    .description('Managed HSM detection content: lint, replay-test, build and deploy Sentinel rules and workbooks.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  for (const mod of COMMANDS) mod.register(program, io, (code) => { exitCode = Math.max(exitCode, code); });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr(`content: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const err = e as Error & { code?: string };
    io.stderr(`content: internal error${err.code ? ` (${err.code})` : ''}: ${err.message}\n`);
    if (io.env.CONTENT_DEBUG) io.stderr(`${err.stack}\n`);
    return EXIT_USAGE;
  }
  return exitCode;
}
