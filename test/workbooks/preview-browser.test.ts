/**
 * The preview page in a real headless browser (Debian's chromium driven by playwright-core): it loads without
 * console errors or network requests, shows every step of the workbook with its visualization, and the test keeps
 * a full-page screenshot in test-output/workbooks/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { allStepsOf, previewWorkbook, writePreviewImages, type PreviewResult } from '../../src/workbooks/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output/workbooks');

/** Installs chromium through the project's script when it is missing; the reason when it stays unavailable. */
function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const r = spawnSync('bash', [join(ROOT, 'scripts/install-browser.sh')], { encoding: 'utf8', timeout: 600_000 });
  if (existsSync(CHROMIUM)) return undefined;
  return `${CHROMIUM} is missing and scripts/install-browser.sh could not install it: ${(r.stderr || r.error?.message || '').trim()}`;
}

const unavailable = browserUnavailable();
if (unavailable) console.warn(`SKIPPED: workbook preview browser tests: ${unavailable}`);

const CASES = [
  { name: 'managed-hsm-security-overview', data: ['samples/scenarios/security-domain', 'samples/scenarios/failed-access', 'samples/scenarios/network', 'samples/scenarios/key-operations', 'samples/scenarios/backup-recovery', 'samples/scenarios/privileged-access'] },
  { name: 'managed-hsm-detection-health', data: ['samples/workbooks', 'samples/scenarios/security-domain'] },
];

describe.skipIf(Boolean(unavailable))(`workbook preview in headless chromium${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let context: BrowserContext;
  let profile: string;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'wb-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`${c.name}: loads cleanly and shows every step`, async () => {
      const preview: PreviewResult = previewWorkbook({ root: ROOT, name: c.name, dataDirs: c.data, skipTables: ['AZKVAuditLogs'] });
      const file = join(OUT, `${c.name}.html`);
      writeFileSync(file, preview.html);

      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
      const response = await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(response === null || response.ok()).toBe(true);
      // The screenshots double as the gallery preview images the metadata names (one dark, one light).
      const images = preview.workbook.metadata.previewImagesFileNames;
      for (const scheme of ['dark', 'light'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const name = images.find((i) => (scheme === 'dark' ? /black|dark/i : /white|light/i).test(i)) ?? `${c.name}-${scheme}.png`;
        await page.screenshot({ path: join(OUT, name), fullPage: true });
      }

      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.title()).toBe(`${preview.workbook.source.title} (preview)`);

      // Every step of the source is on the page, visible, and no query step shows an error.
      const steps = allStepsOf(preview.workbook.source.steps);
      for (const step of steps) {
        const el = page.locator(`[data-step="${step.id}"]`);
        await expect.poll(() => el.count(), { message: step.id }).toBe(1);
        expect(await el.isVisible(), `${step.id} visible`).toBe(true);
        if (step.kind === 'query') {
          expect(await el.getAttribute('data-status'), `${step.id}: ${await el.innerText()}`).toBe('ok');
          const rows = Number(await el.getAttribute('data-rows'));
          const drawn = { table: 'table tbody tr', timechart: 'svg polyline', barchart: 'svg rect', piechart: 'svg path, svg circle', tiles: '.tile' }[step.visualization];
          const shapes = await el.locator(drawn).count();
          if (rows > 0) expect(shapes, `${step.id} draws its ${step.visualization}`).toBeGreaterThan(0);
          else expect(await el.locator('.nodata').count(), `${step.id} says it has no data`).toBe(1);
          if (step.title) expect(await el.locator('h3').innerText()).toBe(step.title);
        }
      }
      // Text steps render markdown, not raw source.
      const intro = page.locator('[data-step="intro"]');
      expect(await intro.locator('h2').count()).toBe(1);
      expect(await intro.innerText()).not.toContain('## ');
      await page.close();
    }, 300_000); // generous: the machine may be shared; speed is measured by bench:workbooks, not here
  }

  it('draws the gallery preview images the metadata names: first screen, dark and light', async () => {
    const preview = previewWorkbook({ root: ROOT, name: 'managed-hsm-security-overview', dataDirs: CASES[0].data, skipTables: ['AZKVAuditLogs'] });
    const out = mkdtempSync(join(tmpdir(), 'wb-images-'));
    try {
      const names = preview.workbook.metadata.previewImagesFileNames;
      const written = await writePreviewImages({ html: preview.html, imageNames: names, outDir: out, browserPath: CHROMIUM });
      expect(written).toEqual(names.map((n) => join(out, n)));
      const images = written.map((f) => readFileSync(f));
      for (const png of images) {
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        // IHDR: width and height, big-endian, at bytes 16 and 20
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1400, 900]);
      }
      expect(images[0].equals(images[1])).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
