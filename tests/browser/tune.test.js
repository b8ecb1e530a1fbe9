// The tuning panel in headless Chromium: a small search run from the panel gives the same trials and
// winner as Node's tune(), bit for bit, and draws them; "Use best" adds the winner as a run; a range
// test shows its suggestion; Cancel stops at once (the workers are terminated); a share link carrying a tune spec restores the panel; bad values are shown next to the
// control at fault.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { tune, validateExperiment } from '../../web/lib/index.js';
import { fragmentFor, openPage, setUp, waitReady } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let env;

before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** Waits for the panel's status line to match `pattern` (a string: the regexp source). */
function waitTuneStatus(page, pattern, timeout = 20000) {
  return page.waitForFunction((p) => new RegExp(p).test(document.getElementById('tune-status').textContent), pattern, { timeout });
}

/** The datasets of one of the panel's charts, as plain data. */
function chartData(page, id) {
  return page.evaluate(async (canvasId) => {
    const { Chart } = await import('chart.js');
    return Chart.getChart(document.getElementById(canvasId)).data.datasets.map((ds) => ({ label: ds.label, data: ds.data.map(({ x, y }) => ({ x, y })) }));
  }, id);
}

/** What must match between page and Node, numbers compared with Object.is. */
function essentials(result) {
  return {
    trials: result.trials.map((t) => ({
      index: t.index, values: t.values, status: t.status, divergedAt: t.divergedAt,
      validationLoss: t.validationLoss, trainLoss: t.trainLoss, samples: t.samples, params: t.params,
    })),
    best: result.best && {
      index: result.best.index, values: result.best.values, validationLoss: result.best.validationLoss,
      testLoss: result.best.testLoss, run: result.best.run, params: result.best.params,
    },
    budget: result.budget,
  };
}

test('a search run from the panel equals Node\'s tune() bit for bit, is drawn and tabled; "Use best" adds the winner', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  // Six random trials on the seed experiment, lr log-uniform in [1e-3, 3] so that some diverge.
  await page.fill('#f-tune-trials', '6');
  await page.press('#f-tune-trials', 'Tab');
  await page.fill('#f-tune-space-lr-min', '0.001');
  await page.press('#f-tune-space-lr-min', 'Tab');
  await page.fill('#f-tune-space-lr-max', '3');
  await page.press('#f-tune-space-lr-max', 'Tab');
  await page.click('#tune-start');
  await waitTuneStatus(page, '^Done: 6 trials on [12] workers?');

  const experiment = await page.evaluate(() => window.descent.getExperiment());
  assert.deepEqual(experiment.tune, validateExperiment({ tune: { trials: 6, space: { lr: { min: 1e-3, max: 3 } } } }).tune);
  const node = await tune(experiment, { workers: 2 });
  const failed = node.trials.filter((t) => t.status === 'diverged');
  assert.ok(failed.length > 0 && node.best, 'the search has failures and a winner');

  // The scatter: every usable trial at (lr, validation loss), exactly; the best a star; failures marked.
  const scatter = await chartData(page, 'tune-scatter');
  const byLabel = Object.fromEntries(scatter.map((ds) => [ds.label.replace(/ \(.*|:.*/, ''), ds]));
  assert.deepEqual(byLabel.best.data, [{ x: node.best.values.lr, y: node.best.validationLoss }]);
  const usable = node.trials.filter((t) => t.status === 'completed' && t.index !== node.best.index);
  assert.deepEqual(byLabel.trials.data, usable.map((t) => ({ x: t.values.lr, y: t.validationLoss })));
  assert.deepEqual(byLabel.failed.data.map((p) => p.x), failed.map((t) => t.values.lr));
  // Every trial's curve, the best first (drawn on top) and ending at its validation loss.
  const curves = await chartData(page, 'tune-trials');
  assert.equal(curves.length, 6);
  assert.match(curves[0].label, new RegExp(`^best: trial ${node.best.index}$`));
  assert.ok(Object.is(curves[0].data.at(-1).y, node.best.validationLoss));

  // The table: one row per trial in rank order, the winner first and marked.
  const rows = () => page.$$eval('#tune-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  let table = await rows();
  assert.equal(table.length, 6);
  assert.equal(table[0][0], '1best');
  assert.equal(table[0][1], String(node.best.index));
  assert.match(table.at(-1)[3], /^diverged at iteration \d+$/);
  // The screenshot of the panel with its results (test-results/tuning.png).
  await page.setViewportSize({ width: 1440, height: 1700 });
  await page.evaluate(() => {
    const card = document.getElementById('tune-card');
    window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - document.querySelector('.toolbar').offsetHeight - 8);
  });
  // charts resize on the next frames
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  mkdirSync(`${root}/test-results`, { recursive: true });
  await page.screenshot({ path: `${root}/test-results/tuning.png` });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Sorting: by trial (ascending, then descending on a second press, keyboard too).
  await page.click('#tune-sort-trial');
  table = await rows();
  assert.deepEqual(table.map((r) => r[1]), ['0', '1', '2', '3', '4', '5']);
  await page.focus('#tune-sort-trial');
  await page.keyboard.press('Enter');
  table = await rows();
  assert.deepEqual(table.map((r) => r[1]), ['5', '4', '3', '2', '1', '0']);
  assert.equal(await page.getAttribute('#tune-sort-trial >> xpath=..', 'aria-sort'), 'descending');

  // window.descent.tune() gives the whole result: the same trials and winner as Node, bit for bit.
  const pageResult = await page.evaluate(() => window.descent.tune());
  assert.deepEqual(essentials(pageResult), essentials(node));
  assert.equal(pageResult.workers, await page.evaluate(() => Math.min(2, navigator.hardwareConcurrency || 1)));

  // "Use best": the winner's run is added (and is what the share link now carries).
  await page.click('#tune-use-best');
  const after = await page.evaluate(() => window.descent.getExperiment());
  assert.equal(after.runs.length, experiment.runs.length + 1);
  assert.deepEqual(after.runs.at(-1), node.best.run);
  assert.match(await page.textContent('#tune-status'), /Added the run "batch GD \(tuned\)"/);
  assert.equal(await page.isHidden('#tune-stale'), true, 'a new run leaves the results current');
  await waitReady(page);
  assert.deepEqual(await page.$$eval('#run-table tbody th', (ths) => ths.map((th) => th.textContent)), ['batch GD', 'SGD', 'mini-batch 16', 'batch GD (tuned)']);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a share link carrying a tune spec restores the panel; a range test shows its suggestion, as Node computes it', async () => {
  const spec = { strategy: 'grid', space: { lr: [0.01, 0.1], momentum: [0, 0.9], optimizer: ['sgd', 'adam'] }, epochs: 5 };
  const grid = await openPage(env.browser, `${env.url}${fragmentFor(JSON.stringify({ version: 1, tune: spec }))}`);
  await waitReady(grid.page);
  assert.equal(await grid.page.inputValue('#f-tune-kind'), 'search');
  assert.equal(await grid.page.inputValue('#f-tune-strategy'), 'grid');
  assert.equal(await grid.page.inputValue('#f-tune-epochs'), '5');
  assert.equal(await grid.page.inputValue('#f-tune-space-lr-mode'), 'list');
  assert.equal(await grid.page.inputValue('#f-tune-space-lr'), '0.01, 0.1');
  assert.equal(await grid.page.inputValue('#f-tune-space-momentum'), '0, 0.9');
  assert.equal(await grid.page.isChecked('#f-tune-space-optimizer-adam'), true);
  assert.equal(await grid.page.isChecked('#f-tune-space-optimizer-rmsprop'), false);
  assert.equal(await grid.page.$('#f-tune-trials'), null, 'a grid has no trials count');
  assert.equal(await grid.page.isHidden('#tune-results'), true, 'nothing runs until Tune is pressed');
  assert.deepEqual(grid.errors, []);
  await grid.page.context().close();

  const link = `${env.url}${fragmentFor(JSON.stringify({ version: 1, tune: { kind: 'range_test', steps: 60, rule: 'steepest', smoothing: 0.5 } }))}`;
  const { page, errors } = await openPage(env.browser, link);
  await waitReady(page);
  assert.equal(await page.inputValue('#f-tune-kind'), 'range_test');
  assert.equal(await page.inputValue('#f-tune-steps'), '60');
  assert.equal(await page.inputValue('#f-tune-rule'), 'steepest');
  assert.equal(await page.inputValue('#f-tune-smoothing'), '0.5');
  assert.equal(await page.$('#f-tune-space-lr-min'), null, 'no search space for a range test');
  await page.click('#tune-start');
  await waitTuneStatus(page, '^Done: range test');
  const experiment = await page.evaluate(() => window.descent.getExperiment());
  const node = await tune(experiment, { workers: 1 });
  assert.ok(node.suggestion);
  const summary = await page.textContent('#tune-summary');
  assert.match(summary, /^Suggested learning rate: \S+ — rule "steepest": the rate where the loss falls fastest/);
  assert.ok(summary.includes(node.suggestion.text), summary);
  const curve = await chartData(page, 'tune-curve');
  const mark = curve.find((ds) => ds.label.startsWith('suggested lr'));
  assert.ok(mark.data.every((p) => Object.is(p.x, node.suggestion.lr)), 'the suggestion line sits at Node\'s rate');
  const smoothed = curve.find((ds) => ds.label.startsWith('smoothed'));
  assert.equal(smoothed.data.length, node.stoppedAt ? node.stoppedAt.index + 1 : node.lr.length);
  assert.ok(Object.is(smoothed.data[10].y, node.smoothed[10]));
  assert.equal(await page.isVisible('#tune-table-box'), false);

  await page.click('#tune-use-best'); // "Use suggested lr"
  const runs = (await page.evaluate(() => window.descent.getExperiment())).runs;
  assert.equal(runs.length, 4);
  assert.equal(runs[3].optimizer.lr, Number(node.suggestion.lr.toPrecision(4)));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('Cancel stops a search and a long range test at once, by terminating the workers', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => window.descent.setExperiment({ data: { n: 10000 }, tune: { trials: 1000, epochs: 1000 } }));
  const outcome = page.evaluate(() => window.descent.tune().then(() => 'finished', (error) => error.name));
  await waitTuneStatus(page, '^Trial \\d+ of 1,000 done'); // counts are grouped (Intl.NumberFormat)
  await page.click('#tune-cancel');
  assert.equal(await outcome, 'AbortError');
  const status = await page.textContent('#tune-status');
  const [, done] = /^Cancelled after (\d+) of 1,000 trials/.exec(status) ?? [];
  assert.ok(Number(done) >= 1 && Number(done) < 1000, status);
  assert.equal(await page.isEnabled('#tune-start'), true);
  assert.equal(await page.isDisabled('#tune-cancel'), true);
  assert.equal(await page.isDisabled('#tune-use-best'), true, 'no winner from a cancelled search');
  await page.waitForFunction((n) => document.querySelectorAll('#tune-table tbody tr').length === n, Number(done));

  // One long task (a range test of 100,000 updates on 40,000 rows): Cancel takes effect at once, its
  // workers are terminated.
  await page.evaluate(() => window.descent.setExperiment({ data: { n: 40000 }, tune: { kind: 'range_test', steps: 100000, lrMax: 0.01 } }));
  await waitReady(page);
  await page.click('#tune-start');
  await page.waitForFunction(() => document.getElementById('tune-cancel').disabled === false);
  await page.click('#tune-cancel');
  await waitTuneStatus(page, '^Cancelled\\.$', 10000); // the task alone would run far longer
  assert.equal(await page.isEnabled('#tune-start'), true);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('bad tune values show their message next to the control; the panel is labelled, keyboard usable and fits 375 px', async () => {
  const { page, errors } = await openPage(env.browser, env.url, { width: 375, height: 800 });
  await waitReady(page);
  await page.fill('#f-tune-trials', '0');
  await page.press('#f-tune-trials', 'Tab');
  await page.waitForSelector('#f-tune-trials-error', { state: 'visible' });
  assert.match(await page.textContent('#f-tune-trials-error'), /must be an integer in 1\.\.1000, got 0/);
  assert.equal(await page.getAttribute('#f-tune-trials', 'aria-invalid'), 'true');
  assert.equal(await page.isDisabled('#tune-start'), true);
  await page.fill('#f-tune-trials', '4');
  await page.press('#f-tune-trials', 'Tab');
  await page.fill('#f-tune-space-lr-max', '0.00001');
  await page.press('#f-tune-space-lr-max', 'Tab');
  await page.waitForSelector('#f-tune-space-lr-max-error', { state: 'visible' });
  assert.match(await page.textContent('#f-tune-space-lr-max-error'), /must be >= min \(0\.0001\), got 0\.00001|must be >= min \(0\.0001\), got 0?\.?1e-5/);
  assert.equal(await page.isHidden('#f-tune-trials-error'), true);
  await page.fill('#f-tune-space-lr-max', '1');
  await page.press('#f-tune-space-lr-max', 'Tab');
  // A list dimension: text that is not a number is named in the message.
  await page.selectOption('#tune-add-dimension', 'momentum');
  await page.click('#tune-add');
  await page.fill('#f-tune-space-momentum', '0, 0.5, lots');
  await page.press('#f-tune-space-momentum', 'Tab');
  await page.waitForSelector('#f-tune-space-momentum-error', { state: 'visible' });
  assert.match(await page.textContent('#f-tune-space-momentum-error'), /\[2\]: must be a number in \[0, 1\), got "lots"/);
  await page.fill('#f-tune-space-momentum', '0, 0.9');
  await page.press('#f-tune-space-momentum', 'Tab');
  await waitReady(page);

  // Keyboard: Tune with Enter, then sort the results from the keyboard.
  await page.focus('#tune-start');
  await page.keyboard.press('Enter');
  await waitTuneStatus(page, '^Done: 4 trials');
  await page.focus('#tune-sort-validationLoss');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#tune-sort-validationLoss >> xpath=..', 'aria-sort'), 'descending');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tune-sort-validationLoss', 'focus stays on the heading');

  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('#tune-card input, #tune-card select, #tune-card button')]
    .filter((c) => !(c.labels?.length || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim())))
    .map((c) => c.id || c.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  assert.deepEqual(errors, []);
  await page.context().close();
});
