// web/status.js's workProgress, under Node: training progress counts work (the samples the core
// reports per run against the samples each budget implies), and the time left comes from each run's
// own compute rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { workProgress } from '../../web/status.js';

const run = (status, samples, maxSamples, timeMs) => ({ status, samples, maxSamples, timeMs });

test('each run weighs by its samples: a quick one-row run is not half the work of a long full-batch run', () => {
  const nTrain = 80000;
  const runs = [run('running', 250 * nTrain, 1e6 * nTrain, 500), run('completed', 1e5, 1e5, 100)];
  const { fraction } = workProgress(runs);
  assert.equal(fraction, (250 * nTrain + 1e5) / (1e6 * nTrain + 1e5));
  assert.ok(fraction < 0.01);
});

test('a run that has ended counts what it did; every run ended is all the work', () => {
  assert.equal(workProgress([run('diverged', 40, 8000, 1), run('completed', 8000, 8000, 3)]).fraction, 1);
  assert.equal(workProgress([run('running', 0, 100, 0)]).fraction, 0);
  assert.equal(workProgress([]).fraction, 0);
});

test('time left: each run at its own rate, a run with none yet at the others\' rate, unknown before any', () => {
  // Run 0: 100 of 1000 samples in 10 ms (0.1 ms a sample): 90 ms left. Run 1 has not started: the
  // overall rate (10 ms / 100 samples) for its 500 samples: 50 ms.
  const { leftMs, spentMs } = workProgress([run('running', 100, 1000, 10), run('running', 0, 500, 0)]);
  assert.equal(spentMs, 10);
  assert.ok(Math.abs(leftMs - 140) < 1e-9, `${leftMs}`);
  assert.equal(workProgress([run('running', 0, 500, 0)]).leftMs, null);
  assert.equal(workProgress([run('completed', 500, 500, 5)]).leftMs, 0);
});
