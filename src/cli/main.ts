/**
 * The `content` command line: a thin layer over the libraries in src/. Each command lives in
 * src/cli/commands/<name>.ts and exports `register(program, io, setExit)`.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, UsageError, processIO, type CliIO } from './io.ts';
import type { CommandModule } from './commands/command.ts';
/**
 * Commands by name, in help order, imported on demand: `content lint` then loads only the modules lint needs (not
 * the Azure SDK, the replay runner or the sample generators), which is a large share of a short run's start-up.
 */
const COMMANDS: [name: string, load: () => Promise<CommandModule>][] = [
  ['check', () => import('./commands/check.ts')],
  ['lint', () => import('./commands/lint.ts')],
  ['test', () => import('./commands/test.ts')],
  ['replay', () => import('./commands/replay.ts')],
  ['query', () => import('./commands/query.ts')],
  ['coverage', () => import('./commands/coverage.ts')],
  ['docs', () => import('./commands/docs.ts')],
  ['samples', () => import('./commands/samples.ts')],
  ['preview', () => import('./commands/preview.ts')],
  ['build', () => import('./commands/build.ts')],
  ['plan', () => import('./commands/plan.ts')],
  ['deploy', () => import('./commands/deploy.ts')],
  ['import', () => import('./commands/import.ts')],
  ['release-notes', () => import('./commands/release-notes.ts')],
  ['posture', () => import('./commands/posture.ts')],
];

/** The modules to register: only the named command's when argv starts with one, else all (help, typos, options). */
async function commandModules(argv: string[]): Promise<CommandModule[]> {
  const named = COMMANDS.find(([name]) => name === argv[0]);
  return Promise.all((named ? [named] : COMMANDS).map(([, load]) => load()));
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = new Command('content')
    .description('Managed HSM detection content: lint, replay-test, build and deploy Sentinel rules and workbooks.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  for (const mod of await commandModules(argv)) mod.register(program, io, (code) => { exitCode = Math.max(exitCode, code); });
  try {
    await program.parseAsync(withoutHelpForUnknownCommand(program, argv), { from: 'user' });
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

/**
 * `content export --help` (or `content samples nosuch -h`) names a command that does not exist: commander would print
 * the parent's help and exit 0. Without the help flag, commander reports the unknown command (with a did-you-mean)
 * and exits 2, as for `content nosuchcommand`.
 */
function withoutHelpForUnknownCommand(program: Command, argv: string[]): string[] {
  if (!argv.some((a) => a === '--help' || a === '-h')) return argv;
  let cmd = program;
  for (const token of argv) {
    if (token.startsWith('-')) continue;
    // A command with arguments of its own (paths, ...) takes the token as one.
    if (!cmd.commands.length || cmd.registeredArguments.length) return argv;
    const sub = cmd.commands.find((c) => c.name() === token || c.aliases().includes(token));
    if (!sub) {
      if (token === 'help' && cmd === program) return argv;
      return argv.filter((a) => a !== '--help' && a !== '-h');
    }
    cmd = sub;
  }
  return argv;
}
