/**
 * The process side of the CLI: what `bin/content.js` (or the fast-start bundle) runs. Keeps process concerns out of
 * `main()`, which tests call in-process.
 */
import { main } from './main.ts';

export async function run(argv: string[]): Promise<void> {
  // `content ... | head` closes the pipe early: stop quietly instead of crashing with EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err?.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  process.exitCode = await main(argv);
}
