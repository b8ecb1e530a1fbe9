// counting.js mirrors how the core counts rows and updates (the split sizes, the epoch rule), because
// validation and tuning plans need them before any data exist. These tests pin the mirror to the
// core's own numbers, so the two cannot drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine } from '../../web/lib/index.js';
import { epochUpdates, featureCount, maxEvals, paramCount, runEpochs, runUpdates, samplesAfter, splitSizes } from '../../web/lib/counting.js';
import { validateExperiment } from '../../web/lib/experiment.js';

const engine = await loadEngine();

test('samplesAfter follows the epoch rule by hand: 80 rows at batch 16 and 7', () => {
  // batch 16: 5 updates an epoch, 80 rows each epoch
  assert.deepEqual([0, 1, 4, 5, 6, 10].map((k) => samplesAfter(k, 80, 16)), [0, 16, 64, 80, 96, 160]);
  // batch 7: ⌈80/7⌉ = 12 updates an epoch, the last one of 3 rows
  assert.deepEqual([11, 12, 13, 24].map((k) => samplesAfter(k, 80, 7)), [77, 80, 87, 160]);
  assert.equal(epochUpdates(1, 80, 7), 12);
  assert.equal(epochUpdates(0.5, 80, 7), 6); // 42 rows >= 40
  assert.equal(epochUpdates(2.01, 80, 7), 25);
});

test('split sizes, update budgets, samples and epochs equal the core\'s for many shapes', async () => {
  const cases = [];
  for (const n of [2, 7, 80, 101, 1000]) {
    for (const testFraction of [0, 0.2, 0.33, 0.5]) {
      const { nTrain, nTest } = splitSizes({ kind: 'linear', n, testFraction });
      if (nTrain < 1) continue;
      for (const batchSize of ['full', 1, 3, 16, 64]) {
        if (batchSize !== 'full' && batchSize > nTrain) continue;
        for (const budget of [{ epochs: 1 }, { epochs: 2.5 }, { epochs: 0.3 }, { iterations: 7 }, { iterations: 7, epochs: 0.5 }]) {
          cases.push({ n, testFraction, nTrain, nTest, run: { name: 'r', batchSize, ...budget } });
        }
      }
    }
  }
  for (const c of cases) {
    const session = engine.createSession({ data: { kind: 'linear', n: c.n, testFraction: c.testFraction }, runs: [c.run] }, { optimum: false });
    try {
      const label = JSON.stringify(c);
      assert.equal(session.nTrain, c.nTrain, label);
      assert.equal(session.nTest, c.nTest, label);
      const run = session.experiment.runs[0];
      const B = run.batchSize === 'full' ? c.nTrain : run.batchSize;
      const p = session.progress(0);
      assert.equal(p.maxIterations, runUpdates(run, c.nTrain), `${label}: update budget`);
      assert.equal(p.maxSamples, samplesAfter(p.maxIterations, c.nTrain, B), `${label}: sample budget`);
      const k = Math.max(1, Math.floor(p.maxIterations / 2));
      session.advance(0, k);
      const q = session.progress(0);
      assert.equal(q.samples, samplesAfter(k, c.nTrain, B), `${label}: samples after ${k}`);
      const epochs = runEpochs({ ...run, iterations: k, epochs: null }, c.nTrain);
      assert.ok(Math.abs(epochs - q.epoch) <= 1e-15 * Math.max(1, q.epoch), `${label}: epochs after ${k}: ${epochs} vs ${q.epoch}`);
    } finally {
      session.free();
    }
  }
  assert.ok(cases.length > 200, `${cases.length} cases`);
});

test('an lbfgs run\'s sample budget is samples(updates) × its most evaluations per step (the core\'s)', () => {
  const optimizers = [{}, { max_iter: 3 }, { max_iter: 20, max_eval: 7 }, { line_search_fn: 'strong_wolfe' },
    { max_iter: 1, line_search_fn: 'strong_wolfe' }, { max_iter: 4, max_eval: 50, line_search_fn: 'strong_wolfe' }];
  assert.deepEqual(optimizers.map((o) => maxEvals({ kind: 'lbfgs', max_iter: 20, max_eval: null, ...o })), [20, 3, 7, 50, 26, 75]);
  for (const o of optimizers) {
    const session = engine.createSession({ data: { kind: 'linear', n: 50 }, runs: [{ optimizer: { kind: 'lbfgs', ...o }, iterations: 4 }] }, { optimum: false });
    try {
      const run = session.experiment.runs[0];
      const p = session.progress(0);
      assert.equal(p.maxSamples, samplesAfter(4, session.nTrain, session.nTrain) * maxEvals(run.optimizer), JSON.stringify(o));
      session.advance(0);
      const q = session.progress(0);
      assert.ok(q.samples >= 4 * session.nTrain && q.samples <= p.maxSamples && q.samples % session.nTrain === 0);
    } finally {
      session.free();
    }
  }
});

test('paramCount and featureCount equal the core\'s parameter count (dsc_model_param_count) and data width for every kind', () => {
  const cases = [
    {},
    { data: { d: 7 } },
    { data: { kind: 'polynomial', degree: 4 } },
    { data: { kind: 'blobs', d: 13 } },
    { model: { kind: 'function', function: 'beale' } },
    { data: { kind: 'moons' } },
    { data: { kind: 'circles' }, model: { hidden: [64, 64, 64] } },
    { data: { kind: 'xor' }, model: { hidden: [1] } },
    { data: { kind: 'sine', degree: 3 }, model: { kind: 'mlp', hidden: [5, 2] } },
    { data: { kind: 'linear', d: 40 }, model: { kind: 'mlp', hidden: [3, 9, 4] } },
    { data: { kind: 'inline', X: [[1, 2, 3], [4, 5, 6]], y: [0, 1], testFraction: 0 }, model: { kind: 'mlp', loss: 'bce', hidden: [2] } },
  ];
  for (const document of cases) {
    const e = validateExperiment(document);
    const session = engine.createSession(e, { runs: false, optimum: false });
    try {
      assert.equal(featureCount(e.data), session.d, JSON.stringify(document));
      assert.equal(paramCount(e.model, session.d), session.np, JSON.stringify(document));
      assert.deepEqual(splitSizes(e.data), { nTrain: session.nTrain, nTest: session.nTest });
    } finally {
      session.free();
    }
  }
});
