import type { Command } from 'commander';
import type { CliIO } from '../io.ts';

export interface CommandModule {
  register(program: Command, io: CliIO, setExit: (code: number) => void): void;
}
