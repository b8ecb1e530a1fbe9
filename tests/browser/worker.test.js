// web/worker.js's protocol (STYLE.md 13) driven directly from a page, and the page staying
// responsive while a long run trains, with Pause stopping it between chunks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, setUp, waitReady } from './helpers.js';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

test('worker protocol: {id, type} in, {id, ...} or {id, error} out; progress streams; cancel stops a run', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const log = await page.evaluate(async () => {
    const worker = new Worker('./worker.js', { type: 'module' });
    const progress = [];
    const replies = new Map();
    const waiters = new Map();
    worker.onmessage = ({ data }) => {
      if (data.progress) {
        progress.push(data);
        if (progress.length === 1) worker.postMessage({ id: 99, type: 'cancel', token: 7 });
        return;
      }
      replies.set(data.id, data);
      waiters.get(data.id)?.(data);
    };
    const call = (message) => new Promise((resolve) => {
      waiters.set(message.id, resolve);
      worker.postMessage(message);
    });
    const out = {};
    out.unknown = await call({ id: 1, type: 'bogus' });
    out.early = await call({ id: 2, type: 'run', token: 1 });
    out.invalid = await call({ id: 3, type: 'create', experiment: { runs: [{ optimizer: { kind: 'sgd', lr: -1 } }] } });
    const created = await call({ id: 4, type: 'create', experiment: { data: { n: 2000 }, runs: [{ name: 'long', batchSize: 1, iterations: 50000000 }] } });
    out.created = { keys: Object.keys(created.info).sort(), points: created.info.runs[0].history.iteration.length, isF64: created.info.runs[0].history.trainLoss instanceof Float64Array };
    const ran = await call({ id: 5, type: 'run', token: 7 });
    out.ran = { cancelled: ran.cancelled, result: ran.result, iteration: ran.state.runs[0].iteration, status: ran.state.runs[0].status, current: ran.state.runs[0].current };
    out.progress = { count: progress.length, id: progress[0].id, isF64: progress[0].progress.runs[0].history.iteration instanceof Float64Array };
    out.cancelReply = replies.get(99);
    const contours = await call({ id: 6, type: 'contours', bounds: { w: [0, 4], b: [-1, 2] }, size: 16 });
    out.contours = { size: contours.size, length: contours.grid.length, finite: Array.from(contours.grid).every(Number.isFinite) };
    out.freed = await call({ id: 7, type: 'free' });
    out.afterFree = await call({ id: 8, type: 'contours', bounds: { w: [0, 1], b: [0, 1] }, size: 4 });
    worker.terminate();
    return out;
  });

  assert.equal(log.unknown.id, 1);
  assert.match(log.unknown.error.message, /unknown message type "bogus"/);
  assert.match(log.early.error.message, /no experiment/);
  assert.equal(log.invalid.error.name, 'ExperimentError');
  assert.deepEqual(log.invalid.error.issues.map((i) => i.path), ['runs[0].optimizer.lr']);
  assert.deepEqual(log.created.keys, ['data', 'diagnostics', 'diagnosticsNote', 'experiment', 'optimum', 'optimumNote', 'runs', 'simd', 'threads']);
  assert.ok(log.created.points <= 1); // point 0 (the initial state) is recorded by the first advance
  assert.equal(log.created.isF64, true);
  assert.equal(log.ran.cancelled, true);
  assert.equal(log.ran.result, null);
  assert.equal(log.ran.status, 'running');
  assert.ok(log.ran.iteration > 0 && log.ran.iteration < 50000000, `stopped at ${log.ran.iteration}`);
  assert.ok(Number.isFinite(log.ran.current.trainLoss));
  assert.equal(log.progress.id, 5);
  assert.equal(log.progress.isF64, true);
  assert.deepEqual(log.cancelReply, { id: 99 });
  assert.deepEqual(log.contours, { size: 16, length: 256, finite: true });
  assert.deepEqual(log.freed, { id: 7 });
  assert.match(log.afterFree.error.message, /no experiment/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the page stays responsive during a long run, shows progress, and Pause stops it', async () => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  await page.evaluate(() => window.descent.setExperiment({ data: { n: 5000 }, runs: [{ name: 'long SGD', batchSize: 1, iterations: 100000000 }] }));
  await waitReady(page);
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('progress').value > 0);
  assert.equal(await page.textContent('#run'), 'Pause');
  // The main thread answers a click while the worker trains: log y switches the loss chart's scale,
  // and progress keeps arriving. (How fast it answers is a benchmark's business, not a test's.)
  const before = await page.evaluate(() => document.getElementById('progress').value);
  await page.click('#log-y');
  await page.waitForFunction(async () => {
    const { Chart } = await import('chart.js');
    return Chart.getChart(document.getElementById('loss-chart')).scales.y.type === 'logarithmic';
  }, null, { timeout: 30000 });
  await page.waitForFunction((v) => document.getElementById('progress').value > v, before, { timeout: 30000 });
  assert.match(await page.textContent('#status'), /^Training/);
  await page.click('#run'); // Pause
  await page.waitForFunction(() => /^Paused/.test(document.getElementById('status').textContent));
  const progress = await page.evaluate(() => document.getElementById('progress').value);
  assert.ok(progress > 0 && progress < 1, `progress ${progress}`);
  assert.equal(await page.textContent('#run'), 'Run');
  const status = await page.$eval('#run-table tbody td.status', (td) => td.textContent);
  assert.equal(status, 'paused');
  assert.deepEqual(errors, []);
  await page.context().close();
});
