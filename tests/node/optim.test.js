// Optimizer and loss golden trajectories: the engine against the float64 reference (reference.js).
//
// Each configuration runs full batch on small inline data (6 rows, d = 1 and d = 3, no test split,
// no standardisation, record every 1). The core keeps the data in float32, rounds the parameters to
// float32 for the fused kernel and sums per-row terms in float32 blocks, so agreement is ~1e-7 relative:
// we allow 1e-6 relative (absolute 1e-6 below magnitude 1). Every configuration is also checked to be
// distinguishable in the reference from the configuration without its feature (by far more than the
// tolerance), so an engine that ignored e.g. dampening or amsgrad could not pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../web/lib/index.js';
import { train, objective, gradient } from './reference.js';
import { inlineExperiment, fullBatchRun, f32, runNamed, assertAllClose, LOSS_FLOOR } from './helpers.js';

const RTOL = 1e-6;
const ITERS = 20;

const D1 = {
  X: [[0.1], [0.5], [0.9], [1.3], [-0.4], [2.2]],
  y: [0.7, 1.9, 2.3, 3.8, -0.2, 5.1],
  init: [0.3, -0.2],
};
const D3 = {
  X: [[0.2, -1.1, 0.5], [1.4, 0.3, -0.7], [-0.6, 0.8, 1.2], [0.9, -0.4, 0.1], [0.3, 1.5, -1.3], [-1.2, -0.2, 0.6]],
  y: [0.4, 2.1, -0.9, 1.3, 0.2, -1.7],
  init: [0.1, -0.2, 0.3, 0.05],
};

// name, optimizer config (torch names), and configurations that must give a different trajectory.
const CONFIGS = [
  ['sgd', { kind: 'sgd', lr: 0.1 }, []],
  ['sgd-momentum-dampening', { kind: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0.3 },
    [{ kind: 'sgd', lr: 0.05, momentum: 0.9 }, { kind: 'sgd', lr: 0.05 }]],
  ['sgd-nesterov', { kind: 'sgd', lr: 0.05, momentum: 0.8, nesterov: true },
    [{ kind: 'sgd', lr: 0.05, momentum: 0.8 }]],
  ['sgd-weight-decay', { kind: 'sgd', lr: 0.1, momentum: 0.5, weight_decay: 0.1 },
    [{ kind: 'sgd', lr: 0.1, momentum: 0.5 }]],
  ['adagrad-decay-accumulator', { kind: 'adagrad', lr: 0.3, lr_decay: 0.05, initial_accumulator_value: 0.5, eps: 1e-10 },
    [{ kind: 'adagrad', lr: 0.3, initial_accumulator_value: 0.5 }, { kind: 'adagrad', lr: 0.3, lr_decay: 0.05 }]],
  ['adagrad-weight-decay', { kind: 'adagrad', lr: 0.2, weight_decay: 0.05 }, [{ kind: 'adagrad', lr: 0.2 }]],
  ['rmsprop', { kind: 'rmsprop', lr: 0.01, alpha: 0.9, eps: 1e-8 }, []],
  ['rmsprop-centered', { kind: 'rmsprop', lr: 0.01, alpha: 0.9, eps: 1e-8, centered: true },
    [{ kind: 'rmsprop', lr: 0.01, alpha: 0.9, eps: 1e-8 }]],
  ['rmsprop-momentum', { kind: 'rmsprop', lr: 0.005, alpha: 0.99, momentum: 0.5 },
    [{ kind: 'rmsprop', lr: 0.005, alpha: 0.99 }]],
  ['rmsprop-centered-momentum-wd', { kind: 'rmsprop', lr: 0.005, alpha: 0.95, momentum: 0.7, centered: true, weight_decay: 0.1 },
    [{ kind: 'rmsprop', lr: 0.005, alpha: 0.95, momentum: 0.7, centered: true }]],
  ['adam', { kind: 'adam', lr: 0.05, betas: [0.9, 0.999], eps: 1e-8 }, []],
  ['adam-amsgrad', { kind: 'adam', lr: 0.05, betas: [0.8, 0.9], eps: 1e-8, amsgrad: true },
    [{ kind: 'adam', lr: 0.05, betas: [0.8, 0.9], eps: 1e-8 }]],
  ['adam-weight-decay', { kind: 'adam', lr: 0.05, weight_decay: 0.1 }, [{ kind: 'adam', lr: 0.05 }]],
  ['adamw', { kind: 'adamw', lr: 0.05, weight_decay: 0.2 },
    [{ kind: 'adam', lr: 0.05, weight_decay: 0.2 }, { kind: 'adam', lr: 0.05 }]],
  ['adamw-amsgrad', { kind: 'adamw', lr: 0.05, betas: [0.85, 0.95], weight_decay: 0.05, amsgrad: true },
    [{ kind: 'adamw', lr: 0.05, betas: [0.85, 0.95], weight_decay: 0.05 }]],
  // A large eps makes its placement visible: torch adds it after the square root (and, for Adam, after
  // dividing by √bc2); the variants below put it where other libraries do.
  ['adam-large-eps', { kind: 'adam', lr: 0.05, eps: 0.5 }, [adamEpsHat(0.05, 0.9, 0.999, 0.5)]],
  ['rmsprop-large-eps', { kind: 'rmsprop', lr: 0.01, alpha: 0.9, eps: 0.3 }, [rmspropEpsInside(0.9, 0.3)]],
  ['adagrad-large-eps', { kind: 'adagrad', lr: 0.3, eps: 0.3 }, [adagradEpsInside(0.3)]],
  // NAdam, RAdam, Adadelta, Adamax, Rprop: the defaults, then each option against the config without it
  ['nadam', { kind: 'nadam', lr: 0.05 }, [{ kind: 'adam', lr: 0.05 }]],
  ['nadam-betas', { kind: 'nadam', lr: 0.05, betas: [0.8, 0.95] }, [{ kind: 'nadam', lr: 0.05 }, { kind: 'nadam', lr: 0.05, betas: [0.8, 0.999] }]],
  ['nadam-momentum_decay', { kind: 'nadam', lr: 0.05, momentum_decay: 0.1 }, [{ kind: 'nadam', lr: 0.05 }]],
  ['nadam-eps-wd', { kind: 'nadam', lr: 0.05, eps: 0.3, weight_decay: 0.2 }, [{ kind: 'nadam', lr: 0.05, weight_decay: 0.2 }, { kind: 'nadam', lr: 0.05, eps: 0.3 }]],
  ['radam', { kind: 'radam', lr: 0.05 }, [{ kind: 'adam', lr: 0.05 }]],
  // β₂ = 0.9: ρ∞ = 19, rectified from step 3 on (with 0.999 steps 1..5 are plain momentum)
  ['radam-betas', { kind: 'radam', lr: 0.05, betas: [0.85, 0.9] }, [{ kind: 'radam', lr: 0.05 }, { kind: 'radam', lr: 0.05, betas: [0.9, 0.9] }]],
  ['radam-eps-wd', { kind: 'radam', lr: 0.05, betas: [0.9, 0.9], eps: 0.3, weight_decay: 0.2 }, [{ kind: 'radam', lr: 0.05, betas: [0.9, 0.9], weight_decay: 0.2 }, { kind: 'radam', lr: 0.05, betas: [0.9, 0.9], eps: 0.3 }]],
  ['adadelta', { kind: 'adadelta', lr: 1 }, []],
  ['adadelta-rho-eps', { kind: 'adadelta', lr: 0.5, rho: 0.6, eps: 1e-3 }, [{ kind: 'adadelta', lr: 0.5, eps: 1e-3 }, { kind: 'adadelta', lr: 0.5, rho: 0.6 }, { kind: 'adadelta', lr: 1, rho: 0.6, eps: 1e-3 }]],
  ['adadelta-wd', { kind: 'adadelta', lr: 1, weight_decay: 0.5 }, [{ kind: 'adadelta', lr: 1 }]],
  ['adamax', { kind: 'adamax', lr: 0.05 }, [{ kind: 'adam', lr: 0.05 }]],
  ['adamax-betas', { kind: 'adamax', lr: 0.05, betas: [0.7, 0.6] }, [{ kind: 'adamax', lr: 0.05, betas: [0.9, 0.6] }, { kind: 'adamax', lr: 0.05, betas: [0.7, 0.999] }]],
  ['adamax-eps-wd', { kind: 'adamax', lr: 0.05, eps: 0.5, weight_decay: 0.2 }, [{ kind: 'adamax', lr: 0.05, weight_decay: 0.2 }, { kind: 'adamax', lr: 0.05, eps: 0.5 }]],
  ['rprop', { kind: 'rprop', lr: 0.05 }, [{ kind: 'rprop', lr: 0.02 }]],
  ['rprop-etas', { kind: 'rprop', lr: 0.05, etas: [0.3, 1.6] }, [{ kind: 'rprop', lr: 0.05, etas: [0.5, 1.6] }, { kind: 'rprop', lr: 0.05, etas: [0.3, 1.2] }]],
  ['rprop-step_sizes', { kind: 'rprop', lr: 0.3, step_sizes: [0.1, 0.5] }, [{ kind: 'rprop', lr: 0.3, step_sizes: [1e-6, 0.5] }, { kind: 'rprop', lr: 0.3, step_sizes: [0.1, 50] }]],
];

// Contrasting variants (functions of the parameter count returning {step}); not torch.
/** TF/Keras-style Adam: lr_t = lr·√bc2/bc1, p -= lr_t·m/(√v + ε̂). */
function adamEpsHat(lr, b1, b2, eps) {
  return (n) => {
    const m = new Array(n).fill(0);
    const v = new Array(n).fill(0);
    let t = 0;
    return {
      step(p, g, rate) {
        t += 1;
        const lrT = (rate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
        for (let i = 0; i < n; i++) {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          p[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + eps);
        }
      },
    };
  };
}
/** RMSprop with eps inside the square root: p -= lr·g/√(sq + ε). */
function rmspropEpsInside(alpha, eps) {
  return (n) => {
    const sq = new Array(n).fill(0);
    return {
      step(p, g, lr) {
        for (let i = 0; i < n; i++) {
          sq[i] = alpha * sq[i] + (1 - alpha) * g[i] * g[i];
          p[i] -= (lr * g[i]) / Math.sqrt(sq[i] + eps);
        }
      },
    };
  };
}
/** Adagrad with eps inside the square root: p -= lr·g/√(sum + ε). */
function adagradEpsInside(eps) {
  return (n) => {
    const sum = new Array(n).fill(0);
    return {
      step(p, g, lr) {
        for (let i = 0; i < n; i++) {
          sum[i] += g[i] * g[i];
          p[i] -= (lr * g[i]) / Math.sqrt(sum[i] + eps);
        }
      },
    };
  };
}

/** Max relative difference between two reference trajectories' parameters. */
function trajectoryGap(a, b) {
  let gap = 0;
  for (let i = 0; i < a.params.length; i++) {
    for (let j = 0; j < a.params[i].length; j++) {
      gap = Math.max(gap, Math.abs(a.params[i][j] - b.params[i][j]) / Math.max(1, Math.abs(a.params[i][j])));
    }
  }
  return gap;
}

/**
 * MAE's sign(r) and Huber's |r| < δ switch discontinuously: a reference state with a residual within
 * float32 noise of the switch would let rounding pick the branch. Asserts every state of the
 * reference trajectory stays 1e-5 away from it, so a mismatch can only be the engine's.
 */
function assertKinkMargins(X, y, states, model, name) {
  const d = X[0].length;
  const kink = model.loss === 'mae' ? 0 : model.delta;
  states.forEach((p, i) => {
    X.forEach((row, k) => {
      const r = row.reduce((s, v, j) => s + v * p[j], p[d]) - y[k];
      assert.ok(Math.abs(Math.abs(r) - kink) > 1e-5, `${name}: state ${i} row ${k} residual ${r} at the kink (test data ill-posed)`);
    });
  });
}

/**
 * Runs every configuration on one data set in one experiment, then compares each run's history
 * (trainLoss every state; param0/param1 every state when d = 1; final params always) with the reference.
 */
async function checkAgainstReference(data, model, configs) {
  // an experiment holds at most 8 runs
  for (let k = 0; k < configs.length; k += 8) await checkChunk(data, model, configs.slice(k, k + 8));
}

async function checkChunk(data, model, configs) {
  const { X, y } = f32(data.X, data.y);
  const exp = inlineExperiment({
    X: data.X, y: data.y, model, init: data.init,
    runs: configs.map(([name, optimizer]) => fullBatchRun(name, optimizer, ITERS)),
  });
  const result = await run(exp);
  const d = data.X[0].length;
  assert.deepEqual(result.data, { nTrain: 6, nTest: 0, d });
  for (const [name, optimizer, contrasts] of configs) {
    const want = train({ X, y, model, optimizer, iterations: ITERS, init: data.init });
    if (model.loss === 'mae' || model.loss === 'huber') assertKinkMargins(X, y, want.params, model, name);
    for (const other of contrasts) {
      const alt = typeof other === 'function'
        ? train({ X, y, model, optimizer, optimizerImpl: other(data.init.length), iterations: ITERS, init: data.init })
        : train({ X, y, model, optimizer: other, iterations: ITERS, init: data.init });
      const gap = trajectoryGap(want, alt);
      assert.ok(gap > 100 * RTOL, `${name}: reference indistinguishable from ${other.name || JSON.stringify(other)} (gap ${gap})`);
    }
    const got = runNamed(result, name);
    assert.equal(got.status, 'completed', `${name} status`);
    assert.equal(got.iterations, ITERS, `${name} iterations`);
    const h = got.history;
    assert.deepEqual(Array.from(h.iteration), Array.from({ length: ITERS + 1 }, (_, i) => i), `${name} iterations column`);
    assert.deepEqual(Array.from(h.samples), Array.from({ length: ITERS + 1 }, (_, i) => 6 * i), `${name} samples column`);
    assert.deepEqual(Array.from(h.epoch), Array.from({ length: ITERS + 1 }, (_, i) => i), `${name} epoch column`);
    assert.ok(Array.from(h.lr).every((v) => v === optimizer.lr), `${name}: constant schedule keeps lr ${optimizer.lr}`);
    assert.ok(Array.from(h.testLoss).every(Number.isNaN), `${name}: no test split → testLoss NaN`);
    assertAllClose(Array.from(h.trainLoss), want.objective, RTOL, LOSS_FLOOR, `${name} trainLoss`);
    if (d === 1) {
      assertAllClose(Array.from(h.param0), want.params.map((p) => p[0]), RTOL, 1, `${name} param0 (w)`);
      assertAllClose(Array.from(h.param1), want.params.map((p) => p[1]), RTOL, 1, `${name} param1 (b)`);
    } else {
      assert.equal(h.param0, undefined, `${name}: param0 only for 2-parameter models`);
    }
    const last = want.params[ITERS];
    assertAllClose([...got.params.weights, got.params.bias], last, RTOL, 1, `${name} final params`);
  }
}

test('hand-derived first steps: SGD and Adam on two points', async () => {
  // Data (x=1, y=2), (x=2, y=3), w = b = 0, MSE: residuals −2, −3 (exact in float32),
  //   ∂/∂w = mean(2r·x) = (−4 − 12)/2 = −8,   ∂/∂b = mean(2r) = (−4 − 6)/2 = −5,   objective (4 + 9)/2 = 6.5.
  // SGD lr 0.1: w = 0.8, b = 0.5 exactly (the sums are exact in float32 and 0.1·8 rounds to the double 0.8);
  //   predictions 1.3, 2.1 → residuals −0.7, −0.9 → objective (0.49 + 0.81)/2 = 0.65 (float32 evaluation).
  // Adam lr 0.1 (β 0.9, 0.999, eps 1e-8): m̂ = g and √v̂ = |g| on step 1, so w = 0.1·8/(8 + 1e-8),
  //   b = 0.1·5/(5 + 1e-8).
  const exp = inlineExperiment({
    X: [[1], [2]], y: [2, 3], init: [0, 0],
    runs: [
      fullBatchRun('sgd', { kind: 'sgd', lr: 0.1 }, 1),
      fullBatchRun('adam', { kind: 'adam', lr: 0.1, betas: [0.9, 0.999], eps: 1e-8 }, 1),
    ],
  });
  const result = await run(exp);
  const sgd = runNamed(result, 'sgd').history;
  assert.deepEqual(Array.from(sgd.param0), [0, 0.8]);
  assert.deepEqual(Array.from(sgd.param1), [0, 0.5]);
  assert.equal(sgd.trainLoss[0], 6.5);
  assertAllClose([sgd.trainLoss[1]], [0.65], 1e-6, 1e-6, 'sgd trainLoss after one step');
  const adam = runNamed(result, 'adam').history;
  assertAllClose(Array.from(adam.param0), [0, 0.8 / (8 + 1e-8)], 1e-15, 1, 'adam w');
  assertAllClose(Array.from(adam.param1), [0, 0.5 / (5 + 1e-8)], 1e-15, 1, 'adam b');
});

test('optimizers on d = 1 data (param0/param1 and trainLoss every state) match the reference', async () => {
  await checkAgainstReference(D1, { loss: 'mse' }, CONFIGS);
});

test('optimizers on d = 3 data (trainLoss every state, final params) match the reference', async () => {
  await checkAgainstReference(D3, { loss: 'mse' }, CONFIGS);
});

// Losses and penalties through the engine's gradient: the finite-difference half of "test gradients
// two ways" is in reference.test.js; this is the golden-trajectory half.
const MODEL_RUNS = [
  ['sgd', { kind: 'sgd', lr: 0.05 }, []],
  ['adam', { kind: 'adam', lr: 0.02 }, []],
];

test('MSE with L1 and L2 penalties matches the reference (d = 1 and d = 3)', async () => {
  const model = { loss: 'mse', l1: 0.05, l2: 0.1 };
  const { X, y } = f32(D1.X, D1.y);
  // the penalty must matter: its gradient at init is not negligible next to the data gradient
  const g = gradient(model, X, y, D1.init);
  const g0 = gradient({ loss: 'mse' }, X, y, D1.init);
  assert.ok(Math.abs(g[0] - g0[0]) > 0.05);
  await checkAgainstReference(D1, model, MODEL_RUNS);
  await checkAgainstReference(D3, model, MODEL_RUNS);
});

test('Huber (rows on both sides of δ) matches the reference', async () => {
  const model = { loss: 'huber', delta: 0.5 };
  for (const data of [D1, D3]) {
    const { X, y } = f32(data.X, data.y);
    const d = X[0].length;
    const r = X.map((row, i) => row.reduce((s, v, j) => s + v * data.init[j], data.init[d]) - y[i]);
    assert.ok(r.some((v) => Math.abs(v) < 0.5) && r.some((v) => Math.abs(v) > 0.5), 'both Huber branches at init');
    await checkAgainstReference(data, model, MODEL_RUNS);
  }
});

test('MAE matches the reference', async () => {
  // inits chosen so that no residual passes through 0 within 1e-5 at a recorded state (checked)
  await checkAgainstReference({ ...D1, init: [0.31, -0.23] }, { loss: 'mae' }, MODEL_RUNS);
  await checkAgainstReference({ ...D3, init: [0.13, -0.21, 0.33, 0.07] }, { loss: 'mae' }, MODEL_RUNS);
});

test('logistic regression (BCE with logits) matches the reference', async () => {
  const labels = [1, 0, 1, 1, 0, 0];
  const model = { kind: 'logistic', loss: 'bce' };
  await checkAgainstReference({ ...D1, y: [1, 1, 0, 1, 0, 1] }, model, MODEL_RUNS);
  await checkAgainstReference({ ...D3, y: labels }, { ...model, l2: 0.05 }, MODEL_RUNS);
  // sanity of the data choice: BCE at init is not at its minimum
  const { X, y } = f32(D3.X, labels);
  assert.ok(objective(model, X, y, D3.init) > 0.5);
});
