/**
 * The `--html` page in a real headless Chromium (Debian's `chromium` package, driven by
 * playwright-core; never a browser download): it loads from file:// without console errors or
 * network requests, and its charts are drawn. Skipped only where no chromium binary exists.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatSimHtml } from '../../src/report/sim-html.js';
import { simulateHost } from '../../src/sim/run.js';
import { defaultHost } from './hosts.js';

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
