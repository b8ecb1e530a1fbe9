// Budgets in the page: it asks before training or tuning estimated over about a minute (and does
// nothing on Cancel), and a share link that needs a long closed-form solve opens without blocking: the
// solve runs in the worker in chunks, with progress, and an edit stops it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { fragmentFor, openPage, setUp, waitReady } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const statusText = (page) => page.textContent('#status');

test('Run asks before training estimated over a minute; Cancel starts nothing, "Run anyway" trains', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => window.descent.setExperiment({
    name: 'a long experiment',
    data: { n: 100000, d: 8 },
    runs: [{ name: 'long', iterations: 1000000 }, { name: 'quick', batchSize: 16, iterations: 100 }],
  }));
  await waitReady(page);
  await page.click('#run');
  await page.waitForSelector('#ask[open]');
  const text = await page.textContent('#ask-text');
  assert.match(text, /^This training is estimated at about \d+ min of computing \(7\.9e11 operations;/);
  const parts = await page.$$eval('#ask-parts li', (lis) => lis.map((li) => li.textContent));
  assert.match(parts[0], /^runs\[0\]\.iterations: 1e6 updates × 80,000 rows × 9 parameters \(run "long"\)/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'ask-cancel', 'the safe answer has the focus');
  mkdirSync(`${root}/test-results`, { recursive: true });
  await page.screenshot({ path: `${root}/test-results/ask.png` });

  await page.click('#ask-cancel');
  await page.waitForFunction(() => /^Not started/.test(document.getElementById('status').textContent));
  assert.equal(await page.isVisible('#ask'), false);
  assert.deepEqual(await page.$$eval('#run-table tbody td.status', (tds) => tds.map((td) => td.textContent)), ['ready', 'ready']);
  assert.equal(await page.textContent('#run'), 'Run');

  await page.click('#run');
  await page.waitForSelector('#ask[open]');
  await page.click('#ask-start');
  await page.waitForFunction(() => /^Training…/.test(document.getElementById('status').textContent));
  await page.click('#run'); // Pause
  await page.waitForFunction(() => /^Paused/.test(document.getElementById('status').textContent));
  await page.click('#run'); // continues without asking again
  await page.waitForFunction(() => /^Training…/.test(document.getElementById('status').textContent));
  assert.equal(await page.isVisible('#ask'), false);
  await page.click('#run');
  await page.waitForFunction(() => /^Paused/.test(document.getElementById('status').textContent));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('Tune asks before a tuning estimated over a minute; Cancel starts no worker', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => window.descent.setExperiment({ data: { n: 100000, d: 64 }, runs: [{ epochs: 100 }], tune: { trials: 200 } }));
  await waitReady(page);
  await page.click('#tune-start');
  await page.waitForSelector('#ask[open]');
  assert.match(await page.textContent('#ask-text'), /^This tuning is estimated at about/);
  assert.match(await page.textContent('#ask-parts'), /tune\.trials: 200 trials/);
  await page.press('#ask', 'Escape'); // as Cancel
  await page.waitForFunction(() => /^Not started/.test(document.getElementById('tune-status').textContent));
  assert.equal(await page.isEnabled('#tune-start'), true);
  assert.equal(await page.isDisabled('#tune-cancel'), true);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a link needing a long closed-form solve opens at once: the solve runs in chunks with progress, an edit stops it', async () => {
  // 107 characters of link: 48,828 rows × 1,024 features, one iteration — the closed form alone is
  // tens of seconds of work
  const json = JSON.stringify({ version: 1, data: { n: 48828, d: 1024 }, runs: [{ iterations: 1 }] });
  const { page, errors } = await openPage(env.browser, `${env.url}${fragmentFor(json)}`);
  await page.waitForFunction(() => /^Computing the closed-form optimum… \d+%$/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
  const before = await page.evaluate(() => document.getElementById('progress').value);
  assert.ok(before >= 0 && before < 1);
  // the page answers while the worker solves: an edit replaces the experiment, and the solve stops
  await page.evaluate(() => window.descent.setExperiment({ name: 'small again' }));
  await waitReady(page);
  assert.match(await statusText(page), /^(Ready|Finished by itself): 80 training rows/); // a small experiment re-runs by itself
  assert.match(await page.textContent('#optimum-note'), /^Closed-form optimum: train/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a CSV file is read in a worker with progress; one over the row limit is refused as it streams in', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => {
    window.filesMessages = [];
    new MutationObserver(() => window.filesMessages.push(document.getElementById('csv-message').textContent))
      .observe(document.getElementById('csv-message'), { childList: true, characterData: true, subtree: true });
  });
  // 900,000 rows (about 14 MB): read with progress, the page answering meanwhile
  const rows = Array.from({ length: 900000 }, (_, i) => `${i % 1000},${(i % 7) / 8}`).join('\n');
  await page.setInputFiles('#import-csv', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(`x,y\n${rows}\n`) });
  await page.waitForSelector('#csv-target-row', { state: 'visible', timeout: 60000 });
  assert.equal(await page.textContent('#csv-message'), 'big.csv: 900,000 rows, 2 columns. Choose the target column, then "Use as data".');
  const seen = await page.evaluate(() => window.filesMessages);
  assert.ok(seen.includes('Reading big.csv…'), seen.join(' | '));
  assert.ok(seen.some((m) => /^Reading big\.csv… \d+%$/.test(m)), `progress shown: ${seen.join(' | ')}`);
  assert.equal(await page.isVisible('#csv-reading'), false);

  // 1,500,000 rows of "1,2": refused at the first row over the limit
  await page.setInputFiles('#import-csv', { name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.from(`x,y\n${'1,2\n'.repeat(1500000)}`) });
  await page.waitForFunction(() => /^huge\.csv: /.test(document.getElementById('csv-message').textContent), null, { timeout: 60000 });
  assert.equal(await page.textContent('#csv-message'), 'huge.csv: line 1000002: more than 1,000,000 data rows, the most the page reads (inline data)');
  assert.equal(await page.isVisible('#csv-target-row'), false);
  // strict numbers, as the Node tests check in detail
  await page.setInputFiles('#import-csv', { name: 'hex.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,2\n0x10,3\n') });
  await page.waitForFunction(() => /^hex\.csv: /.test(document.getElementById('csv-message').textContent));
  assert.equal(await page.textContent('#csv-message'), 'hex.csv: line 3 (data row 2), column "x": "0x10" is not a finite number');
  assert.deepEqual(errors, []);
  await page.context().close();
});
