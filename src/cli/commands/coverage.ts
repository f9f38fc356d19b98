import type { Command } from 'commander';
import type { CliIO } from '../io.ts';

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('coverage')
    .description('(not yet implemented)')
    .action(() => {
      io.stderr('content coverage: not yet implemented\n');
      setExit(2);
    });
}
