// Making a large dataset in the page's worker goes in chunks: the status line shows "Making the data… N%",
// and an edit (or a worker `cancel`) during it stops it at the next chunk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { fragmentFor, openPage, setUp, waitReady } from './helpers.js';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

// 2,000,000 rows × 16 features: 3.2e7 values, seconds of generating in one call before
const BIG = { version: 1, data: { n: 2000000, d: 16 }, runs: [{ iterations: 1 }] };

test('a large experiment shows "Making the data… N%" while its data are made, and an edit stops it', async (t) => {
  const { page, errors } = await openPage(env.browser, `${env.url}${fragmentFor(JSON.stringify(BIG))}`);
  await page.waitForFunction(() => /^Making the data… \d+%$/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
  const first = await page.evaluate(() => document.getElementById('progress').value);
  assert.ok(first >= 0 && first < 1, `progress ${first}`);
  // it advances (the page answers meanwhile: this evaluate runs between the worker's chunks)
  await page.waitForFunction((v) => document.getElementById('progress').value > v, first, { timeout: 30000 });
  const edit = await page.evaluate(() => {
    window.statusLog = [];
    const status = document.getElementById('status');
    const t0 = performance.now();
    new MutationObserver(() => window.statusLog.push({ text: status.textContent, ms: performance.now() - t0 }))
      .observe(status, { childList: true, characterData: true, subtree: true });
    const at = document.getElementById('progress').value;
    window.descent.setExperiment({ name: 'small again' });
    return { at, syncMs: performance.now() - t0 };
  });
  await waitReady(page);
  assert.match(await page.textContent('#status'), /^(Ready|Finished by itself): 80 training rows/);
  const log = await page.evaluate(() => window.statusLog);
  const shown = log.map((s) => `${s.text} @${Math.round(s.ms)}ms`).join(' | ');
  // stopped: from the edit on the status says "Updating…", not the old data's progress (the worker may
  // have posted more while the edit's own work held the page's thread), and no closed form followed
  assert.equal(log[0]?.text, 'Updating…', shown);
  assert.ok(!log.some((s) => /^Making the data|closed-form/.test(s.text)), `edited at ${edit.at} (${Math.round(edit.syncMs)} ms in setExperiment): ${shown}`);
  t.diagnostic(`edit at ${edit.at.toFixed(3)}, setExperiment ${Math.round(edit.syncMs)} ms; then: ${shown}`);
  assert.match(await page.textContent('#optimum-note'), /^Closed-form optimum: train/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('worker protocol: create streams {data: {values, maxValues}} progress; a cancel stops it at the next chunk', async (t) => {
  const { page, errors } = await openPage(env.browser, env.url);
  await waitReady(page);
  const log = await page.evaluate(async (big) => {
    const worker = new Worker('./worker.js', { type: 'module' });
    const progress = [];
    const waiters = new Map();
    const replies = new Map();
    let cancelledAt = null;
    worker.onmessage = ({ data }) => {
      if (data.progress) {
        progress.push({ id: data.id, ...data.progress, t: performance.now() });
        if (progress.length === 1) {
          // requests on the session being made: a contour grid is stale, a run is refused
          worker.postMessage({ id: 50, type: 'contours', bounds: { w: [0, 1], b: [0, 1] }, size: 4 });
          worker.postMessage({ id: 51, type: 'run', token: 8 });
          cancelledAt = performance.now();
          worker.postMessage({ id: 99, type: 'cancel', token: 3 });
        }
        return;
      }
      replies.set(data.id, data);
      waiters.get(data.id)?.({ ...data, t: performance.now() });
    };
    const call = (message) => new Promise((resolve) => {
      waiters.set(message.id, resolve);
      worker.postMessage(message);
    });
    const created = await call({ id: 1, type: 'create', token: 3, experiment: big });
    const small = await call({ id: 2, type: 'create', token: 4, experiment: { name: 'small' } });
    worker.terminate();
    return {
      created: { cancelled: created.cancelled, info: created.info ?? null, afterCancelMs: created.t - cancelledAt },
      progress: progress.map(({ id, data, solve }) => ({ id, data, solve })),
      small: small.info.data.nTrain,
      during: { contours: replies.get(50), run: replies.get(51) },
    };
  }, BIG);
  t.diagnostic(`create ended ${Math.round(log.created.afterCancelMs)} ms after the cancel was posted; ${log.progress.length} progress message(s)`);
  assert.equal(log.created.cancelled, true);
  assert.equal(log.created.info, null);
  assert.ok(log.progress.length >= 1 && log.progress.length <= 2, `${log.progress.length} progress messages`);
  for (const p of log.progress) {
    assert.equal(p.id, 1);
    assert.equal(p.solve, undefined);
    assert.equal(p.data.maxValues, 2000000 * 16);
    assert.ok(p.data.values > 0 && p.data.values < p.data.maxValues);
  }
  // a chunk is about CHUNK_MS (15 ms); allow a loaded machine plenty, far below the whole generation
  assert.ok(log.created.afterCancelMs < 1000, `the create ended ${log.created.afterCancelMs} ms after the cancel`);
  assert.equal(log.small, 80);
  assert.deepEqual(log.during.contours, { id: 50, stale: true });
  assert.match(log.during.run.error.message, /still being made: wait for the "create" reply/);
  assert.deepEqual(errors, []);
  await page.context().close();
});
