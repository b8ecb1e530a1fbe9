// The tuning step (web/lib/tune.js): deterministic draws, the search strategies, the range test,
// refinement, failures, the worker protocol and pools, and determinism across worker counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  loadEngine, tune, runTune, inProcessPool, createPool, createTuneHandler, planSearch, suggestLearningRate,
  validateExperiment, ExperimentError, DescentError,
} from '../../web/lib/index.js';
import { Pcg32, detExp, detLog } from '../../web/lib/tune.js';

/** A trial without its wall time (the only field that may differ between two tunes). */
const timeless = (r) => ({
  trials: r.trials.map(({ timeMs, ...t }) => t),
  best: r.best,
  budget: r.budget,
  data: r.data,
});

/** The seed data with one base run. */
const seedWith = (run, tuneSpec) => ({ runs: [{ name: 'base', ...run }], tune: tuneSpec });

/** The ill-conditioned problem of examples/optimizers.json (Hessian condition number ≈ 550). */
const illWith = (run, tuneSpec) => ({
  seed: 7,
  data: { kind: 'linear', n: 2000, d: 2, weights: [2, -1], bias: 0.5, scales: [1, 10], noise: 'gaussian', noiseLevel: 0.1, testFraction: 0.2 },
  runs: [{ name: 'base', ...run }],
  tune: tuneSpec,
});

// ---- Deterministic numbers -------------------------------------------------------------------------

test('Pcg32 draws exactly the core\'s dsc_rng uniforms, stream by stream', async () => {
  const engine = await loadEngine();
  for (const seed of [0, 42, 7, 4294967295]) {
    const session = engine.createSession({ seed, runs: [{ iterations: 1 }] }, { runs: false, optimum: false });
    try {
      for (const [name, stream] of [['data', 1], ['init', 2], ['shuffle', 3], ['tune', 4]]) {
        const core = session.randomStream(name);
        try {
          const js = Pcg32.stream(seed, stream);
          for (let i = 0; i < 50; i += 1) assert.equal(js.uniform(), core.uniform(), `seed ${seed} stream ${name} draw ${i}`);
        } finally {
          core.free();
        }
      }
    } finally {
      session.free();
    }
  }
});

test('detExp and detLog agree with Math.exp and Math.log to a few ulps', () => {
  for (let v = -690; v <= 690; v += 0.37) {
    const want = Math.exp(v);
    assert.ok(Math.abs(detExp(v) - want) <= 4e-16 * want, `exp(${v})`);
  }
  for (const v of [1e-300, 1e-12, 1e-6, 0.1, 0.5, 0.7071, 1, 1.5, 2, 3, 10, 12345.678, 1e6, 1e300]) {
    const want = Math.log(v);
    assert.ok(Math.abs(detLog(v) - want) <= 4e-16 * Math.max(1, Math.abs(want)), `log(${v}): ${detLog(v)} vs ${want}`);
  }
  assert.equal(detLog(1), 0);
  assert.equal(detExp(0), 1);
  assert.throws(() => detLog(0), RangeError);
  assert.throws(() => detExp(NaN), RangeError);
  assert.throws(() => detExp(Infinity), RangeError);
  // beyond ±700 (log ranges down to the subnormals): two factors, still within a few ulps of Math.exp
  for (const v of [-745.5, -745, -744.4, -720.3, -708.5, -700.001, 700, 705.2, 709.7]) {
    const want = Math.exp(v);
    assert.ok(Math.abs(detExp(v) - want) <= Math.max(4e-16 * want, Number.MIN_VALUE), `exp(${v}): ${detExp(v)} vs ${want}`);
  }
  assert.equal(detExp(-800), 0);
  assert.equal(detExp(800), Infinity);
});

test('a log range down to the subnormals plans and runs (no "detExp: outside [-700, 700]")', async () => {
  for (const spec of [
    { space: { lr: { min: 1e-320, max: 1e-300 } }, trials: 4 },
    { strategy: 'grid', space: { lr: { min: 5e-324, max: 1e-300, points: 4 } } },
  ]) {
    const experiment = validateExperiment({ runs: [{ iterations: 3 }], tune: spec });
    const plan = planSearch(experiment);
    for (const c of plan.configs) assert.ok(c.lr >= spec.space.lr.min && c.lr <= spec.space.lr.max, String(c.lr));
    const result = await tune(experiment, { workers: 0 });
    assert.equal(result.trials.length, plan.configs.length);
  }
});

test('a training split of one row: range_test and refine run (no field the user never wrote)', async () => {
  for (const spec of [{ kind: 'range_test', steps: 10 }, { kind: 'refine', tries: 5 }]) {
    const result = await tune({ data: { n: 2, testFraction: 0.5 }, runs: [{ iterations: 5 }], tune: spec }, { workers: 0 });
    assert.equal(result.kind, spec.kind);
    assert.equal(result.data.nTrain, 1);
  }
});

// ---- Planning ------------------------------------------------------------------------------------

test('planSearch: random draws stay in range and replay; halving and random try the same configurations', () => {
  const spec = (strategy) => validateExperiment(seedWith({ batchSize: 8, epochs: 9 }, {
    strategy, trials: 30, space: { lr: { min: 1e-4, max: 1 }, momentum: { min: 0, max: 0.9 }, batchSize: { min: 2, max: 32 }, optimizer: ['sgd', 'adam'] },
  }));
  const a = planSearch(spec('random'));
  assert.deepEqual(planSearch(spec('random')), a);
  assert.deepEqual(planSearch(spec('halving')).configs, a.configs);
  assert.deepEqual(a.dimensions, ['lr', 'batchSize', 'optimizer', 'momentum']);
  assert.equal(a.configs.length, 30);
  for (const c of a.configs) {
    assert.ok(c.lr >= 1e-4 && c.lr <= 1 && Number(c.lr.toPrecision(4)) === c.lr, `lr ${c.lr}`);
    assert.ok(Number.isInteger(c.batchSize) && c.batchSize >= 2 && c.batchSize <= 32);
    assert.ok(c.momentum >= 0 && c.momentum <= 0.9);
    assert.ok(['sgd', 'adam'].includes(c.optimizer));
  }
  // log-uniform: about half the learning rates lie below 1e-2 (the middle of [1e-4, 1] on a log axis)
  const low = a.configs.filter((c) => c.lr < 1e-2).length;
  assert.ok(low >= 8 && low <= 22, `${low} of 30 below 1e-2`);
  assert.equal(a.nFit, 64);
  assert.equal(a.nValidation, 16);
  assert.deepEqual(planSearch(spec('halving')).rungs, [{ size: 30, epochs: 1 }, { size: 10, epochs: 3 }, { size: 3, epochs: 9 }]);
  // another seed, other draws
  assert.notDeepEqual(planSearch({ ...spec('random'), seed: 43 }).configs, a.configs);
});

test('planSearch: a grid enumerates every combination once, ends exact, hyperparameters of other kinds dropped', () => {
  const plan = planSearch(validateExperiment(seedWith({}, {
    strategy: 'grid', space: { lr: { min: 1e-3, max: 1, points: 4 }, optimizer: ['sgd', 'adam'], momentum: [0, 0.9] },
  })));
  assert.deepEqual(plan.configs, [
    { lr: 0.001, optimizer: 'sgd', momentum: 0 }, { lr: 0.001, optimizer: 'sgd', momentum: 0.9 }, { lr: 0.001, optimizer: 'adam' },
    { lr: 0.01, optimizer: 'sgd', momentum: 0 }, { lr: 0.01, optimizer: 'sgd', momentum: 0.9 }, { lr: 0.01, optimizer: 'adam' },
    { lr: 0.1, optimizer: 'sgd', momentum: 0 }, { lr: 0.1, optimizer: 'sgd', momentum: 0.9 }, { lr: 0.1, optimizer: 'adam' },
    { lr: 1, optimizer: 'sgd', momentum: 0 }, { lr: 1, optimizer: 'sgd', momentum: 0.9 }, { lr: 1, optimizer: 'adam' },
  ]);
  const ints = planSearch(validateExperiment(seedWith({}, { strategy: 'grid', space: { batchSize: { min: 1, max: 4, points: 7, scale: 'linear' } } })));
  assert.deepEqual(ints.configs.map((c) => c.batchSize), [1, 2, 3, 4]);
});

// ---- Engine additions ------------------------------------------------------------------------------

test('Session: split, evaluate, addRun and freeRuns agree with the histories and do not leak', async () => {
  const engine = await loadEngine();
  const session = engine.createSession({ runs: [{ name: 'a', iterations: 50 }] });
  try {
    const split = session.split('train');
    assert.equal(split.X.length, 80);
    assert.equal(split.y.length, 80);
    await session.runToEnd();
    const r = session.result().runs[0];
    const p = [...r.params.weights, r.params.bias];
    assert.equal(session.evaluate(p, 'train'), r.history.trainLoss.at(-1));
    assert.equal(session.evaluate(p, 'test'), r.history.testLoss.at(-1));
    assert.throws(() => session.evaluate([1]), /params: must have 2 values, got 1/);
    const before = engine.heapUsed();
    for (let i = 0; i < 5; i += 1) {
      const j = session.addRun(validateExperiment({ runs: [{ name: `extra ${i}`, iterations: 10 }] }).runs[0]);
      assert.equal(j, 1);
      session.advance(j, 100);
      assert.equal(session.result().runs[1].name, `extra ${i}`);
      session.freeRuns();
      session.addRun(validateExperiment({ runs: [{ name: 'a', iterations: 50 }] }).runs[0]);
    }
    assert.equal(engine.heapUsed(), before);
  } finally {
    session.free();
  }
});

// ---- Determinism -----------------------------------------------------------------------------------

const DETERMINISM = seedWith({ optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 8, epochs: 9 }, {
  strategy: 'halving', trials: 12, space: { lr: { min: 1e-3, max: 2 }, momentum: [0, 0.5, 0.9], batchSize: [4, 8, 'full'] },
});

test('the same tune gives the same trials and winner with 1 and 2 worker threads and in this thread', async () => {
  const one = await tune(DETERMINISM, { workers: 1 });
  const two = await tune(DETERMINISM, { workers: 2 });
  const here = await tune(DETERMINISM, { workers: 0 });
  assert.equal(one.workers, 1);
  assert.equal(two.workers, 2);
  assert.deepEqual(timeless(two), timeless(one));
  assert.deepEqual(timeless(here), timeless(one));
  // non-vacuous: three rungs ran, trials differ, and some diverged at lr up to 2
  assert.deepEqual(one.rungs.map((r) => r.trials), [12, 4, 1]);
  assert.ok(new Set(one.trials.map((t) => t.validationLoss)).size > 10);
  assert.ok(one.best && Number.isFinite(one.best.testLoss));
  assert.deepEqual(one.trials.map((t) => t.index), one.trials.map((_, i) => i));
});

test('results do not depend on the order trials finish in', async () => {
  const engine = await loadEngine();
  const inner = inProcessPool(engine);
  // A pool of "3 workers" whose replies arrive after scrambled delays.
  let calls = 0;
  const scrambled = {
    size: 3,
    broadcast: (m) => inner.broadcast(m),
    run: async (m) => {
      const reply = await inner.run(m);
      const delay = ((calls++ * 7919) % 13) * 2;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return reply;
    },
    close: () => inner.close(),
  };
  const order = [];
  let result;
  try {
    result = await runTune(DETERMINISM, { pool: scrambled, onProgress: (p) => order.push(p.trial.index) });
  } finally {
    await scrambled.close();
  }
  assert.notDeepEqual(order, [...order].sort((a, b) => a - b), 'the scrambled pool should finish trials out of order');
  assert.deepEqual(timeless(result), timeless(await tune(DETERMINISM, { workers: 0 })));
});

// ---- Search quality --------------------------------------------------------------------------------

test('on the seed data, random search finds a learning rate within 3x of the best of a dense grid', async (t) => {
  const base = { optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full', epochs: 20 };
  const range = { min: 1e-3, max: 2 };
  const dense = await tune(seedWith(base, { strategy: 'grid', space: { lr: { ...range, points: 60 } } }), { workers: 2 });
  const random = await tune(seedWith(base, { strategy: 'random', trials: 20, space: { lr: range } }), { workers: 2 });
  const want = dense.best.values.lr;
  const got = random.best.values.lr;
  t.diagnostic(`dense grid (60 points): lr ${want}, validation loss ${dense.best.validationLoss}; random (20 trials): lr ${got}, validation loss ${random.best.validationLoss}`);
  assert.ok(got >= want / 3 && got <= want * 3, `random search lr ${got} vs dense grid ${want}`);
  // the grid's best is an interior optimum: smaller rates are slower, larger ones diverge
  assert.ok(want > 0.1 && want < 2, `dense best ${want}`);
  assert.ok(dense.trials.some((x) => x.status === 'diverged'));
});

for (const [name, experiment] of [
  ['the seed experiment (mini-batch 16)', (s) => seedWith({ optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 16, epochs: 20 }, s)],
  ['an ill-conditioned problem (condition number ≈ 550, mini-batch 32)', (s) => illWith({ optimizer: { kind: 'sgd', lr: 0.01 }, batchSize: 32, epochs: 20 }, s)],
]) {
  test(`successive halving matches random search's winner with less budget on ${name}`, async (t) => {
    const space = { lr: { min: 1e-4, max: 1 } };
    const random = await tune(experiment({ strategy: 'random', trials: 27, space }), { workers: 2 });
    const halving = await tune(experiment({ strategy: 'halving', trials: 27, space }), { workers: 2 });
    t.diagnostic(`random: trial ${random.best.index} lr ${random.best.values.lr}, validation loss ${random.best.validationLoss}, ${random.budget.samples} samples`);
    t.diagnostic(`halving: trial ${halving.best.index} lr ${halving.best.values.lr}, validation loss ${halving.best.validationLoss}, ${halving.budget.samples} samples in rungs ${halving.rungs.map((r) => `${r.trials}×${r.epochs.toFixed(2)}`).join(', ')} epochs`);
    // The same 27 configurations: the last rung's runs are bit-identical to random search's.
    assert.deepEqual(halving.trials.filter((x) => x.rung === 0).map((x) => x.values), random.trials.map((x) => x.values));
    assert.ok(halving.best.validationLoss <= random.best.validationLoss, 'halving winner is worse');
    assert.ok(halving.budget.samples < 0.5 * random.budget.samples, 'halving should use well under half the budget');
    assert.equal(halving.rungs.length, 3);
  });
}

// ---- Failures are results, not crashes --------------------------------------------------------------

test('diverged trials are failures ranked last; invalid combinations are reported, not thrown', async () => {
  const r = await tune(seedWith({ optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.5, nesterov: true }, batchSize: 'full', epochs: 30 }, {
    strategy: 'grid', space: { lr: [0.1, 5], momentum: [0, 0.5] },
  }), { workers: 0 });
  const byValues = Object.fromEntries(r.trials.map((x) => [`${x.values.lr}/${x.values.momentum}`, x]));
  assert.equal(byValues['5/0.5'].status, 'diverged');
  assert.ok(byValues['5/0.5'].divergedAt > 0);
  assert.equal(byValues['0.1/0'].status, 'invalid');
  assert.match(byValues['0.1/0'].error, /^optimizer\.nesterov: can be true only with momentum > 0/);
  assert.equal(byValues['0.1/0'].samples, 0);
  assert.deepEqual(r.best.values, { lr: 0.1, momentum: 0.5 });
  assert.equal(r.best.run.optimizer.nesterov, true);
  assert.equal(r.best.run.epochs, 30);
});

test('a grid over the new optimizer and schedule kinds: every trial valid, hyperparameters only where they belong', async () => {
  const r = await tune(seedWith({ optimizer: { kind: 'sgd', lr: 0.05 }, batchSize: 16, epochs: 5, schedule: { kind: 'cyclic', max_lr: 0.2, step_size_up: 3 } }, {
    strategy: 'grid',
    space: {
      optimizer: ['nadam', 'radam', 'adadelta', 'adamax', 'rprop'],
      schedule: ['one_cycle', 'sequential', 'polynomial', 'cyclic'], // cyclic: the base run's, kept
      weight_decay: [0.01],
      beta1: [0.8],
    },
  }), { workers: 0 });
  assert.equal(r.trials.length, 20);
  for (const t of r.trials) {
    assert.ok(t.status === 'completed', `${JSON.stringify(t.values)}: ${t.status} ${t.error ?? ''}`);
    assert.equal(Object.hasOwn(t.values, 'weight_decay'), t.values.optimizer !== 'rprop', 'Rprop has no weight_decay');
    assert.equal(Object.hasOwn(t.values, 'beta1'), ['nadam', 'radam', 'adamax'].includes(t.values.optimizer), 'betas only for the Adam family');
  }
  // a kind torch gives a required argument (cyclic's max_lr) is searched from a base run of that kind
  await assert.rejects(tune(seedWith({ optimizer: { kind: 'sgd', lr: 0.05 } }, { space: { schedule: ['constant', 'multistep'] } }), { workers: 0 }),
    (error) => error instanceof ExperimentError && error.issues[0].path === 'tune.space.schedule[1]' && /needs milestones/.test(error.issues[0].message));
});

test('bad tune specs are rejected before anything runs, naming the field', async () => {
  const engine = await loadEngine();
  for (const [spec, path] of [
    [{ space: {} }, 'tune.space'],
    [{ space: { lr: { min: -1, max: 1 } } }, 'tune.space.lr.min'],
    [{ trials: 0 }, 'tune.trials'],
    [{ budget: 5 }, 'tune.budget'],
    [{ trials: 1000, epochs: 1e6 }, 'tune.trials'],
  ]) {
    const pool = inProcessPool(engine);
    await assert.rejects(runTune({ tune: spec }, { pool }), (error) => {
      assert.ok(error instanceof ExperimentError);
      assert.ok(error.issues.some((i) => i.path === path), JSON.stringify(error.issues));
      return true;
    });
    await pool.close();
  }
  await assert.rejects(runTune({}), /options\.pool is required/);
});

// ---- Range test --------------------------------------------------------------------------------------

/** λmax of the MSE Hessian (2/n) [X 1]ᵀ[X 1] of the training split, by power iteration. */
function lambdaMax({ X, y, n, d }) {
  const p = d + 1;
  const H = Array.from({ length: p }, () => new Float64Array(p));
  for (let i = 0; i < n; i += 1) {
    const row = [...X.subarray(i * d, (i + 1) * d), 1];
    for (let a = 0; a < p; a += 1) for (let b = 0; b < p; b += 1) H[a][b] += (2 / n) * row[a] * row[b];
  }
  let v = new Float64Array(p).fill(1);
  let lambda = 0;
  for (let k = 0; k < 500; k += 1) {
    const w = H.map((r) => r.reduce((s, h, j) => s + h * v[j], 0));
    lambda = Math.hypot(...w);
    v = w.map((x) => x / lambda);
  }
  void y;
  return lambda;
}

test('range test on the seed experiment: the suggestion lies in the stable region below 2/λmax', async (t) => {
  const engine = await loadEngine();
  const session = engine.createSession({});
  const stable = 2 / lambdaMax(session.split('train'));
  session.free();
  for (const rule of ['min/10', 'steepest']) {
    const r = await tune({ tune: { kind: 'range_test', rule } }, { workers: 0 }); // base: the seed's batch GD
    t.diagnostic(`${rule}: suggested lr ${r.suggestion.lr} (${r.suggestion.text}); 2/λmax = ${stable}`);
    assert.equal(r.suggestion.rule, rule);
    assert.ok(r.suggestion.lr < stable, `${rule}: ${r.suggestion.lr} >= 2/λmax ${stable}`);
    assert.ok(r.suggestion.lr > stable / 100, `${rule}: ${r.suggestion.lr} is uselessly small`);
    // the curve: lr grows geometrically from 1e-6 to 10, the loss falls, then blows up past 2/λmax
    assert.equal(r.lr.length, r.loss.length);
    assert.ok(Math.abs(r.lr[0] - 1e-6) < 1e-18);
    for (let i = 1; i < r.lr.length; i += 1) assert.ok(r.lr[i] > r.lr[i - 1]);
    assert.ok(r.stoppedAt && r.stoppedAt.lr > stable, 'the curve stops after the stable region');
    assert.ok(Math.min(...r.loss.slice(0, r.stoppedAt.index)) < 0.1 * r.initialLoss);
  }
});

test('suggestLearningRate: rules, smoothing, stop at 4× the lowest loss, and too short a curve', () => {
  const lr = Array.from({ length: 40 }, (_, i) => 1e-4 * 1.3 ** i);
  // a valley in log(lr): falls fastest around i = 15, lowest at i = 25, blows up at i = 32
  const loss = lr.map((_, i) => (i < 32 ? 1 + Math.tanh((15 - i) / 4) * 0.9 + Math.max(0, i - 25) * 0.02 : 100));
  const argmin = (a) => a.reduce((m, v, i) => (v < a[m] ? i : m), 0);
  const lowest = argmin(loss.slice(0, 32));
  assert.equal(lowest, 25);
  const min = suggestLearningRate({ lr, loss });
  assert.deepEqual([min.suggestion.index, min.suggestion.lr, min.suggestion.rule], [25, lr[25] / 10, 'min/10']);
  assert.deepEqual([min.stoppedAt.index, min.stoppedAt.lr], [32, lr[32]]);
  assert.match(min.stoppedAt.reason, /4× its lowest/);
  const slopes = lr.map((_, i) => (i > 0 && i < lowest ? (loss[i + 1] - loss[i - 1]) / Math.log(lr[i + 1] / lr[i - 1]) : 0));
  const steep = suggestLearningRate({ lr, loss }, { rule: 'steepest' });
  assert.equal(steep.suggestion.index, argmin(slopes));
  assert.equal(steep.suggestion.lr, lr[argmin(slopes)]);
  assert.ok(Math.abs(argmin(slopes) - 15) <= 1);
  const flat = suggestLearningRate({ lr: [1, 2, 3, 4], loss: [2, 2, 2, 2] }, { smoothing: 0.9 });
  assert.deepEqual(Array.from(flat.smoothed), [2, 2, 2, 2]); // bias correction: a constant stays constant
  const early = suggestLearningRate({ lr: [1, 2, 3, 4], loss: [1, 5, 9, 20] });
  assert.equal(early.suggestion, null);
  assert.match(early.note, /lower tune\.lrMin/);
});

// ---- Refinement ------------------------------------------------------------------------------------

test('refinement never returns parameters worse than its start, and gains ~nothing after convergence', async (t) => {
  const engine = await loadEngine();
  const cases = [
    ['converged (seed batch GD, 1000 iterations)', { tune: { kind: 'refine' } }],
    ['under-trained (5 iterations)', seedWith({ optimizer: { kind: 'sgd', lr: 0.1 }, iterations: 5 }, { kind: 'refine', tries: 300 })],
    ['huge steps (nothing is kept)', seedWith({ optimizer: { kind: 'sgd', lr: 0.1 }, iterations: 50 }, { kind: 'refine', step: 1000, tries: 50 })],
  ];
  const out = {};
  for (const [name, experiment] of cases) {
    const r = await tune(experiment, { workers: 0 });
    out[name] = r;
    t.diagnostic(`${name}: ${r.start.trainLoss} → ${r.best.trainLoss} (gain ${r.gain}, ${r.accepted} of ${r.tries} kept)`);
    assert.ok(r.best.trainLoss <= r.start.trainLoss);
    // re-evaluated independently of the refinement loop
    const session = engine.createSession({ ...experiment, tune: null });
    assert.equal(session.evaluate([...r.best.params.weights, r.best.params.bias], 'train'), r.best.trainLoss);
    assert.equal(session.evaluate([...r.start.params.weights, r.start.params.bias], 'train'), r.start.trainLoss);
    session.free();
    let previous = r.start.trainLoss;
    for (const m of r.improvements) {
      assert.ok(m.trainLoss < previous);
      previous = m.trainLoss;
    }
  }
  const converged = out['converged (seed batch GD, 1000 iterations)'];
  assert.ok(converged.relativeGain < 1e-5, `relative gain ${converged.relativeGain}`);
  assert.ok(converged.start.trainLoss - converged.optimum.trainLoss < 1e-6);
  const under = out['under-trained (5 iterations)'];
  assert.ok(under.relativeGain > 0.1 && under.accepted > 0);
  const huge = out['huge steps (nothing is kept)'];
  assert.equal(huge.accepted, 0);
  assert.deepEqual(huge.best.params, huge.start.params);
  // deterministic
  const again = await tune(cases[1][1], { workers: 0 });
  assert.deepEqual(again.best, under.best);
});

// ---- The worker protocol and pools ---------------------------------------------------------------------

test('the handler answers {id, error} for unknown types and out-of-order messages', async () => {
  const engine = await loadEngine();
  const handler = createTuneHandler(engine);
  try {
    assert.deepEqual(await handler.handle({ id: 1, type: 'fly' }), { id: 1, error: { name: 'DescentError', message: 'tune worker: unknown message type "fly"', status: 'EINVAL' } });
    assert.match((await handler.handle({ id: 2, type: 'trial', run: {} })).error.message, /send an init message first/);
    assert.match((await handler.handle({ id: 3, type: '__proto__' })).error.message, /unknown message type/);
    const experiment = validateExperiment({ tune: { kind: 'range_test' } });
    const info = await handler.handle({ id: 4, type: 'init', experiment, splitSeed: 0 });
    assert.deepEqual([info.id, info.nTrain, info.nTest, info.d], [4, 80, 20, 1]);
    assert.match((await handler.handle({ id: 5, type: 'trial', run: {} })).error.message, /need an init message for a search/);
  } finally {
    handler.free();
  }
});

test('createPool: tasks queue for free workers; a failing worker rejects its task instead of hanging', async () => {
  const fake = (behaviour) => {
    let onMessage;
    let onError;
    return {
      post(message) {
        setTimeout(() => {
          if (behaviour === 'crash') onError(new Error('worker crashed'));
          else if (behaviour === 'fail') onMessage({ id: message.id, error: { name: 'DescentError', message: 'bad', status: 'EINVAL' } });
          else onMessage({ id: message.id, echo: message.n });
        }, 1);
      },
      listen(m, e) { onMessage = m; onError = e; },
      terminate() {},
    };
  };
  const pool = createPool([fake('ok'), fake('ok')]);
  const replies = await Promise.all(Array.from({ length: 7 }, (_, n) => pool.run({ type: 'x', n })));
  assert.deepEqual(replies.map((r) => r.echo), [0, 1, 2, 3, 4, 5, 6]);
  await pool.close();
  const failing = createPool([fake('fail')]);
  await assert.rejects(failing.run({ type: 'x' }), (e) => e instanceof DescentError && e.message === 'bad');
  const crashing = createPool([fake('crash')]);
  await assert.rejects(crashing.run({ type: 'x' }), /worker crashed/);
  await assert.rejects(crashing.run({ type: 'x' }), /worker crashed/);
  assert.throws(() => createPool([]), RangeError);
});

test('tuning in this thread frees what it allocates', async () => {
  const engine = await loadEngine();
  await tune(DETERMINISM, { workers: 0 }); // warm up
  const before = engine.heapUsed();
  await tune(DETERMINISM, { workers: 0 });
  await tune({ tune: { kind: 'refine', tries: 20 } }, { workers: 0 });
  await tune({ tune: { kind: 'range_test' } }, { workers: 0 });
  assert.equal(engine.heapUsed(), before);
});

test('curves: each trial can bring back a thinned history of its losses', async () => {
  const r = await tune(seedWith({ batchSize: 4, epochs: 30 }, { trials: 3 }), { workers: 0, curves: true });
  for (const trial of r.trials) {
    const { samples, trainLoss, validationLoss } = trial.curve;
    assert.ok(samples.length > 10 && samples.length <= 129, `${samples.length} points`);
    assert.equal(trainLoss.length, samples.length);
    assert.equal(validationLoss.length, samples.length);
    assert.equal(samples[0], 0);
    assert.equal(samples.at(-1), trial.samples);
    assert.equal(validationLoss.at(-1), trial.validationLoss);
  }
  const plain = await tune(seedWith({ batchSize: 4, epochs: 30 }, { trials: 3 }), { workers: 0 });
  assert.equal(plain.trials[0].curve, undefined);
  assert.deepEqual(plain.trials.map((t) => t.validationLoss), r.trials.map((t) => t.validationLoss));
});

test('a search can be cancelled between trials; the pool is then closed by the caller', async () => {
  const controller = new AbortController();
  let seen = 0;
  await assert.rejects(
    tune(DETERMINISM, { workers: 2, signal: controller.signal, onProgress: () => { seen += 1; controller.abort(); } }),
    (error) => error.name === 'AbortError',
  );
  assert.ok(seen >= 1 && seen < 17, `${seen} trials reported before the search stopped`);
  await assert.rejects(tune(DETERMINISM, { workers: 0, signal: AbortSignal.abort() }), (error) => error.name === 'AbortError');
});

test('long trials, range tests and refinements report progress from inside; a cancel stops them at once', async () => {
  // one long trial (in this thread): progress arrives before the trial ends, rows counted as the core does
  // (minutes of work if it ran to the end: only a cancel ends it in time)
  const long = { data: { n: 100000, d: 16 }, runs: [{ batchSize: 'full', epochs: 100000 }], tune: { strategy: 'grid', space: { lr: [0.01] } } };
  const seen = [];
  const controller = new AbortController();
  const started = tune(long, {
    workers: 0,
    signal: controller.signal,
    onProgress: (p) => {
      seen.push(p);
      if (seen.length === 2) controller.abort(new Error('cancelled by the test'));
    },
  });
  await assert.rejects(started, /cancelled by the test/);
  assert.ok(seen.length >= 2);
  assert.equal(seen[0].trial, undefined);
  assert.equal(seen[0].done, 0);
  assert.ok(seen[0].samplesDone > 0 && seen[0].samplesDone < seen[0].samplesPlanned, JSON.stringify(seen[0]));
  // the same with worker threads: the coordinator rejects at once and closing the pool stops the worker
  const threads = new AbortController();
  let firstProgress;
  const got = new Promise((resolve) => { firstProgress = resolve; });
  const inThreads = tune(long, { workers: 1, signal: threads.signal, onProgress: firstProgress });
  await got;
  threads.abort(new Error('cancelled'));
  await assert.rejects(inThreads, /cancelled/);
  // a refinement of many tries works in chunks (the host gets turns between them) and gives the same
  // numbers as without progress
  const spec = validateExperiment({ runs: [{ iterations: 20 }], tune: { kind: 'refine', tries: 40000 } });
  const engine = await loadEngine();
  const handler = createTuneHandler(engine);
  try {
    await handler.handle({ id: 1, type: 'init', experiment: spec, splitSeed: 0 });
    let pauses = 0;
    const run = { ...spec.runs[0], name: 'refined' };
    const reply = await handler.handle({ id: 2, type: 'refine', run }, { pause: async () => { pauses += 1; } });
    assert.ok(pauses >= 3, `${pauses} chunks`);
    const quiet = await tune(spec, { workers: 0 });
    assert.deepEqual(quiet.best, reply.best);
  } finally {
    handler.free();
  }
});
