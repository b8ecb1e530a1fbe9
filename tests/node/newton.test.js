// newton.test.js — damped Newton (not in torch) through the engine, against closed forms: one step at
// lr 1 lands on the least-squares optimum (the session's closed-form solve) and on the quadratic
// function's minimum; a Hessian that is not positive definite ends the run "failed" at that state; the
// schema refuses models without an exact Hessian and mini-batches, naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, validateExperiment } from '../../web/lib/index.js';
import { runNamed } from './helpers.js';

const ill = {
  seed: 3,
  data: { kind: 'linear', n: 300, d: 4, weights: [1, -2, 0.5, 3], scales: [1, 3, 10, 30], noise: 'gaussian', noiseLevel: 0.2 },
  model: { kind: 'linear', loss: 'mse' },
};
const newtonRun = (name, optimizer, iterations = 3) => ({ name, optimizer: { kind: 'newton', ...optimizer }, iterations, record: { every: 1 } });

test('one Newton step at lr 1 lands on the least-squares optimum (ridge too); damping and lr shorten it', async () => {
  for (const penalty of [{ l1: 0, l2: 0 }, { l1: 0, l2: 0.3 }]) {
    const result = await run({ ...ill, model: { ...ill.model, penalty }, runs: [newtonRun('newton', {}), newtonRun('half', { lr: 0.5 }), newtonRun('damped', { damping: 10 })] });
    const opt = result.optimum;
    const r = runNamed(result, 'newton');
    assert.equal(r.status, 'completed');
    // the step solves with the float32 kernels' gradient, whose rounding (~1e-7 of terms up to 30²)
    // H⁻¹ amplifies by the condition number (~1e4 here): within 1e-5 of the optimum's loss
    assert.ok(Math.abs(r.history.trainLoss[1] - opt.trainLoss) <= 1e-5 * opt.trainLoss, `${r.history.trainLoss[1]} vs ${opt.trainLoss}`);
    r.params.flat.forEach((p, j) => assert.ok(Math.abs(p - opt.params.flat[j]) <= 1e-4 * Math.max(1, Math.abs(opt.params.flat[j])), `θ${j}`));
    assert.equal(r.history.samples[1], result.data.nTrain); // one evaluation per update
    const half = runNamed(result, 'half');
    const damped = runNamed(result, 'damped');
    assert.ok(half.history.trainLoss[1] > r.history.trainLoss[1] * 1.01 && damped.history.trainLoss[1] > r.history.trainLoss[1] * 1.01);
    assert.ok(damped.history.trainLoss.at(-1) < damped.history.trainLoss[0]);
  }
});

test('one step lands on the quadratic function\'s minimum; logistic regression converges in a few steps', async () => {
  const q = await run({ model: { kind: 'function', function: 'quadratic', condition: 1e4 }, init: { params: [3, -2] }, runs: [newtonRun('n', {}, 2)] });
  assert.ok(Math.abs(q.runs[0].history.param0[1]) < 1e-10 && Math.abs(q.runs[0].history.param1[1]) < 1e-10);
  assert.equal(q.runs[0].history.trainLoss[1] < 1e-20, true);
  const l = await run({ data: { kind: 'blobs', separation: 1.5 }, model: { kind: 'logistic' }, runs: [newtonRun('n', {}, 8), { name: 'gd', optimizer: { kind: 'sgd', lr: 0.5 }, iterations: 8 }] });
  const n = runNamed(l, 'n').history.trainLoss;
  assert.ok(Math.abs(n[7] - n[8]) < 1e-6 * n[8] && n[8] < runNamed(l, 'gd').history.trainLoss[8]);
});

test('H + λI not positive definite ends the run "failed" at that state; damping past the negative curvature works', async () => {
  const saddle = { model: { kind: 'function', function: 'saddle' }, init: { params: [1, 1] } };
  const r = (await run({ ...saddle, runs: [newtonRun('n', {}, 5)] })).runs[0];
  assert.equal(r.status, 'failed');
  assert.equal(r.divergedAt, 0);
  assert.deepEqual(Array.from(r.params.flat), [1, 1]);
  const d = (await run({ ...saddle, runs: [newtonRun('n', { damping: 3 }, 1)] })).runs[0];
  assert.equal(d.status, 'completed');
  assert.ok(Math.abs(d.history.param0[1] - 0.6) < 1e-15 && Math.abs(d.history.param1[1] - 3) < 1e-15);
  // six-hump camel from a point of negative curvature: fails there, not with garbage
  const camel = (await run({ model: { kind: 'function', function: 'six_hump_camel' }, init: { params: [0, 0] }, runs: [newtonRun('n', {}, 5)] })).runs[0];
  assert.equal(camel.status, 'failed');
});

test('the schema refuses newton without an exact Hessian or with mini-batches, naming the field', () => {
  const bad = (e, message) => assert.throws(() => validateExperiment(e), (err) => err.message.includes(message), message);
  bad({ ...ill, model: { kind: 'linear', loss: 'huber' }, runs: [{ optimizer: { kind: 'newton' } }] }, 'runs[0].optimizer.kind: cannot be "newton" with model.loss "huber"');
  bad({ ...ill, model: { kind: 'linear', penalty: { l1: 0.1 } }, runs: [{ optimizer: { kind: 'newton' } }] }, 'runs[0].optimizer.kind: cannot be "newton" with model.penalty.l1 0.1');
  bad({ data: { kind: 'moons' }, runs: [{ optimizer: { kind: 'newton' } }] }, 'runs[0].optimizer.kind: cannot be "newton" for model.kind "mlp"');
  bad({ ...ill, runs: [{ optimizer: { kind: 'newton' }, batchSize: 16 }] }, 'runs[0].batchSize: must be "full" for optimizer "newton"');
  bad({ ...ill, runs: [{ optimizer: { kind: 'newton', damping: -1 } }] }, 'runs[0].optimizer.damping');
  const e = validateExperiment({ ...ill, runs: [{ optimizer: { kind: 'newton' }, epochs: 3 }] });
  assert.deepEqual(e.runs[0].optimizer, { kind: 'newton', lr: 1, damping: 0 });
});

test('Newton on Rosenbrock and Beale follows the float64 reference (its Hessian by central differences of the reference gradient)', async () => {
  const { functionValueGrad, newtonStep } = await import('./reference.js');
  for (const [fn, init] of [['rosenbrock', [-1.5, 2]], ['beale', [2, 0.2]]]) {
    const model = { kind: 'function', function: fn, a: 1, b: 100 };
    const r = (await run({ model: { kind: 'function', function: fn }, init: { params: init }, runs: [newtonRun('n', { lr: 0.7, damping: 0.5 }, 6)] })).runs[0];
    const p = init.slice();
    for (let k = 1; k <= 6; k++) {
      const { grad } = functionValueGrad(model, p);
      const h = 1e-5;
      const H = [0, 1].map((i) => [0, 1].map((j) => {
        const a = p.slice(); const b = p.slice();
        a[j] += h; b[j] -= h;
        return (functionValueGrad(model, a).grad[i] - functionValueGrad(model, b).grad[i]) / (2 * h);
      }));
      newtonStep(p, grad, H, 0.7, 0.5);
      assert.ok(Math.abs(r.history.param0[k] - p[0]) <= 1e-6 * Math.max(1, Math.abs(p[0])), `${fn} step ${k} x: ${r.history.param0[k]} vs ${p[0]}`);
      assert.ok(Math.abs(r.history.param1[k] - p[1]) <= 1e-6 * Math.max(1, Math.abs(p[1])), `${fn} step ${k} y`);
    }
  }
});
