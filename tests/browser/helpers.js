// Shared set-up for the browser tests: the static server on a free port, headless Chromium (Debian's,
// never a downloaded one), pages that record console errors, and the Node engine for comparisons.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { startServer } from '../../scripts/serve.mjs';

/** Chromium to drive: $CHROMIUM, else Debian's /usr/bin/chromium (`apt-get install -y chromium`). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Starts the server (port 0: a free one) and Chromium.
 * @param {{roots?: Array<[string, string]>, isolated?: boolean}} [options] see startServer
 * @returns {Promise<{url: string, browser: import('playwright-core').Browser, close: () => Promise<void>}>}
 */
export async function setUp(options = {}) {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` or set CHROMIUM`);
  const { server, url } = await startServer({ port: 0, ...options });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => { server.close(resolve); });
    },
  };
}

/**
 * A fresh page (own context: no shared storage) that records console errors and uncaught exceptions.
 * @returns {Promise<{page: import('playwright-core').Page, errors: string[]}>}
 */
export async function openPage(browser, url, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  await page.goto(url);
  return { page, errors };
}

/**
 * Waits until the page has made its session: "Ready: …" in the status line, or, after an edit of a
 * small experiment (it trains by itself), "Finished by itself: …".
 */
export async function waitReady(page) {
  await page.waitForFunction(() => /^training\.(ready|finishedAuto)/.test(document.getElementById('status')?.dataset.key ?? ''), null, { timeout: 15000 });
}

/**
 * Presses Run (or, when the experiment trained by itself, Replay) and waits for "Finished"; the
 * playback cursor is then put at the end, where every chart shows everything recorded.
 */
export async function runToEnd(page) {
  await page.click('#run');
  // the status line's string key, so that this works in any language (training.finished, …Bad, …Auto)
  await page.waitForFunction(() => /^training\.finished/.test(document.getElementById('status').dataset.key ?? ''), null, { timeout: 60000 });
  await page.evaluate(() => window.descent.seek(null));
}

/**
 * The loss chart's train and test series as the page drew them: per run, the last point of each.
 * Read through Chart.getChart (the page's own Chart.js module, via its import map).
 */
export function lossSeries(page) {
  return page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    const chart = Chart.getChart(document.getElementById('loss-chart'));
    return chart.data.datasets
      .filter((ds) => (ds.column === 'trainLoss' || ds.column === 'testLoss') && ds.run !== undefined) // not the faded curves of the previous settings, nor estimates
      .map((ds) => ({ label: ds.label, run: ds.run, column: ds.column, last: ds.data.at(-1)?.y ?? null, points: ds.data.length }));
  });
}

/** A share-link fragment (`#e1.…`) for any JSON text, written the way link.js writes them. */
export function fragmentFor(json) {
  return `#e1.${deflateRawSync(Buffer.from(json, 'utf8')).toString('base64url')}`;
}
