/**
 * `content check`: the whole local job on the embedded defaults (local engine, bundled samples, no Azure):
 * lint rules, functions and workbooks; replay every rule test and the noise budget; build the ARM templates;
 * then one summary. Every stage runs even when an earlier one has findings, so one run shows everything.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { lintContent, formatHuman as formatLint } from '../../lint/index.ts';
import { workbookSourceFiles } from '../../workbooks/load.ts';
import { testContent, summarise, formatHuman as formatTests } from '../../replay/index.ts';
import { buildToDirectory, contentTables, loadDeployContent, selectEnvironment } from '../../deploy/index.ts';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.ts';
import { loadConfigOption } from './build.ts';
import { withWorkbookFindings } from './lint.ts';

interface StageResult { name: string; ok: boolean; summary: string; ms: number }

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('lint, replay-test and build the whole pack locally (no Azure), then print a summary')
    .option('--out <dir>', 'where the build writes ARM templates', 'dist')
    .option('--no-noise', 'skip the 7-day benign baseline (noise budget)')
    .option('--verbose', 'print every stage in full, not only its problems')
    .addHelpText('after', '\nExit codes: 0 every stage passed (lint warnings alone exit 0), 1 a stage failed, 2 usage or internal error.')
    .action(async (opts: { out: string; noise: boolean; verbose?: boolean }) => {
      const root = io.cwd;
      const color = io.isTTY && !io.env.NO_COLOR;
      const paint = (ok: boolean, s: string) => (color ? (ok ? pc.green(s) : pc.red(s)) : s);
      const stages: StageResult[] = [];
      const timed = async (name: string, fn: () => Promise<{ ok: boolean; summary: string }>) => {
        const started = Date.now();
        io.stderr(`${name}...\n`);
        try {
          const r = await fn();
          stages.push({ name, ...r, ms: Date.now() - started });
        } catch (e) {
          const err = e as Error & { code?: string };
          stages.push({ name, ok: false, summary: `failed: ${err.message}`, ms: Date.now() - started });
        }
      };

      await timed('lint', async () => {
        // the test stage replays every rule for real, so lint skips its replayability pass
        const result = withWorkbookFindings(await lintContent({ root, replayability: false }), root);
        if (result.counts.errors || result.counts.warnings || opts.verbose) io.stdout(formatLint(result, { color }));
        return {
          ok: result.counts.errors === 0,
          summary: `${result.rules.length} rules, ${result.functions.length} functions, ${workbookCount(root)} workbooks: ${result.counts.errors} errors, ${result.counts.warnings} warnings`,
        };
      });

      await timed('test', async () => {
        const { report } = await testContent(root, { noise: opts.noise });
        const s = summarise(report);
        const failed = s.failed + s.errors + s.noiseOver + s.problems;
        if (failed || opts.verbose) io.stdout(formatTests(report, color));
        return {
          ok: failed === 0,
          summary: `${s.rules} rules, ${s.cases} cases: ${s.passed} passed, ${s.failed} failed, ${s.errors} errors` +
            `; variants: ${s.variantRuns - s.variantBreaks - s.variantDeclines} of ${s.variantRuns} runs pass, ${s.variantBreaks} break, ${s.variantDeclines} declined` +
            (opts.noise ? `; noise budget exceeded by ${s.noiseOver} rules` : '; noise budget skipped'),
        };
      });

      await timed('build', async () => {
        const env = selectEnvironment(await loadConfigOption(root, undefined), undefined);
        const { content, problems } = await loadDeployContent(root);
        const result = await buildToDirectory(content, env, resolve(root, opts.out), { tables: contentTables(root) });
        for (const p of problems) io.stdout(`${p.file}:${p.line}:${p.column}  error  ${p.message}${p.kept ? '' : ' (left out of the build)'}\n`);
        for (const p of result.problems) io.stdout(`${p.toString()} (left out of the build)\n`);
        const bad = problems.length + result.problems.length;
        return {
          ok: bad === 0,
          summary: `${content.rules.length} rules, ${content.functions.length} functions, ${content.workbooks.length} workbooks -> ${result.files.length} files in ${opts.out}/`,
        };
      });

      io.stdout('\nSummary\n');
      for (const s of stages) {
        io.stdout(`  ${paint(s.ok, s.ok ? 'ok  ' : 'FAIL')}  ${s.name.padEnd(6)} ${s.summary} (${(s.ms / 1000).toFixed(1)} s)\n`);
      }
      const ok = stages.every((s) => s.ok);
      io.stdout(ok ? '\nAll checks passed.\n' : '\nSome checks failed; see above.\n');
      setExit(ok ? EXIT_OK : EXIT_FINDINGS);
    });
}

function workbookCount(root: string): number {
  const dir = resolve(root, 'workbooks');
  return existsSync(dir) ? workbookSourceFiles(dir).length : 0;
}
