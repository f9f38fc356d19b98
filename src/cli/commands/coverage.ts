/**
 * `content coverage`: which practices of the Managed HSM security baseline the pack covers, with the rules and
 * their replay tests (Markdown or JSON), and optionally an ATT&CK Navigator layer of the rules' techniques.
 * Exit 1 when a practice has no tested rule or a rule names an unknown practice.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildCoverage, coverageLinks, renderCoverageMarkdown, toNavigatorLayer } from '../../coverage/index.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.ts';

interface CoverageOptions { format: string; output?: string; navigator?: string; root: string }

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('coverage')
    .description('map each practice of the Managed HSM security baseline to its rules and their tests')
    .argument('[paths...]', 'rule files or directories (default: detections/)')
    .option('--format <format>', 'markdown or json', 'markdown')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--navigator <file>', 'also write an ATT&CK Navigator layer (JSON, layer format 4.5)')
    .option('--root <dir>', 'content root', '.')
    .action((paths: string[], opts: CoverageOptions) => {
      if (!['markdown', 'json'].includes(opts.format)) throw new UsageError(`--format must be markdown or json (got ${opts.format})`);
      const root = resolve(io.cwd, opts.root);
      const report = buildCoverage(root, { paths: paths.length ? paths : undefined });
      const output = opts.output ? resolve(io.cwd, opts.output) : undefined;
      let text: string;
      if (opts.format === 'json') {
        text = `${JSON.stringify(report, null, 2)}\n`;
      } else {
        // Links in the Markdown are relative to where it is written.
        text = renderCoverageMarkdown(report, coverageLinks(root, output ? dirname(output) : io.cwd));
      }
      if (output) write(output, text);
      else io.stdout(text);
      if (opts.navigator) {
        const file = resolve(io.cwd, opts.navigator);
        write(file, `${JSON.stringify(toNavigatorLayer(report.rules), null, 2)}\n`);
      }
      for (const p of report.problems) io.stderr(`${p.file}:${p.line}:${p.column} ${p.severity} ${p.code}: ${p.message}\n`);
      const uncovered = report.practices.filter((p) => !p.covered);
      for (const p of uncovered) io.stderr(`coverage: practice "${p.title}" has no rule with positive and negative tests\n`);
      const failed = uncovered.length > 0 || report.problems.some((p) => p.severity === 'error');
      setExit(failed ? EXIT_FINDINGS : EXIT_OK);
    });
}
