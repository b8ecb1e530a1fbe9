// Test functions (model.kind "function"): the core's f and ∇f against the independent float64
// reference (tests/node/reference.js: the formulas as written in the README, gradients by forward-mode
// automatic differentiation, not the core's hand-derived derivatives), whole trajectories of every
// optimizer and schedule against the reference's torch.optim loop, the saddle's divergence, seeded
// gradient noise, the landscape grid and the known minima.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine, run, encodeExperiment, decodeExperiment, toCSV } from '../../web/lib/index.js';
import { FUNCTION_NAMES, functionValueGrad, mulberry32, trainObjective } from './reference.js';
import { assertAllClose, sameBytes } from './helpers.js';

const engine = await loadEngine();

/** Each function with a start and an SGD rate below 2/(largest curvature) along its path. */
const CASES = {
  rosenbrock: { init: [-1.5, 2], lr: 5e-4 },
  himmelblau: { init: [0, 0], lr: 0.01 },
  beale: { init: [1, 1], lr: 0.01 },
  quadratic: { init: [2, 1], lr: 0.1 },
  saddle: { init: [1, 0.01], lr: 0.05 },
  six_hump_camel: { init: [1, 1], lr: 0.01 },
  rastrigin: { init: [0.3, -0.4], lr: 0.002 },
};

const OPTIMIZERS = (lr) => [
  { kind: 'sgd', lr },
  { kind: 'sgd', lr, momentum: 0.9 },
  { kind: 'sgd', lr, momentum: 0.9, nesterov: true },
  { kind: 'sgd', lr, momentum: 0.5, dampening: 0.3, weight_decay: 0.01 },
  { kind: 'adagrad', lr: 0.05, lr_decay: 0.01 },
  { kind: 'rmsprop', lr: 0.01 },
  { kind: 'rmsprop', lr: 0.01, centered: true, momentum: 0.5 },
  { kind: 'adam', lr: 0.05 },
  { kind: 'adamw', lr: 0.05, weight_decay: 0.01 },
  { kind: 'adam', lr: 0.05, amsgrad: true, weight_decay: 0.001 },
];

const fnExperiment = (model, init, runs) => ({ model: { kind: 'function', ...model }, init: { params: init }, runs });

// Relative 1e-10 with a floor of 1e-3: the core's hand-derived gradient and the reference's dual
// numbers round differently in the last bits, and the optimizers carry that along (measured: at most
// 2e-12 over 300 updates); a wrong formula, order or default is off by far more.
const RTOL = 1e-10;
const FLOOR = 1e-3;

test('f and ∇f equal the reference at 200 random points of every function (and the rosenbrock/quadratic parameters)', () => {
  const rng = mulberry32(11);
  const models = [
    ...FUNCTION_NAMES.map((name) => ({ function: name })),
    { function: 'rosenbrock', a: -0.5, b: 3 },
    { function: 'quadratic', condition: 250, angle: -70 },
  ];
  for (const model of models) {
    const session = engine.createSession(fnExperiment(model, [0, 0], [{ iterations: 1 }]), { runs: false });
    try {
      for (let k = 0; k < 200; k++) {
        const theta = [6 * rng.uniform() - 3, 6 * rng.uniform() - 3];
        const ref = functionValueGrad(model, theta);
        const got = session.gradient(theta);
        assertAllClose([got.value, ...got.grad], [ref.value, ...ref.grad], 1e-12, 1e-9, `${model.function} at ${theta}`);
        assert.equal(session.evaluate(theta, 'train'), got.value);
        assert.ok(Number.isNaN(session.evaluate(theta, 'test')));
      }
    } finally {
      session.free();
    }
  }
});

for (const [name, { init, lr }] of Object.entries(CASES)) {
  test(`${name}: every optimizer's trajectory equals the reference's torch.optim loop for 300 updates`, async () => {
    const optimizers = OPTIMIZERS(lr);
    const runs = optimizers.map((optimizer, i) => ({ name: `${optimizer.kind} ${i}`, optimizer, iterations: 300, record: { every: 1 } }));
    const results = [await run(fnExperiment({ function: name }, init, runs.slice(0, 5))), await run(fnExperiment({ function: name }, init, runs.slice(5)))];
    results.flatMap((res) => res.runs).forEach((r, i) => {
      const ref = trainObjective({ valueGrad: (p) => functionValueGrad({ function: name }, p), optimizer: optimizers[i], iterations: 300, init });
      const n = r.history.iteration.length;
      assert.ok(n === 301 || r.status === 'diverged', `${r.name}: ${n} points, ${r.status}`);
      assertAllClose(r.history.param0, ref.params.slice(0, n).map((p) => p[0]), RTOL, FLOOR, `${name} ${r.name} x`);
      assertAllClose(r.history.param1, ref.params.slice(0, n).map((p) => p[1]), RTOL, FLOOR, `${name} ${r.name} y`);
      assertAllClose(r.history.trainLoss, ref.objective.slice(0, n), RTOL, FLOOR, `${name} ${r.name} f`);
      assert.ok(r.history.testLoss.every(Number.isNaN), 'no test loss');
      assert.deepEqual(Array.from(r.history.epoch), Array.from(r.history.iteration), 'an epoch is an update');
      assert.deepEqual(r.params.flat, [r.history.param0[n - 1], r.history.param1[n - 1]]);
    });
  });
}

test('schedules apply unchanged: their trajectories equal the reference\'s, per update', async () => {
  const schedules = [
    { kind: 'exponential', gamma: 0.99 },
    { kind: 'step', step_size: 25, gamma: 0.5 },
    { kind: 'cosine', T_max: 150, eta_min: 0.001 },
    { kind: 'linear', start_factor: 0.1, total_iters: 40 },
    { kind: 'reduce_on_plateau', factor: 0.5, patience: 3, threshold: 1e-3 },
  ];
  for (const [name, optimizer] of [['rosenbrock', { kind: 'adam', lr: 0.05 }], ['quadratic', { kind: 'sgd', lr: 0.15, momentum: 0.5 }], ['beale', { kind: 'rmsprop', lr: 0.01 }]]) {
    const { init } = CASES[name];
    for (const per of ['epoch', 'iteration']) {
      const result = await run(fnExperiment({ function: name }, init,
        schedules.map((schedule, i) => ({ name: `s${i}`, optimizer, schedule: { ...schedule, per }, iterations: 200, record: { every: 1 } }))));
      result.runs.forEach((r, i) => {
        const ref = trainObjective({ valueGrad: (p) => functionValueGrad({ function: name }, p), optimizer, schedule: schedules[i], iterations: 200, init });
        const what = `${name} ${schedules[i].kind} per ${per}`;
        assertAllClose(r.history.lr, ref.lr, 1e-12, 1e-12, `${what} lr`);
        assertAllClose(r.history.param0, ref.params.map((p) => p[0]), RTOL, FLOOR, `${what} x`);
        assertAllClose(r.history.trainLoss, ref.objective, RTOL, FLOOR, `${what} f`);
      });
    }
  }
});

test('the saddle heads to −∞ and ends diverged (not a huge negative "loss" reported as success)', async () => {
  const result = await run(fnExperiment({ function: 'saddle' }, [1, 1e-3], [
    { name: 'GD', optimizer: { kind: 'sgd', lr: 0.1 }, iterations: 1000000 },
    { name: 'Adam', optimizer: { kind: 'adam', lr: 0.1 }, iterations: 1000000 },
  ]));
  for (const r of result.runs) {
    assert.equal(r.status, 'diverged', r.name);
    assert.ok(r.divergedAt < 1000000, `${r.name} stopped early, at ${r.divergedAt}`);
    assert.ok(r.history.trainLoss.at(-1) < -1e6 && Number.isFinite(r.history.trainLoss.at(-1)));
  }
  // GD: y_k = 1e-3·1.2^k, so f < −1e6 from k = 76 on
  assert.equal(result.runs[0].divergedAt, 76);
  assert.equal(result.optimum, null);
  assert.match(result.optimumNote, /unbounded below/);
});

test('gradient noise: the same seed gives the same path, another seed another; the objective stays exact', async () => {
  const e = (seed, noise) => ({ seed, ...fnExperiment({ function: 'quadratic', noise }, [2, 1], [{ optimizer: { kind: 'sgd', lr: 0.05 }, iterations: 200, record: { every: 1 } }]) });
  const a = (await run(e(3, 0.5))).runs[0];
  const b = (await run(e(3, 0.5))).runs[0];
  const c = (await run(e(4, 0.5))).runs[0];
  assert.ok(sameBytes(a.history.param0, b.history.param0) && sameBytes(a.history.trainLoss, b.history.trainLoss));
  assert.notEqual(a.history.param0[5], c.history.param0[5]);
  // noisy steps: the path is not the noise-free one, but every recorded f is f of the recorded θ
  const clean = (await run(e(3, 0))).runs[0];
  assert.notEqual(a.history.param0[1], clean.history.param0[1]);
  a.history.trainLoss.forEach((f, i) => {
    const ref = functionValueGrad({ function: 'quadratic' }, [a.history.param0[i], a.history.param1[i]]).value;
    assert.ok(Math.abs(f - ref) <= 1e-12 * (1 + Math.abs(ref)), `point ${i}: f ${f}, reference ${ref}`);
  });
  const session = engine.createSession(e(3, 0.5), { runs: false });
  try {
    for (let i = 0; i < 200; i += 20) assert.equal(a.history.trainLoss[i], session.evaluate([a.history.param0[i], a.history.param1[i]]));
  } finally {
    session.free();
  }
  // the noise is N(0, σ²): over 200 steps of σ = 0.5 the increments' spread shows it
  const steps = [];
  for (let i = 1; i < 200; i++) {
    const g = functionValueGrad({ function: 'quadratic' }, [a.history.param0[i - 1], a.history.param1[i - 1]]).grad[0];
    steps.push((a.history.param0[i - 1] - a.history.param0[i]) / 0.05 - g);
  }
  const sd = Math.sqrt(steps.reduce((s, v) => s + v * v, 0) / steps.length);
  assert.ok(sd > 0.4 && sd < 0.6, `noise sd ${sd}`);
});

test('functionGrid evaluates f on a grid in the core; outputs and predictions refuse a function model', () => {
  const session = engine.createSession(fnExperiment({ function: 'himmelblau' }, [0, 0], [{ iterations: 1 }]), { runs: false });
  try {
    const grid = session.functionGrid({ x: [-5, 5, 11], y: [-4, 4, 5] });
    assert.deepEqual(Array.from(grid.x), [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(grid.y), [-4, -2, 0, 2, 4]);
    grid.y.forEach((y, j) => grid.x.forEach((x, i) => {
      assert.ok(Math.abs(grid.values[j * 11 + i] - functionValueGrad({ function: 'himmelblau' }, [x, y]).value) <= 1e-12 * (1 + grid.values[j * 11 + i]));
    }));
    assert.equal(grid.values[2 * 11 + 8], 20); // f(3, 0) = (9 − 11)² + (3 − 7)²
    assert.throws(() => session.functionGrid({ x: [0, 1, 0], y: [0, 1, 2] }), /x\[2\]: must be an integer in 1\.\.1024, got 0/);
    assert.throws(() => session.functionGrid({ x: [0, Infinity, 2], y: [0, 1, 2] }), /x: min and max must be finite/);
    assert.throws(() => session.functionGrid({ x: [0, 1], y: [0, 1, 2] }), /x: must be \[min, max, points\]/);
    assert.throws(() => session.predict([0, 0], [1, 2]), /predict: a function model has no inputs/);
    assert.throws(() => session.outputGrid([0, 0], { x: [0, 1, 2], y: [0, 1, 2] }), /outputGrid: needs a model of 2 input features/);
    assert.throws(() => session.holdOut({ fraction: 0.2, seed: 1 }), /holdOut: a function model has no data/);
    assert.equal(session.split('train').n, 0);
  } finally {
    session.free();
  }
});

test('the known global minimum is the optimum, and "above optimum" measures from it', async () => {
  const want = { rosenbrock: [[1, 1], 0], himmelblau: [[3, 2], 0], beale: [[3, 0.5], 0], quadratic: [[0, 0], 0], six_hump_camel: [[0.08984201310031807, -0.7126564030207396], -1.0316284534898774], rastrigin: [[0, 0], 0] };
  for (const [name, [theta, value]] of Object.entries(want)) {
    const result = await run(fnExperiment({ function: name }, [0.5, 0.5], [{ iterations: 1 }]));
    assert.deepEqual(result.optimum.params.flat, theta, name);
    assert.ok(Math.abs(result.optimum.trainLoss - value) <= 1e-15, name);
    assert.equal(result.optimum.testLoss, null);
  }
  const shifted = await run(fnExperiment({ function: 'rosenbrock', a: 2, b: 5 }, [0, 0], [{ iterations: 1 }]));
  assert.deepEqual(shifted.optimum.params.flat, [2, 4]);
  const metrics = (await run(fnExperiment({ function: 'saddle' }, [0, 0], [{ iterations: 3 }]))).runs[0].metrics;
  assert.deepEqual(metrics, { train: { value: 0, gradientNorm: 0 }, test: null }); // a stationary point that is no minimum
});

test('a function experiment replays bit for bit from its share link, and its CSV has the path as param0/param1', async () => {
  const e = fnExperiment({ function: 'six_hump_camel', noise: 0.3 }, [-1.2, 0.9], [
    { name: 'momentum', optimizer: { kind: 'sgd', lr: 0.01, momentum: 0.9 }, iterations: 400 },
    { name: 'Adam', optimizer: { kind: 'adam', lr: 0.03 }, iterations: 400, schedule: { kind: 'cosine', T_max: 400 } },
  ]);
  const link = await encodeExperiment({ ...e, seed: 9 });
  const back = await decodeExperiment(link);
  assert.equal(back.data.kind, 'none');
  const a = await run({ ...e, seed: 9 });
  const b = await run(back);
  a.runs.forEach((r, i) => {
    for (const col of ['trainLoss', 'param0', 'param1', 'lr']) assert.ok(sameBytes(r.history[col], b.runs[i].history[col]), `${r.name} ${col}`);
  });
  const csv = toCSV(a).split('\n');
  assert.equal(csv[0], 'run,iteration,epoch,samples,lr,trainLoss,testLoss,param0,param1');
  assert.match(csv[1], /^momentum,0,0,0,0\.01,[-0-9.e]+,,-1\.2,0\.9$/);
});
