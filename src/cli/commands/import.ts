/**
 * `content import [FILE...]`: existing Sentinel analytic rules as the pack's YAML, one file per rule named for what
 * it detects, each with a test-file skeleton. From exported ARM templates, alert-rule list responses or single rule
 * resources (FILE), or, without files, from a workspace through ARM (--subscription, --resource-group, --workspace,
 * or the config's environment). A file that cannot be read is reported (file:line:column) and the others still import.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.ts';
import {
  API_VERSIONS, ArmClient, collectionPath, contentTables, DeployError, importRule, ruleResourcesIn, selectEnvironment, type ImportNote, type RuleResource,
} from '../../deploy/index.ts';
import { loadContent, readYamlSource } from '../../content/index.ts';
import { loadConfigOption } from './build.ts';
import { connection, reportError } from './deploy.ts';

interface ImportOptions { out: string; force?: boolean; subscription?: string; resourceGroup?: string; workspace?: string; armEndpoint?: string; config?: string; env?: string }

/** `resources[2].properties.query` as the dotted path of the YAML/JSON source map. */
const dotted = (path: string) => path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');

/** line:column of a JSON.parse failure, from Node's message (position N, or line L column C). */
function parseErrorAt(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (!pos) return { line: 1, column: 1 };
  const before = text.slice(0, Number(pos[1]));
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

export function register(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('import')
    .description('turn existing Sentinel analytic rules (exported ARM templates, rule JSON, or a workspace) into the pack\'s YAML with test skeletons')
    .argument('[files...]', 'exported ARM templates, alert-rule list responses or rule resource JSON files (none: read the workspace)')
    .option('--out <dir>', 'where to write the rules', 'detections/imported')
    .option('--force', 'overwrite files that exist')
    .option('--subscription <id>', 'subscription of the workspace to read (default: config, else AZURE_SUBSCRIPTION_ID)')
    .option('--resource-group <name>', 'resource group of the workspace')
    .option('--workspace <name>', 'Log Analytics workspace name')
    .option('--arm-endpoint <url>', 'Azure Resource Manager endpoint, for sovereign clouds')
    .option('--config <file>', 'environment config (default: content.config.yaml when present)')
    .option('--env <name>', 'environment in the config whose workspace to read')
    .action(async (files: string[], opts: ImportOptions) => {
      try {
        const root = io.cwd;
        const found: { resource: RuleResource; source: string; locate: (path: string) => string }[] = [];
        const messages: string[] = [];
        let failed = false;
        if (files.length) {
          for (const f of files) {
            const abs = resolve(root, f);
            let text: string;
            try { text = readFileSync(abs, 'utf8'); } catch (e) { messages.push(`${f}: cannot read the file: ${(e as Error).message.split('\n')[0]}`); failed = true; continue; }
            let json: unknown;
            try { json = JSON.parse(text.replace(/^\uFEFF/, '')); } catch (e) {
              const at = parseErrorAt(text, (e as Error).message);
              messages.push(`${f}:${at.line}:${at.column}: not JSON (${(e as Error).message.split('\n')[0]}); give an exported ARM template or a rule's JSON`);
              failed = true;
              continue;
            }
            const map = readYamlSource(text, f, abs).source;
            const locate = (path: string) => { const l = map.locate(dotted(path)); const p = l.key ?? l.value; return `${f}:${p.line}:${p.column}`; };
            const { resources, notes } = ruleResourcesIn(json);
            for (const n of notes) messages.push(`${locate(n.path)}: ${n.message}`);
            if (!resources.length && !notes.length) messages.push(`${f}: no analytic rules in the file`);
            for (const resource of resources) found.push({ resource, source: f, locate });
          }
        } else {
          const config = await loadConfigOption(root, opts.config);
          const env = selectEnvironment(config, opts.env);
          const need = (v: string | undefined, flag: string) => { if (!v) throw new UsageError(`give rule files to import, or a workspace to read: ${flag} is required (or set it in content.config.yaml and choose the environment with --env)`); return v; };
          const target = { subscriptionId: need(opts.subscription ?? env.subscription ?? io.env.AZURE_SUBSCRIPTION_ID, '--subscription'), resourceGroup: need(opts.resourceGroup ?? env.resourceGroup, '--resource-group'), workspace: need(opts.workspace ?? env.workspace, '--workspace') };
          const client = new ArmClient({ credential: await connection.credential(), endpoint: opts.armEndpoint ?? env.armEndpoint ?? connection.endpoints?.arm, tlsOptions: connection.tlsOptions, retry: connection.retry, timeoutMs: connection.timeoutMs });
          const list = await client.list<Record<string, unknown>>(client.url(collectionPath(target, 'alertRules'), API_VERSIONS.alertRules), io.signal);
          const source = `workspace ${target.workspace}`;
          const { resources, notes } = ruleResourcesIn({ value: list });
          for (const n of notes) messages.push(`${source}: ${n.message}`);
          for (const resource of resources) found.push({ resource, source, locate: (path) => `${source} ${path}` });
        }
        const known = new Map(loadContent(root).rules.map((r) => [r.id.toLowerCase(), r.source.file]));
        const tables = new Set(contentTables(root).map((t) => t.name));
        const outDir = resolve(root, opts.out);
        const used = new Set<string>();
        let written = 0;
        for (const { resource, source, locate } of found) {
          const { rule, notes } = importRule(resource, { source, tables });
          const show = (n: ImportNote) => messages.push(`${locate(n.path)}: ${n.message}`);
          if (!rule) { notes.forEach(show); continue; }
          if (known.has(rule.id)) { messages.push(`${locate(resource.path)}: ${rule.name}: already in the pack as ${known.get(rule.id)} (same id); not imported`); continue; }
          let stem = rule.stem;
          for (let i = 2; used.has(stem); i++) stem = `${rule.stem}-${i}`;
          used.add(stem);
          const file = join(outDir, `${stem}.yaml`);
          const test = join(outDir, `${stem}.test.yaml`);
          if (!opts.force && (existsSync(file) || existsSync(test))) { messages.push(`${relative(root, file)}: exists; not overwritten (--force overwrites)`); failed = true; continue; }
          mkdirSync(outDir, { recursive: true });
          writeFileSync(file, rule.yaml);
          writeFileSync(test, rule.testYaml);
          writeFileSync(join(outDir, `${stem}.changelog.yaml`), rule.changelogYaml);
          known.set(rule.id, relative(root, file));
          written++;
          io.stdout(`${relative(root, file)}\n${relative(root, test)}\n${relative(root, join(outDir, `${stem}.changelog.yaml`))}\n`);
          notes.forEach(show);
        }
        for (const m of messages) io.stderr(`${m}\n`);
        io.stdout(`imported ${written} of ${found.length} rules into ${opts.out}; next: content lint ${opts.out}, then write the test cases (content test ${opts.out})\n`);
        setExit(failed ? EXIT_FINDINGS : EXIT_OK);
      } catch (e) {
        reportError(io, 'import', e instanceof DeployError ? e : e, setExit);
      }
    });
}
