/**
 * `content build --solution`: the solution folder Azure-Sentinel's packager (V3) works in and writes, under
 * `solution/<name>/` of the build output:
 *   Analytic Rules/*.yaml, Parsers/*.yaml       the sources, as the packager reads them
 *   Workbooks/*.json                            the compiled gallery templates
 *   Data/Solution_<name>.json                   the packager's input (what the solution holds)
 *   SolutionMetadata.json                       publisher, offer, support, categories
 *   ReleaseNotes.md                             the version table the Content Hub links to
 *   Package/mainTemplate.json, Package/createUiDefinition.json, Package/<version>.zip (the two, zipped)
 * Everything is byte-identical across rebuilds (no timestamps; the zip's entries carry a fixed date).
 */
import { zipSync, strToU8 } from 'fflate';
import type { EnvironmentConfig } from '../config.ts';
import type { DeployContent } from '../model.ts';
import { buildMainTemplate, logoHtml, summaryCounts } from './main-template.ts';
import { buildUiDefinition } from './ui-definition.ts';
import { releaseNotesTable } from './release-notes.ts';
import type { SolutionInfo } from './info.ts';

export interface SolutionFile { path: string; data: string | Uint8Array }

/** Fixed entry date for the zip (DOS dates start in 1980), so a rebuild gives the same bytes. */
const ZIP_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export function fileStem(file: string | undefined, fallback: string): string {
  return (file ?? fallback).split('/').pop()!.replace(/\.(ya?ml|json)$/i, '');
}

/** `readSource(file)` returns a content file's text (rule and parser YAML are shipped as written). */
export function buildSolution(content: DeployContent, env: EnvironmentConfig, info: SolutionInfo, readSource: (file: string) => string): SolutionFile[] {
  const { template, items } = buildMainTemplate(content, env, info);
  const ui = buildUiDefinition(content, info, items);
  const base = `solution/${info.displayName}`;
  const files: SolutionFile[] = [];
  const rules = [...content.rules].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
  const ruleFiles = rules.map((r) => `Analytic Rules/${fileStem(r.file, r.id)}.yaml`);
  rules.forEach((r, k) => { if (r.file) files.push({ path: `${base}/${ruleFiles[k]}`, data: readSource(r.file) }); });
  const parserFiles = content.functions.map((f) => `Parsers/${fileStem(f.file, f.name)}.yaml`);
  content.functions.forEach((f, k) => { if (f.file) files.push({ path: `${base}/${parserFiles[k]}`, data: readSource(f.file) }); });
  const workbooks = [...content.workbooks].sort((a, b) => a.id.localeCompare(b.id));
  const workbookFiles = workbooks.map((w) => `Workbooks/${w.id}.json`);
  workbooks.forEach((w, k) => files.push({ path: `${base}/${workbookFiles[k]}`, data: json(w.notebook) }));

  const data: Record<string, unknown> = {
    Name: info.displayName,
    Author: `${info.author.name}${info.author.email ? ` - ${info.author.email}` : ''}`,
    Logo: logoHtml(info.logo),
    Description: info.description,
    ...(workbookFiles.length ? { Workbooks: workbookFiles } : {}),
    ...(ruleFiles.length ? { 'Analytic Rules': ruleFiles } : {}),
    ...(parserFiles.length ? { Parsers: parserFiles } : {}),
    BasePath: '.',
    Version: info.version,
    Metadata: 'SolutionMetadata.json',
    TemplateSpec: true,
    Is1PConnector: false,
  };
  files.push({ path: `${base}/Data/Solution_${info.displayName}.json`, data: json(data) });
  files.push({
    path: `${base}/SolutionMetadata.json`,
    data: json({
      publisherId: info.publisherId,
      offerId: info.offerId,
      firstPublishDate: info.firstPublishDate,
      ...(info.lastPublishDate ? { lastPublishDate: info.lastPublishDate } : {}),
      providers: info.providers,
      categories: info.categories,
      support: info.support,
    }),
  });
  files.push({ path: `${base}/ReleaseNotes.md`, data: releaseNotesTable(info, content.rules, summaryCounts(items)) });
  const main = json(template);
  const uiText = json(ui);
  files.push({ path: `${base}/Package/mainTemplate.json`, data: main });
  files.push({ path: `${base}/Package/createUiDefinition.json`, data: uiText });
  files.push({
    path: `${base}/Package/${info.version}.zip`,
    data: zipSync({
      'createUiDefinition.json': [strToU8(uiText), { mtime: ZIP_DATE }],
      'mainTemplate.json': [strToU8(main), { mtime: ZIP_DATE }],
    }, { level: 9 }),
  });
  return files;
}
