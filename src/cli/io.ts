/** What a command needs from its surroundings; tests pass their own to capture output. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal (colours, progress). */
  isTTY: boolean;
  /** Ends long-running modes such as --watch (tests); the process's own runs end on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** Exit codes shared by every command: 0 clean, 1 findings/failures, 2 usage or internal error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage error: printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}
