// The loss chart's "wall time (ms of compute)" axis: web/walltime.js's interpolation (DOM-free, run
// here under Node), and the page after the seed experiment, switched to wall time and back. No
// assertion is about how long anything took: only about how the times are made and drawn.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { defaultExperiment, run as runInNode } from '../../web/lib/index.js';
import { interpolateTimes } from '../../web/walltime.js';
import { openPage, setUp, waitReady } from './helpers.js';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const b = (iteration, timeMs) => ({ iteration, timeMs });

test('interpolateTimes: point 0 gets 0, a point at a boundary that boundary\'s time, others lie in between', () => {
  // A first chunk of 64 updates (0.25 ms), then 128 more (0.75 ms): points every 16 iterations.
  const times = interpolateTimes(Float64Array.from([0, 16, 64, 80, 192]), [b(0, 0), b(64, 0.25), b(192, 1)]);
  assert.ok(times instanceof Float64Array);
  assert.deepEqual(Array.from(times), [0, 0.0625, 0.25, 0.34375, 1]);
  // Exactly at a boundary means that boundary's time, bit for bit (0.2 + (0.9 − 0.2) is 0.8999999999999999).
  assert.equal(0.2 + (0.9 - 0.2), 0.8999999999999999);
  assert.deepEqual(Array.from(interpolateTimes([5, 7], [b(3, 0.2), b(5, 0.9), b(7, 1.7)])), [0.9, 1.7]);
  // A later batch starts at the previous post's last boundary; a chunk that made no update
  // (same iteration twice) keeps the time the iteration was first reached; past the end: the end.
  assert.deepEqual(Array.from(interpolateTimes([192, 200, 300], [b(192, 1), b(192, 1.5), b(256, 2.5)])), [1, 1.5 + 1 / 8, 2.5]);
  assert.deepEqual(Array.from(interpolateTimes([0, 2], [b(0, 0)])), [0, 0]);
  assert.deepEqual(Array.from(interpolateTimes([], [b(10, 4)])), []);
  assert.throws(() => interpolateTimes([0], []), /no chunk boundary/);
});

/** x values of the loss and learning-rate charts' run datasets after switching the x-axis to `unit`. */
async function xValues(page, unit) {
  await page.selectOption('#x-unit', unit);
  return page.evaluate(async () => {
    const { Chart } = await import('chart.js');
    await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); }); // redraw
    const get = (id) => Chart.getChart(document.getElementById(id));
    return {
      title: get('loss-chart').options.scales.x.title.text,
      loss: get('loss-chart').data.datasets.filter((ds) => ds.column).map((ds) => ({ run: ds.run, column: ds.column, x: ds.data.map((p) => p.x) })),
      lr: get('lr-chart').data.datasets.map((ds) => ds.data.map((p) => p.x)),
    };
  });
}

/**
 * Steps once, runs the seed to the end (so the times span two `run` requests and a stop), exports
 * the result JSON, and checks the wall-time axis against the iteration axis and the result.
 * @param {boolean} fineClock the page is cross-origin isolated (performance.now() to 5 µs, not 100 µs)
 */
async function checkSeed(page, fineClock) {
  await waitReady(page);
  await page.click('#step');
  await page.waitForFunction(() => /^Stepped/.test(document.getElementById('status').textContent));
  await page.click('#run');
  await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-result')]);
  const result = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const node = await runInNode(defaultExperiment());

  const iterations = await xValues(page, 'iteration');
  const times = await xValues(page, 'timeMs');
  assert.equal(times.title, 'wall time (ms of compute)');
  assert.equal(times.loss.length, 6); // three runs, train and test
  times.loss.forEach((series, k) => {
    const label = `${node.runs[series.run].name} ${series.column}`;
    const t = series.x;
    assert.deepEqual(iterations.loss[k].x, Array.from(node.runs[series.run].history.iteration), label);
    assert.equal(t.length, iterations.loss[k].x.length, `${label}: one time per point`);
    assert.equal(t[0], 0, `${label}: point 0 at time 0`);
    for (let p = 1; p < t.length; p += 1) assert.ok(t[p] >= t[p - 1], `${label}: time goes back at point ${p}: ${t[p - 1]} → ${t[p]}`);
    // The last point is recorded at the run's last update: its time is the run's compute time.
    assert.equal(t.at(-1), result.runs[series.run].timeMs, `${label}: last time is the run's timeMs`);
    if (fineClock) assert.ok(t.at(-1) > 0, `${label}: last time ${t.at(-1)} > 0`);
    else assert.ok(t.at(-1) >= 0, label);
  });
  times.lr.forEach((x, run) => assert.deepEqual(x, times.loss.find((s) => s.run === run).x, `lr chart of run ${run}`));

  // Back to iterations: the iteration values again, everywhere.
  const again = await xValues(page, 'iteration');
  assert.equal(again.title, 'iterations');
  assert.deepEqual(again, iterations);
  again.lr.forEach((x, run) => assert.deepEqual(x, Array.from(node.runs[run].history.iteration)));

  // The result JSON keeps the engine's history columns only (per-run timeMs is the total, as in Node).
  for (const run of result.runs) assert.deepEqual(Object.keys(run.history), Object.keys(node.runs[0].history));
}

test('after the seed run, the wall-time axis draws each point\'s compute time; iterations come back', async () => {
  // Chromium rounds performance.now() to 100 µs unless the page is cross-origin isolated, and a seed
  // run computes for about that long in all: on a plain page a run may measure 0 ms. Serving the same
  // files with COOP/COEP gives 5 µs steps, so every run's last time is > 0 there.
  const context = await env.browser.newContext({ acceptDownloads: true });
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console: ${message.text()}`); });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(env.url);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  await checkSeed(page, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a plain (not isolated) page the wall-time axis is just as consistent, only coarser', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await checkSeed(page, false);
  assert.deepEqual(errors, []);
  await page.context().close();
});
