/**
 * The example pipelines work on a fresh clone: every `npx content` command in docs/pipelines runs, in file order,
 * against a copy of the repository with the example config, plan and deploy talking to the ARM and Log Analytics
 * imitation (with query validation on). Variables are substituted as the runners do; an artifact step that
 * moves plan.json is stood in for by copying it where the deploy step reads it.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { connection } from '../../src/cli/commands/deploy.ts';
import { loadTableSchemas } from '../../src/content/index.ts';
import { ArmImitation } from './arm-server/server.ts';
import { FakeCredential, PACK_ROOT, packCopy, runCli } from './helpers.ts';

/** Values of `run`, `script` and `inlineScript` keys anywhere in a pipeline document, in document order. */
function scripts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => scripts(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'run' || k === 'script' || k === 'inlineScript') && typeof v === 'string') out.push(v);
      else scripts(v, out);
    }
  }
  return out;
}

/** The argv of each `npx content ...` in a script, up to the first shell operator; quotes removed. */
function contentCommands(script: string, vars: (word: string) => string): string[][] {
  const out: string[][] = [];
  for (const line of script.split('\n')) {
    const at = line.indexOf('npx content ');
    if (at < 0) continue;
    const words = line.slice(at + 'npx content '.length).match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    const argv: string[] = [];
    for (const w of words) {
      if (/^(\|\|?|&&|;|>>?|2>|<)/.test(w)) break;
      argv.push(vars(w.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1')));
    }
    out.push(argv);
  }
  return out;
}

const PIPELINES: Record<string, { file: string; vars: (doc: any) => (w: string) => string }> = {
  'GitHub Actions': {
    file: 'docs/pipelines/github-actions.yml',
    vars: (doc) => (w) => w.replace(/\$([A-Z_]+)/g, (_m, name: string) => {
      if (!(name in doc.env)) throw new Error(`workflow uses $${name}, which its env does not set`);
      return String(doc.env[name]);
    }),
  },
  'Azure DevOps': {
    file: 'docs/pipelines/azure-pipelines.yml',
    vars: (doc) => (w) => w.replace(/\$\(([A-Za-z.]+)\)/g, (_m, name: string) => {
      if (name === 'Pipeline.Workspace') return '.';
      if (!(name in doc.variables)) throw new Error(`pipeline uses $(${name}), which its variables do not set`);
      return String(doc.variables[name]);
    }),
  },
};

/**
 * Commands that only read the pack and print: on identical pack copies the same argv gives the same result, so each
 * distinct one runs once and every pipeline that has it checks that run (`content test` is most of this file's time).
 */
const READ_ONLY = new Set(['test', 'docs']);
const readOnlyRuns = new Map<string, ReturnType<typeof runCli>>();

function runPipelineCommand(argv: string[], dir: string): ReturnType<typeof runCli> {
  if (!READ_ONLY.has(argv[0]!)) return runCli(argv, dir);
  const key = JSON.stringify(argv);
  let run = readOnlyRuns.get(key);
  if (!run) readOnlyRuns.set(key, (run = runCli(argv, dir)));
  return run;
}

describe('the example pipelines on a fresh clone', () => {
  let server: ArmImitation;
  beforeEach(async () => {
    server = new ArmImitation();
    await server.start();
    const tables = loadTableSchemas();
    server.queryValidation = { tables };
    server.logTables = Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
    connection.credential = async () => new FakeCredential();
    connection.tlsOptions = { ca: server.cert };
    connection.retry = { maxRetries: 0 };
    connection.endpoints = { arm: server.url, logs: server.url };
  });
  afterEach(async () => {
    connection.endpoints = undefined;
    await server.stop();
  });

  for (const [name, p] of Object.entries(PIPELINES)) {
    it(`${name}: every content command succeeds against the example config`, async () => {
      const doc = parse(await readFile(join(PACK_ROOT, p.file), 'utf8'));
      const commands = scripts(doc).flatMap((s) => contentCommands(s, p.vars(doc)));
      expect(commands.map((c) => c[0])).toEqual(['lint', 'test', 'docs', 'build', 'plan', 'deploy']);
      const dir = await packCopy(['detections', 'workbooks', 'schemas', 'samples', 'docs', 'package.json', 'content.config.example.yaml']);
      for (const argv of commands) {
        const planFile = argv[argv.indexOf('--plan') + 1];
        if (argv.includes('--plan') && planFile && !existsSync(join(dir, planFile))) {
          await mkdir(dirname(join(dir, planFile)), { recursive: true });
          await copyFile(join(dir, 'plan.json'), join(dir, planFile));
        }
        const r = await runPipelineCommand(argv, dir);
        const allowed = argv[0] === 'plan' && argv.includes('--detailed-exitcode') ? [0, 3] : [0];
        expect(allowed, `content ${argv.join(' ')}\n${r.stderr}\n${r.stdout.slice(0, 2000)}`).toContain(r.code);
      }
      // The deploy reached the workspace of the config's production environment.
      expect(server.resources('alertRules').length).toBeGreaterThan(0);
      expect(server.resources('alertRules').every((r) => r.path.includes('/resourceGroups/rg-sentinel-prod/'))).toBe(true);
      expect(server.resources('scheduledQueryRules').length).toBeGreaterThan(0);
    }, 300_000);
  }
});
