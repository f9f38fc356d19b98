/**
 * `content release-notes`: the solution's release notes from the rules' changelogs (the table of ReleaseNotes.md,
 * as `content build --solution` writes it), or the releases as JSON. `--stamp` marks the entries without a release
 * as shipped in the solution's version, after publishing it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.ts';
import { loadDeployContent, readSolutionInfo, releaseGroups, releaseNotesTable } from '../../deploy/index.ts';
import { changelogPath, loadContent, stampRelease } from '../../content/index.ts';
import { reportError } from './deploy.ts';

interface ReleaseNotesOptions { format: string; out?: string; stamp?: boolean }

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('release-notes')
    .description("the solution's release notes from the rules' changelogs (<rule>.changelog.yaml)")
    .option('--format <format>', 'markdown (the ReleaseNotes.md table) or json', 'markdown')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--stamp', "after publishing: mark the changelog entries without a release as shipped in the solution's version")
    .action(async (opts: ReleaseNotesOptions) => {
      try {
        if (!['markdown', 'json'].includes(opts.format)) throw new UsageError(`--format must be markdown or json, not '${opts.format}'`);
        const root = io.cwd;
        const info = await readSolutionInfo(root);
        if (opts.stamp) {
          let n = 0;
          for (const rule of loadContent(root).rules) {
            const file = changelogPath(rule.source.absolutePath);
            if (!existsSync(file)) continue;
            const next = stampRelease(readFileSync(file, 'utf8'), info.version);
            if (next === undefined) continue;
            writeFileSync(file, next);
            io.stdout(`${rule.source.file.replace(/\.ya?ml$/i, '.changelog.yaml')}\n`);
            n++;
          }
          io.stdout(`stamped release ${info.version} in ${n} changelogs\n`);
          setExit(EXIT_OK);
          return;
        }
        const { content, problems } = await loadDeployContent(root);
        const counts: [string, number][] = ([['Parsers', content.functions.length], ['Workbooks', content.workbooks.length], ['Analytic Rules', content.rules.length]] as [string, number][]).filter(([, c]) => c > 0);
        const text = opts.format === 'json' ? `${JSON.stringify(releaseGroups(info, content.rules), null, 2)}\n` : releaseNotesTable(info, content.rules, counts);
        if (opts.out) writeFileSync(resolve(root, opts.out), text); else io.stdout(text);
        for (const p of problems.filter((x) => !x.kept)) io.stderr(`${p.file}:${p.line}:${p.column}: ${p.message} (left out)\n`);
        setExit(problems.some((p) => !p.kept) ? EXIT_FINDINGS : EXIT_OK);
      } catch (e) {
        reportError(io, 'release-notes', e, setExit);
      }
    });
}
