/**
 * The `--html` page in a real headless Chromium (Debian's `chromium` package, driven by
 * playwright-core; never a browser download): it loads from file:// without console errors or
 * network requests, and its charts are drawn. Skipped only where no chromium binary exists.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSimCompareHtml, formatSimHtml } from '../../src/report/sim-html.js';
import { compareResults } from '../../src/sim/compare.js';
import { simulateHost } from '../../src/sim/run.js';
import { constantProfile, defaultHost } from './hosts.js';

/** The bits of a canvas element the checks read (the project compiles without the DOM lib). */
interface CanvasLike {
  id: string;
  width: number;
  height: number;
  getAttribute(name: string): string | null;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM);
const why = found ? '' : ` (skipped: no chromium at ${CHROMIUM}; .ci/run installs Debian's chromium package)`;

describe(`the simulate HTML page in headless Chromium${why}`, () => {
  it.skipIf(!found)('loads without console errors or requests and draws every chart', async () => {
    const samples = [
      { t: 0, gbps: 0.2 },
      { t: 20, gbps: 1.5 },
    ];
    const host = defaultHost('2012R2', 10, { queues: 6 }).hostVnic('Management').build();
    const result = simulateHost(host, { durationSeconds: 40, vnics: Array.from({ length: 10 }, (_, i) => ({ vm: `VM${String(i + 1).padStart(2, '0')}`, samples })) });
    const dir = mkdtempSync(join(tmpdir(), 'vmqlint-html-'));
    const file = join(dir, 'sim.html');
    writeFileSync(file, formatSimHtml(result));

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(file).href;
      await page.goto(url, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);

      const charts = await page.$$eval('canvas', (els) =>
        els.map((el) => {
          const c = el as unknown as CanvasLike;
          const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          const colours = new Set<number>();
          for (let i = 0; i < px.length; i += 4) {
            if (px[i + 3] === 0) continue;
            painted++;
            colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
          }
          return { id: c.id, drawn: c.getAttribute('data-drawn'), painted: painted / (c.width * c.height), colours: colours.size };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual(['heatmap', 'vmbars', 'vmtime']);
      for (const c of charts) {
        expect(c.drawn, c.id).toBe('true');
        expect(c.painted, c.id).toBeGreaterThan(0.01);
        expect(c.colours, c.id).toBeGreaterThan(3);
      }
      // The heat map shows load: some cells are in the hot (red) range after the ramp.
      const hot = await page.$eval('#heatmap', (el) => {
        const c = el as unknown as CanvasLike;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] > 200 && px[i + 1] < 120 && px[i + 2] < 80) n++;
        return n;
      });
      expect(hot).toBeGreaterThan(0);
      expect(await page.locator('#queue-map tr').count()).toBe(1 + result.queues.length);
      await page.mouse.move(200, 120);
    } finally {
      await browser.close();
    }
  });
});

/** What the layout checks read from the page (the project compiles without the DOM lib). */
interface BoxLike {
  tagName: string;
  id: string;
  className: string;
  getBoundingClientRect(): { left: number; right: number; width: number };
}

const WIDTH = 1400;

describe(`the simulate HTML page at ${WIDTH} px, screenshotted in headless Chromium${why}`, () => {
  let browser: Browser;
  // VMQLINT_SCREENSHOTS=DIR keeps the pages and their PNGs for a look (CI can upload them).
  const keep = process.env.VMQLINT_SCREENSHOTS;
  const dir = keep ? (mkdirSync(keep, { recursive: true }), keep) : mkdtempSync(join(tmpdir(), 'vmqlint-shots-'));
  beforeAll(async () => {
    if (found) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Load a page at 1400 px, screenshot it and return what the layout checks need. */
  async function open(name: string, html: string) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const shot = await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    // Every element inside the viewport horizontally, and nothing to scroll sideways.
    const overflow = await page.$$eval('body *', (els, width) =>
      els
        .map((el) => el as unknown as BoxLike)
        .filter((el) => {
          const b = el.getBoundingClientRect();
          return b.width > 0 && (b.right > width + 0.5 || b.left < -0.5);
        })
        .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`),
      WIDTH,
    );
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    return { page, shot, overflow, scrollWidth, errors };
  }

  it.skipIf(!found)('a small host: no overflow, every chart drawn, legends present', async () => {
    const r = simulateHost(defaultHost('2012R2', 4, { queues: 4 }).hostVnic('Management').build(), constantProfile(4, 1.5, {}, 120));
    const { page, shot, overflow, scrollWidth, errors } = await open('small', formatSimHtml(r, { verdict: [] }));
    expect(errors).toEqual([]);
    expect(shot.readUInt32BE(16)).toBe(WIDTH); // PNG IHDR width
    expect(overflow).toEqual([]);
    expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
    expect(await page.$$eval('canvas', (els) => els.map((e) => e.getAttribute('data-drawn')))).toEqual(['true', 'true', 'true']);
    expect(await page.locator('.legend').count()).toBe(3);
    expect(await page.locator('#vmtime-legend span').count()).toBe(1 + 5);
    expect(await page.locator('#verdict').isVisible()).toBe(true);
  });

  it.skipIf(!found)('a 40-VM host: the busiest ten, an "others" legend entry, sortable tables, no overflow', async () => {
    const profile = { durationSeconds: 60, vnics: Array.from({ length: 40 }, (_, i) => ({ vm: `VM${String(i + 1).padStart(2, '0')}-with-a-long-descriptive-name`, gbps: 0.2 + (i % 7) * 0.15 })) };
    const host = defaultHost('2012R2', 40, { queues: 16 }).build();
    for (const vm of host.vms) vm.name = `${vm.name}-with-a-long-descriptive-name`;
    for (const v of host.vnics) if (v.vmName) v.vmName = `${v.vmName}-with-a-long-descriptive-name`;
    const r = simulateHost(host, profile);
    expect(r.vms).toHaveLength(40);
    const { page, shot, overflow, scrollWidth, errors } = await open('forty', formatSimHtml(r, { verdict: [] }));
    expect(errors).toEqual([]);
    expect(shot.readUInt32BE(16)).toBe(WIDTH);
    expect(overflow).toEqual([]);
    expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
    const legend = await page.locator('#vmtime-legend').textContent();
    expect(legend).toMatch(/^total/);
    expect(legend).toContain('others (30 vNICs)');
    expect(await page.locator('#vmtime-legend span').count()).toBe(1 + 10 + 1);
    // Sorting: click "delivered" once (ascending), again (descending).
    const delivered = async () => (await page.locator('#vm-table tbody tr td:nth-child(6)').allTextContents()).map(Number);
    const header = page.locator('#vm-table thead th', { hasText: 'delivered' });
    await header.click();
    const up = await delivered();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await header.click();
    const down = await delivered();
    expect(down).toEqual([...up].sort((a, b) => b - a));
    expect(new Set(down).size).toBeGreaterThan(1);
    expect(await header.getAttribute('aria-sort')).toBe('descending');
  });

  it.skipIf(!found)('before and after side by side: both heat maps and bar charts drawn, no overflow', async () => {
    const profile = constantProfile(12, 1.2, {}, 60);
    const before = simulateHost(defaultHost('2012R2', 12, { queues: 4 }).build(), profile);
    const after = simulateHost(defaultHost('2012R2', 12, { queues: 16 }).build(), profile);
    const { page, overflow, scrollWidth, errors } = await open('compare', formatSimCompareHtml(before, after, compareResults(before, after), { verdict: { before: [], after: [] } }));
    expect(errors).toEqual([]);
    expect(overflow).toEqual([]);
    expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
    const ids = await page.$$eval('canvas[data-drawn="true"]', (els) => els.map((e) => e.id));
    expect(ids).toEqual(['heatmap-before', 'vmbars-before', 'vmtime-before', 'heatmap-after', 'vmbars-after', 'vmtime-after']);
    const [b, a] = await Promise.all(['#heatmap-before', '#heatmap-after'].map((sel) => page.locator(sel).boundingBox()));
    expect(a!.x).toBeGreaterThan(b!.x + b!.width); // side by side, not stacked
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(40);
  });
});
