/**
 * What the Content Hub shows about the pack as a solution: name, publisher and offer, support, categories. Read
 * from the `solution` object of package.json (fields as in Azure-Sentinel's `Data/Solution_*.json` and
 * `SolutionMetadata.json`); what it leaves out defaults from the package itself.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeployError } from '../errors.ts';
import { slug } from '../ids.ts';

export interface SolutionInfo {
  displayName: string;
  publisherId: string;
  offerId: string;
  version: string;
  description: string;
  author: { name: string; email?: string };
  support: { tier: 'Microsoft' | 'Partner' | 'Community'; name: string; email?: string; link?: string };
  /** YYYY-MM-DD. */
  firstPublishDate: string;
  lastPublishDate?: string;
  providers: string[];
  categories: { domains: string[]; verticals: string[] };
  /** A file of Azure-Sentinel's Logos/ folder. */
  logo: string;
}

type Raw = Partial<SolutionInfo> & { name?: string };

export async function readSolutionInfo(root: string): Promise<SolutionInfo> {
  const file = join(root, 'package.json');
  let pkg: { name?: string; version?: string; description?: string; author?: string | { name?: string; email?: string }; solution?: Raw };
  try {
    pkg = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new DeployError('CONTENT_INVALID', `cannot read the solution's details: ${(e as Error).message}`, { file: 'package.json' });
  }
  const s = pkg.solution ?? {};
  const name = pkg.name ?? 'content-pack';
  const author = typeof pkg.author === 'string' ? { name: pkg.author } : pkg.author?.name ? { name: pkg.author.name, email: pkg.author.email } : undefined;
  if (!s.firstPublishDate) throw new DeployError('CONTENT_INVALID', 'package.json: solution.firstPublishDate (YYYY-MM-DD) is required for a Content Hub solution', { file: 'package.json' });
  return {
    displayName: s.displayName ?? name,
    publisherId: s.publisherId ?? 'azuresentinel',
    offerId: s.offerId ?? `azure-sentinel-solution-${slug(name).replace(/-/g, '')}`,
    version: s.version ?? pkg.version ?? '0.0.0',
    description: s.description ?? pkg.description ?? '',
    author: s.author ?? author ?? { name },
    support: s.support ?? { tier: 'Community', name: author?.name ?? name },
    firstPublishDate: s.firstPublishDate,
    lastPublishDate: s.lastPublishDate,
    providers: s.providers ?? [author?.name ?? name],
    categories: { domains: s.categories?.domains ?? ['Security - Others'], verticals: s.categories?.verticals ?? [] },
    logo: s.logo ?? 'Azure_Sentinel.svg',
  };
}

export function solutionId(info: SolutionInfo): string {
  return `${info.publisherId}.${info.offerId}`;
}
