// Networks (model.kind "mlp") and their data: the wasmsimd network kernel against the scalar one bit
// for bit (every group tail, block and shape, index lists), the core's gradient against the float64
// reference's backprop and that against central differences, full-batch trajectories against the
// reference's torch.optim loop, the uniform init per layer, predictions and the output grid, and the
// 2-D two-class generators.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine, run, tune, encodeExperiment, decodeExperiment } from '../../web/lib/index.js';
import { mlpLayout, mlpLossGrad, mulberry32, trainObjective } from './reference.js';
import { assertAllClose, sameBytes } from './helpers.js';

const engine = await loadEngine();

const bits = (x) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
};

/** Deterministic inputs (an LCG: varied, not random) for a network on d inputs. */
function batch(rows, d, np, loss, seed) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return {
    X: Float32Array.from({ length: rows * d }, next),
    y: Float32Array.from({ length: rows }, () => (loss === 'bce' ? (next() > 0 ? 1 : 0) : next())),
    params: Float32Array.from({ length: np }, () => 0.8 * next()),
  };
}

test('wasmsimd network kernel equals scalar bit for bit: every group tail, block, shape, activation, loss, index lists', () => {
  assert.equal(engine.simd, true);
  const SHAPES = [[1], [3], [8, 5], [4, 7, 3], [64], [16, 16], [2, 64, 2]];
  const DS = [1, 2, 3, 5, 8, 17];
  const ROWS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 128, 129, 135];
  let cases = 0;
  for (const hidden of SHAPES) {
    for (const activation of ['tanh', 'relu', 'sigmoid']) {
      for (const loss of ['mse', 'bce']) {
        for (const d of DS) {
          const np = mlpLayout({ hidden }, d).np;
          for (const rows of ROWS) {
            if ((rows * d * np) % 7 > 2 && rows > 9) continue; // a spread of the big cases keeps the test quick
            const { X, y, params } = batch(rows, d, np, loss, rows * 977 + d * 31 + np);
            for (const idx of [null, Uint32Array.from({ length: rows }, (_, i) => (i * 7 + 3) % rows)]) {
              const args = { X, y, idx, rows, d, hidden, activation, loss, params };
              const ref = engine.mlpLossgrad('scalar', args);
              const simd = engine.mlpLossgrad('wasmsimd', args);
              const what = `${hidden} ${activation} ${loss} d=${d} rows=${rows} idx=${idx ? 'yes' : 'no'}`;
              assert.ok(Number.isFinite(ref.loss), `${what}: finite loss`);
              assert.equal(bits(simd.loss), bits(ref.loss), `${what}: loss`);
              for (let j = 0; j < np; j++) assert.equal(bits(simd.grad[j]), bits(ref.grad[j]), `${what}: grad[${j}] ${simd.grad[j]} vs ${ref.grad[j]}`);
              const lossOnly = engine.mlpLossgrad('wasmsimd', { ...args, gradient: false });
              assert.equal(bits(lossOnly.loss), bits(ref.loss), `${what}: loss-only pass`);
              cases++;
            }
          }
        }
      }
    }
  }
  assert.ok(cases > 2000, `${cases} cases`);
});

test('mlpLossgrad refuses bad shapes and parameter vectors by name', () => {
  const args = { X: [1, 2, 3, 4], y: [1, 0], rows: 2, d: 2, hidden: [3], params: new Array(13).fill(0.1), loss: 'bce' };
  assert.doesNotThrow(() => engine.mlpLossgrad('scalar', args));
  assert.throws(() => engine.mlpLossgrad('scalar', { ...args, hidden: [0] }), /^DescentError: hidden\[0\]: must be an integer in 1\.\.64, got 0/);
  assert.throws(() => engine.mlpLossgrad('scalar', { ...args, hidden: [65] }), /hidden\[0\]: must be an integer in 1\.\.64, got 65/);
  assert.throws(() => engine.mlpLossgrad('scalar', { ...args, hidden: [1, 1, 1, 1] }), /hidden: must be an array of 1\.\.3/);
  assert.throws(() => engine.mlpLossgrad('scalar', { ...args, params: [1, 2] }), /params: must have 13 values, got 2/);
  assert.throws(() => engine.mlpLossgrad('scalar', { ...args, activation: 'gelu' }), /activation: must be one of tanh, relu, sigmoid/);
  assert.throws(() => engine.mlpLossgrad('scalar', { ...args, loss: 'huber' }), /loss: must be "mse" or "bce"/);
  assert.throws(() => engine.mlpLossgrad('scalar', { ...args, rows: 3 }), /rows: must be an integer in 1\.\.2, got 3/);
});

/** A session's training split as rows of numbers (the float32 values the core holds). */
function trainingRows(session) {
  const s = session.split('train');
  const X = [];
  for (let i = 0; i < s.n; i++) X.push(Array.from(s.X.subarray(i * s.d, (i + 1) * s.d)));
  return { X, y: Array.from(s.y) };
}

test('the core\'s gradient equals the reference\'s backprop, and that equals central differences', () => {
  const rng = mulberry32(5);
  for (const [data, model] of [
    [{ kind: 'moons', n: 60 }, { kind: 'mlp', hidden: [5, 4], activation: 'tanh' }],
    [{ kind: 'xor', n: 50 }, { kind: 'mlp', hidden: [6], activation: 'relu' }],
    [{ kind: 'sine', n: 40, degree: 2 }, { kind: 'mlp', hidden: [3, 3, 3], activation: 'sigmoid' }],
  ]) {
    const session = engine.createSession({ data, model, init: 'uniform' }, { runs: false });
    try {
      const { X, y } = trainingRows(session);
      const m = session.experiment.model;
      const p = Array.from(session.initialParams(), (v) => Math.fround(v + 0.3 * (rng.uniform() - 0.5)));
      const ref = mlpLossGrad(m, X, y, p);
      const got = session.gradient(p);
      // float32 passes: relative to the gradient's scale
      const scale = Math.max(...ref.grad.map(Math.abs));
      assertAllClose(got.grad, ref.grad, 1e-5, scale, `${data.kind} gradient`);
      assert.ok(Math.abs(got.value - ref.loss) <= 1e-6 * ref.loss, `${data.kind} loss ${got.value} vs ${ref.loss}`);
      assert.equal(got.value, session.evaluate(p, 'train'));
      const h = 1e-6;
      const fd = p.map((_, j) => {
        const up = p.slice();
        const down = p.slice();
        up[j] += h;
        down[j] -= h;
        return (mlpLossGrad(m, X, y, up, undefined, false).loss - mlpLossGrad(m, X, y, down, undefined, false).loss) / (2 * h);
      });
      const kinks = model.activation === 'relu' ? fd.filter((v, j) => Math.abs(v - ref.grad[j]) > 1e-4).length : 0;
      assert.ok(kinks <= 1, `${data.kind}: ${kinks} parameters next to a ReLU kink`);
      fd.forEach((v, j) => {
        if (model.activation === 'relu' && Math.abs(v - ref.grad[j]) > 1e-4) return;
        assert.ok(Math.abs(v - ref.grad[j]) <= 1e-7 * (1 + Math.abs(v)), `${data.kind} ∂/∂θ${j}: backprop ${ref.grad[j]}, differences ${v}`);
      });
    } finally {
      session.free();
    }
  }
});

test('full-batch trajectories (SGD, momentum, Adam; 200 updates) agree with the float64 reference to float32 tolerance', async () => {
  for (const [data, model] of [
    [{ kind: 'moons', n: 100 }, { kind: 'mlp', hidden: [8, 8], activation: 'tanh' }],
    [{ kind: 'circles', n: 100 }, { kind: 'mlp', hidden: [16], activation: 'relu' }],
    [{ kind: 'sine', n: 60, degree: 1 }, { kind: 'mlp', hidden: [6, 5, 4], activation: 'sigmoid' }],
  ]) {
    const optimizers = [{ kind: 'sgd', lr: 0.1 }, { kind: 'sgd', lr: 0.05, momentum: 0.9 }, { kind: 'adam', lr: 0.01 }];
    const e = { data, model, init: 'uniform', runs: optimizers.map((optimizer, i) => ({ name: `r${i}`, optimizer, iterations: 200, record: { every: 1 } })) };
    const result = await run(e);
    const session = engine.createSession(e, { runs: false });
    const { X, y } = trainingRows(session);
    const init = Array.from(session.initialParams());
    const m = session.experiment.model;
    session.free();
    result.runs.forEach((r, i) => {
      const ref = trainObjective({ valueGrad: (p) => { const o = mlpLossGrad(m, X, y, p); return { value: o.loss, grad: o.grad }; }, optimizer: optimizers[i], iterations: 200, init });
      // measured: within 6e-7 relative on the loss, 3e-6 of max(|θ|, 0.1) on the parameters
      assertAllClose(r.history.trainLoss, ref.objective, 1e-5, 1e-3, `${data.kind} ${r.name} loss`);
      assertAllClose(r.params.flat, ref.params[200], 1e-4, 0.1, `${data.kind} ${r.name} parameters`);
      assert.ok(r.history.trainLoss.at(-1) < r.history.trainLoss[0], `${data.kind} ${r.name} learns`);
    });
  }
});

test('init "uniform" is torch\'s nn.Linear default per layer (weight then bias, U(±1/√fan_in)) from the init stream', () => {
  const session = engine.createSession({ data: { kind: 'moons' }, model: { hidden: [3, 4] }, init: 'uniform' }, { runs: false });
  try {
    const p = session.initialParams();
    assert.equal(p.length, 2 * 3 + 3 + 3 * 4 + 4 + 4 + 1);
    const rng = session.randomStream('init');
    const want = [];
    for (const [fanIn, out] of [[2, 3], [3, 4], [4, 1]]) {
      const bound = 1 / Math.sqrt(fanIn);
      for (let k = 0; k < fanIn * out + out; k++) want.push((2 * rng.uniform() - 1) * bound);
    }
    rng.free();
    assert.deepEqual(Array.from(p), want);
    assert.ok(p.slice(0, 9).every((v) => Math.abs(v) <= 1 / Math.sqrt(2)) && p.slice(9, 25).every((v) => Math.abs(v) <= 1 / Math.sqrt(3)));
    assert.equal(session.experiment.init, 'uniform', 'a network\'s default init');
    assert.throws(() => session.initialParams({ weights: [1, 2], bias: 0 }), /init: must be "zeros", "uniform" or \{params: 30 numbers\}/);
    assert.throws(() => session.initialParams({ params: [1] }), /init\.params: must have 30 values, got 1/);
  } finally {
    session.free();
  }
});

test('predict and outputGrid: the network\'s probabilities computed by the core, in model or raw coordinates', async () => {
  const e = { data: { kind: 'moons', standardize: true }, model: { hidden: [6], activation: 'tanh' }, runs: [{ optimizer: { kind: 'adam', lr: 0.02 }, iterations: 300 }] };
  const result = await run(e);
  const p = result.runs[0].params.flat;
  const session = engine.createSession(e, { runs: false });
  try {
    const { X, y } = trainingRows(session);
    const probs = session.predict(p, X.flat());
    const m = session.experiment.model;
    const { layers } = mlpLayout(m, 2);
    X.forEach((row, i) => {
      // reference output: z by the float64 forward pass, σ(z)
      let a = row;
      layers.forEach((L, l) => {
        a = Array.from({ length: L.out }, (_, k) => {
          let s = p[L.b + k];
          for (let q = 0; q < L.in; q++) s += p[L.w + k * L.in + q] * a[q];
          return l + 1 < layers.length ? Math.tanh(s) : s;
        });
      });
      assert.ok(Math.abs(probs[i] - 1 / (1 + Math.exp(-a[0]))) <= 1e-6, `row ${i}`);
    });
    const accuracy = probs.filter((q, i) => (q > 0.5) === (y[i] === 1)).length / y.length;
    assert.equal(accuracy, result.runs[0].metrics.train.accuracy);
    // the grid in model coordinates is predict on the grid's points; in raw coordinates the points are
    // standardised first
    const grid = session.outputGrid(p, { x: [-2, 2, 5], y: [-1, 1, 3] });
    assert.equal(grid.values.length, 15);
    assert.equal(grid.values[1 * 5 + 3], session.predict(p, [1, 0])[0]);
    const { mean, scale } = session.featureStats();
    const raw = session.outputGrid(p, { x: [-2, 2, 5], y: [-1, 1, 3], space: 'raw' });
    assert.equal(raw.values[2 * 5 + 0], session.predict(p, [Math.fround((-2 - mean[0]) / scale[0]), Math.fround((1 - mean[1]) / scale[1])])[0]);
    assert.throws(() => session.outputGrid(p, { x: [0, 1, 2000], y: [0, 1, 2] }), /x\[2\]: must be an integer in 1\.\.1024, got 2000/);
    assert.throws(() => session.outputGrid(p, { x: [0, 1, 2], y: [0, 1, 2], space: 'data' }), /space: must be "model" or "raw"/);
    assert.throws(() => session.predict(p, [1, 2, 3]), /X: must hold whole rows of d = 2 values, got 3 values/);
    assert.throws(() => session.predict(p.slice(1), [1, 2]), /params: must have 25 values, got 24/);
  } finally {
    session.free();
  }
});

test('the 2-D two-class generators: labels, shapes, noise, seeds', () => {
  const points = (data, seed = 1) => {
    const session = engine.createSession({ seed, data: { testFraction: 0, ...data } }, { runs: false, optimum: false });
    try {
      const s = session.split('train');
      assert.equal(s.d, 2);
      return Array.from({ length: s.n }, (_, i) => ({ x: s.X[2 * i], y: s.X[2 * i + 1], c: s.y[i] }));
    } finally {
      session.free();
    }
  };
  for (const kind of ['moons', 'circles', 'xor', 'spiral']) {
    const p = points({ kind });
    assert.equal(p.length, 200, `${kind}: 200 rows by default`);
    const ones = p.filter((q) => q.c === 1).length;
    assert.ok(p.every((q) => q.c === 0 || q.c === 1) && ones > 70 && ones < 130, `${kind}: two classes (${ones} ones)`);
    assert.notDeepEqual(points({ kind }, 2), p, `${kind}: another seed, other data`);
    assert.deepEqual(points({ kind }), p, `${kind}: the same seed, the same data`);
  }
  const exact = (kind) => points({ kind, noiseLevel: 0, n: 400 });
  for (const q of exact('circles')) assert.ok(Math.abs(Math.hypot(q.x, q.y) - (q.c ? 0.5 : 1)) < 1e-6, 'circles: radius 1 or 0.5');
  for (const q of exact('xor')) assert.equal(q.c, Number((q.x > 0) !== (q.y > 0)), 'xor: class 1 when the signs differ');
  for (const q of exact('moons')) {
    const r = q.c ? Math.hypot(q.x - 1, q.y - 0.5) : Math.hypot(q.x, q.y);
    assert.ok(Math.abs(r - 1) < 1e-6 && (q.c ? q.y <= 0.5 + 1e-6 : q.y >= -1e-6), 'moons: two half circles');
  }
  for (const q of exact('spiral')) {
    const r = Math.hypot(q.x, q.y);
    const turn = (Math.atan2(q.y, q.x) - 4 * Math.PI * r - Math.PI * q.c) / (2 * Math.PI);
    assert.ok(Math.abs(turn - Math.round(turn)) < 1e-5, 'spiral: angle 4πr + πc');
  }
  const noisy = exact('circles').length && points({ kind: 'circles', noiseLevel: 0.1, n: 2000 });
  const sd = Math.sqrt(noisy.reduce((s, q) => s + (Math.hypot(q.x, q.y) - (q.c ? 0.5 : 1)) ** 2, 0) / noisy.length);
  assert.ok(sd > 0.08 && sd < 0.12, `circles: radial noise sd ${sd}`);
});

test('a network experiment replays bit for bit from its share link; mini-batches and metrics per loss', async () => {
  const e = {
    seed: 5,
    data: { kind: 'spiral', n: 150 },
    model: { kind: 'mlp', hidden: [16, 16], activation: 'relu' },
    runs: [
      { name: 'Adam 16', optimizer: { kind: 'adam', lr: 0.01 }, batchSize: 16, epochs: 20 },
      { name: 'SGD', optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9 }, batchSize: 1, iterations: 500, schedule: { kind: 'step', step_size: 2 } },
    ],
  };
  const back = await decodeExperiment(await encodeExperiment(e));
  const a = await run(e);
  const b = await run(back);
  a.runs.forEach((r, i) => {
    for (const col of ['trainLoss', 'testLoss', 'lr', 'samples']) assert.ok(sameBytes(r.history[col], b.runs[i].history[col]), `${r.name} ${col}`);
    assert.deepEqual(r.params.flat, b.runs[i].params.flat);
    assert.equal(r.history.param0, undefined, 'no param columns beyond 2 parameters');
    assert.deepEqual(Object.keys(r.metrics.train), ['logLoss', 'accuracy']);
  });
  assert.equal(a.runs[0].params.layers.length, 3);
  assert.deepEqual(a.runs[0].params.layers.map((l) => [l.weight.length, l.weight[0].length, l.bias.length]), [[16, 2, 16], [16, 16, 16], [1, 16, 1]]);
  const reg = await run({ data: { kind: 'sine', degree: 1 }, model: { kind: 'mlp', hidden: [8] }, runs: [{ optimizer: { kind: 'adam', lr: 0.02 }, iterations: 300 }] });
  assert.deepEqual(Object.keys(reg.runs[0].metrics.test), ['mse', 'rmse', 'mae', 'r2']);
  assert.ok(reg.runs[0].metrics.test.r2 > 0.9, `r2 ${reg.runs[0].metrics.test.r2}`);
  assert.equal(reg.optimum, null);
  assert.match(reg.optimumNote, /no closed form for a network/);
});

test('tuning a network: the validation split, the same trials and winner with 0 and 2 workers', async () => {
  const e = {
    data: { kind: 'xor', n: 160 },
    model: { kind: 'mlp', hidden: [8] },
    runs: [{ optimizer: { kind: 'adam', lr: 0.01 }, batchSize: 16, epochs: 10 }],
    tune: { space: { lr: { min: 1e-3, max: 0.1 } }, trials: 5 },
  };
  const a = await tune(e, { workers: 0 });
  const b = await tune(e, { workers: 2 });
  assert.deepEqual(a.trials.map((t) => [t.validationLoss, t.params.flat]), b.trials.map((t) => [t.validationLoss, t.params.flat]));
  assert.deepEqual([a.data.nFit, a.data.nValidation], [102, 26]);
  assert.ok(a.trials.every((t) => t.params.flat.length === 33 && t.params.layers.length === 2));
  assert.ok(Number.isFinite(a.best.testLoss) && a.best.testMetrics.accuracy >= 0);
  const refine = await tune({ ...e, tune: { kind: 'refine', tries: 50 } }, { workers: 0 });
  assert.ok(refine.best.trainLoss <= refine.start.trainLoss && refine.best.params.flat.length === 33);
});
