import type { Command } from 'commander';
import type { CliIO } from '../io.ts';

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('build')
    .description('(not yet implemented)')
    .action(() => {
      io.stderr('content build: not yet implemented\n');
      setExit(2);
    });
}
