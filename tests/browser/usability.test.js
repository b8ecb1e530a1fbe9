// What a person meets on the page besides the numbers: nothing they wrote is dropped silently, progress
// counts work, problems are named and one click away, focus stays visible under the sticky toolbar,
// typed text is quoted back, a phone can reach every column, and the address bar never holds a bad link.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { defaultExperiment } from '../../web/lib/index.js';
import { decodeExperiment } from '../../web/lib/link.js';
import { openPage, runToEnd, setUp, waitReady } from './helpers.js';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** Types `text` into the box with id `id` and leaves it (a change event, as a person edits). */
async function type(page, id, text) {
  await page.fill(`#${id}`, text);
  await page.press(`#${id}`, 'Tab');
}

const statusText = (page) => page.textContent('#status');

test('a run whose batch no longer fits the data is reported next to its batch size, never dropped', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await type(page, 'f-data-n', '10'); // 8 training rows: mini-batch 16 no longer fits
  await page.waitForSelector('#f-runs-2-batchSize-error', { state: 'visible' });
  assert.match(await page.textContent('#f-runs-2-batchSize-error'), /must be "full" or an integer in 1\.\.8 \(the training-set size\), got 16/);
  assert.equal(await page.isDisabled('#run'), true);
  assert.equal(await page.inputValue('#f-runs-2-name'), 'mini-batch 16');
  assert.equal((await page.evaluate(() => window.descent.getExperiment())).runs.length, 3);
  assert.match(await statusText(page), /Run 3: mini-batch 16 › Batch size: must be "full" or an integer in 1\.\.8/);

  // Fixed, all three runs train.
  await type(page, 'f-runs-2-batchSize', '8');
  await waitReady(page);
  const experiment = await page.evaluate(() => window.descent.getExperiment());
  assert.deepEqual(experiment.runs.map((r) => r.batchSize), ['full', 1, 8]);
  assert.deepEqual(await page.$$eval('#run-table tbody th', (ths) => ths.map((th) => th.textContent)), ['batch GD', 'SGD', 'mini-batch 16']);
  await page.context().close();

  // A CSV file too small for a batch size says so, where the file was read and next to the run.
  const other = await openPage(env.browser, env.url);
  await waitReady(other.page);
  const rows = Array.from({ length: 10 }, (_, i) => `${i},${2 * i + 1}`).join('\n');
  await other.page.setInputFiles('#import-csv', { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(`x,y\n${rows}\n`) });
  await other.page.waitForSelector('#csv-target-row', { state: 'visible' });
  await other.page.click('#csv-use');
  await other.page.waitForSelector('#f-runs-2-batchSize-error', { state: 'visible' });
  const message = await other.page.textContent('#csv-message');
  assert.match(message, /Using 10 rows/);
  assert.match(message, /1 problem to fix before running .*first: Run 3: mini-batch 16 › Batch size: must be "full" or an integer in 1\.\.8/s);
  assert.equal(await other.page.getAttribute('#csv-message', 'class'), 'message error-text');
  assert.equal((await other.page.evaluate(() => window.descent.getExperiment())).runs.length, 3);
  assert.equal(await other.page.isDisabled('#run'), true);
  assert.deepEqual([...errors, ...other.errors], []);
  await other.page.context().close();
});

test('progress weighs each run by its work, and the status gives a percentage and the time left', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  // A quick run of single rows beside a long full-batch run: counting updates, the quick one would
  // make the progress bar jump to about half.
  await page.evaluate(() => window.descent.setExperiment({
    data: { n: 100000 },
    runs: [{ name: 'full', batchSize: 'full', iterations: 1000000 }, { name: 'one row', batchSize: 1, iterations: 100000 }],
  }));
  await waitReady(page);
  assert.deepEqual(await page.$$eval('#run-table tbody td.status', (tds) => tds.map((td) => td.textContent)), ['ready', 'ready']);
  await page.click('#run');
  // 1e6 full-batch updates of 80,000 rows: over a minute of work, so the page asks first
  await page.waitForSelector('#ask[open]');
  await page.click('#ask-start');
  await page.waitForFunction(() => /^Training… \d+% · about \d+ (s|min|h \d+ min) left$/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
  assert.equal(await page.isEnabled('#step'), true, 'Step works while training (it pauses, then steps)');
  assert.equal(await page.isEnabled('#reset'), true);
  await page.waitForFunction(() => document.querySelectorAll('#run-table tbody td.status')[1]?.textContent === 'completed', null, { timeout: 60000 });
  await page.click('#run'); // Pause
  await page.waitForFunction(() => /^Paused/.test(document.getElementById('status').textContent));
  const { progress, iterations } = await page.evaluate(() => ({
    progress: document.getElementById('progress').value,
    iterations: [...document.querySelectorAll('#run-table tbody tr')].map((tr) => Number(tr.cells[2].textContent.split(' / ')[0].replace(/,/g, ''))), // grouped: 100,000
  }));
  const nTrain = 80000;
  const expected = (iterations[0] * nTrain + iterations[1]) / (1000000 * nTrain + iterations[1]);
  assert.equal(iterations[1], 100000);
  assert.ok(Math.abs(progress - expected) <= 1e-9, `progress ${progress}, work done ${expected}`);
  assert.ok(progress < 0.5, 'the quick run does not count as half the work');
  assert.deepEqual(await page.$$eval('#run-table tbody td.status', (tds) => tds.map((td) => td.textContent)), ['paused', 'completed']);

  // Reset: the cursor goes back to iteration 0; the table follows it, the training stays where it is.
  await page.click('#reset');
  await page.waitForFunction(() => window.descent.view().playback.position === 0);
  // the table follows the cursor on the next animation frame
  await page.waitForFunction(() => document.querySelector('#run-table tbody td.status')?.textContent.startsWith('replay'));
  const replayed = await page.evaluate(() => [...document.querySelectorAll('#run-table tbody tr')].map((tr) => [tr.cells[1].textContent, Number(tr.cells[2].textContent.split(' / ')[0])]));
  assert.deepEqual(replayed, [['replay (paused)', 0], ['replay (completed)', 0]]);
  assert.equal(await page.evaluate(() => document.getElementById('progress').value), progress);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('tabbing backwards never leaves the focused control under the sticky toolbar', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.focus('#import-csv');
  const hidden = [];
  for (let i = 0; i < 120; i += 1) {
    await page.keyboard.press('Shift+Tab');
    const at = await page.evaluate(() => {
      const focused = document.activeElement;
      const rect = focused.getBoundingClientRect();
      const bar = document.querySelector('.toolbar').getBoundingClientRect();
      return {
        id: focused.id || focused.outerHTML.slice(0, 40),
        // under the toolbar: overlapping it (controls above a toolbar that has not stuck yet are in view)
        top: rect.bottom > bar.top ? rect.top : Infinity,
        toolbar: bar.bottom,
        // the skip link shows over the toolbar by design
        skip: focused === document.body || Boolean(focused.closest('.toolbar')) || focused.classList.contains('skip-link') || rect.height === 0,
      };
    });
    if (!at.skip && at.top < at.toolbar) hidden.push(at);
  }
  assert.deepEqual(hidden, []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the status names the first problem and takes the focus to it, in the form and the tuning panel', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  // A field inside the closed "Stopping, recording, init" section.
  await page.click('fieldset.run[data-run="1"] details.more > summary');
  await type(page, 'f-runs-1-tolerance', '2');
  await page.click('fieldset.run[data-run="1"] details.more > summary'); // closed again
  await type(page, 'f-tune-trials', '0');
  await page.waitForSelector('#status-problem');
  assert.match(await statusText(page), /^2 problems in the settings, fix to run: Run 2: SGD › Tolerance: must be a number in \[0, 1\), got 2 \(and 1 more problem\)$/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click('#status-problem');
  const focused = () => page.evaluate(() => {
    const rect = document.activeElement.getBoundingClientRect();
    return { id: document.activeElement.id, visible: rect.top >= document.querySelector('.toolbar').getBoundingClientRect().bottom && rect.bottom <= innerHeight };
  });
  assert.deepEqual(await focused(), { id: 'f-runs-1-tolerance', visible: true });

  await type(page, 'f-runs-1-tolerance', '0');
  await page.waitForFunction(() => /Tuning › Trials: must be an integer in 1\.\.1000, got 0/.test(document.getElementById('status').textContent));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click('#status-problem');
  assert.deepEqual(await focused(), { id: 'f-tune-trials', visible: true });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('typed text that is no number is quoted back; an emptied box is required; counts agree in number', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  for (const text of ['1e-', '.', 'half']) {
    await type(page, 'f-runs-0-optimizer-lr', text);
    await page.waitForFunction((t) => document.getElementById('f-runs-0-optimizer-lr-error').textContent.endsWith(`got ${JSON.stringify(t)}`), text);
    assert.equal(await page.inputValue('#f-runs-0-optimizer-lr'), text, 'the box keeps what was typed');
  }
  assert.equal(await page.textContent('#f-runs-0-optimizer-lr-error'), 'must be a number > 0 and <= 1000000, got "half"');
  await type(page, 'f-runs-0-optimizer-lr', '');
  await page.waitForFunction(() => document.getElementById('f-runs-0-optimizer-lr-error').textContent === 'required: a number > 0 and <= 1000000');
  assert.equal(await page.isDisabled('#run'), true);
  await type(page, 'f-data-weights', '3, x');
  await page.waitForFunction(() => /\[1\]: must be a finite number .*got "x"/.test(document.getElementById('f-data-weights-error').textContent));
  await type(page, 'f-runs-0-optimizer-lr', '0.1');
  await type(page, 'f-data-weights', '3');
  await type(page, 'f-data-n', '5'); // 4 training rows, 1 test row
  await type(page, 'f-runs-2-batchSize', '4');
  await waitReady(page);
  assert.match(await statusText(page), /^Finished by itself: 4 training rows, 1 test row \(a small experiment re-runs on every change\)/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('changing Features (d) resizes the true weights and feature scales', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await type(page, 'f-data-weights', '2');
  await type(page, 'f-data-scales', '0.5');
  await type(page, 'f-data-d', '10');
  await waitReady(page);
  assert.equal(await page.inputValue('#f-data-weights'), '2, 3, 3, 3, 3, 3, 3, 3, 3, 3');
  assert.equal(await page.inputValue('#f-data-scales'), '0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1');
  await type(page, 'f-data-weights', '1, 2, 3, 4, 5, 6, 7, 8, 9, 10');
  await type(page, 'f-data-d', '3');
  await waitReady(page);
  const { data } = await page.evaluate(() => window.descent.getExperiment());
  assert.deepEqual([data.d, data.weights, data.scales], [3, [1, 2, 3], [0.5, 1, 1]]);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a 375 px screen reaches every column of the runs and trials tables; "log y" stays by its box', async () => {
  const { page, errors } = await openPage(env.browser, env.url, { width: 375, height: 800 });
  await waitReady(page);
  const reach = (selector) => page.evaluate((sel) => {
    const table = document.querySelector(sel);
    const box = table.closest('.table-scroll');
    box.scrollLeft = box.scrollWidth;
    const last = table.tHead.rows[0].cells[table.tHead.rows[0].cells.length - 1].getBoundingClientRect();
    const frame = box.getBoundingClientRect();
    return { scrolls: box.scrollWidth > box.clientWidth, lastInside: last.left >= frame.left - 1 && last.right <= frame.right + 1, page: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  }, selector);
  await page.click('#run');
  await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent));
  assert.deepEqual(await reach('#run-table'), { scrolls: false, lastInside: true, page: 0 }, 'the runs table fits a phone: its loss columns show');
  const check = await page.$eval('#log-y', (box) => [box.getBoundingClientRect(), box.labels[0].getBoundingClientRect()].map((r) => Math.round(r.top + r.height / 2)));
  assert.ok(Math.abs(check[0] - check[1]) <= 2, `the checkbox and its label on one line: ${check}`);

  await page.fill('#f-tune-trials', '3');
  await page.press('#f-tune-trials', 'Tab');
  await waitReady(page);
  await page.click('#tune-start');
  await page.waitForFunction(() => /^Done: 3 trials/.test(document.getElementById('tune-status').textContent), null, { timeout: 60000 });
  const trials = await reach('#tune-table');
  assert.equal(trials.lastInside, true);
  assert.equal(trials.page, 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('chart buttons are named and off while their chart is empty; labels read as words; lr has log y', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const buttons = await page.$$eval('[data-png]', (bs) => bs.map((b) => [b.getAttribute('aria-label'), b.disabled]));
  assert.deepEqual(buttons, [['Loss chart as PNG', true], ['Learning-rate chart as PNG', true], ['Data and fits chart as PNG', true], ['Loss surface chart as PNG', true]], 'nothing trained yet: nothing to export');
  await page.evaluate(() => window.descent.setExperiment({ data: { kind: 'linear', d: 3 } }));
  await waitReady(page);
  // three features: no data chart; the loss surface is a plane through the parameters
  assert.deepEqual(await page.$$eval('[data-png]', (bs) => bs.map((b) => b.disabled)), [false, false, true, false]);

  assert.deepEqual(await page.$$eval('#f-tune-kind option', (os) => os.map((o) => [o.value, o.textContent])),
    [['search', 'search'], ['range_test', 'range test'], ['refine', 'refine']]);
  await page.selectOption('#f-tune-kind', 'range_test');
  assert.equal(await page.$eval('#f-tune-rule option[value="min/10"]', (o) => o.textContent), 'loss minimum ÷ 10');
  assert.match(await page.textContent('#f-runs-0-batchSize-help'), /1\.\.training rows/);
  const colours = await page.evaluate(async () => (await import('./charts.js')).PALETTE);
  assert.equal(new Set(colours.map((c) => c.toLowerCase())).size, 8);
  assert.ok(!colours.some((c) => /^#(000000|222222|555555)$/i.test(c)), 'no run is drawn in the optimum\'s black or grey');

  await page.check('#lr-log-y');
  await page.waitForFunction(async () => {
    const { Chart } = await import('chart.js');
    return Chart.getChart(document.getElementById('lr-chart')).scales.y.type === 'logarithmic';
  });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a rejected link leaves the address bar; data too large for a link says why it is not there', async () => {
  const { page, errors } = await openPage(env.browser, `${env.url}#e1.%%%garbage%%%`);
  await waitReady(page);
  assert.equal(await page.isVisible('#banner'), true);
  await page.waitForFunction(() => /^#e1\.[\w-]+$/.test(location.hash));
  assert.deepEqual(await decodeExperiment(await page.evaluate(() => location.hash)), defaultExperiment());
  assert.equal(await page.isHidden('#link-note'), true);

  // 7,000 rows × 3 values: more than a link carries.
  const rows = Array.from({ length: 7000 }, (_, i) => `${i / 7000},${(i % 7) / 7},${i % 3}`).join('\n');
  await page.setInputFiles('#import-csv', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(`a,b,y\n${rows}\n`) });
  await page.waitForSelector('#csv-target-row', { state: 'visible' });
  await page.click('#csv-use');
  await waitReady(page);
  await page.waitForSelector('#link-note', { state: 'visible' });
  assert.match(await page.textContent('#link-note'), /not in the address bar: its data has 21,000 values, more than the 20,000 a link carries/);
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.deepEqual(errors, []);
  await page.context().close();
});
