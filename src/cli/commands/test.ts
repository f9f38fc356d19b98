import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { EXIT_FINDINGS, EXIT_USAGE, UsageError, type CliIO } from '../io.ts';
import { runLiveTests } from './test-live.ts';
import { runDifferentialTests } from './test-differential.ts';
import { watchAndRun } from '../watch.ts';
import { formatCompare, formatHuman, formatJson, formatJunit, formatVariantCatalogue, GitError, reportFailed, testContent, VARIANTS } from '../../replay/index.ts';
import { didYouMean } from '../../content/validate/did-you-mean.ts';

function parseVariantIds(text: string): string[] {
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) {
    if (!VARIANTS.some((v) => v.id === id)) {
      const hint = didYouMean(id, VARIANTS.map((v) => v.id));
      throw new UsageError(`--variants: "${id}" is not a variant${hint ? `; did you mean "${hint}"?` : ''} (content test --list-variants shows the catalogue)`);
    }
  }
  return ids;
}

interface TestOptions {
  changed?: boolean;
  base: string;
  format: 'text' | 'json' | 'junit';
  output?: string;
  updateSnapshots?: boolean;
  ci?: boolean;
  noise: boolean;
  compare?: string;
  live?: boolean;
  engine: 'local' | 'adx';
  cluster?: string;
  database?: string;
  workspace?: string;
  logsEndpoint?: string;
  config?: string;
  env?: string;
  watch?: boolean;
  variants: boolean | string;
  listVariants?: boolean;
}

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('test')
    .description('replay every rule test case (and the benign baseline) through the local engine with Sentinel\'s scheduler')
    .argument('[paths...]', 'rule or test files, or directories (default: detections/)')
    .option('--changed', 'only rules whose rule, test, snapshot or sample files changed since --base')
    .option('--base <ref>', 'git ref --changed compares with', 'main')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--update-snapshots', 'rewrite the golden snapshots of rules\' alerts')
    .option('--ci', 'never record missing snapshots (also when the CI environment variable is set)')
    .option('--no-noise', 'skip the noise budget over the benign baseline')
    .option('--variants <ids>', 'run only these variants (comma-separated ids; --list-variants shows them)')
    .option('--no-variants', 'skip variant testing (each case under the catalogue of real-world shape and attack variants)')
    .option('--list-variants', 'print the variant catalogue: what each variant does, the behaviour it models and its source')
    .option('--compare <ref>', 'also report alert counts per rule at a git ref against the working tree')
    .addOption(new Option('--engine <engine>', 'adx: run each case\'s query in Azure Data Explorer too (scratch tables, dropped after) and report every difference from the local engine').choices(['local', 'adx']).default('local'))
    .option('--cluster <url>', 'with --engine adx: the cluster URL')
    .option('--database <db>', 'with --engine adx: a database where scratch tables may be created')
    .option('--live', 'run each rule\'s query against a real workspace over its queryPeriod and report result counts')
    .option('--workspace <id>', 'with --live: the Log Analytics workspace GUID (default: the config environment\'s workspaceId)')
    .option('--logs-endpoint <url>', 'with --live: Log Analytics query endpoint, for sovereign clouds')
    .option('--config <file>', 'with --live: environment config whose parameters are applied (default: content.config.yaml)')
    .option('--env <name>', 'with --live: environment in the config')
    .addHelpText('after', '\nExit codes: 0 every case passed (warnings alone exit 0), 1 a case failed or errored, a noise budget was exceeded or a\ntest file has errors, 2 usage or internal error.')
    .addOption(new Option('--watch', 'test again whenever a rule, test, sample or schema changes (only the changed rules when only rules or tests changed)').conflicts(['live', 'compare', 'updateSnapshots']))
    .action(async (paths: string[], opts: TestOptions) => {
      const root = io.cwd;
      const missing = paths.filter((p) => !existsSync(resolve(root, p)));
      if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
      if (opts.listVariants) {
        io.stdout(formatVariantCatalogue());
        return;
      }
      const variants = typeof opts.variants === 'string' ? parseVariantIds(opts.variants) : opts.variants;
      if (opts.live) {
        setExit(await runLiveTests(io, paths, opts));
        return;
      }
      if (opts.engine === 'adx') {
        setExit(await runDifferentialTests(io, paths, opts));
        return;
      }
      const testAndReport = async (selected: string[]): Promise<void> => {
        // Progress on stderr, only on a terminal: cases, then the noise budget rule by rule.
        const tty = Boolean(process.stderr.isTTY) && io.isTTY;
        const bar = tty ? new cliProgress.SingleBar({ stream: process.stderr, format: 'content test: {value} done, {phase}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
        let done = 0;
        bar?.start(0, 0, { phase: 'cases' });
        const tick = (phase: string) => { done++; bar?.update(done, { phase }); };
        let result;
        try {
          result = await testContent(root, {
            onCase: (r) => tick(`cases: ${r.ruleName}`),
            onNoise: (n) => tick(`noise budget: ${n.ruleName}`),
            paths: selected,
            changedSince: opts.changed ? opts.base : undefined,
            snapshots: opts.updateSnapshots ? 'update' : 'check',
            ci: opts.ci || Boolean(io.env.CI),
            noise: opts.noise,
            compare: opts.compare,
            variants,
          });
        } catch (e) {
          bar?.stop();
          if (e instanceof GitError) {
            io.stderr(`content test: ${e.message}\n`);
            setExit(EXIT_USAGE);
            return;
          }
          throw e;
        }
        bar?.stop();
        const { report, compare } = result;
        let text = opts.format === 'json' ? formatJson(report) : opts.format === 'junit' ? formatJunit(report) : formatHuman(report, io.isTTY && !opts.output);
        if (compare && opts.format === 'text') text += `\n${formatCompare(compare, opts.compare!)}`;
        if (compare && opts.format === 'json') text = `${JSON.stringify({ ...JSON.parse(text), compare: { ref: opts.compare, rules: compare } }, null, 2)}\n`;
        if (opts.output) {
          writeFileSync(resolve(root, opts.output), text);
          io.stdout(`report written to ${opts.output}\n`);
          if (compare && opts.format === 'junit') io.stdout(formatCompare(compare, opts.compare!));
        } else {
          io.stdout(text);
          if (compare && opts.format === 'junit') io.stderr(formatCompare(compare, opts.compare!));
        }
        if (report.cases.length === 0 && report.problems.length === 0) io.stderr('content test: no rule tests found\n');
        setExit(reportFailed(report) ? EXIT_FINDINGS : 0);
      };
      if (!opts.watch) return testAndReport(paths);
      await watchAndRun(io, {
        paths: ['detections', 'samples', 'schemas'],
        // snapshots are written by the run itself
        ignore: (path) => /[\\/]__snapshots__[\\/]/.test(path),
        run: (changed) => {
          const rules = changed.filter((p) => existsSync(resolve(root, p)));
          return testAndReport(rules.length && rules.every(isRuleOrTestFile) ? rules : paths);
        },
      });
    });
}

/** A rule or its test file (not a parser, sample, schema or snapshot): a change there needs only that rule's tests. */
function isRuleOrTestFile(path: string): boolean {
  return /^detections[\\/]/.test(path) && !/[\\/](parsers|__snapshots__)[\\/]/.test(path) && /\.ya?ml$/.test(path);
}
