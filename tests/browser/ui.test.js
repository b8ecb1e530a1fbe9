// The form and the files area: labels, keyboard, a 375-px screen, runs added and removed, every
// generator drawn, and importing and exporting files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { run as runInNode } from '../../web/lib/index.js';
import { lossSeries, openPage, runToEnd, setUp, waitReady } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

test('every control is labelled, the page fits 375 px, and training works from the keyboard', async () => {
  const { page, errors } = await openPage(env.browser, env.url, { width: 375, height: 800 });
  await waitReady(page);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button, textarea')]
    .filter((c) => !(c.labels?.length || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim())))
    .map((c) => c.id || c.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);

  // Keyboard only: focus the Run button with Tab, press Enter.
  await page.focus('body');
  let focused = '';
  for (let i = 0; i < 10 && focused !== 'run'; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.id);
  }
  assert.equal(focused, 'run');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('runs can be added, duplicated and removed (1 to 8); a kind change swaps the fields shown', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const count = () => page.$$eval('fieldset.run', (f) => f.length);
  await page.click('fieldset.run:nth-of-type(2) >> text=Duplicate');
  assert.equal(await count(), 4);
  assert.equal(await page.inputValue('#f-runs-2-name'), 'SGD copy');
  for (let i = 0; i < 4; i += 1) await page.click('#add-run');
  assert.equal(await count(), 8);
  assert.equal(await page.isDisabled('#add-run'), true);
  const exp = await page.evaluate(() => window.descent.getExperiment());
  assert.equal(exp.runs.length, 8);
  assert.equal(new Set(exp.runs.map((r) => r.name)).size, 8);
  for (let i = 0; i < 7; i += 1) await page.click('fieldset.run >> nth=0 >> text=Remove');
  assert.equal(await count(), 1);
  assert.equal(await page.isDisabled('fieldset.run >> text=Remove'), true);

  assert.equal(await page.isVisible('#f-runs-0-optimizer-momentum'), true);
  await page.selectOption('#f-runs-0-optimizer-kind', 'adam');
  assert.equal(await page.$('#f-runs-0-optimizer-momentum'), null);
  assert.equal(await page.isVisible('#f-runs-0-optimizer-betas'), true);
  assert.equal(await page.inputValue('#f-runs-0-optimizer-betas'), '0.9, 0.999');
  await page.selectOption('#f-runs-0-schedule-kind', 'step');
  assert.equal(await page.inputValue('#f-runs-0-schedule-gamma'), '0.1');
  // New seed: new data, same settings.
  const seedBefore = await page.inputValue('#f-seed');
  await page.click('#new-seed');
  await waitReady(page);
  const seedAfter = await page.inputValue('#f-seed');
  assert.notEqual(seedAfter, seedBefore);
  assert.equal((await page.evaluate(() => window.descent.getExperiment())).seed, Number(seedAfter));

  await page.selectOption('#f-data-kind', 'blobs');
  await waitReady(page);
  assert.equal(await page.inputValue('#f-model-kind'), 'logistic');
  assert.equal(await page.inputValue('#f-model-loss'), 'bce');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('every generator trains and draws: fits, decision boundaries, a loss surface for every model', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const experiments = [
    JSON.parse(readFileSync(`${root}/examples/logistic-blobs.json`, 'utf8')),
    { data: { kind: 'polynomial', degree: 3 }, runs: [{ name: 'adam', optimizer: { kind: 'adam', lr: 0.05 }, iterations: 300 }] },
    { data: { kind: 'sine', standardize: true }, model: { loss: 'huber' }, runs: [{ name: 'rms', optimizer: { kind: 'rmsprop' }, schedule: { kind: 'cosine', T_max: 50 }, epochs: 50 }] },
    { data: { kind: 'linear', d: 3 }, runs: [{ name: 'plain', iterations: 100 }] },
  ];
  for (const experiment of experiments) {
    await page.evaluate((exp) => window.descent.setExperiment(exp), experiment);
    await waitReady(page);
    await runToEnd(page);
    const charts = await page.evaluate(async () => {
      const { Chart } = await import('chart.js');
      const get = (id) => Chart.getChart(document.getElementById(id));
      const fits = get('data-chart').data.datasets.filter((ds) => ds.fit !== undefined).map((ds) => ds.data.length);
      return {
        fits,
        dataEmpty: document.getElementById('data-card').classList.contains('empty'),
        contourEmpty: document.getElementById('contour-card').classList.contains('empty'),
        lr: get('lr-chart').data.datasets.map((ds) => ds.data.length),
      };
    });
    const node = await runInNode(experiment);
    const series = await lossSeries(page);
    for (const s of series) assert.ok(Object.is(s.last, node.runs[s.run].history[s.column].at(-1)), `${JSON.stringify(experiment.data)} ${s.label}`);
    const d = node.data.d;
    if (experiment.data.kind === 'blobs') assert.ok(charts.fits.every((n) => n === 2), 'a boundary segment per run');
    else if (d === 3 && experiment.data.kind === 'linear') assert.equal(charts.dataEmpty, true);
    else assert.ok(charts.fits.every((n) => n > 50), 'a fitted curve per run');
    assert.equal(charts.contourEmpty, false, 'a surface over (w, b), or a plane through the parameters');
    assert.ok(charts.lr.every((n) => n > 0));
  }
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('files: experiment JSON out and in, a CSV data file in (errors name row and column), chart PNGs', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.fill('#f-runs-0-optimizer-lr', '0.3');
  await page.press('#f-runs-0-optimizer-lr', 'Tab');
  await waitReady(page);
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const exported = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
  assert.equal(exported.runs[0].optimizer.lr, 0.3);

  // A fresh page imports it.
  const other = await openPage(env.browser, env.url);
  await waitReady(other.page);
  await other.page.setInputFiles('#import-json', { name: 'exp.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await other.page.waitForFunction(() => /Loaded exp\.json/.test(document.getElementById('files-message').textContent));
  assert.equal(await other.page.inputValue('#f-runs-0-optimizer-lr'), '0.3');
  await other.page.setInputFiles('#import-json', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"runs": [{"batchSize": 0}]}') });
  await other.page.waitForFunction(() => /bad\.json is not a valid experiment/.test(document.getElementById('files-message').textContent));
  assert.match(await other.page.textContent('#files-message'), /runs\[0\]\.batchSize/);
  assert.equal(await other.page.inputValue('#f-runs-0-optimizer-lr'), '0.3'); // unchanged
  await other.page.context().close();

  // CSV data: a bad file names the row and column; a good one becomes inline data and trains.
  await page.setInputFiles('#import-csv', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,2\n2,oops\n') });
  await page.waitForFunction(() => /line 3 \(data row 2\), column "y": "oops"/.test(document.getElementById('csv-message').textContent));
  const rows = Array.from({ length: 40 }, (_, i) => `${i / 10},${(3 * i) / 10 + 1},${i % 2}`);
  await page.setInputFiles('#import-csv', { name: 'data.csv', mimeType: 'text/csv', buffer: Buffer.from(`x,y,label\n${rows.join('\n')}\n`) });
  await page.waitForSelector('#csv-target-row', { state: 'visible' });
  assert.equal(await page.inputValue('#csv-target'), '2');
  await page.selectOption('#csv-target', '1');
  await page.click('#csv-use');
  await waitReady(page);
  const exp = await page.evaluate(() => window.descent.getExperiment());
  assert.equal(exp.data.kind, 'inline');
  assert.deepEqual(exp.data.X[3], [0.3, 1]);
  assert.equal(exp.data.y[3], 1.9);
  assert.equal(await page.inputValue('#f-data-kind'), 'inline');
  await runToEnd(page);
  const node = await runInNode(exp);
  for (const s of await lossSeries(page)) assert.ok(Object.is(s.last, node.runs[s.run].history[s.column].at(-1)), s.label);

  // Two features and a linear model: nothing is drawn in the data chart, so its PNG button is off; the
  // loss surface is a plane through the parameters.
  assert.equal(await page.isDisabled('[data-png="data"]'), true);
  assert.equal(await page.isDisabled('[data-png="contour"]'), false);
  for (const name of ['loss', 'lr']) {
    const [png] = await Promise.all([page.waitForEvent('download'), page.click(`[data-png="${name}"]`)]);
    assert.match(png.suggestedFilename(), new RegExp(`-${name}\\.png$`));
    const bytes = readFileSync(await png.path());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(bytes.length > 2000, `${name}.png has content`);
  }
  assert.deepEqual(errors, []);
  await page.context().close();
});
