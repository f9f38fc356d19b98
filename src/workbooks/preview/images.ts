/**
 * The gallery preview images a workbook's metadata names (`previewImagesFileNames`: one dark, one light), drawn from
 * its preview page by a headless Chromium (playwright-core driving the system's browser) and cropped to the first
 * screen, as the Sentinel gallery shows them. Committed under workbooks/images/ for an upstream contribution.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PreviewError } from './preview.ts';

export interface PreviewImagesOptions {
  /** The preview page (previewWorkbook().html). */
  html: string;
  /** The metadata's previewImagesFileNames: a name with Black/Dark gets the dark scheme, White/Light the light one. */
  imageNames: string[];
  outDir: string;
  /** The Chromium executable; default CHROMIUM_PATH, else the usual Debian/Ubuntu locations. */
  browserPath?: string;
  /** Default 1400 x 900, the first screen of the workbook. */
  viewport?: { width: number; height: number };
}

const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findBrowser(explicit?: string): string {
  const candidates = explicit ? [explicit] : process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : BROWSERS;
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new PreviewError('BROWSER_UNAVAILABLE', `no Chromium found (looked for ${candidates.join(', ')}); install it with scripts/install-browser.sh or set CHROMIUM_PATH`);
  }
  return found;
}

/** The colour scheme an image name asks for, from its name. */
export function schemeOf(imageName: string): 'dark' | 'light' | undefined {
  return /black|dark/i.test(imageName) ? 'dark' : /white|light/i.test(imageName) ? 'light' : undefined;
}

/** Writes each named image into outDir; returns the paths written. */
export async function writePreviewImages(options: PreviewImagesOptions): Promise<string[]> {
  const browserPath = findBrowser(options.browserPath);
  const targets = options.imageNames.map((name) => ({ name, scheme: schemeOf(name) }));
  const unnamed = targets.filter((t) => !t.scheme).map((t) => t.name);
  if (unnamed.length) throw new PreviewError('WORKBOOK_INVALID', `cannot tell dark from light for ${unnamed.join(', ')}: put Black/Dark or White/Light in the file name`);
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new PreviewError('BROWSER_UNAVAILABLE', 'playwright-core is not installed; run npm ci (it is a development dependency)');
  }
  const work = mkdtempSync(join(tmpdir(), 'workbook-images-'));
  try {
    const page = join(work, 'preview.html');
    writeFileSync(page, options.html);
    const context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: browserPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: options.viewport ?? { width: 1400, height: 900 },
    });
    try {
      const tab = await context.newPage();
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      mkdirSync(options.outDir, { recursive: true });
      const written: string[] = [];
      for (const t of targets) {
        await tab.emulateMedia({ colorScheme: t.scheme });
        const path = join(options.outDir, t.name);
        await tab.screenshot({ path });
        written.push(path);
      }
      return written;
    } finally {
      await context.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
