// The newer optimizers and schedules in the page: the kinds are in the controls' lists, a sequential
// schedule's schedulers edit as JSON (with messages next to the box), cycle_momentum reveals its
// momentum range, and a run with them draws the same learning rates as the Node engine.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { run as runInNode } from '../../web/lib/index.js';
import { OPTIMIZER, SCHEDULE } from '../../web/lib/abi.js';
import { openPage, runToEnd, setUp, waitReady } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

/** The learning-rate chart's series as the page drew them: per run, its y values. */
function lrSeries(page) {
  return page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    const chart = Chart.getChart(document.getElementById('lr-chart'));
    return chart.data.datasets.map((ds) => ({ label: ds.label, ys: ds.data.map((p) => p.y) }));
  });
}

test('every optimizer and schedule kind is offered; sequential, one_cycle and cyclic edit and train as in Node', async () => {
  const { page, errors } = await openPage(env.browser, env.url, { width: 1280, height: 1400 });
  await waitReady(page);
  assert.deepEqual(await page.$$eval('#f-runs-0-optimizer-kind option', (o) => o.map((x) => x.value)), Object.keys(OPTIMIZER));
  assert.deepEqual(await page.$$eval('#f-runs-0-schedule-kind option', (o) => o.map((x) => x.value)), Object.keys(SCHEDULE));

  // Run 1: NAdam with warm-up then cosine, per iteration
  await page.selectOption('#f-runs-0-optimizer-kind', 'nadam');
  await page.fill('#f-runs-0-optimizer-lr', '0.05');
  await page.press('#f-runs-0-optimizer-lr', 'Tab');
  await page.selectOption('#f-runs-0-schedule-kind', 'sequential');
  await waitReady(page);
  const box = '#f-runs-0-schedule-schedulers';
  assert.match(await page.inputValue(box), /"kind": "linear"[\s\S]*"kind": "cosine"/);
  assert.equal(await page.inputValue('#f-runs-0-schedule-milestones'), '5');
  // not JSON: the schema's message next to the box, Run disabled
  await page.fill(box, '[{"kind": "linear"}, {"kind": ');
  await page.press(box, 'Tab');
  await page.waitForSelector(`${box}-error`, { state: 'visible' });
  assert.match(await page.textContent(`${box}-error`), /must be an array of 2\.\.4 schedulers, got "\[\{/);
  assert.equal(await page.isDisabled('#run'), true);
  // a kind SequentialLR cannot chain: the message names the scheduler
  await page.fill(box, '[{"kind": "linear", "start_factor": 0.1, "total_iters": 10}, {"kind": "one_cycle"}]');
  await page.press(box, 'Tab');
  await page.waitForSelector(`${box}-error`, { state: 'visible' });
  assert.match(await page.textContent(`${box}-error`), /\[1\]\.kind: must be "constant", "exponential"/);
  await page.fill(box, '[{"kind": "linear", "start_factor": 0.1, "total_iters": 10}, {"kind": "cosine", "eta_min": 0.001}]');
  await page.press(box, 'Tab');
  await page.fill('#f-runs-0-schedule-milestones', '10');
  await page.press('#f-runs-0-schedule-milestones', 'Tab');
  await page.selectOption('#f-runs-0-schedule-per', 'iteration');
  await waitReady(page);

  // Run 2: SGD with one_cycle and momentum cycling; the momentum fields appear with the box
  await page.selectOption('#f-runs-1-schedule-kind', 'one_cycle');
  assert.equal(await page.$('#f-runs-1-schedule-max_momentum'), null);
  assert.equal(await page.getAttribute('#f-runs-1-schedule-total_steps', 'placeholder'), 'the run\'s length');
  await page.check('#f-runs-1-schedule-cycle_momentum');
  await page.waitForSelector('#f-runs-1-schedule-max_momentum');
  assert.equal(await page.inputValue('#f-runs-1-schedule-max_momentum'), '0.95');
  await page.selectOption('#f-runs-1-schedule-per', 'iteration');

  // Run 3: Rprop with cyclic (max_lr is required: a message until it is given)
  await page.selectOption('#f-runs-2-optimizer-kind', 'rprop');
  await page.selectOption('#f-runs-2-schedule-kind', 'cyclic');
  await page.waitForSelector('#f-runs-2-schedule-max_lr-error', { state: 'visible' });
  assert.match(await page.textContent('#f-runs-2-schedule-max_lr-error'), /missing; must be a number > 0/);
  await page.fill('#f-runs-2-schedule-max_lr', '0.05');
  await page.press('#f-runs-2-schedule-max_lr', 'Tab');
  await page.fill('#f-runs-2-schedule-step_size_up', '3');
  await page.press('#f-runs-2-schedule-step_size_up', 'Tab');
  await waitReady(page);

  // The schedule controls, for a look (test-results/schedules.png)
  mkdirSync(`${root}/test-results`, { recursive: true });
  await page.locator('fieldset.run >> nth=0').screenshot({ path: `${root}/test-results/schedules.png` });

  await runToEnd(page);
  const experiment = await page.evaluate(() => window.descent.getExperiment());
  assert.deepEqual(experiment.runs[0].schedule.milestones, [10]);
  assert.equal(experiment.runs[1].schedule.cycle_momentum, true);
  const node = await runInNode(experiment);
  const drawn = await lrSeries(page);
  node.runs.forEach((r, i) => {
    const ys = drawn.find((d) => d.label === r.name)?.ys ?? drawn[i].ys;
    assert.equal(ys.at(-1), r.history.lr.at(-1), `${r.name}: last rate`);
    assert.equal(ys[0], r.history.lr[0], `${r.name}: first rate`);
  });
  assert.ok(node.runs[0].history.lr[0] < node.runs[0].history.lr[10], 'warm-up rises');
  assert.deepEqual(errors, []);
  await page.context().close();
});
