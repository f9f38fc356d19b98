/**
 * `content docs`: one page per rule in docs/rules/ (what it detects and why, tuning, known false positives, the
 * alert, a sample alert replayed from its first positive test, its tests and query) and an index page.
 * `--check` writes nothing and exits 1 when a page is missing or stale (for CI).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { generateDocs } from '../../docs/index.ts';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.ts';

interface DocsOptions { out: string; root: string; check?: boolean; replay: boolean }

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('docs')
    .description('generate one documentation page per rule (docs/rules/<rule>.md) with a replayed sample alert, and an index')
    .option('--out <dir>', 'output directory', 'docs/rules')
    .option('--root <dir>', 'content root', '.')
    .option('--check', 'write nothing; exit 1 when a page is missing or out of date')
    .option('--no-replay', 'show test expectations instead of replaying a sample alert')
    .action(async (opts: DocsOptions) => {
      const root = resolve(io.cwd, opts.root);
      const result = await generateDocs(root, { outDir: resolve(io.cwd, opts.out), replay: opts.replay, check: opts.check });
      for (const p of result.problems) io.stderr(`${p.file}:${p.line}:${p.column} ${p.severity} ${p.code}: ${p.message}\n`);
      if (opts.check) {
        for (const f of result.changed) io.stdout(`out of date: ${f}\n`);
        io.stdout(result.changed.length ? `${result.changed.length} of ${result.pages.length} pages out of date: run content docs\n` : `${result.pages.length} pages up to date\n`);
        setExit(result.changed.length || result.problems.some((p) => p.severity === 'error') ? EXIT_FINDINGS : EXIT_OK);
        return;
      }
      io.stdout(`${result.pages.length} pages, ${result.changed.length} written or removed\n`);
      setExit(result.problems.some((p) => p.severity === 'error') ? EXIT_FINDINGS : EXIT_OK);
    });
}
