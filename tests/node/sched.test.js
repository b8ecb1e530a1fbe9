// Learning-rate schedules: history.lr against torch.optim.lr_scheduler closed forms and the reference's
// ReduceLROnPlateau / bold driver, full batch and mini-batch, per epoch and per iteration.
//
// history.lr at point i is the rate the NEXT update uses, i.e. the schedule after the steps taken by
// the end of update i: per "iteration" that is t = i steps, per "epoch" t = ⌊i / updates-per-epoch⌋.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../web/lib/index.js';
import { train, scheduleLr, ReduceLROnPlateau } from './reference.js';
import { inlineExperiment, fullBatchRun, f32, runNamed, assertAllClose, LOSS_FLOOR } from './helpers.js';

const LR_RTOL = 1e-12; // schedules are double arithmetic: only rounding differences (γ^t vs repeated ·γ)
const RTOL = 1e-6;     // parameters and objectives (float32 data), as in optim.test.js

const D1 = {
  X: [[0.1], [0.5], [0.9], [1.3], [-0.4], [2.2]],
  y: [0.7, 1.9, 2.3, 3.8, -0.2, 5.1],
  init: [0.3, -0.2],
};
const { X, y } = f32(D1.X, D1.y);
const mse = { loss: 'mse' };

test('closed-form schedules, full batch: history.lr and the trajectory match the reference', async () => {
  const ITERS = 12;
  const schedules = {
    'exponential-epoch': { kind: 'exponential', gamma: 0.8, per: 'epoch' },
    'exponential-iteration': { kind: 'exponential', gamma: 0.8, per: 'iteration' },
    step: { kind: 'step', gamma: 0.5, step_size: 3, per: 'iteration' },
    'cosine-past-T_max': { kind: 'cosine', T_max: 5, eta_min: 0.01, per: 'iteration' }, // t runs to 12 > 2·T_max
    'linear-warmup': { kind: 'linear', start_factor: 0.2, end_factor: 1, total_iters: 4, per: 'epoch' },
    'linear-decay': { kind: 'linear', start_factor: 1, end_factor: 0.1, total_iters: 6, per: 'iteration' },
    constant: { kind: 'constant' },
  };
  const lr = 0.1;
  const exp = inlineExperiment({
    ...D1,
    runs: Object.entries(schedules).map(([name, schedule]) =>
      fullBatchRun(name, { kind: 'sgd', lr }, ITERS, { schedule })),
  });
  const result = await run(exp);
  for (const [name, schedule] of Object.entries(schedules)) {
    const h = runNamed(result, name).history;
    // full batch: one update per epoch, so per epoch and per iteration give t = i
    const want = Array.from({ length: ITERS + 1 }, (_, i) => scheduleLr(schedule, lr, i));
    assertAllClose(Array.from(h.lr), want, LR_RTOL, 0, `${name} lr`);
    const ref = train({ X, y, model: mse, optimizer: { kind: 'sgd', lr }, schedule, iterations: ITERS, init: D1.init });
    assertAllClose(ref.lr, want, 1e-15, 0, `${name} reference lr`);
    assertAllClose(Array.from(h.param0), ref.params.map((p) => p[0]), RTOL, 1, `${name} param0`);
    assertAllClose(Array.from(h.param1), ref.params.map((p) => p[1]), RTOL, 1, `${name} param1`);
    assertAllClose(Array.from(h.trainLoss), ref.objective, RTOL, LOSS_FLOOR, `${name} trainLoss`);
  }
  // non-vacuous: the cosine run goes back up after T_max and the schedules differ from constant
  const cos = runNamed(result, 'cosine-past-T_max').history.lr;
  assert.ok(cos[5] < cos[7] && cos[7] < cos[10] && cos[12] < cos[10], 'cosine past T_max follows the closed form (period 2·T_max)');
});

test('mini-batches: per "epoch" keeps lr constant within an epoch, per "iteration" steps every update', async () => {
  // 6 rows, batch 2, no shuffle: 3 updates per epoch, batches rows {0,1}, {2,3}, {4,5}.
  const ITERS = 12;
  const lr = 0.1;
  const runs = {
    'exp-per-epoch': { schedule: { kind: 'exponential', gamma: 0.5, per: 'epoch' }, batchSize: 2, shuffle: false },
    'exp-per-iteration': { schedule: { kind: 'exponential', gamma: 0.5, per: 'iteration' }, batchSize: 2, shuffle: false },
    'step-per-epoch': { schedule: { kind: 'step', gamma: 0.1, step_size: 2, per: 'epoch' }, batchSize: 2, shuffle: false },
    // batch 4 of 6 rows: updates of 4 then 2 rows (drop_last = False), 2 updates per epoch
    'uneven-per-epoch': { schedule: { kind: 'exponential', gamma: 0.5, per: 'epoch' }, batchSize: 4, shuffle: false },
    // shuffled rows: the lr sequence does not depend on the order
    'shuffled-per-epoch': { schedule: { kind: 'exponential', gamma: 0.5, per: 'epoch' }, batchSize: 2, shuffle: true },
  };
  const exp = inlineExperiment({
    ...D1,
    runs: Object.entries(runs).map(([name, r]) => ({
      name, optimizer: { kind: 'sgd', lr }, iterations: ITERS, record: { every: 1 }, ...r,
    })),
  });
  const result = await run(exp);
  const idx = Array.from({ length: ITERS + 1 }, (_, i) => i);
  for (const [name, r] of Object.entries(runs)) {
    const got = runNamed(result, name);
    const h = got.history;
    const perEpoch = Math.ceil(6 / r.batchSize);
    const t = (i) => (r.schedule.per === 'epoch' ? Math.floor(i / perEpoch) : i);
    assertAllClose(Array.from(h.lr), idx.map((i) => scheduleLr(r.schedule, lr, t(i))), LR_RTOL, 0, `${name} lr`);
    // samples: full epochs of 6 plus the rows of this epoch's updates so far
    const samples = idx.map((i) => 6 * Math.floor(i / perEpoch) + Math.min(6, (i % perEpoch) * r.batchSize));
    assert.deepEqual(Array.from(h.samples), samples, `${name} samples`);
    assertAllClose(Array.from(h.epoch), samples.map((s) => s / 6), 1e-15, 0, `${name} epoch`);
    assert.equal(got.samples, samples[ITERS], `${name} run.samples`);
    assert.ok(Math.abs(got.epochs - samples[ITERS] / 6) < 1e-12, `${name} run.epochs`);
    if (!r.shuffle) {
      const ref = train({ X, y, model: mse, optimizer: { kind: 'sgd', lr }, schedule: r.schedule, batchSize: r.batchSize, iterations: ITERS, init: D1.init });
      assertAllClose(Array.from(h.param0), ref.params.map((p) => p[0]), RTOL, 1, `${name} param0`);
      assertAllClose(Array.from(h.param1), ref.params.map((p) => p[1]), RTOL, 1, `${name} param1`);
      assertAllClose(Array.from(h.trainLoss), ref.objective, RTOL, LOSS_FLOOR, `${name} trainLoss`);
    }
  }
  // shuffling changes the trajectory (same lr sequence, different batches)
  const a = runNamed(result, 'exp-per-epoch').history.param0;
  const b = runNamed(result, 'shuffled-per-epoch').history.param0;
  assert.ok(Array.from(a).some((v, i) => Math.abs(v - b[i]) > 1e-4), 'shuffle: true reorders the batches');
});

// Exact fit: y = 2x + 1 on integer x, init at (2, 1): every residual, the gradient and the objective are
// exactly 0 in float32, so every step's metric is 0 and only "is 0 better than the best?" matters.
const EXACT = { X: [[0], [1], [2], [3]], y: [1, 3, 5, 7], init: [2, 1] };

test('reduce_on_plateau on a flat objective: patience, cooldown, min_lr and eps as in torch', async () => {
  const ITERS = 12;
  const schedules = {
    'patience-cooldown': { kind: 'reduce_on_plateau', per: 'iteration', factor: 0.5, patience: 2, cooldown: 1 },
    'min-lr': { kind: 'reduce_on_plateau', per: 'iteration', factor: 0.1, patience: 0, min_lr: 0.002 },
    'abs-threshold': { kind: 'reduce_on_plateau', per: 'epoch', factor: 0.5, patience: 1, threshold: 0.5, threshold_mode: 'abs' },
  };
  const exp = inlineExperiment({
    ...EXACT,
    runs: Object.entries(schedules).map(([name, schedule]) =>
      fullBatchRun(name, { kind: 'sgd', lr: 0.1 }, ITERS, { schedule })),
  });
  const result = await run(exp);
  // By hand for 'patience-cooldown' (torch): step 1 improves (inf → 0); steps 2, 3, 4 are bad 1, 2, 3 > 2
  // → lr 0.05 at step 4, cooldown 1 swallows step 5; bad 1, 2, 3 at steps 6, 7, 8 → 0.025; … 12 → 0.0125.
  const hand = [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.0125];
  assert.deepEqual(Array.from(runNamed(result, 'patience-cooldown').history.lr), hand);
  for (const [name, schedule] of Object.entries(schedules)) {
    const got = runNamed(result, name);
    const s = new ReduceLROnPlateau(0.1, schedule);
    const want = [0.1, ...Array.from({ length: ITERS }, () => s.step(0))];
    assertAllClose(Array.from(got.history.lr), want, LR_RTOL, 0, `${name} lr`);
    assert.ok(Array.from(got.history.trainLoss).every((v) => v === 0), `${name}: exact fit stays at 0`);
    assert.ok(Array.from(got.history.param0).every((v) => v === 2), `${name}: w stays 2`);
  }
  assertAllClose(Array.from(runNamed(result, 'min-lr').history.lr).slice(0, 5), [0.1, 0.1, 0.01, 0.002, 0.002], LR_RTOL, 0, 'min-lr by hand');
});

/**
 * Asserts every plateau comparison in the reference run is decided by a margin far above float32
 * evaluation noise, so the engine must take the same branch (else the test itself is ill-posed).
 */
function assertPlateauMargins(metrics, schedule, lr0) {
  const s = new ReduceLROnPlateau(lr0, schedule);
  for (const m of metrics) {
    const bar = s.best * (1 - s.threshold);
    if (Number.isFinite(bar)) assert.ok(Math.abs(m - bar) > 1e-5 * Math.abs(bar), `plateau metric ${m} too close to ${bar}`);
    s.step(m);
  }
}

test('reduce_on_plateau on a converging problem, full batch per iteration: same reductions as the reference', async () => {
  const ITERS = 40;
  const lr = 0.1;
  const schedule = { kind: 'reduce_on_plateau', per: 'iteration', factor: 0.5, patience: 2, threshold: 0.01 };
  const ref = train({ X, y, model: mse, optimizer: { kind: 'sgd', lr }, schedule, iterations: ITERS, init: D1.init });
  // full batch: the step's metric is the objective at the state the update started from
  assertPlateauMargins(ref.objective.slice(0, ITERS), schedule, lr);
  const reductions = ref.lr.filter((v, i) => i > 0 && v < ref.lr[i - 1]).length;
  assert.ok(reductions >= 2 && ref.lr[5] === lr, `the reference run plateaus (${reductions} reductions) after improving first`);
  const result = await run(inlineExperiment({ ...D1, runs: [fullBatchRun('plateau', { kind: 'sgd', lr }, ITERS, { schedule })] }));
  const h = result.runs[0].history;
  assertAllClose(Array.from(h.lr), ref.lr, LR_RTOL, 0, 'lr');
  assertAllClose(Array.from(h.param0), ref.params.map((p) => p[0]), RTOL, 1, 'param0');
  assertAllClose(Array.from(h.trainLoss), ref.objective, RTOL, LOSS_FLOOR, 'trainLoss');
});

test('reduce_on_plateau per epoch with mini-batches uses the epoch\'s mean batch objective', async () => {
  // 6 rows, batch 2, no shuffle: the metric of epoch k is the mean of its 3 batch objectives.
  const ITERS = 36;
  const lr = 0.1;
  const schedule = { kind: 'reduce_on_plateau', per: 'epoch', factor: 0.5, patience: 0, threshold: 0.05 };
  const ref = train({ X, y, model: mse, optimizer: { kind: 'sgd', lr }, schedule, batchSize: 2, iterations: ITERS, init: D1.init });
  // recompute the epoch metrics to check the margins
  const metrics = [];
  for (let e = 0; e < ITERS / 3; e++) {
    let sum = 0;
    for (let k = 0; k < 3; k++) {
      const p = ref.params[3 * e + k];
      const rows = [2 * k, 2 * k + 1];
      sum += rows.reduce((s, r) => s + (X[r][0] * p[0] + p[1] - y[r]) ** 2, 0) / 2;
    }
    metrics.push(sum / 3);
  }
  assertPlateauMargins(metrics, schedule, lr);
  assert.ok(ref.lr.at(-1) < lr && ref.lr[6] === lr, 'the reference run improves, then reduces');
  const result = await run(inlineExperiment({
    ...D1,
    runs: [{ name: 'plateau', optimizer: { kind: 'sgd', lr }, batchSize: 2, shuffle: false, schedule, iterations: ITERS, record: { every: 1 } }],
  }));
  const h = result.runs[0].history;
  assertAllClose(Array.from(h.lr), ref.lr, LR_RTOL, 0, 'lr');
  assertAllClose(Array.from(h.param0), ref.params.map((p) => p[0]), RTOL, 1, 'param0');
});

test('bold_driver grows lr after improvements, halves it and reverts the parameters after a worsening step', async () => {
  const ITERS = 20;
  const lr = 0.05;
  const schedule = { kind: 'bold_driver', increase: 1.3, decrease: 0.5 };
  const init = [-2, 3];
  const ref = train({ X, y, model: mse, optimizer: { kind: 'sgd', lr }, schedule, iterations: ITERS, init });
  // every comparison of the reference is decided far above float32 noise: recompute the candidate
  // (un-reverted) objective of each step and compare with the previous state's
  const reverts = [];
  for (let i = 1; i <= ITERS; i++) {
    const p = ref.params[i - 1];
    const g = [0, 0];
    for (let r = 0; r < 6; r++) {
      const res = X[r][0] * p[0] + p[1] - y[r];
      g[0] += (2 * res * X[r][0]) / 6;
      g[1] += (2 * res) / 6;
    }
    const cand = [p[0] - ref.lr[i - 1] * g[0], p[1] - ref.lr[i - 1] * g[1]];
    const fc = X.reduce((s, row, r) => s + (row[0] * cand[0] + cand[1] - y[r]) ** 2, 0) / 6;
    const f0 = ref.objective[i - 1];
    assert.ok(Math.abs(fc - f0) > 1e-5 * f0, `step ${i}: candidate objective ${fc} too close to ${f0}`);
    if (fc >= f0) reverts.push(i);
  }
  assert.ok(reverts.length >= 2 && reverts.length <= ITERS - 5, `reference has worsening steps (${reverts}) and improving ones`);

  const result = await run(inlineExperiment({ X: D1.X, y: D1.y, init, runs: [fullBatchRun('bold', { kind: 'sgd', lr }, ITERS, { schedule })] }));
  const got = result.runs[0];
  const h = got.history;
  assert.equal(got.status, 'completed');
  for (let i = 1; i <= ITERS; i++) {
    if (reverts.includes(i)) {
      assert.equal(h.param0[i], h.param0[i - 1], `step ${i} worsens: w reverted`);
      assert.equal(h.param1[i], h.param1[i - 1], `step ${i} worsens: b reverted`);
      assert.equal(h.trainLoss[i], h.trainLoss[i - 1], `step ${i} worsens: objective unchanged`);
      assertAllClose([h.lr[i]], [h.lr[i - 1] * 0.5], LR_RTOL, 0, `step ${i} lr halves`);
    } else {
      assert.ok(h.trainLoss[i] < h.trainLoss[i - 1], `step ${i} improves`);
      assertAllClose([h.lr[i]], [h.lr[i - 1] * 1.3], LR_RTOL, 0, `step ${i} lr grows`);
    }
  }
  assertAllClose(Array.from(h.lr), ref.lr, LR_RTOL, 0, 'lr');
  assertAllClose(Array.from(h.param0), ref.params.map((p) => p[0]), RTOL, 1, 'param0');
  assertAllClose(Array.from(h.param1), ref.params.map((p) => p[1]), RTOL, 1, 'param1');
});

// ---- The schedules added after the first ones: each option changes the trajectory, and the engine
// follows the reference (which torch.test.js pins to torch 1.13). Full batch, per iteration, 24 updates
// of SGD (momentum 0.5 where momentum is cycled), so every rate is used by one update.

/** Max relative gap between two reference runs' parameters (as optim.test.js). */
function trajectoryGap(a, b) {
  let gap = 0;
  a.params.forEach((p, i) => p.forEach((v, j) => { gap = Math.max(gap, Math.abs(v - b.params[i][j]) / Math.max(1, Math.abs(v))); }));
  return gap;
}

const NEW_ITERS = 24;
const it = (s) => ({ per: 'iteration', ...s });
// name, schedule, schedules that must give a different trajectory (one option changed each)
const NEW_SCHEDULES = [
  ['one_cycle', it({ kind: 'one_cycle' }), [it({ kind: 'cosine' })]],
  ['one_cycle-max_lr', it({ kind: 'one_cycle', max_lr: 0.3 }), [it({ kind: 'one_cycle' })]],
  ['one_cycle-total_steps', it({ kind: 'one_cycle', total_steps: 40 }), [it({ kind: 'one_cycle' })]],
  ['one_cycle-pct_start', it({ kind: 'one_cycle', pct_start: 0.5 }), [it({ kind: 'one_cycle' })]],
  ['one_cycle-linear', it({ kind: 'one_cycle', anneal_strategy: 'linear' }), [it({ kind: 'one_cycle' })]],
  ['one_cycle-div_factors', it({ kind: 'one_cycle', div_factor: 5, final_div_factor: 10 }), [it({ kind: 'one_cycle', final_div_factor: 10 }), it({ kind: 'one_cycle', div_factor: 5 })]],
  ['one_cycle-three_phase', it({ kind: 'one_cycle', three_phase: true }), [it({ kind: 'one_cycle' })]],
  ['one_cycle-momentum', it({ kind: 'one_cycle', cycle_momentum: true }), [it({ kind: 'one_cycle' })]],
  ['one_cycle-momentum-range', it({ kind: 'one_cycle', cycle_momentum: true, base_momentum: 0.5, max_momentum: 0.7 }), [it({ kind: 'one_cycle', cycle_momentum: true, base_momentum: 0.5 }), it({ kind: 'one_cycle', cycle_momentum: true, max_momentum: 0.7 })]],
  ['cyclic', it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 4 }), [it({ kind: 'cyclic', max_lr: 0.2, step_size_up: 4 }), it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 5 })]],
  ['cyclic-base_lr-down', it({ kind: 'cyclic', base_lr: 0.02, max_lr: 0.3, step_size_up: 4, step_size_down: 2 }), [it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 4, step_size_down: 2 }), it({ kind: 'cyclic', base_lr: 0.02, max_lr: 0.3, step_size_up: 4 })]],
  ['cyclic-triangular2', it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3, mode: 'triangular2' }), [it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3 })]],
  ['cyclic-exp_range', it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3, mode: 'exp_range', gamma: 0.9 }), [it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3, mode: 'exp_range' }), it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3, gamma: 0.9 })]],
  ['cyclic-momentum', it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3, cycle_momentum: true, base_momentum: 0.4 }), [it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3 }), it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3, cycle_momentum: true })]],
  ['cyclic-max_momentum', it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3, cycle_momentum: true, max_momentum: 0.6 }), [it({ kind: 'cyclic', max_lr: 0.3, step_size_up: 3, cycle_momentum: true })]],
  ['cosine_warm_restarts', it({ kind: 'cosine_warm_restarts', T_0: 5 }), [it({ kind: 'cosine_warm_restarts', T_0: 7 })]],
  ['cosine_warm_restarts-T_mult-eta_min', it({ kind: 'cosine_warm_restarts', T_0: 3, T_mult: 2, eta_min: 0.02 }), [it({ kind: 'cosine_warm_restarts', T_0: 3, eta_min: 0.02 }), it({ kind: 'cosine_warm_restarts', T_0: 3, T_mult: 2 })]],
  ['multistep', it({ kind: 'multistep', milestones: [4, 10] }), [it({ kind: 'multistep', milestones: [4, 12] }), it({ kind: 'multistep', milestones: [4] })]],
  ['multistep-gamma', it({ kind: 'multistep', milestones: [4, 10], gamma: 0.5 }), [it({ kind: 'multistep', milestones: [4, 10] })]],
  ['polynomial', it({ kind: 'polynomial', total_iters: 20 }), [it({ kind: 'polynomial' })]],
  ['polynomial-power', it({ kind: 'polynomial', total_iters: 20, power: 3 }), [it({ kind: 'polynomial', total_iters: 20 })]],
  ['sequential', it({ kind: 'sequential' }), [it({ kind: 'cosine' }), it({ kind: 'sequential', milestones: [8] })]],
  ['sequential-three', it({ kind: 'sequential', schedulers: [{ kind: 'linear', start_factor: 0.1, total_iters: 4 }, { kind: 'constant' }, { kind: 'cosine', eta_min: 0.01 }], milestones: [4, 10] }),
    [it({ kind: 'sequential', schedulers: [{ kind: 'linear', start_factor: 0.1, total_iters: 4 }, { kind: 'constant' }, { kind: 'cosine' }], milestones: [4, 10] }),
      it({ kind: 'sequential', schedulers: [{ kind: 'linear', start_factor: 0.1, total_iters: 4 }, { kind: 'constant' }, { kind: 'cosine', eta_min: 0.01 }], milestones: [4, 16] })]],
  ['sequential-children', it({ kind: 'sequential', schedulers: [{ kind: 'exponential', gamma: 0.8 }, { kind: 'step', step_size: 3 }, { kind: 'multistep', milestones: [2] }, { kind: 'polynomial', total_iters: 4 }], milestones: [3, 9, 15] }),
    [it({ kind: 'sequential', schedulers: [{ kind: 'exponential', gamma: 0.8 }, { kind: 'step', step_size: 3 }, { kind: 'multistep', milestones: [3] }, { kind: 'polynomial', total_iters: 4 }], milestones: [3, 9, 15] })]],
  ['cosine-run-length', it({ kind: 'cosine' }), [it({ kind: 'cosine', T_max: 100 })]],
];

test('new schedules: each option changes the trajectory, and the engine follows the reference', async () => {
  const lr = 0.1;
  const optimizerOf = (s) => ({ kind: 'sgd', lr, momentum: s.cycle_momentum ? 0 : 0.5 });
  const ref = (s) => train({ X, y, model: mse, optimizer: optimizerOf(s), schedule: s, iterations: NEW_ITERS, init: D1.init });
  for (let k = 0; k < NEW_SCHEDULES.length; k += 8) {
    const chunk = NEW_SCHEDULES.slice(k, k + 8);
    const result = await run(inlineExperiment({
      ...D1,
      runs: chunk.map(([name, schedule]) => fullBatchRun(name, optimizerOf(schedule), NEW_ITERS, { schedule })),
    }));
    for (const [name, schedule, contrasts] of chunk) {
      const want = ref(schedule);
      for (const other of contrasts) {
        const gap = trajectoryGap(want, ref(other));
        assert.ok(gap > 100 * RTOL, `${name}: indistinguishable from ${JSON.stringify(other)} (gap ${gap})`);
      }
      const h = runNamed(result, name).history;
      assertAllClose(Array.from(h.lr), want.lr, LR_RTOL, 1e-3, `${name} lr`);
      assertAllClose(Array.from(h.param0), want.params.map((p) => p[0]), RTOL, 1, `${name} param0`);
      assertAllClose(Array.from(h.param1), want.params.map((p) => p[1]), RTOL, 1, `${name} param1`);
      assertAllClose(Array.from(h.trainLoss), want.objective, RTOL, LOSS_FLOOR, `${name} trainLoss`);
    }
  }
  // cosine's default T_max is the run's length: η_min (0) after the last update, no wave back up
  const cos = runNamed((await run(inlineExperiment({ ...D1, runs: [fullBatchRun('c', { kind: 'sgd', lr }, NEW_ITERS, { schedule: it({ kind: 'cosine' }) })] }))), 'c').history.lr;
  assert.ok(Math.abs(cos[NEW_ITERS]) < 1e-17, `η_min at the end, got ${cos[NEW_ITERS]}`);
  assert.ok(Math.abs(cos[NEW_ITERS / 2] - lr / 2) < 1e-17, `half the rate half way, got ${cos[NEW_ITERS / 2]}`);
});

test('new schedules per epoch with mini-batches: the rate steps at epoch ends, defaults follow the epochs the run starts', async () => {
  // 6 rows, batch 4: 2 updates an epoch; 13 updates start 7 epochs and complete 6
  const lr = 0.1;
  const ITERS = 13;
  const runs = {
    'cosine-default': { kind: 'cosine' },
    'one_cycle-default': { kind: 'one_cycle' },
    'sequential-default': { kind: 'sequential', milestones: [2] },
    'cyclic-epochs': { kind: 'cyclic', max_lr: 0.4, step_size_up: 2 },
  };
  const result = await run(inlineExperiment({
    ...D1,
    runs: Object.entries(runs).map(([name, schedule]) => ({ name, optimizer: { kind: 'sgd', lr }, batchSize: 4, shuffle: false, schedule, iterations: ITERS, record: { every: 1 } })),
  }));
  for (const [name, schedule] of Object.entries(runs)) {
    const h = runNamed(result, name).history;
    const want = Array.from({ length: ITERS + 1 }, (_, i) => scheduleLr(schedule, lr, Math.floor(i / 2), 7));
    assertAllClose(Array.from(h.lr), want, LR_RTOL, 1e-3, `${name} lr`);
    const ref = train({ X, y, model: mse, optimizer: { kind: 'sgd', lr }, schedule, batchSize: 4, iterations: ITERS, init: D1.init });
    assertAllClose(ref.lr, want, 1e-15, 1e-3, `${name} reference lr`);
    assertAllClose(Array.from(h.param0), ref.params.map((p) => p[0]), RTOL, 1, `${name} param0`);
  }
  // the last update (in the 7th epoch, t = 6) still has a rate > 0: 0.1·(1 + cos(6π/7))/2
  const cos = runNamed(result, 'cosine-default').history.lr;
  assert.ok(Math.abs(cos[ITERS] - (lr * (1 + Math.cos((6 * Math.PI) / 7))) / 2) < 1e-17);
});
