/**
 * `content preview workbook NAME`: renders a workbook on local data into one self-contained HTML page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { PreviewError, previewWorkbook, writePreviewImages } from '../../workbooks/index.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.ts';

interface PreviewWorkbookOptions {
  data: string[];
  out?: string;
  from?: string;
  to?: string;
  param: string[];
  skipTable: string[];
  images?: string | true;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const preview = program.command('preview').description('render content on local data for review without Azure');
  preview
    .command('workbook')
    .description('render a workbook (workbooks/NAME.yaml) on local data into a self-contained HTML page')
    .argument('<name>', 'the workbook file stem (e.g. managed-hsm-security-overview) or a path to its YAML')
    .option('--data <dir>', 'data directory (TABLE.jsonl/.json/.csv; repeatable, merged; default: every data directory under samples/, AzureDiagnostics shape only)', collect, [])
    .option('--out <file>', 'the HTML file to write (default: NAME.html)')
    .option('--from <iso>', 'start of the time range (default: the data\'s first TimeGenerated, whole hour)')
    .option('--to <iso>', 'end of the time range (default: after the data\'s last TimeGenerated, whole hour)')
    .option('--param <name=value>', 'a parameter value; "," separates the values of a multi-select (repeatable)', collect, [])
    .option('--skip-table <table>', 'do not read this table\'s files (repeatable)', collect, [])
    .option('--images [dir]', 'also draw the gallery preview images the metadata names (dark and light, first screen) with headless Chromium into DIR (default: workbooks/images)')
    .action(async (name: string, opts: PreviewWorkbookOptions) => {
      setExit(await runPreview(name, opts, io));
    });
}

function parseTime(text: string | undefined, option: string): Date | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`${option}: cannot read ${text} as an ISO-8601 datetime`);
  return new Date(ms);
}

async function runPreview(name: string, opts: PreviewWorkbookOptions, io: CliIO): Promise<number> {
  const from = parseTime(opts.from, '--from');
  const to = parseTime(opts.to, '--to');
  if ((from === undefined) !== (to === undefined)) throw new UsageError('give both --from and --to, or neither');
  if (from && to && from >= to) throw new UsageError('--from must be before --to');
  const values: Record<string, string | string[]> = {};
  for (const p of opts.param) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${p}: expected NAME=VALUE`);
    const value = p.slice(eq + 1);
    values[p.slice(0, eq)] = value.includes(',') ? value.split(',').map((v) => v.trim()) : value;
  }
  // The bundled scenarios hold every Managed HSM event in both table shapes; read one so nothing counts twice.
  const skipTables = opts.skipTable.length || opts.data.length ? opts.skipTable : ['AZKVAuditLogs'];
  let result;
  try {
    result = previewWorkbook({
      root: io.cwd, name, dataDirs: opts.data, skipTables, values,
      timeRange: from && to ? { start: from, end: to } : undefined,
    });
  } catch (e) {
    if (e instanceof PreviewError) {
      io.stderr(`content preview: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const out = resolve(io.cwd, opts.out ?? `${result.workbook.source.key}.html`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, result.html);
  const failed = result.run.runs.filter((r) => r.error || r.missingColumns.length);
  for (const f of failed) {
    const where = f.error ? `${result.workbook.source.file}:${f.error.position.line}:${f.error.position.column}` : result.workbook.source.file;
    const what = f.error ? `${f.error.code} ${f.error.message}` : `missing columns ${f.missingColumns.join(', ')}`;
    io.stderr(`${where}: ${f.query.label}: ${what}\n`);
  }
  const steps = result.run.steps.size;
  const withRows = [...result.run.steps.values()].filter((r) => (r.result?.rows.length ?? 0) > 0).length;
  io.stdout(`wrote ${relative(io.cwd, out) || out}: ${result.workbook.source.title}, ${steps} query steps (${withRows} with rows, ${failed.length} failed) on ${result.dataDirs.map((d) => relative(io.cwd, d) || '.').join(', ')}\n`);
  if (opts.images) {
    const outDir = resolve(io.cwd, opts.images === true ? 'workbooks/images' : opts.images);
    try {
      const written = await writePreviewImages({ html: result.html, imageNames: result.workbook.metadata.previewImagesFileNames, outDir });
      for (const file of written) io.stdout(`wrote ${relative(io.cwd, file) || file}\n`);
    } catch (e) {
      if (e instanceof PreviewError) {
        io.stderr(`content preview: ${e.message}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
  }
  return failed.length ? EXIT_FINDINGS : EXIT_OK;
}
