import type { Command } from 'commander';
import type { CliIO } from '../io.ts';

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('plan')
    .description('(not yet implemented)')
    .action(() => {
      io.stderr('content plan: not yet implemented\n');
      setExit(2);
    });
}
