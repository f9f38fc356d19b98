/**
 * Workbook logos. The gallery and the Content Hub show `logoFileName` from Azure-Sentinel's `Logos/` folder, so
 * the name must be a logo that folder has, or one the pack ships (`workbooks/images/` or `Logos/` of the content
 * root, for a package that carries its own). A missing logo does not stop a deployment but breaks the gallery
 * entry and fails upstream packaging, so the build reports it at the line of `logoFileName`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readYamlSource } from '../content/index.ts';
import type { SourceProblem } from './source.ts';

/**
 * Logos in Azure/Azure-Sentinel `Logos/` that fit this pack (Key Vault and Sentinel itself). Extend the list
 * only with a file name seen in that folder.
 */
export const UPSTREAM_LOGOS: ReadonlySet<string> = new Set(['KeyVault.svg', 'Azure_Sentinel.svg']);

/** `Azure_Key_Vault.svg` and `KeyVault.svg` name the same thing: compare without case, separators or an Azure prefix. */
function plainName(logo: string): string {
  return logo.toLowerCase().replace(/\.[a-z]+$/, '').replace(/[^a-z0-9]/g, '').replace(/^azure/, '');
}

export function logoShipped(root: string, logo: string): boolean {
  return [join(root, 'workbooks', 'images', logo), join(root, 'Logos', logo)].some((p) => existsSync(p));
}

/** A problem at the `metadata.logoFileName` line of the workbook source, or undefined when the logo exists. */
export function checkWorkbookLogo(root: string, file: string, logo: string): SourceProblem | undefined {
  if (UPSTREAM_LOGOS.has(logo) || logoShipped(root, logo)) return undefined;
  let line = 1;
  let column = 1;
  try {
    const src = readYamlSource(readFileSync(join(root, file)), file, join(root, file));
    const at = src.source.locate('metadata.logoFileName');
    ({ line, column } = at.value);
  } catch { /* position unknown: report at the top of the file */ }
  const near = [...UPSTREAM_LOGOS].find((l) => plainName(l) === plainName(logo));
  return {
    file, line, column,
    message: `workbook-logo: logoFileName '${logo}' is neither in Azure-Sentinel's Logos/ folder nor shipped in workbooks/images/${near ? `; use '${near}'` : ''}`,
  };
}
