// Deterministic threads in the page (README "Threads"): served cross-origin isolated (scripts/serve.mjs
// sends COOP/COEP), the training worker splits full-batch passes over 2 threads and gives the histories
// Node's single-threaded descent.wasm gives, bit for bit; served without the headers (a static host that
// sends none), it falls back to one thread, says so visibly, and gives the same numbers.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';

import { run as runInNode } from '../../web/lib/index.js';
import { openPage, setUp, waitReady } from './helpers.js';

const envs = [];
after(async () => { for (const env of envs) await env.close(); });

// 20000 training rows (313 blocks of 64, above MIN_BLOCKS = 256: split) of 13 features (a scalar
// tail), two full-batch runs and a mini-batch one
const experiment = {
  seed: 31,
  data: { kind: 'linear', n: 25000, d: 13 },
  runs: [
    { name: 'gd', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full', iterations: 12, record: { every: 1 } },
    { name: 'adam', optimizer: { kind: 'adam', lr: 0.05 }, batchSize: 'full', iterations: 12, record: { every: 1 } },
    { name: 'minibatch', optimizer: { kind: 'sgd', lr: 0.05 }, batchSize: 500, iterations: 30, record: { every: 10 } },
  ],
};

/** The page's result through window.descent.run(), histories as arrays. */
async function runInPage(page) {
  await page.evaluate((exp) => window.descent.setExperiment(exp), experiment);
  await waitReady(page);
  return page.evaluate(async () => {
    const r = await window.descent.run();
    return { threads: r.threads, runs: r.runs.map((run) => ({ name: run.name, status: run.status, history: Object.fromEntries(Object.entries(run.history).map(([k, v]) => [k, Array.from(v)])), params: Array.from(run.params.flat) })) };
  });
}

/** Asserts every recorded value and the final parameters equal Node's, bit for bit (Object.is). */
function assertSameBits(pageResult, nodeResult, what) {
  assert.equal(pageResult.runs.length, nodeResult.runs.length);
  nodeResult.runs.forEach((expected, i) => {
    const actual = pageResult.runs[i];
    assert.equal(actual.status, expected.status, `${what}: ${expected.name} status`);
    for (const [column, values] of Object.entries(expected.history)) {
      assert.equal(actual.history[column].length, values.length, `${what}: ${expected.name} ${column} length`);
      const at = Array.from(values).findIndex((v, k) => !Object.is(v, actual.history[column][k]));
      assert.equal(at, -1, `${what}: ${expected.name} ${column}[${at}]: page ${actual.history[column][at]}, Node ${values[at]}`);
    }
    assert.ok(Array.from(expected.params.flat).every((v, k) => Object.is(v, actual.params[k])), `${what}: ${expected.name} final parameters`);
  });
}

const nodeResult = await runInNode(experiment, { threads: 1 });

test('cross-origin isolated: the worker splits full-batch passes over 2 threads, with Node\'s single-threaded bits', async () => {
  const env = await setUp();
  envs.push(env);
  const { page, errors } = await openPage(env.browser, `${env.url}?threads=2`);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'scripts/serve.mjs isolates the page');
  await waitReady(page);
  assert.deepEqual(await page.evaluate(() => window.descent.threads()), { count: 2, note: null, sharedPasses: 0 });
  const pageResult = await runInPage(page);
  assert.equal(pageResult.threads, 2);
  const { sharedPasses } = await page.evaluate(() => window.descent.threads());
  assert.ok(sharedPasses >= 24, `the full-batch passes were split (${sharedPasses})`);
  assertSameBits(pageResult, nodeResult, '2 threads');
  const note = page.locator('#threads-note');
  assert.equal(await note.isVisible(), true);
  assert.match(await note.textContent(), /split over 2 threads, with the same numbers as on one/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('served without COOP/COEP: one thread, a visible note saying why, the same bits', async () => {
  const env = await setUp({ isolated: false });
  envs.push(env);
  const { page, errors } = await openPage(env.browser, `${env.url}?threads=2`);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  await waitReady(page);
  const threads = await page.evaluate(() => window.descent.threads());
  assert.equal(threads.count, 1);
  assert.match(threads.note, /^One thread: this page is not cross-origin isolated/);
  const note = page.locator('#threads-note');
  assert.equal(await note.isVisible(), true);
  assert.equal(await note.textContent(), threads.note);
  const pageResult = await runInPage(page);
  assert.equal(pageResult.threads, 1);
  assertSameBits(pageResult, nodeResult, 'one thread');
  assert.deepEqual(errors, []);
  await page.context().close();
});
