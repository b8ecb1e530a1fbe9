// Checks of the float64 reference itself (reference.js), independent of the engine: closed form on
// exact data, finite differences of every loss's gradient, and hand-derived optimizer steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  rowLoss, objective, gradient, numericGradient, createOptimizer, scheduleLr, ReduceLROnPlateau,
  train, leastSquares, seedLikeData, toFloat32Data, close,
} from './reference.js';

const near = (got, want, tol, msg) =>
  assert.ok(Math.abs(got - want) <= tol, `${msg ?? ''} got ${got}, want ${want} (tol ${tol})`);

test('leastSquares recovers exact weights and bias (d = 3)', () => {
  const X = [[1, 0, 2], [0, 1, -1], [2, 3, 0], [-1, 2, 1], [0.5, -1, 3], [3, 1, 1]];
  const w = [1.5, -2, 0.25];
  const b = 0.75;
  const y = X.map((r) => r[0] * w[0] + r[1] * w[1] + r[2] * w[2] + b);
  const p = leastSquares(X, y);
  [...w, b].forEach((v, j) => near(p[j], v, 1e-12, `param ${j}`));
  near(objective({ loss: 'mse' }, X, y, p), 0, 1e-24);
});

test('leastSquares with l2 zeroes the ridge objective gradient', () => {
  const { X, y } = toFloat32Data(...Object.values(seedLikeData(30, 7)));
  const model = { loss: 'mse', l2: 0.3 };
  const p = leastSquares(X, y, 0.3);
  for (const g of gradient(model, X, y, p)) near(g, 0, 1e-12);
  // the unpenalised solution has a larger ridge objective
  const p0 = leastSquares(X, y, 0);
  assert.ok(objective(model, X, y, p0) > objective(model, X, y, p) + 1e-3);
});

test('gradient matches central finite differences for every loss, with penalties', () => {
  const X = [[0.3, -1.2], [1.1, 0.4], [-0.7, 0.9], [2.0, -0.3], [0.05, 1.7]];
  const yReg = [0.5, -1.0, 2.0, 0.1, -0.4];
  const yCls = [1, 0, 1, 0, 1];
  const params = [0.8, -0.6, 0.2]; // weights away from 0 so L1 is differentiable here
  const cases = [
    { loss: 'mse', y: yReg },
    { loss: 'mae', y: yReg },
    { loss: 'huber', delta: 0.7, y: yReg }, // mixes rows inside and outside δ
    { loss: 'bce', y: yCls },
    { loss: 'mse', l1: 0.2, l2: 0.3, y: yReg },
    { loss: 'huber', delta: 1.5, l2: 0.1, y: yReg },
    { loss: 'bce', l1: 0.05, y: yCls },
  ];
  for (const c of cases) {
    const g = gradient(c, X, c.y, params);
    const fd = numericGradient(c, X, c.y, params);
    g.forEach((v, j) => near(v, fd[j], 1e-7, `${JSON.stringify(c)} param ${j}`));
  }
  // the Huber rows straddle δ = 0.7 (otherwise the case above would not test both branches)
  const rs = X.map((r, i) => r[0] * params[0] + r[1] * params[1] + params[2] - yReg[i]);
  assert.ok(rs.some((r) => Math.abs(r) < 0.7) && rs.some((r) => Math.abs(r) >= 0.7));
});

test('row losses: hand values', () => {
  assert.deepEqual(rowLoss('mse', 3, 1), { value: 4, deriv: 4 });
  assert.deepEqual(rowLoss('mae', 1, 3), { value: 2, deriv: -1 });
  assert.deepEqual(rowLoss('mae', 2, 2), { value: 0, deriv: 0 });
  assert.deepEqual(rowLoss('huber', 1.5, 1, 1), { value: 0.125, deriv: 0.5 });
  assert.deepEqual(rowLoss('huber', 4, 1, 1), { value: 2.5, deriv: 1 });
  const b = rowLoss('bce', 0, 1);
  near(b.value, Math.LN2, 1e-15);
  near(b.deriv, -0.5, 1e-15);
  // stable at large |z|: softplus(800) − 800 = 0 and softplus(−800) = 0
  near(rowLoss('bce', 800, 1).value, 0, 1e-300);
  near(rowLoss('bce', -800, 0).value, 0, 1e-300);
});

// Two points (x=1, y=2), (x=2, y=3), w = b = 0: residuals −2, −3;
// ∂/∂w = mean(2r·x) = (−4 − 12)/2 = −8, ∂/∂b = mean(2r) = (−4 − 6)/2 = −5; objective (4 + 9)/2 = 6.5.
const X2 = [[1], [2]];
const y2 = [2, 3];

test('hand step: SGD on two points', () => {
  assert.deepEqual(gradient({ loss: 'mse' }, X2, y2, [0, 0]), [-8, -5]);
  assert.equal(objective({ loss: 'mse' }, X2, y2, [0, 0]), 6.5);
  const p = [0, 0];
  createOptimizer({ kind: 'sgd', lr: 0.1 }, 2).step(p, [-8, -5], 0.1);
  // w = 0 − 0.1·(−8) = 0.8, b = 0.5; predictions 1.3, 2.1 → residuals −0.7, −0.9 → (0.49 + 0.81)/2
  near(p[0], 0.8, 1e-15);
  near(p[1], 0.5, 1e-15);
  near(objective({ loss: 'mse' }, X2, y2, p), 0.65, 1e-15);
});

test('hand steps: SGD momentum with dampening, Nesterov, weight decay', () => {
  // μ = 0.9, τ = 0.5: step 1 buf = g = −8 → w = 0.8; step 2 with g = −4: buf = 0.9·(−8) + 0.5·(−4) = −9.2
  const p = [0];
  const o = createOptimizer({ kind: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.5 }, 1);
  o.step(p, [-8], 0.1);
  near(p[0], 0.8, 1e-15);
  o.step(p, [-4], 0.1);
  near(p[0], 0.8 + 0.92, 1e-15);
  // Nesterov, μ = 0.9: step 1 buf = −8, d_p = −8 + 0.9·(−8) = −15.2 → 1.52
  const q = [0];
  createOptimizer({ kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true }, 1).step(q, [-8], 0.1);
  near(q[0], 1.52, 1e-15);
  // weight decay 0.5 at p = 2, g = 1: d_p = 1 + 1 = 2 → 2 − 0.2 = 1.8
  const r = [2];
  createOptimizer({ kind: 'sgd', lr: 0.1, weight_decay: 0.5 }, 1).step(r, [1], 0.1);
  near(r[0], 1.8, 1e-15);
});

test('hand steps: Adagrad, RMSprop, Adam, AdamW first steps', () => {
  // Adagrad, initial_accumulator_value 1, g = 3: sum = 10, step 0.1·3/(√10 + 1e-10)
  const a = [0];
  createOptimizer({ kind: 'adagrad', lr: 0.1, initial_accumulator_value: 1 }, 1).step(a, [3], 0.1);
  near(a[0], -0.3 / (Math.sqrt(10) + 1e-10), 1e-16);
  // Adagrad lr_decay 0.5, second step: clr = 0.1/(1 + 0.5) with sum = 9 + 16 = 25 → −(0.1/1.5)·4/5
  const a2 = [0];
  const ag = createOptimizer({ kind: 'adagrad', lr: 0.1, lr_decay: 0.5, eps: 0 }, 1);
  ag.step(a2, [3], 0.1); // −0.1·3/3 = −0.1
  ag.step(a2, [4], 0.1);
  near(a2[0], -0.1 - (0.1 / 1.5) * 0.8, 1e-15);
  // RMSprop α = 0.99: sq = 0.01·g² → step lr·g/(0.1|g| + eps) ≈ 10·lr·sign(g)
  const r = [0];
  createOptimizer({ kind: 'rmsprop', lr: 0.1, alpha: 0.99, eps: 1e-8 }, 1).step(r, [-8], 0.1);
  near(r[0], 0.8 / (0.8 + 1e-8), 1e-15);
  // centered: sq − ga² = 0.01·64 − 0.0064 = 0.6336 → √ = 0.79598…
  const c = [0];
  createOptimizer({ kind: 'rmsprop', lr: 0.1, alpha: 0.99, eps: 1e-8, centered: true }, 1).step(c, [-8], 0.1);
  near(c[0], 0.8 / (Math.sqrt(0.6336) + 1e-8), 1e-14);
  // Adam: m̂ = g, √v̂ = |g| on step 1 → lr·g/(|g| + eps)
  const m = [0, 0];
  createOptimizer({ kind: 'adam', lr: 0.1, betas: [0.9, 0.999], eps: 1e-8 }, 2).step(m, [-8, -5], 0.1);
  near(m[0], 0.8 / (8 + 1e-8), 1e-15);
  near(m[1], 0.5 / (5 + 1e-8), 1e-15);
  // AdamW, wd 0.1 at p = 2: p = 2·(1 − 0.01) = 1.98, then −0.1·sign(g)
  const w = [2];
  createOptimizer({ kind: 'adamw', lr: 0.1, weight_decay: 0.1, eps: 0 }, 1).step(w, [3], 0.1);
  near(w[0], 1.98 - 0.1, 1e-15);
  // Adam with weight decay 0.1 at p = 2, g = 3: g' = 3.2, step −0.1 (sign only)
  const w2 = [2];
  createOptimizer({ kind: 'adam', lr: 0.1, weight_decay: 0.1, eps: 0 }, 1).step(w2, [3], 0.1);
  near(w2[0], 1.9, 1e-15);
});

test('Adam amsgrad uses the running max of v', () => {
  // β₂ = 0.5: step 1 g = 4: v = 8; step 2 g = 0: v = 4, vmax = 8, bc2 = 0.75, m = β₁·(1 − β₁)·4
  const b1 = 0.9;
  const p = [0];
  const o = createOptimizer({ kind: 'adam', lr: 1, betas: [b1, 0.5], eps: 0, amsgrad: true }, 1);
  o.step(p, [4], 1); // −1
  o.step(p, [0], 1);
  const m = b1 * (1 - b1) * 4;
  near(p[0], -1 - (m / (1 - b1 ** 2)) / (Math.sqrt(8) / Math.sqrt(0.75)), 1e-15);
  const q = [0];
  const o2 = createOptimizer({ kind: 'adam', lr: 1, betas: [b1, 0.5], eps: 0 }, 1);
  o2.step(q, [4], 1);
  o2.step(q, [0], 1);
  near(q[0], -1 - (m / (1 - b1 ** 2)) / (Math.sqrt(4) / Math.sqrt(0.75)), 1e-15);
});

test('schedules: closed forms at hand-picked steps', () => {
  near(scheduleLr({ kind: 'exponential', gamma: 0.5 }, 1, 3), 0.125, 0);
  near(scheduleLr({ kind: 'step', gamma: 0.1, step_size: 3 }, 1, 5), 0.1, 1e-16);
  near(scheduleLr({ kind: 'step', gamma: 0.1, step_size: 3 }, 1, 6), 0.01, 1e-17);
  near(scheduleLr({ kind: 'cosine', T_max: 4, eta_min: 0.1 }, 1, 2), 0.55, 1e-15);
  near(scheduleLr({ kind: 'cosine', T_max: 4, eta_min: 0.1 }, 1, 4), 0.1, 1e-15);
  near(scheduleLr({ kind: 'linear', start_factor: 0.25, end_factor: 1, total_iters: 3 }, 1, 0), 0.25, 0);
  near(scheduleLr({ kind: 'linear', start_factor: 0.25, end_factor: 1, total_iters: 3 }, 1, 2), 0.75, 1e-15);
  near(scheduleLr({ kind: 'linear', start_factor: 0.25, end_factor: 1, total_iters: 3 }, 1, 9), 1, 0);
});

test('ReduceLROnPlateau: torch semantics on a constant metric (patience 2, cooldown 1)', () => {
  // step 1 improves (best = inf → 5); then bad epochs 1, 2, 3 > patience → reduce at step 4;
  // cooldown 1 zeroes the count at step 5; bad 1, 2, 3 at steps 6, 7, 8 → reduce at step 8.
  const s = new ReduceLROnPlateau(1, { factor: 0.5, patience: 2, cooldown: 1 });
  const lrs = Array.from({ length: 9 }, () => s.step(5));
  assert.deepEqual(lrs, [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25]);
  // min_lr clamps, and a change smaller than eps is not applied
  const m = new ReduceLROnPlateau(1, { factor: 0.1, patience: 0, min_lr: 0.05 });
  assert.deepEqual([m.step(1), m.step(1), m.step(1), m.step(1)], [1, 0.1, 0.05, 0.05]);
  // rel threshold: 0.9999 is not an improvement on 1 with threshold 1e-3, 0.99 is
  const r = new ReduceLROnPlateau(1, { threshold: 1e-3 });
  r.step(1);
  r.step(0.9999);
  assert.equal(r.numBadEpochs, 1);
  r.step(0.99);
  assert.equal(r.numBadEpochs, 0);
  assert.equal(r.best, 0.99);
  // abs threshold
  const a = new ReduceLROnPlateau(1, { threshold: 0.5, threshold_mode: 'abs' });
  a.step(1);
  a.step(0.6);
  assert.equal(a.numBadEpochs, 1);
  a.step(0.4);
  assert.equal(a.best, 0.4);
});

test('train: full-batch GD converges to the closed form; a large lr diverges', () => {
  const { X, y } = toFloat32Data(...Object.values(seedLikeData(40, 3)));
  const opt = leastSquares(X, y);
  const run = train({ X, y, model: { loss: 'mse' }, optimizer: { kind: 'sgd', lr: 0.5 }, iterations: 3000, init: [0, 0] });
  const last = run.params.at(-1);
  assert.ok(close(last[0], opt[0], 1e-9) && close(last[1], opt[1], 1e-9), `${last} vs ${opt}`);
  assert.equal(run.objective.length, 3001);
  assert.equal(run.status, 'completed');
  const bad = train({ X, y, model: { loss: 'mse' }, optimizer: { kind: 'sgd', lr: 2 }, iterations: 100, init: [0, 0] });
  assert.equal(bad.status, 'diverged');
  assert.ok(bad.objective[bad.divergedAt] > 1e6 * bad.objective[0]);
  assert.ok(bad.objective[bad.divergedAt - 1] <= 1e6 * bad.objective[0]);
});

test('train: mini-batches in data order, per-epoch schedule steps after each epoch', () => {
  const { X, y } = toFloat32Data(...Object.values(seedLikeData(6, 5)));
  const run = train({
    X, y, model: { loss: 'mse' }, optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 2, iterations: 7,
    init: [0, 0], schedule: { kind: 'exponential', gamma: 0.5, per: 'epoch' },
  });
  assert.deepEqual(run.lr, [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]);
  // update 1 uses rows 0, 1 only
  const g = gradient({ loss: 'mse' }, X, y, [0, 0], [0, 1]);
  near(run.params[1][0], -0.1 * g[0], 1e-16);
  near(run.params[1][1], -0.1 * g[1], 1e-16);
});
