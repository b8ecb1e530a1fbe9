// estimate.test.js — the running estimate of mini-batch runs (descent.h DSC_ESTIMATE_POINTS): dense
// where the exact history is sparse, each point the batch-size-weighted mean of the batch objectives
// since the previous one, checked against the float64 reference's batch objectives.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine, run } from '../../web/lib/index.js';
import { objective, seedLikeData, toFloat32Data, train } from './reference.js';
import { inlineExperiment } from './helpers.js';

const engine = await loadEngine();

test('each estimate point is the weighted mean of the batch objectives since the previous one', () => {
  const { X, y } = toFloat32Data(...Object.values(seedLikeData(50, 3)));
  const optimizer = { kind: 'sgd', lr: 0.05, momentum: 0.5 };
  const iterations = 1203; // B 8: 7 updates an epoch of 50 rows, the last of 2; every ⌈1203/500⌉ = 3
  const session = engine.createSession(inlineExperiment({
    X, y, init: [0.5, -1],
    runs: [{ name: 'sgd', optimizer, batchSize: 8, shuffle: false, iterations, record: { every: 400 } }],
  }));
  try {
    assert.equal(session.estimateEvery(0), 3);
    while (session.advance(0, 100) === 'running');
    const est = session.estimate(0);
    const ref = train({ X, y, model: { loss: 'mse' }, optimizer, batchSize: 8, iterations, init: [0.5, -1] });
    let sum = 0;
    let rows = 0;
    let k = 0;
    let worst = 0;
    for (let it = 1; it <= iterations; it++) {
      const start = ((it - 1) % 7) * 8;
      const batch = Array.from({ length: Math.min(8, 50 - start) }, (_, r) => start + r);
      sum += objective({ loss: 'mse' }, X, y, ref.params[it - 1], batch) * batch.length;
      rows += batch.length;
      if (it % 3 === 0 || it === iterations) {
        assert.equal(est.iteration[k], it);
        worst = Math.max(worst, Math.abs(est.batchLoss[k] - sum / rows) / (sum / rows));
        sum = 0;
        rows = 0;
        k += 1;
      }
    }
    assert.equal(k, est.iteration.length);
    assert.equal(k, 401);
    assert.ok(worst < 1e-5, `worst relative difference ${worst}`);
    assert.deepEqual(Array.from(est.epoch.slice(0, 2)), [24 / 50, 48 / 50]);
    assert.deepEqual(session.estimate(0, 400).iteration, Float64Array.of(1203));
    assert.throws(() => session.estimate(0, 402), /from: must be an integer in 0\.\.401/);
  } finally {
    session.free();
  }
});

test('a large mini-batch run gets a dense estimate beside its sparse exact history; full batch gets none', async () => {
  const result = await run({
    seed: 4,
    data: { kind: 'linear', n: 200000, d: 16 },
    runs: [
      { name: 'SGD', optimizer: { kind: 'sgd', lr: 0.01 }, batchSize: 1, iterations: 1000 },
      { name: 'mini-batch 16', optimizer: { kind: 'sgd', lr: 0.05 }, batchSize: 16, iterations: 1000 },
      { name: 'batch GD', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full', iterations: 50 },
    ],
  });
  for (const r of result.runs.slice(0, 2)) {
    assert.ok(r.history.iteration.length < 20, `${r.name}: ${r.history.iteration.length} exact points`);
    assert.equal(r.estimate.iteration.length, 500, r.name);
    assert.equal(r.estimate.iteration.at(-1), 1000);
    // the running loss falls as the exact one does: its last points lie near the final training loss
    const tail = r.estimate.batchLoss.slice(-50).reduce((a, b) => a + b) / 50;
    assert.ok(Math.abs(tail / r.history.trainLoss.at(-1) - 1) < 0.5, `${r.name}: ${tail} vs ${r.history.trainLoss.at(-1)}`);
    assert.ok(r.estimate.batchLoss[0] > 2 * tail, `${r.name} starts higher`);
  }
  assert.equal(result.runs[2].estimate, null);
});
