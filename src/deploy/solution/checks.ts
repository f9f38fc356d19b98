/**
 * Checks on a built solution package, the ones Azure-Sentinel's packaging and arm-ttk (Azure/arm-ttk, run on every
 * solution pull request) would fail it for. Each finding names the check it comes from:
 *
 *   arm-ttk  DeploymentTemplate-Schema-Is-Correct          mainTemplate `$schema` is the 2019-04-01 deploymentTemplate
 *   arm-ttk  Parameters-Must-Be-Referenced                 every parameter is used
 *   arm-ttk  Variables-Must-Be-Referenced                  every variable is used
 *   arm-ttk  Location-Should-Not-Be-Hardcoded              locations are expressions; `location` defaults to resourceGroup().location
 *   arm-ttk  Outputs-Must-Be-Present-In-Template-Parameters   each createUiDefinition output is a template parameter
 *   arm-ttk  Parameters-Without-Default-Must-Exist-In-CreateUIDefinition
 *   arm-ttk  CreateUIDefinition-Schema                     handler, version and `$schema` of createUiDefinition
 *   packager contentPackages dependencies                  every contentTemplate's content id and version is a dependency, and back
 *   packager unique contentProductId                       no two templates share a product id
 *   packager versions                                      the solution and every item version is `X.Y.Z`
 *   packager zip                                           `Package/<version>.zip` holds exactly the two package files, identical
 */
import { unzipSync, strFromU8 } from 'fflate';
import type { SolutionFile } from './package.ts';

export interface PackageFinding { check: string; message: string }

type Json = Record<string, any>;

const VERSION = /^\d+\.\d+\.\d+$/;

/** Every string in a JSON value, for reference scans. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

export function checkSolution(files: SolutionFile[]): PackageFinding[] {
  const out: PackageFinding[] = [];
  const find = (suffix: string) => files.find((f) => f.path.endsWith(suffix));
  const mainFile = find('/Package/mainTemplate.json');
  const uiFile = find('/Package/createUiDefinition.json');
  if (!mainFile || !uiFile) return [{ check: 'packager files', message: 'Package/mainTemplate.json and Package/createUiDefinition.json are both required' }];
  const main = JSON.parse(String(mainFile.data)) as Json;
  const ui = JSON.parse(String(uiFile.data)) as Json;
  const add = (check: string, message: string) => out.push({ check, message });

  if (main.$schema !== 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#') add('DeploymentTemplate-Schema-Is-Correct', `mainTemplate $schema is '${main.$schema}'`);
  const text = strings([main.resources, main.variables, main.outputs, Object.values(main.parameters ?? {}).map((p: any) => p.metadata)]).join('\n');
  for (const p of Object.keys(main.parameters ?? {})) if (!text.includes(`parameters('${p}')`)) add('Parameters-Must-Be-Referenced', `parameter '${p}' is never used`);
  const varText = strings([main.resources, main.outputs, main.variables]).join('\n');
  for (const v of Object.keys(main.variables ?? {})) if (!new RegExp(`variables\\('${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'\\)`).test(varText)) add('Variables-Must-Be-Referenced', `variable '${v}' is never used`);
  if (main.parameters?.location?.defaultValue !== '[resourceGroup().location]') add('Location-Should-Not-Be-Hardcoded', "parameter 'location' must default to [resourceGroup().location]");
  const walkLocations = (resources: Json[], where: string) => {
    for (const r of resources ?? []) {
      if (typeof r.location === 'string' && !r.location.startsWith('[') && r.location.toLowerCase() !== 'global') add('Location-Should-Not-Be-Hardcoded', `${where}${r.type} has location '${r.location}'`);
      if (r.properties?.mainTemplate?.resources) walkLocations(r.properties.mainTemplate.resources, `${where}${r.type} › `);
    }
  };
  walkLocations(main.resources, '');

  if (ui.handler !== 'Microsoft.Azure.CreateUIDef' || ui.version !== '0.1.2-preview' || !String(ui.$schema ?? '').includes('CreateUIDefinition')) add('CreateUIDefinition-Schema', 'createUiDefinition needs handler Microsoft.Azure.CreateUIDef, version 0.1.2-preview and its $schema');
  const outputs = Object.keys(ui.parameters?.outputs ?? {});
  for (const o of outputs) if (!(o in (main.parameters ?? {}))) add('Outputs-Must-Be-Present-In-Template-Parameters', `createUiDefinition output '${o}' is not a mainTemplate parameter`);
  for (const [p, spec] of Object.entries<Json>(main.parameters ?? {})) if (!('defaultValue' in spec) && !outputs.includes(p)) add('Parameters-Without-Default-Must-Exist-In-CreateUIDefinition', `parameter '${p}' has no default and no createUiDefinition output`);

  const templates = (main.resources as Json[]).filter((r) => String(r.type).endsWith('/contentTemplates'));
  const pkg = (main.resources as Json[]).find((r) => String(r.type).endsWith('/contentPackages'));
  if (!pkg) add('contentPackages dependencies', 'no contentPackages resource');
  const deps = new Set(((pkg?.properties?.dependencies?.criteria ?? []) as Json[]).map((c) => `${c.kind}|${c.contentId}|${c.version}`));
  const own = new Set<string>();
  const products = new Map<string, string>();
  for (const t of templates) {
    const p = t.properties ?? {};
    const key = `${p.contentKind}|${p.contentId}|${p.version}`;
    own.add(key);
    if (!deps.has(key)) add('contentPackages dependencies', `${p.contentKind} '${p.displayName}' is not among the solution's dependencies`);
    if (products.has(p.contentProductId)) add('unique contentProductId', `'${p.displayName}' and '${products.get(p.contentProductId)}' share contentProductId ${p.contentProductId}`);
    products.set(p.contentProductId, p.displayName);
  }
  for (const d of deps) if (!own.has(d)) add('contentPackages dependencies', `dependency ${d.replace(/\|/g, ' ')} has no contentTemplate`);
  const resolve = (v: unknown): string => {
    const s = String(v ?? '');
    const m = /^\[variables\('([^']+)'\)(?:\.([A-Za-z0-9_]+))?\]$/.exec(s);
    if (!m) return s;
    const base = main.variables?.[m[1]!];
    return String(m[2] ? base?.[m[2]] : base);
  };
  if (!VERSION.test(String(pkg?.properties?.version ?? ''))) add('versions', `solution version '${pkg?.properties?.version}' is not X.Y.Z`);
  for (const t of templates) {
    const v = resolve(t.properties?.version);
    if (!VERSION.test(v)) add('versions', `${t.properties?.contentKind} '${t.properties?.displayName}' has version '${v}', not X.Y.Z`);
  }

  const zip = files.find((f) => /\/Package\/\d+\.\d+\.\d+\.zip$/.test(f.path));
  if (!zip) add('zip', 'Package/<version>.zip is missing');
  else {
    const entries = unzipSync(zip.data as Uint8Array);
    const names = Object.keys(entries).sort();
    if (names.join(',') !== 'createUiDefinition.json,mainTemplate.json') add('zip', `the zip holds ${names.join(', ') || 'nothing'}`);
    if (entries['mainTemplate.json'] && strFromU8(entries['mainTemplate.json']) !== String(mainFile.data)) add('zip', 'the zipped mainTemplate.json differs from Package/mainTemplate.json');
    if (entries['createUiDefinition.json'] && strFromU8(entries['createUiDefinition.json']) !== String(uiFile.data)) add('zip', 'the zipped createUiDefinition.json differs from Package/createUiDefinition.json');
    if (!zip.path.endsWith(`/${pkg?.properties?.version}.zip`)) add('zip', `the zip is named ${zip.path.split('/').pop()}, not after the solution version`);
  }
  return out;
}
