/**
 * `content lint [paths...]`: validates rules and workspace functions and lints their KQL with the Kusto parser.
 * `--fix` rewrites the YAML files for the findings with an exact fix, then reports what is left; `--fix-dry-run`
 * prints the changes as a unified diff instead. Exit 0 clean, 1 on errors (or on warnings beyond --max-warnings),
 * 2 on a usage or internal error.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { BaseRefError } from '../../content/index.ts';
import {
  CODE_DESCRIPTIONS, QUERY_CHECKS, compareProblems, count, fixContent, formatFixDiff, loadLintConfig, formatGithub, formatHuman, formatJson, formatSarif,
  lintContent, withApplicableFixes, type LintResult, type RuleSetting,
} from '../../lint/index.ts';
// Straight from the module, not the workbooks index: the index also loads the engine, which lint does not need.
import { lintWorkbooks } from '../../workbooks/lint.ts';
import { workbookSourceFiles } from '../../workbooks/load.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.ts';
import { watchAndRun } from '../watch.ts';

interface LintCliOptions {
  format: 'human' | 'json' | 'sarif' | 'github';
  schemas: string[];
  base?: string;
  maxWarnings?: string;
  config?: string;
  rule: string[];
  advice: boolean;
  replay: boolean;
  target?: string;
  output?: string;
  verbose?: boolean;
  quiet?: boolean;
  listCodes?: boolean;
  workbooks: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  watch?: boolean;
  cache?: boolean;
  cacheLocation: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const SETTINGS = new Set(['off', 'info', 'warn', 'error']);

function parseRuleOverrides(items: string[]): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const item of items) {
    const m = /^([A-Za-z0-9_-]+)=(\w+)$/.exec(item.trim());
    if (!m || !SETTINGS.has(m[2])) throw new UsageError(`--rule ${item}: expected CODE=off|info|warn|error, e.g. --rule kql-prefer-has=error`);
    out[m[1]] = m[2] as RuleSetting;
  }
  return out;
}

export function exitCodeFor(result: LintResult, maxWarnings?: number): number {
  if (result.counts.errors > 0) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && result.counts.warnings > maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('lint')
    .description('validate analytic rules and workspace functions and lint their KQL with the Kusto parser')
    .argument('[paths...]', 'files or directories to lint (default: detections/)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['human', 'json', 'sarif', 'github']).default('human'))
    .option('--schemas <dir>', 'more table schemas (CustomTables JSON); repeatable', collect, [])
    .option('--base <ref>', 'git ref to compare against: ids must not change, a changed query needs a bumped version')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings (without it, warnings alone exit 0)')
    .option('--config <file>', 'lint config (default: .contentlintrc.yaml when present)')
    .option('--rule <code=setting>', 'set a finding code to off, info, warn or error; repeatable', collect, [])
    .option('--no-advice', "leave out Kusto's own analyzer advice (KS5xx)")
    .option('--no-replay', 'do not report whether the local engine can replay each rule')
    .option('--target <list>', 'also check each rule against a deployment target: defender (can it be a Defender XDR custom detection, and why not)')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-workbooks', 'leave out the workbooks (linted when no paths are given, or a path is under workbooks/)')
    .option('--verbose', 'show info findings too')
    .option('--quiet', 'show errors only')
    .option('--fix', 'rewrite the files for the findings with an exact fix, then report what is left')
    .addOption(new Option('--fix-dry-run', 'print the changes --fix would make (a unified diff) without writing').conflicts('fix'))
    .option('--cache', 'keep each file\'s findings and reuse them while the file and what it depends on are unchanged')
    .option('--cache-location <file>', 'the cache file for --cache', '.contentlintcache')
    .addOption(new Option('--watch', 'lint again whenever a rule, function, workbook, schema or the config changes').conflicts(['fix', 'fixDryRun']))
    .option('--list-codes', 'list every finding code with its description, then exit')
    .addHelpText('after', '\nExit codes (as eslint\'s): 0 no errors (warnings alone exit 0), 1 errors or more warnings than --max-warnings,\n2 usage or internal error.')
    .action(async (paths: string[], opts: LintCliOptions) => {
      if (opts.listCodes) {
        const width = Math.max(...Object.keys(CODE_DESCRIPTIONS).map((c) => c.length));
        const fixable = new Set(QUERY_CHECKS.filter((c) => c.fixable).map((c) => c.id));
        const lines = Object.entries(CODE_DESCRIPTIONS).sort(([a], [b]) => a.localeCompare(b))
          .map(([code, text]) => `${code.padEnd(width)}  ${text}${fixable.has(code) ? ' (fixable with --fix where exact)' : ''}`);
        lines.push(`${'KSnnn'.padEnd(width)}  Kusto parser, binder and analyzer diagnostics (Kusto.Language codes).`);
        io.stdout(`${lines.join('\n')}\n`);
        return;
      }
      let maxWarnings: number | undefined;
      if (opts.maxWarnings !== undefined) {
        if (!/^\d+$/.test(opts.maxWarnings)) throw new UsageError(`--max-warnings ${opts.maxWarnings}: expected a number of warnings, e.g. --max-warnings 0`);
        maxWarnings = Number(opts.maxWarnings);
      }
      const settings = parseRuleOverrides(opts.rule);
      const targets = (opts.target ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
      const badTarget = targets.find((t) => t !== 'defender');
      if (badTarget) throw new UsageError(`--target takes defender (sentinel is always checked), not '${badTarget}'`);
      for (const p of paths) {
        if (!existsSync(resolve(io.cwd, p))) throw new UsageError(`no such file or directory: ${p}`);
      }
      // The launcher (bin/content.js) names the sources it runs; without that name cached results could be stale.
      const linterVersion = io.env.CONTENT_SOURCE_FINGERPRINT;
      if (opts.cache && !linterVersion) io.stderr('content lint: --cache is ignored: run through bin/content.js (it names the linter\'s sources)\n');
      const cache = opts.cache && linterVersion ? { file: opts.cacheLocation, linterVersion } : undefined;
      const lintOnce = async (): Promise<LintResult> => {
        let result: LintResult;
        try {
          const contentPaths = paths.filter((p) => !isUnder(resolve(io.cwd, p), resolve(io.cwd, 'workbooks')));
          result = paths.length && !contentPaths.length
            ? { problems: [], files: [], rules: [], functions: [], counts: count([]), durationMs: 0 }
            : await lintContent({
            root: io.cwd, paths: contentPaths, schemaDirs: opts.schemas, base: opts.base, configFile: opts.config, settings,
            advice: opts.advice, replayability: opts.replay, cache, targets: { defender: targets.includes('defender') },
          });
        } catch (e) {
          if (e instanceof BaseRefError) throw new UsageError(e.message);
          throw e;
        }
        if (opts.workbooks && wantsWorkbooks(io.cwd, paths)) {
          return withWorkbookFindings(result, io.cwd, { configFile: opts.config, schemaDirs: opts.schemas, settings });
        }
        return withApplicableFixes(result, io.cwd);
      };
      const lintAndReport = async (): Promise<void> => {
        const result = opts.fix || opts.fixDryRun ? await lintAndFix(io, opts, lintOnce) : await lintOnce();
        const report = opts.format === 'json' ? formatJson(result)
          : opts.format === 'sarif' ? formatSarif(result)
          : opts.format === 'github' ? formatGithub(result, { verbose: opts.verbose })
            : formatHuman(result, { color: io.isTTY && !opts.output && !io.env.NO_COLOR, verbose: opts.verbose, quiet: opts.quiet });
        if (opts.output) {
          const file = resolve(io.cwd, opts.output);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, report);
          io.stderr(`content lint: report written to ${opts.output} (${result.counts.errors} errors, ${result.counts.warnings} warnings)\n`);
        } else io.stdout(report);
        setExit(exitCodeFor(result, maxWarnings));
      };
      if (!opts.watch) return lintAndReport();
      const watched = paths.length ? [...paths, 'detections/parsers'] : ['detections', ...(opts.workbooks ? ['workbooks'] : [])];
      await watchAndRun(io, { paths: [...watched, 'schemas', ...opts.schemas, opts.config ?? '.contentlintrc.yaml'], run: lintAndReport });
    });
}

/** `--fix` / `--fix-dry-run`: applies (or shows) the fixes and returns the lint of what is left. */
async function lintAndFix(io: CliIO, opts: LintCliOptions, lint: () => Promise<LintResult>): Promise<LintResult> {
  const outcome = await fixContent({ root: io.cwd, lint, dryRun: opts.fixDryRun });
  const fixed = outcome.changes.reduce((n, c) => n + c.fixes, 0);
  const summary = `${fixed} fix${fixed === 1 ? '' : 'es'} in ${outcome.changes.length} file${outcome.changes.length === 1 ? '' : 's'}`;
  if (!opts.fixDryRun) {
    io.stderr(`content lint --fix: applied ${summary}\n`);
    return outcome.result;
  }
  // The diff shares stdout with a human report; a JSON or SARIF report on stdout stays parseable.
  const diff = formatFixDiff(outcome.changes);
  if (opts.format === 'human' || opts.output) io.stdout(diff ? `${diff}\n` : '');
  else io.stderr(diff);
  io.stderr(`content lint --fix-dry-run: ${summary} would be applied; nothing was written\n`);
  return outcome.result;
}

/**
 * Adds the workbooks' findings to a lint result, with the same lint config (settings and schema directories), so
 * `content lint` and `content check` report rules, functions and workbooks as one. Only the fixes that apply to
 * their files as they are stay on the findings, so "fixable" means `--fix` fixes it.
 */
export function withWorkbookFindings(
  result: LintResult, root: string, options: { configFile?: string; schemaDirs?: string[]; settings?: Record<string, RuleSetting> } = {},
): LintResult {
  if (!existsSync(resolve(root, 'workbooks'))) return withApplicableFixes(result, root);
  const { config } = loadLintConfig(root, options.configFile); // its problems are already in the rules' result
  const settings = new Map([...config.settings, ...Object.entries(options.settings ?? {})]);
  const workbookProblems = lintWorkbooks({ root, schemaDirs: [...config.schemaDirs, ...(options.schemaDirs ?? [])], settings });
  const files = new Set<string>([...workbookFiles(root), ...workbookProblems.map((p) => p.file)]);
  const problems = [...result.problems, ...workbookProblems];
  return withApplicableFixes({
    ...result,
    problems: problems.sort(compareProblems),
    files: [...result.files, ...[...files].filter((f) => !result.files.includes(f))],
    counts: count(problems),
  }, root);
}

/** Workbooks are linted with everything else, or when a path names them. */
function wantsWorkbooks(root: string, paths: string[]): boolean {
  const dir = resolve(root, 'workbooks');
  if (!paths.length) return true;
  return paths.some((p) => {
    const abs = resolve(root, p);
    return isUnder(abs, dir) || isUnder(dir, abs);
  });
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

function workbookFiles(root: string): string[] {
  return workbookSourceFiles(resolve(root, 'workbooks')).map((f) => `workbooks/${f}`);
}
