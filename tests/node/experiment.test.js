// Tests of web/lib/experiment.js: defaults, normalisation, every validation rule and its message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  SCHEMA_VERSION, SCHEMA, DEFAULTS, ExperimentError, validateExperiment, defaultExperiment,
  splitSizes, featureCount, runEpochs, halvingRungs, gridSize,
} from '../../web/lib/experiment.js';

/** The issues validateExperiment reports for input (fails the test when it accepts it). */
function issuesOf(input) {
  try {
    validateExperiment(input);
  } catch (error) {
    assert.ok(error instanceof ExperimentError, `expected ExperimentError, got ${error}`);
    return error.issues;
  }
  assert.fail(`expected ${JSON.stringify(input)?.slice(0, 200)} to be rejected`);
}

const run = (fields) => ({ runs: [fields] });
const F32 = 'within float32 range (|v| <= 3.4028234663852886e38)';
const opt = (optimizer) => run({ optimizer });
const sched = (schedule) => run({ schedule });
const inline = (fields, model) => ({ data: { kind: 'inline', X: [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], y: [1, 0, 1, 0, 1], ...fields }, ...(model && { model }) });

test('SCHEMA_VERSION is 1', () => assert.equal(SCHEMA_VERSION, 1));

test('the defaults are the seed experiment', () => {
  const e = validateExperiment({});
  assert.deepEqual(e, defaultExperiment());
  assert.deepEqual(e, DEFAULTS);
  assert.equal(e.version, 1);
  assert.equal(e.name, 'seed experiment');
  assert.equal(e.seed, 42);
  assert.deepEqual(e.data, {
    kind: 'linear', n: 100, d: 1, weights: [3], bias: 0, scales: [1], noise: 'uniform', noiseLevel: 1,
    testFraction: 0.2, standardize: false,
  });
  assert.deepEqual(e.model, { kind: 'linear', loss: 'mse', penalty: { l1: 0, l2: 0 } });
  assert.equal(e.init, 'zeros');
  assert.deepEqual(e.runs.map((r) => [r.name, r.batchSize, r.iterations, r.epochs]), [
    ['batch GD', 'full', 1000, null], ['SGD', 1, 1000, null], ['mini-batch 16', 16, 1000, null],
  ]);
  for (const r of e.runs) {
    assert.deepEqual(r.optimizer, { kind: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 });
    assert.deepEqual(r.schedule, { kind: 'constant', per: 'epoch' });
    assert.deepEqual(
      { shuffle: r.shuffle, targetLoss: r.targetLoss, tolerance: r.tolerance, divergeFactor: r.divergeFactor, record: r.record, init: r.init },
      { shuffle: true, targetLoss: null, tolerance: 0, divergeFactor: 1e6, record: { every: 'auto' }, init: 'zeros' },
    );
  }
});

test('examples/seed.json is the default experiment', () => {
  const seed = JSON.parse(readFileSync(new URL('../../examples/seed.json', import.meta.url), 'utf8'));
  assert.deepEqual(validateExperiment(seed), { ...defaultExperiment(), name: seed.name });
});

test('results are fresh objects: mutating one changes no defaults, and the input is not changed', () => {
  const a = defaultExperiment();
  a.data.weights[0] = 99;
  a.runs[0].optimizer.lr = 5;
  a.runs.pop();
  a.model.penalty.l1 = 1;
  assert.deepEqual(defaultExperiment(), DEFAULTS);
  assert.equal(defaultExperiment().runs.length, 3);
  assert.ok(Object.isFrozen(DEFAULTS) && Object.isFrozen(DEFAULTS.runs[0].optimizer));
  assert.ok(Object.isFrozen(SCHEMA.data.fields.coefficients.default));
  const poly = validateExperiment({ data: { kind: 'polynomial' } });
  poly.data.coefficients.push(7);
  assert.deepEqual(validateExperiment({ data: { kind: 'polynomial' } }).data.coefficients, [0.5, -1, 0, 2]);

  const input = inline({}, { kind: 'linear' });
  input.init = { weights: [1, 2], bias: 3 };
  const before = structuredClone(input);
  const e = validateExperiment(input);
  assert.deepEqual(input, before);
  assert.notEqual(e.data.X, input.data.X);
  assert.notEqual(e.data.X[0], input.data.X[0]);
  assert.notEqual(e.data.y, input.data.y);
  assert.notEqual(e.init.weights, input.init.weights);
  assert.notEqual(e.runs[0].init, e.init);
});

test('per-kind optimizer defaults match torch.optim', () => {
  const expected = {
    sgd: { kind: 'sgd', lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 },
    adagrad: { kind: 'adagrad', lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10 },
    rmsprop: { kind: 'rmsprop', lr: 1e-2, alpha: 0.99, momentum: 0, weight_decay: 0, eps: 1e-8, centered: false },
    adam: { kind: 'adam', lr: 1e-3, betas: [0.9, 0.999], weight_decay: 0, eps: 1e-8, amsgrad: false },
    adamw: { kind: 'adamw', lr: 1e-3, betas: [0.9, 0.999], weight_decay: 1e-2, eps: 1e-8, amsgrad: false },
    // torch 1.13: NAdam(lr=2e-3, betas, eps=1e-8, weight_decay=0, momentum_decay=4e-3), RAdam(lr=1e-3, …),
    // Adadelta(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0), Adamax(lr=2e-3, …), Rprop(lr=1e-2,
    // etas=(0.5, 1.2), step_sizes=(1e-6, 50)) — Rprop has no weight_decay
    nadam: { kind: 'nadam', lr: 2e-3, betas: [0.9, 0.999], weight_decay: 0, eps: 1e-8, momentum_decay: 4e-3 },
    radam: { kind: 'radam', lr: 1e-3, betas: [0.9, 0.999], weight_decay: 0, eps: 1e-8 },
    adadelta: { kind: 'adadelta', lr: 1, weight_decay: 0, eps: 1e-6, rho: 0.9 },
    adamax: { kind: 'adamax', lr: 2e-3, betas: [0.9, 0.999], weight_decay: 0, eps: 1e-8 },
    rprop: { kind: 'rprop', lr: 1e-2, etas: [0.5, 1.2], step_sizes: [1e-6, 50] },
  };
  for (const [kind, want] of Object.entries(expected)) {
    assert.deepEqual(validateExperiment(opt({ kind })).runs[0].optimizer, want, kind);
  }
  // An absent optimizer is the seed's {kind: "sgd", lr: 0.1}; a given one takes torch's lr.
  assert.equal(validateExperiment(run({})).runs[0].optimizer.lr, 0.1);
  assert.equal(validateExperiment(opt({})).runs[0].optimizer.lr, 1e-3);
});

test('per-kind schedule defaults match torch.optim.lr_scheduler', () => {
  const expected = {
    constant: {},
    exponential: { gamma: 0.95 },
    step: { step_size: 10, gamma: 0.1 },
    cosine: { T_max: null, eta_min: 0 }, // null: the run's length
    linear: { start_factor: 1 / 3, end_factor: 1, total_iters: 5 },
    reduce_on_plateau: { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: 'rel', cooldown: 0, min_lr: 0, eps: 1e-8 },
    bold_driver: { increase: 1.05, decrease: 0.5, threshold: 1e-5 },
    // OneCycleLR(max_lr, total_steps=None, pct_start=0.3, anneal_strategy='cos', cycle_momentum=True,
    // base_momentum=0.85, max_momentum=0.95, div_factor=25., final_div_factor=1e4, three_phase=False);
    // descent: max_lr and total_steps null (the optimizer's lr, the run's length), cycle_momentum off
    one_cycle: { max_lr: null, total_steps: null, pct_start: 0.3, anneal_strategy: 'cos', div_factor: 25, final_div_factor: 1e4, three_phase: false, cycle_momentum: false },
    // CyclicLR(base_lr, max_lr, step_size_up=2000, step_size_down=None, mode='triangular', gamma=1.)
    cyclic: { max_lr: 0.5, gamma: 1, mode: 'triangular', base_lr: null, step_size_up: 2000, step_size_down: null, cycle_momentum: false },
    cosine_warm_restarts: { T_0: 10, T_mult: 1, eta_min: 0 }, // T_0 is required (given here)
    multistep: { gamma: 0.1, milestones: [3] }, // milestones required (given here)
    polynomial: { total_iters: 5, power: 1 },
    sequential: { schedulers: [{ kind: 'linear', start_factor: 1 / 3, end_factor: 1, total_iters: 5 }, { kind: 'cosine', T_max: null, eta_min: 0 }], milestones: [5] },
  };
  const required = { cyclic: { max_lr: 0.5 }, cosine_warm_restarts: { T_0: 10 }, multistep: { milestones: [3] } };
  for (const [kind, want] of Object.entries(expected)) {
    assert.deepEqual(validateExperiment(sched({ kind, ...required[kind] })).runs[0].schedule, { kind, per: 'epoch', ...want }, kind);
  }
  assert.deepEqual(validateExperiment(sched({ kind: 'cyclic', max_lr: 1, cycle_momentum: true })).runs[0].schedule.base_momentum, 0.8);
  assert.deepEqual(validateExperiment(sched({ kind: 'one_cycle', cycle_momentum: true })).runs[0].schedule.max_momentum, 0.95);
  assert.equal(validateExperiment(sched({ kind: 'step', per: 'iteration' })).runs[0].schedule.per, 'iteration');
});

test('per-kind data defaults, and only the fields that apply', () => {
  const common = { testFraction: 0.2, standardize: false };
  assert.deepEqual(validateExperiment({ data: { kind: 'polynomial' } }).data,
    { kind: 'polynomial', n: 100, degree: 3, coefficients: [0.5, -1, 0, 2], noise: 'gaussian', noiseLevel: 0.1, ...common });
  assert.deepEqual(validateExperiment({ data: { kind: 'sine' } }).data,
    { kind: 'sine', n: 100, degree: 5, frequency: 1, noise: 'gaussian', noiseLevel: 0.1, ...common });
  const blobs = validateExperiment({ data: { kind: 'blobs' } });
  assert.deepEqual(blobs.data, { kind: 'blobs', n: 200, d: 2, separation: 2, noiseLevel: 1, ...common });
  assert.deepEqual(blobs.model, { kind: 'logistic', loss: 'bce', penalty: { l1: 0, l2: 0 } });
  assert.deepEqual(validateExperiment({ data: { d: 3 } }).data.weights, [3, 3, 3]);
  assert.deepEqual(validateExperiment({ data: { d: 3 } }).data.scales, [1, 1, 1]);
  assert.deepEqual(Object.keys(validateExperiment(inline()).data), ['kind', 'X', 'y', 'testFraction', 'standardize']);
  assert.deepEqual(validateExperiment({ model: { loss: 'huber' } }).model, { kind: 'linear', loss: 'huber', delta: 1, penalty: { l1: 0, l2: 0 } });
});

test('stopping rule: iterations 1000 unless iterations or epochs is set', () => {
  const r = (fields) => validateExperiment(run(fields)).runs[0];
  assert.deepEqual([r({}).iterations, r({}).epochs], [1000, null]);
  assert.deepEqual([r({ iterations: null, epochs: null }).iterations, r({}).epochs], [1000, null]);
  assert.deepEqual([r({ epochs: 2.5 }).iterations, r({ epochs: 2.5 }).epochs], [null, 2.5]);
  assert.deepEqual([r({ iterations: 7, epochs: 3 }).iterations, r({ iterations: 7, epochs: 3 }).epochs], [7, 3]);
});

test('runs get default names and the experiment init, unless they override it', () => {
  const e = validateExperiment({ init: 'uniform', runs: [{}, { init: { weights: [2] } }, { name: 'x' }] });
  assert.deepEqual(e.runs.map((r) => r.name), ['run 1', 'run 2', 'x']);
  assert.deepEqual(e.runs.map((r) => r.init), ['uniform', { weights: [2], bias: 0 }, 'uniform']);
});

test('default runs keep only the seed runs whose batch fits the training set', () => {
  assert.deepEqual(validateExperiment(inline()).runs.map((r) => r.name), ['batch GD', 'SGD']);
  assert.deepEqual(validateExperiment({ data: { n: 20 } }).runs.map((r) => r.batchSize), ['full', 1, 16]);
  assert.deepEqual(validateExperiment({ data: { n: 19 } }).runs.map((r) => r.batchSize), ['full', 1]);
});

test('numbers are numbers; -0 becomes 0', () => {
  const e = validateExperiment({ seed: -0, data: { bias: -0 } });
  assert.ok(Object.is(e.seed, 0) && Object.is(e.data.bias, 0));
});

test('splitSizes: nTest = round(n·testFraction), nTrain = n − nTest', () => {
  const cases = [[100, 0.2, 80, 20], [101, 0.25, 76, 25], [10, 0.25, 7, 3], [10, 0.05, 9, 1], [10, 0, 10, 0], [6, 0.9, 1, 5], [3, 0.5, 1, 2]];
  for (const [n, testFraction, nTrain, nTest] of cases) {
    assert.deepEqual(splitSizes({ kind: 'linear', n, testFraction }), { nTrain, nTest }, `n=${n} tf=${testFraction}`);
  }
  assert.deepEqual(splitSizes(validateExperiment(inline()).data), { nTrain: 4, nTest: 1 });
  // The batch-size bound is the training-set size.
  assert.equal(validateExperiment({ data: { n: 101, testFraction: 0.25 }, runs: [{ batchSize: 76 }] }).runs[0].batchSize, 76);
  assert.equal(issuesOf({ data: { n: 101, testFraction: 0.25 }, runs: [{ batchSize: 77 }] })[0].message,
    'must be "full" or an integer in 1..76 (the training-set size), got 77');
});

test('featureCount: the length of init.weights', () => {
  assert.equal(featureCount(validateExperiment({ data: { d: 4 } }).data), 4);
  assert.equal(featureCount(validateExperiment({ data: { kind: 'sine' } }).data), 5);
  assert.equal(featureCount(validateExperiment({ data: { kind: 'blobs' } }).data), 2);
  assert.equal(featureCount(validateExperiment(inline()).data), 2);
  assert.equal(validateExperiment({ data: { kind: 'polynomial' }, init: { weights: [1, 2, 3], bias: 1 } }).init.bias, 1);
});

// [path, input, exact message]: one row per rule.
const RULES = [
  // top level
  ['', null, 'must be an object, got null'],
  ['', [1, 2], 'must be an object, got [1,2]'],
  ['', 'abc', 'must be an object, got "abc"'],
  ['version', { version: 2 }, 'must be 1 (this version of descent), got 2'],
  ['version', { version: '1' }, 'must be 1 (this version of descent), got "1"'],
  ['name', { name: '' }, 'must be a string of 1..200 characters, got ""'],
  ['name', { name: 7 }, 'must be a string of 1..200 characters, got 7'],
  ['name', { name: 'a\u001b[2J' }, 'must not contain control characters (U+001B at index 1), got "a\\u001b[2J"'],
  ['name', { name: 'tab\there' }, 'must not contain control characters (U+0009 at index 3), got "tab\\there"'],
  ['name', { name: 'del\u007f' }, 'must not contain control characters (U+007F at index 3), got "del\\u007f"'],
  ['name', { name: 'x\u202etxt.exe' }, 'must not contain invisible or text-direction characters (U+202E at index 1), got "x\\u202etxt.exe"'],
  ['name', { name: '\u2066a' }, 'must not contain invisible or text-direction characters (U+2066 at index 0), got "\\u2066a"'],
  ['seed', { seed: 'abc' }, 'must be an integer in 0..4294967295, got "abc"'],
  ['seed', { seed: -1 }, 'must be an integer in 0..4294967295, got -1'],
  ['seed', { seed: 1.5 }, 'must be an integer in 0..4294967295, got 1.5'],
  ['seed', { seed: 2 ** 32 }, 'must be an integer in 0..4294967295, got 4294967296'],
  ['seed', { seed: NaN }, 'must be an integer in 0..4294967295, got NaN'],
  ['seed', { seed: null }, 'must be an integer in 0..4294967295, got null'],
  ['tune', { tune: 5 }, 'must be an object or null, got 5'],
  ['extra', { extra: {} }, 'unknown field (allowed: version, name, seed, data, model, init, runs, tune)'],
  ['data', { data: 5 }, 'must be an object, got 5'],
  // data
  ['data.kind', { data: { kind: 'csv' } }, 'must be "linear", "polynomial", "sine", "blobs", "moons", "circles", "xor", "spiral", "inline" or "none", got "csv"'],
  ['data.d', { data: { kind: 'moons', d: 3 } }, 'unknown field for data "moons" (allowed: n, noiseLevel, testFraction, standardize)'],
  ['data.n', { data: { kind: 'none', n: 5 } }, 'unknown field for data "none" (allowed: no other field)'],
  ['data.n', { data: { n: 1 } }, 'must be an integer in 2..10000000, got 1'],
  ['data.n', { data: { n: 1e7 + 1 } }, 'must be an integer in 2..10000000, got 10000001'],
  ['data.n', { data: { n: '100' } }, 'must be an integer in 2..10000000, got "100"'],
  ['data.d', { data: { d: 0 } }, 'must be an integer in 1..1024, got 0'],
  ['data.d', { data: { kind: 'blobs', d: 1025 } }, 'must be an integer in 1..1024, got 1025'],
  ['data.weights', { data: { d: 2, weights: [1] } }, 'must have 2 values (one per feature, data.d), got 1'],
  ['data.weights', { data: { weights: 3 } }, 'must be an array of 1 numbers, got 3'],
  ['data.weights[0]', { data: { weights: ['a'] } }, `must be a finite number ${F32}, got "a"`],
  ['data.weights[0]', { data: { weights: [Infinity] } }, `must be a finite number ${F32}, got Infinity`],
  ['data.weights[0]', { data: { weights: [-1e39] } }, `must be a finite number ${F32}, got -1e+39`],
  ['data.bias', { data: { bias: '0' } }, `must be a finite number ${F32}, got "0"`],
  ['data.bias', { data: { bias: 3.5e38 } }, `must be a finite number ${F32}, got 3.5e+38`],
  ['data.scales[1]', { data: { d: 2, scales: [1, 0] } }, `must be a number > 0 ${F32}, got 0`],
  ['data.scales[0]', { data: { d: 2, scales: [1e39, 1] } }, `must be a number > 0 ${F32}, got 1e+39`],
  ['data.coefficients[1]', { data: { kind: 'polynomial', coefficients: [1, 1e39] } }, `must be a finite number ${F32}, got 1e+39`],
  // generated values whose squared errors overflow float32 (the kernels' accumulator) are refused up front
  ['data.scales[0]', { data: { weights: [3.4e38], scales: [3.4e38] } }, 'must be <= 1e18 (features x_j ~ U(0, scales[j]) beyond ±1e18: squared errors would overflow float32, in which the kernels sum them), got 3.4e38'],
  ['data.weights', { data: { d: 2, weights: [3.4e38, 1], scales: [1, 1e18] } }, 'targets reach about 3.4e38 (Σ|weights[j]|·scales[j] + |bias| + noise, from data.weights, data.scales, data.bias and data.noiseLevel), beyond ±1e18: squared errors would overflow float32, in which the kernels sum them; make them smaller'],
  ['data.bias', { data: { bias: -3e38 } }, 'targets reach about 3e38 (Σ|weights[j]|·scales[j] + |bias| + noise, from data.weights, data.scales, data.bias and data.noiseLevel), beyond ±1e18: squared errors would overflow float32, in which the kernels sum them; make them smaller'],
  ['data.coefficients', { data: { kind: 'polynomial', coefficients: [1, 3.4e38] } }, 'targets reach about 3.4e38 (Σ|coefficients[k]| + noise for x in [−1, 1]), beyond ±1e18: squared errors would overflow float32, in which the kernels sum them; make them smaller'],
  ['data.n', { data: { n: 10000000, d: 40 } }, '10000000 rows × 40 features = 4e8 values, more than the 5e7 this version handles'],
  ['data.n', { data: { kind: 'blobs', n: 5000001, d: 10 } }, '5000001 rows × 10 features = 50000010 values, more than the 5e7 this version handles'],
  ['data.n', { data: { kind: 'polynomial', n: 10000000, degree: 6 } }, '10000000 rows × 6 features = 6e7 values, more than the 5e7 this version handles'],
  ['data.n', { data: { kind: 'sine', n: 4500000, degree: 12 } }, '4500000 rows × 12 features = 5.4e7 values, more than the 5e7 this version handles'],
  ['data.noise', { data: { noise: 'normal' } }, 'must be "uniform" or "gaussian", got "normal"'],
  ['data.noiseLevel', { data: { noiseLevel: -1 } }, 'must be a number in [0, 1000000], got -1'],
  ['data.testFraction', { data: { testFraction: 0.95 } }, 'must be a number in [0, 0.9], got 0.95'],
  ['data.testFraction', { data: { n: 5, testFraction: 0.9 } }, 'leaves no training rows (5 of 5 rows held out for test; at least 1 must train), got 0.9'],
  ['data.standardize', { data: { standardize: 'yes' } }, 'must be true or false, got "yes"'],
  ['data.degree', { data: { kind: 'polynomial', degree: 13 } }, 'must be an integer in 1..12, got 13'],
  ['data.coefficients', { data: { kind: 'polynomial', coefficients: [] } }, 'must have 1..13 values, got 0'],
  ['data.coefficients', { data: { kind: 'polynomial', coefficients: new Array(14).fill(1) } }, 'must have 1..13 values, got 14'],
  ['data.frequency', { data: { kind: 'sine', frequency: 0 } }, 'must be a number in (0, 100], got 0'],
  ['data.frequency', { data: { kind: 'sine', frequency: 101 } }, 'must be a number in (0, 100], got 101'],
  ['data.separation', { data: { kind: 'blobs', separation: -1 } }, 'must be a number in [0, 1000000], got -1'],
  ['data.d', { data: { kind: 'sine', d: 2 } }, 'unknown field for data "sine" (allowed: n, degree, frequency, noise, noiseLevel, testFraction, standardize)'],
  ['data.noise', { data: { kind: 'blobs', noise: 'uniform' } }, 'unknown field for data "blobs" (allowed: n, d, separation, noiseLevel, testFraction, standardize)'],
  ['data.X', { data: { kind: 'linear', X: [[1]] } }, 'unknown field for data "linear" (allowed: n, d, weights, bias, scales, noise, noiseLevel, testFraction, standardize)'],
  // inline data
  ['data.X', { data: { kind: 'inline', y: [1, 2] } }, 'missing; must be an array of 2..1000000 rows, each an array of 1..1024 numbers'],
  ['data.X', inline({ X: 'a,b' }), 'must be an array of 2..1000000 rows, each an array of 1..1024 numbers, got "a,b"'],
  ['data.X', inline({ X: [[1]], y: [1] }), 'must have 2..1000000 rows, got 1'],
  ['data.X[3][1]', inline({ X: [[1, 2], [3, 4], [5, 6], [7, 'a'], [9, 10]] }), `must be a finite number ${F32}, got "a"`],
  ['data.X[3][1]', inline({ X: [[1, 2], [3, 4], [5, 6], [7, 1e39], [9, 10]] }), `must be a finite number ${F32}, got 1e+39`],
  ['data.X[0][0]', inline({ X: [[-Number.MAX_VALUE, 2], [3, 4], [5, 6], [7, 8], [9, 10]] }), `must be a finite number ${F32}, got -1.7976931348623157e+308`],
  ['data.X[2]', inline({ X: [[1, 2], [3, 4], [5], [7, 8], [9, 10]] }), 'must have 2 values (like row 0), got 1'],
  ['data.X[1]', inline({ X: [[1, 2], 3, [5, 6], [7, 8], [9, 10]] }), 'must be an array of 2 numbers, got 3'],
  ['data.X[0]', inline({ X: [[], [], [], [], []] }), 'must have 1..1024 values, got 0'],
  ['data.X[0]', inline({ X: [new Array(1025).fill(0), [1], [1], [1], [1]] }), 'must have 1..1024 values, got 1025'],
  ['data.X', inline({ X: new Array(1000000).fill(new Array(11).fill(0)) }), 'must have at most 10000000 values in total, got 1000000 rows × 11'],
  ['data.y', inline({ y: [1, 0, 1, 0] }), 'must have 5 values (one per row of X), got 4'],
  ['data.y[2]', inline({ y: [1, 0, null, 0, 1] }), `must be a finite number ${F32}, got null`],
  ['data.y[4]', inline({ y: [1, 0, 1, 0, 3.41e38] }), `must be a finite number ${F32}, got 3.41e+38`],
  ['data.y[3]', inline({ y: [1, 0, 1, 0.5, 1] }, { kind: 'logistic' }), 'must be 0 or 1 for model.kind "logistic", got 0.5'],
  ['data.n', inline({ n: 5 }), 'unknown field for data "inline" (allowed: X, y, testFraction, standardize)'],
  // model
  ['model.kind', { model: { kind: 'tree' } }, 'must be "linear", "logistic", "function" or "mlp", got "tree"'],
  ['model.loss', { model: { loss: 'bce' } }, 'must be "mse", "mae" or "huber" (what model.kind "linear" allows), got "bce"'],
  ['model.loss', { data: { kind: 'blobs' }, model: { loss: 'mse' } }, 'must be "bce" (what model.kind "logistic" allows), got "mse"'],
  ['model.delta', { model: { loss: 'huber', delta: 0 } }, 'must be a number > 0, got 0'],
  ['model.delta', { model: { loss: 'mse', delta: 1 } }, 'unknown field for loss "mse" (allowed: kind, loss, penalty)'],
  ['model.penalty.l1', { model: { penalty: { l1: -1 } } }, 'must be a number >= 0, got -1'],
  ['model.penalty.l2', { model: { penalty: { l2: '1' } } }, 'must be a number >= 0, got "1"'],
  ['model.penalty.l3', { model: { penalty: { l3: 1 } } }, 'unknown field (allowed: l1, l2)'],
  ['model.penalty', { model: { penalty: 0 } }, 'must be an object, got 0'],
  ['model.kind', { data: { kind: 'blobs' }, model: { kind: 'linear' } }, 'must be "logistic" or "mlp" for data.kind "blobs" (two-class data), got "linear"'],
  ['model.kind', { data: { kind: 'sine' }, model: { kind: 'logistic' } }, 'must be "linear" or "mlp" for data.kind "sine" (real-valued targets), got "logistic"'],
  ['model.layers', { model: { layers: 2 } }, 'unknown field for model "linear" (allowed: loss, penalty)'],
  // test functions (no data)
  ['model.function', { model: { kind: 'function', function: 'ackley' } }, 'must be "rosenbrock", "himmelblau", "beale", "quadratic", "saddle", "six_hump_camel" or "rastrigin", got "ackley"'],
  ['data', { model: { kind: 'function' }, data: { kind: 'linear' } }, 'must be left out (or {"kind": "none"}) for model.kind "function": a test function has no data, got data.kind "linear"'],
  ['model.kind', { data: { kind: 'none' }, model: { kind: 'linear' } }, 'must be "function" without data (data.kind "none"), got "linear"'],
  ['model.a', { model: { kind: 'function', function: 'himmelblau', a: 2 } }, 'unknown field for function "himmelblau" (allowed: kind, function, noise)'],
  ['model.condition', { model: { kind: 'function', function: 'quadratic', condition: 0 } }, 'must be a number in (0, 1000000], got 0'],
  ['model.noise', { model: { kind: 'function', noise: -1 } }, 'must be a number in [0, 1000000], got -1'],
  ['model.noise', { model: { noise: 1 } }, 'unknown field for model "linear" (allowed: loss, penalty)'],
  ['model.loss', { model: { kind: 'function', loss: 'mse' } }, 'unknown field for model "function" (allowed: function, a, b, noise)'],
  ['init.params', { model: { kind: 'function' }, init: { params: [1, 2, 3] } }, 'must have 2 values (θ = (x, y)), got 3'],
  ['init', { model: { kind: 'function' }, init: 'uniform' }, 'must be "zeros" or {params: [x, y]} for a function model ("uniform" is torch\'s layer initialisation), got "uniform"'],
  ['init.weights', { model: { kind: 'function' }, init: { weights: [1], bias: 2 } }, 'apply to linear and logistic models; give the function model\'s parameters as {params: [2 numbers]}'],
  ['runs[0].batchSize', { model: { kind: 'function' }, runs: [{ batchSize: 1 }] }, 'must be "full" for a function model (no data: every update evaluates f once), got 1'],
  // networks
  ['model.hidden[0]', { data: { kind: 'moons' }, model: { hidden: [0] } }, 'must be an integer in 1..64, got 0'],
  ['model.hidden[1]', { data: { kind: 'moons' }, model: { hidden: [8, 65] } }, 'must be an integer in 1..64, got 65'],
  ['model.hidden[0]', { data: { kind: 'moons' }, model: { hidden: [2.5] } }, 'must be an integer in 1..64, got 2.5'],
  ['model.hidden', { data: { kind: 'moons' }, model: { hidden: [] } }, 'must have 1..3 values, got 0'],
  ['model.hidden', { data: { kind: 'moons' }, model: { hidden: [4, 4, 4, 4] } }, 'must have 1..3 values, got 4'],
  ['model.activation', { data: { kind: 'moons' }, model: { activation: 'gelu' } }, 'must be "tanh", "relu" or "sigmoid", got "gelu"'],
  ['model.loss', { data: { kind: 'moons' }, model: { loss: 'mse' } }, 'must be "bce" for data.kind "moons" (two-class data), got "mse"'],
  ['model.loss', { data: { kind: 'sine' }, model: { kind: 'mlp', loss: 'bce' } }, 'must be "mse" for data.kind "sine" (real-valued targets), got "bce"'],
  ['model.loss', { data: { kind: 'moons' }, model: { loss: 'huber' } }, 'must be "mse" or "bce" (what model.kind "mlp" allows), got "huber"'],
  ['model.penalty', { data: { kind: 'moons' }, model: { penalty: { l2: 1 } } }, 'unknown field for model "mlp" (allowed: loss, hidden, activation)'],
  ['init.params', { data: { kind: 'xor' }, model: { hidden: [3] }, init: { params: [1, 2] } }, 'must have 13 values (the network\'s parameters in torch order: each layer\'s weight [out × in], then its bias), got 2'],
  ['data.y[1]', inline({ y: [1, 0.5, 1, 0, 1] }, { kind: 'mlp', loss: 'bce' }), 'must be 0 or 1 for model.loss "bce", got 0.5'],
  // init
  ['init', { init: 'random' }, 'must be "zeros", "uniform" or an object {params} or {weights, bias}, got "random"'],
  ['init.weights', { init: { weights: [1, 2] } }, 'must have 1 value (one per model feature), got 2'],
  ['init', { init: {} }, 'must have params (the flat vector) or weights and bias, got {}'],
  ['init.params', { init: { params: [1, 2, 3] } }, 'must have 2 values (the weights, then the bias), got 3'],
  ['init.weights', { init: { params: [1, 2], weights: [1] } }, 'give params (every parameter) or weights and bias, not both'],
  ['init.bias', { init: { weights: [1], bias: NaN } }, `must be a finite number ${F32}, got NaN`],
  ['init.bias', { init: { weights: [1], bias: -1e39 } }, `must be a finite number ${F32}, got -1e+39`],
  ['init.weights[0]', { init: { weights: [1e39] } }, `must be a finite number ${F32}, got 1e+39`],
  ['runs[0].init.weights[0]', run({ init: { weights: [-1e39] } }), `must be a finite number ${F32}, got -1e+39`],
  ['init.scale', { init: { weights: [1], scale: 2 } }, 'unknown field (allowed: params, weights, bias)'],
  ['runs[0].init.weights', { data: { kind: 'sine' }, runs: [{ init: { weights: [1] } }] }, 'must have 5 values (one per model feature), got 1'],
  // runs
  ['runs', { runs: [] }, 'must have 1..8 runs, got 0'],
  ['runs', { runs: new Array(9).fill({}) }, 'must have 1..8 runs, got 9'],
  ['runs', { runs: {} }, 'must be an array of 1..8 runs, got {}'],
  ['runs[0]', { runs: [5] }, 'must be an object, got 5'],
  ['runs[0].name', run({ name: '' }), 'must be a string of 1..60 characters, got ""'],
  ['runs[1].name', { runs: [{ name: 'a' }, { name: 'a' }] }, 'must be unique, got "a" (also runs[0].name)'],
  ['runs[0].batchSize', run({ batchSize: 0 }), 'must be "full" or an integer in 1..80 (the training-set size), got 0'],
  ['runs[0].batchSize', run({ batchSize: 100 }), 'must be "full" or an integer in 1..80 (the training-set size), got 100'],
  ['runs[0].batchSize', run({ batchSize: '16' }), 'must be "full" or an integer in 1..80 (the training-set size), got "16"'],
  ['runs[0].shuffle', run({ shuffle: 'true' }), 'must be true or false, got "true"'],
  ['runs[0].iterations', run({ iterations: 0 }), 'must be an integer in 1..1000000000 or null, got 0'],
  ['runs[0].iterations', run({ iterations: 2.5 }), 'must be an integer in 1..1000000000 or null, got 2.5'],
  ['runs[0].epochs', run({ epochs: 0 }), 'must be a number in (0, 1000000] or null, got 0'],
  ['runs[0].epochs', run({ epochs: 2e6 }), 'must be a number in (0, 1000000] or null, got 2000000'],
  ['runs[0].targetLoss', run({ targetLoss: 'low' }), 'must be a finite number or null, got "low"'],
  ['runs[0].tolerance', run({ tolerance: 1 }), 'must be a number in [0, 1), got 1'],
  ['runs[0].divergeFactor', run({ divergeFactor: 1 }), 'must be a number > 1, got 1'],
  ['runs[0].record.every', run({ record: { every: 0 } }), 'must be "auto" or an integer in 1..1000000000, got 0'],
  ['runs[0].record.every', run({ record: { every: 'often' } }), 'must be "auto" or an integer in 1..1000000000, got "often"'],
  ['runs[0].name', run({ name: 'csi\u009b2J' }), 'must not contain control characters (U+009B at index 3), got "csi\\u009b2J"'],
  ['runs[0].name', run({ name: 'a\u200b' }), 'must not contain invisible or text-direction characters (U+200B at index 1), got "a\\u200b"'],
  ['runs[0].name', run({ name: 'zero\ufeffwidth' }), 'must not contain invisible or text-direction characters (U+FEFF at index 4), got "zero\\ufeffwidth"'],
  // the core's budget, checked here: at most 1e9 updates, 1,000,000 points with an explicit record.every
  ['runs[0].epochs', { data: { n: 10000 }, runs: [{ batchSize: 1, epochs: 1e6 }] }, '1000000 epochs need 8e9 updates (8000 per epoch: 8000 training rows, batch size 1), more than the 1e9 this version handles; lower epochs or set iterations'],
  ['runs[0].record.every', run({ iterations: 1e9, record: { every: 1 } }), '1 gives 1000000001 history points for 1000000000 updates, more than the 1000000 this version handles; use >= 1001 or "auto"'],
  ['runs[0].record.every', run({ iterations: 1e6, record: { every: 1 } }), '1 gives 1000001 history points for 1000000 updates, more than the 1000000 this version handles; use >= 2 or "auto"'],
  ['runs[0].record.every', run({ epochs: 20000, batchSize: 1, record: { every: 1 } }), '1 gives 1600001 history points for 1600000 updates, more than the 1000000 this version handles; use >= 2 or "auto"'],
  ['runs[0].record.every', run({ epochs: 999999.5, record: { every: 1 } }), '1 gives 1000001 history points for 1000000 updates, more than the 1000000 this version handles; use >= 2 or "auto"'],
  ['runs[0].record.points', run({ record: { points: 5 } }), 'unknown field (allowed: every)'],
  ['runs[0].optim', run({ optim: {} }), 'unknown field (allowed: name, optimizer, batchSize, shuffle, schedule, iterations, epochs, targetLoss, tolerance, divergeFactor, record, init)'],
  // optimizer
  ['runs[0].optimizer', run({ optimizer: 'adam' }), 'must be an object, got "adam"'],
  ['runs[0].optimizer.kind', opt({ kind: 'bfgs' }), 'must be "sgd", "adagrad", "rmsprop", "adam", "adamw", "nadam", "radam", "adadelta", "adamax", "rprop", "lbfgs" or "newton", got "bfgs"'],
  ['runs[0].optimizer.lr', opt({ lr: -0.1 }), 'must be a number > 0 and <= 1000000, got -0.1'],
  ['runs[0].optimizer.lr', opt({ lr: 0 }), 'must be a number > 0 and <= 1000000, got 0'],
  ['runs[0].optimizer.lr', opt({ lr: 2e6 }), 'must be a number > 0 and <= 1000000, got 2000000'],
  ['runs[0].optimizer.lr', opt({ lr: '0.1' }), 'must be a number > 0 and <= 1000000, got "0.1"'],
  ['runs[0].optimizer.momentum', opt({ momentum: 1 }), 'must be a number in [0, 1), got 1'],
  ['runs[0].optimizer.dampening', opt({ dampening: 1.5 }), 'must be a number in [0, 1], got 1.5'],
  ['runs[0].optimizer.nesterov', opt({ nesterov: true }), 'can be true only with momentum > 0 and dampening 0, got momentum 0 and dampening 0'],
  ['runs[0].optimizer.nesterov', opt({ nesterov: true, momentum: 0.9, dampening: 0.1 }), 'can be true only with momentum > 0 and dampening 0, got momentum 0.9 and dampening 0.1'],
  ['runs[0].optimizer.nesterov', opt({ nesterov: 1 }), 'must be true or false, got 1'],
  ['runs[0].optimizer.weight_decay', opt({ weight_decay: -1 }), 'must be a number >= 0, got -1'],
  ['runs[0].optimizer.betas', opt({ kind: 'sgd', betas: [0.9, 0.99] }), 'unknown field for optimizer "sgd" (allowed: lr, momentum, dampening, nesterov, weight_decay)'],
  ['runs[0].optimizer.momentum', opt({ kind: 'adam', momentum: 0.9 }), 'unknown field for optimizer "adam" (allowed: lr, betas, weight_decay, eps, amsgrad)'],
  ['runs[0].optimizer.lr_decay', opt({ kind: 'adagrad', lr_decay: -1 }), 'must be a number >= 0, got -1'],
  ['runs[0].optimizer.initial_accumulator_value', opt({ kind: 'adagrad', initial_accumulator_value: -1 }), 'must be a number >= 0, got -1'],
  ['runs[0].optimizer.eps', opt({ kind: 'adagrad', eps: 0 }), 'must be a number > 0, got 0'],
  ['runs[0].optimizer.alpha', opt({ kind: 'rmsprop', alpha: 1.5 }), 'must be a number in [0, 1], got 1.5'],
  ['runs[0].optimizer.centered', opt({ kind: 'rmsprop', centered: 'no' }), 'must be true or false, got "no"'],
  ['runs[0].optimizer.momentum', opt({ kind: 'rmsprop', momentum: -0.1 }), 'must be a number in [0, 1), got -0.1'],
  ['runs[0].optimizer.betas', opt({ kind: 'adam', betas: [0.9] }), 'must have 2 values, got 1'],
  ['runs[0].optimizer.betas[0]', opt({ kind: 'adamw', betas: [1, 0.9] }), 'must be a number in [0, 1), got 1'],
  ['runs[0].optimizer.amsgrad', opt({ kind: 'adam', amsgrad: 1 }), 'must be true or false, got 1'],
  ['runs[0].optimizer.eps', opt({ kind: 'sgd', eps: 1e-8 }), 'unknown field for optimizer "sgd" (allowed: lr, momentum, dampening, nesterov, weight_decay)'],
  // schedule
  ['runs[0].schedule.kind', sched({ kind: 'plateau' }), 'must be "constant", "exponential", "step", "cosine", "linear", "reduce_on_plateau", "bold_driver", "one_cycle", "cyclic", "cosine_warm_restarts", "multistep", "polynomial" or "sequential", got "plateau"'],
  ['runs[0].schedule.per', sched({ per: 'batch' }), 'must be "epoch" or "iteration", got "batch"'],
  ['runs[0].schedule.gamma', sched({ kind: 'exponential', gamma: 0 }), 'must be a number > 0, got 0'],
  ['runs[0].schedule.step_size', sched({ kind: 'step', step_size: 0 }), 'must be an integer in 1..1000000000, got 0'],
  ['runs[0].schedule.T_max', sched({ kind: 'cosine', T_max: 1.5 }), 'must be an integer in 1..1000000000 or null, got 1.5'],
  ['runs[0].schedule.eta_min', sched({ kind: 'cosine', eta_min: -1 }), 'must be a number >= 0, got -1'],
  ['runs[0].schedule.start_factor', sched({ kind: 'linear', start_factor: 0 }), 'must be a number in (0, 1], got 0'],
  ['runs[0].schedule.end_factor', sched({ kind: 'linear', end_factor: 2 }), 'must be a number in [0, 1], got 2'],
  ['runs[0].schedule.total_iters', sched({ kind: 'linear', total_iters: 0 }), 'must be an integer in 1..1000000000, got 0'],
  ['runs[0].schedule.mode', sched({ kind: 'reduce_on_plateau', mode: 'max' }), 'must be "min", got "max"'],
  ['runs[0].schedule.factor', sched({ kind: 'reduce_on_plateau', factor: 1 }), 'must be a number in (0, 1), got 1'],
  ['runs[0].schedule.patience', sched({ kind: 'reduce_on_plateau', patience: -1 }), 'must be an integer in 0..1000000000, got -1'],
  ['runs[0].schedule.threshold', sched({ kind: 'reduce_on_plateau', threshold: -1 }), 'must be a number >= 0, got -1'],
  ['runs[0].schedule.threshold_mode', sched({ kind: 'reduce_on_plateau', threshold_mode: 'pct' }), 'must be "rel" or "abs", got "pct"'],
  ['runs[0].schedule.cooldown', sched({ kind: 'reduce_on_plateau', cooldown: 0.5 }), 'must be an integer in 0..1000000000, got 0.5'],
  ['runs[0].schedule.min_lr', sched({ kind: 'reduce_on_plateau', min_lr: -1 }), 'must be a number >= 0, got -1'],
  ['runs[0].schedule.eps', sched({ kind: 'reduce_on_plateau', eps: -1 }), 'must be a number >= 0, got -1'],
  ['runs[0].schedule.increase', sched({ kind: 'bold_driver', increase: 1 }), 'must be a number > 1, got 1'],
  ['runs[0].schedule.decrease', sched({ kind: 'bold_driver', decrease: 1 }), 'must be a number in (0, 1), got 1'],
  ['runs[0].schedule.gamma', sched({ kind: 'cosine', gamma: 0.5 }), 'unknown field for schedule "cosine" (allowed: per, T_max, eta_min)'],
  ['runs[0].schedule.gamma', sched({ gamma: 0.5 }), 'unknown field for schedule "constant" (allowed: per)'],
  // the new optimizers
  ['runs[0].optimizer.momentum_decay', opt({ kind: 'nadam', momentum_decay: -1 }), 'must be a number >= 0, got -1'],
  ['runs[0].optimizer.betas[1]', opt({ kind: 'radam', betas: [0.9, 1] }), 'must be a number in [0, 1), got 1'],
  ['runs[0].optimizer.rho', opt({ kind: 'adadelta', rho: 1.1 }), 'must be a number in [0, 1], got 1.1'],
  ['runs[0].optimizer.eps', opt({ kind: 'adamax', eps: 0 }), 'must be a number > 0, got 0'],
  ['runs[0].optimizer.etas[0]', opt({ kind: 'rprop', etas: [1.5, 2] }), 'must be in (0, 1) (etaminus: the step size shrinks after a sign change), got 1.5'],
  ['runs[0].optimizer.etas[1]', opt({ kind: 'rprop', etas: [0.5, 1] }), 'must be > 1 (etaplus: the step size grows while the sign holds), got 1'],
  ['runs[0].optimizer.etas[0]', opt({ kind: 'rprop', etas: [0, 1.2] }), 'must be a number > 0 and <= 1000000, got 0'],
  ['runs[0].optimizer.step_sizes[1]', opt({ kind: 'rprop', step_sizes: [1, 0.5] }), 'must be >= step_sizes[0] (1), got 0.5'],
  ['runs[0].optimizer.weight_decay', opt({ kind: 'rprop', weight_decay: 0.1 }), 'unknown field for optimizer "rprop" (allowed: lr, etas, step_sizes)'],
  ['runs[0].optimizer.amsgrad', opt({ kind: 'nadam', amsgrad: true }), 'unknown field for optimizer "nadam" (allowed: lr, betas, weight_decay, eps, momentum_decay)'],
  // the new schedules
  ['runs[0].schedule.max_lr', sched({ kind: 'one_cycle', max_lr: 0 }), 'must be a number > 0 and <= 1000000 or null, got 0'],
  ['runs[0].schedule.total_steps', sched({ kind: 'one_cycle', total_steps: 0 }), 'must be an integer in 1..1000000000 or null, got 0'],
  ['runs[0].schedule.total_steps', run({ iterations: 100, schedule: { kind: 'one_cycle', per: 'iteration', total_steps: 99 } }), 'must be >= the 100 schedule steps the run takes (per iteration); OneCycleLR raises beyond total_steps. Use null for the run\'s length, got 99'],
  ['runs[0].schedule.total_steps', run({ epochs: 2.5, batchSize: 40, schedule: { kind: 'one_cycle', total_steps: 1 } }), 'must be >= the 2 schedule steps the run takes (per epoch); OneCycleLR raises beyond total_steps. Use null for the run\'s length, got 1'],
  ['runs[0].schedule.pct_start', sched({ kind: 'one_cycle', pct_start: 1.5 }), 'must be a number in [0, 1], got 1.5'],
  ['runs[0].schedule.pct_start', run({ iterations: 10, schedule: { kind: 'one_cycle', per: 'iteration', pct_start: 0.1 } }), '0.1 with the run\'s length of 10 steps gives phase 1 no steps (OneCycleLR would divide by zero); change pct_start or total_steps'],
  ['runs[0].schedule.pct_start', run({ iterations: 10, schedule: { kind: 'one_cycle', per: 'iteration', pct_start: 1 } }), '1 with the run\'s length of 10 steps gives phase 2 no steps (OneCycleLR would divide by zero); change pct_start or total_steps'],
  ['runs[0].schedule.anneal_strategy', sched({ kind: 'one_cycle', anneal_strategy: 'cosine' }), 'must be "cos" or "linear", got "cosine"'],
  ['runs[0].schedule.div_factor', sched({ kind: 'one_cycle', div_factor: 0 }), 'must be a number > 0 and <= 1000000000000, got 0'],
  ['runs[0].schedule.cycle_momentum', { runs: [{ optimizer: { kind: 'adagrad' }, schedule: { kind: 'one_cycle', cycle_momentum: true } }] }, 'needs an optimizer with momentum or betas ("sgd", "rmsprop", "adam", "adamw", "nadam", "radam" or "adamax"; torch raises ValueError), got optimizer "adagrad"'],
  ['runs[0].schedule.cycle_momentum', { runs: [{ optimizer: { kind: 'adam' }, schedule: { kind: 'cyclic', max_lr: 1, cycle_momentum: true } }] }, 'needs an optimizer with momentum ("sgd" or "rmsprop"; torch raises ValueError), got optimizer "adam"'],
  ['runs[0].schedule.max_momentum', sched({ kind: 'one_cycle', cycle_momentum: true, max_momentum: 1 }), 'must be a number in (0, 1), got 1'],
  ['runs[0].schedule.base_momentum', sched({ kind: 'one_cycle', base_momentum: 0.5 }), 'unknown field for cycle_momentum false (allowed: kind, per, max_lr, total_steps, pct_start, anneal_strategy, div_factor, final_div_factor, three_phase, cycle_momentum)'],
  ['runs[0].schedule.max_lr', sched({ kind: 'cyclic' }), 'missing; must be a number > 0 and <= 1000000'],
  ['runs[0].schedule.mode', sched({ kind: 'cyclic', max_lr: 1, mode: 'min' }), 'must be "triangular", "triangular2" or "exp_range", got "min"'],
  ['runs[0].schedule.step_size_down', sched({ kind: 'cyclic', max_lr: 1, step_size_down: 0 }), 'must be an integer in 1..1000000000 or null, got 0'],
  ['runs[0].schedule.T_0', sched({ kind: 'cosine_warm_restarts' }), 'missing; must be an integer in 1..1000000000'],
  ['runs[0].schedule.T_mult', sched({ kind: 'cosine_warm_restarts', T_0: 5, T_mult: 1.5 }), 'must be an integer in 1..1000000, got 1.5'],
  ['runs[0].schedule.milestones', sched({ kind: 'multistep' }), 'missing; must be an array of 1..16 numbers'],
  ['runs[0].schedule.milestones[1]', sched({ kind: 'multistep', milestones: [5, 2.5] }), 'must be an integer in 1..1000000000, got 2.5'],
  ['runs[0].schedule.milestones[1]', sched({ kind: 'multistep', milestones: [5, 5] }), 'must be greater than milestones[0] (5): milestones are strictly increasing, got 5'],
  ['runs[0].schedule.power', sched({ kind: 'polynomial', power: -1 }), 'must be a number >= 0 and <= 1000000, got -1'],
  ['runs[0].schedule.milestones', sched({ kind: 'sequential', milestones: [5, 10] }), 'must have 1 value (one fewer than schedulers), got 2'],
  ['runs[0].schedule.schedulers', sched({ kind: 'sequential', schedulers: [{ kind: 'linear' }], milestones: [] }), 'must have 2..4 schedulers, got 1'],
  ['runs[0].schedule.schedulers[1].kind', sched({ kind: 'sequential', schedulers: [{ kind: 'linear' }, { kind: 'sequential' }] }), 'must be "constant", "exponential", "step", "cosine", "linear", "cosine_warm_restarts", "multistep" or "polynomial", got "sequential"'],
  ['runs[0].schedule.schedulers[1].kind', sched({ kind: 'sequential', schedulers: [{ kind: 'linear' }, { kind: 'one_cycle' }] }), 'must be "constant", "exponential", "step", "cosine", "linear", "cosine_warm_restarts", "multistep" or "polynomial", got "one_cycle"'],
  ['runs[0].schedule.schedulers[0].per', sched({ kind: 'sequential', schedulers: [{ kind: 'linear', per: 'iteration' }, { kind: 'cosine' }] }), 'unknown field for schedule "linear" (allowed: start_factor, end_factor, total_iters)'],
  ['runs[0].schedule.schedulers[1].T_max', sched({ kind: 'sequential', schedulers: [{ kind: 'linear' }, { kind: 'cosine', T_max: 0 }] }), 'must be an integer in 1..1000000000 or null, got 0'],
  ['runs[0].schedule.milestones[1]', sched({ kind: 'sequential', schedulers: [{ kind: 'linear' }, { kind: 'constant' }, { kind: 'cosine' }], milestones: [10, 10] }), 'must be greater than milestones[0] (10): milestones are strictly increasing, got 10'],
];

for (const [path, input, message] of RULES) {
  test(`rule: ${path || '(root)'}: ${message.slice(0, 60)}`, () => {
    const issues = issuesOf(input);
    const hit = issues.find((i) => i.path === path);
    assert.ok(hit, `no issue at ${path}; got ${JSON.stringify(issues)}`);
    assert.equal(hit.message, message);
  });
}

test('ExperimentError: issues in document order, message is one line per issue', () => {
  const input = {
    model: { loss: 'bce', penalty: { l1: -1 } },
    seed: 'abc',
    runs: [{ optimizer: { kind: 'sgd', betas: [0.9, 0.99] } }, { optimizer: { lr: -0.1 }, name: 'x', batchSize: 0 }],
    tune: { trials: 0 },
    data: { n: 1 },
  };
  let error;
  try { validateExperiment(input); } catch (e) { error = e; }
  assert.ok(error instanceof ExperimentError && error instanceof Error);
  assert.equal(error.name, 'ExperimentError');
  assert.deepEqual(error.issues.map((i) => i.path), [
    'model.loss', 'model.penalty.l1', 'seed', 'runs[0].optimizer.betas', 'runs[1].optimizer.lr',
    'runs[1].batchSize', 'tune.trials', 'data.n',
  ]);
  assert.equal(error.message, error.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  assert.match(error.message, /^runs\[1\]\.optimizer\.lr: must be a number > 0 and <= 1000000, got -0\.1$/m);
  assert.match(error.message, /^seed: must be an integer in 0\.\.4294967295, got "abc"$/m);
  assert.match(error.message, /^runs\[0\]\.optimizer\.betas: unknown field for optimizer "sgd" \(allowed: lr, momentum, dampening, nesterov, weight_decay\)$/m);
});

test('a cross-field issue on a field the input lacks comes last in its object', () => {
  const issues = issuesOf({ model: { penalty: { l1: -1 } }, data: { kind: 'blobs' }, init: 'x' });
  assert.equal(issuesOf({ model: { kind: 'linear', penalty: { l1: -1 } }, data: { kind: 'blobs' } })[0].path, 'model.kind');
  assert.deepEqual(issues.map((i) => i.path), ['model.penalty.l1', 'init']);
});

test('many issues are capped and counted', () => {
  const X = Array.from({ length: 300 }, () => ['a']);
  const issues = issuesOf({ data: { kind: 'inline', X, y: new Array(300).fill(0) } });
  assert.equal(issues.length, 101);
  assert.deepEqual(issues.slice(0, 2).map((i) => i.path), ['data.X[0][0]', 'data.X[1][0]']);
  assert.deepEqual(issues.at(-1), { path: '', message: '200 more problems not listed', code: 'moreProblems', vars: { count: 200 } });
});

test('values in messages are JSON-ish and at most 40 characters', () => {
  const long = 'x'.repeat(1000);
  const [issue] = issuesOf({ name: long });
  assert.equal(issue.message, `must be a string of 1..200 characters, got "${'x'.repeat(38)}…`);
  const got = (v) => issuesOf({ seed: v })[0].message.split(', got ')[1];
  assert.equal(got({ a: [1, 2], b: 'c' }), '{"a":[1,2],"b":"c"}');
  assert.equal(got(new Array(1e6).fill(1)), '[1,1,1,1,1,1,1,1,…]');
  assert.equal(got(true), 'true');
  assert.equal(got([[[[[1]]]]]), '[[[…]]]');
  assert.ok(got({ [long]: long }).length <= 40);
});

test('__proto__ and constructor keys are unknown fields and pollute nothing', () => {
  const text = '{"__proto__": {"polluted": 1, "seed": 7}, "constructor": {"prototype": {"polluted": 1}},'
    + ' "data": {"__proto__": {"kind": "inline"}, "constructor": 1},'
    + ' "model": {"penalty": {"__proto__": {"l1": 5}}},'
    + ' "runs": [{"optimizer": {"__proto__": {"lr": 5}, "kind": "adam"}, "prototype": 1}]}';
  const issues = issuesOf(JSON.parse(text));
  assert.deepEqual(issues.map((i) => i.path), [
    '__proto__', 'constructor', 'data.__proto__', 'data.constructor', 'model.penalty.__proto__',
    'runs[0].optimizer.__proto__', 'runs[0].prototype',
  ]);
  assert.equal(issues[0].message, 'unknown field (allowed: version, name, seed, data, model, init, runs, tune)');
  assert.equal(issues[5].message, 'unknown field for optimizer "adam" (allowed: lr, betas, weight_decay, eps, amsgrad)');
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
  assert.equal({}.seed, undefined);
  assert.equal(Object.getPrototypeOf(defaultExperiment()), Object.prototype);
});

test('inherited properties are never read', () => {
  const input = Object.create({ seed: 7, data: { kind: 'sine' } });
  assert.deepEqual(validateExperiment(input), defaultExperiment());
  const proto = Object.prototype;
  proto.kind = 'adam'; // a polluted environment must not change the reading either
  try {
    assert.deepEqual(validateExperiment({}), DEFAULTS);
  } finally {
    delete proto.kind;
  }
});

test('an invalid kind reports itself without spurious issues about its fields', () => {
  const issues = issuesOf({ data: { kind: 'csv', n: 5, weights: [1] }, runs: [{ optimizer: { kind: 'x', betas: 1 } }] });
  assert.deepEqual(issues.map((i) => i.path), ['data.kind', 'runs[0].optimizer.kind']);
});

const FULL_EXAMPLES = {
  'seed (as in examples/seed.json)': DEFAULTS,
  'polynomial, huber, every optimizer': {
    version: 1, name: 'poly', seed: 4294967295,
    data: { kind: 'polynomial', n: 500, degree: 4, coefficients: [1, 0, -2], noise: 'uniform', noiseLevel: 0.5, testFraction: 0, standardize: true },
    model: { kind: 'linear', loss: 'huber', delta: 0.5, penalty: { l1: 0.01, l2: 0.1 } },
    init: { weights: [0.1, 0.2, 0.3, 0.4], bias: -1 },
    runs: [
      { name: 'sgd', optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 1e-4 }, batchSize: 32, shuffle: false, epochs: 20 },
      { name: 'adagrad', optimizer: { kind: 'adagrad', lr_decay: 0.01, initial_accumulator_value: 0.1 }, schedule: { kind: 'step', step_size: 5, gamma: 0.5 } },
      { name: 'rmsprop', optimizer: { kind: 'rmsprop', alpha: 0.9, centered: true, momentum: 0.5 }, schedule: { kind: 'cosine', T_max: 50, eta_min: 1e-5, per: 'iteration' } },
      { name: 'adam', optimizer: { kind: 'adam', betas: [0.8, 0.99], amsgrad: true }, schedule: { kind: 'linear', start_factor: 0.1, end_factor: 1, total_iters: 10 }, init: 'uniform' },
      { name: 'adamw', optimizer: { kind: 'adamw', weight_decay: 0.05 }, schedule: { kind: 'reduce_on_plateau', patience: 3, threshold_mode: 'abs' }, targetLoss: 0.01, tolerance: 1e-9 },
      { name: 'bold', schedule: { kind: 'bold_driver', increase: 1.1, decrease: 0.3 }, iterations: 50, epochs: 2, record: { every: 5 }, divergeFactor: 100 },
      { name: 'exp', schedule: { kind: 'exponential', gamma: 0.99 } },
    ],
  },
  'sine': { data: { kind: 'sine', frequency: 2.5, degree: 12 }, model: { loss: 'mae' }, runs: [{ optimizer: { kind: 'adam', lr: 0.01 } }] },
  'blobs': { data: { kind: 'blobs', d: 3, separation: 4 }, runs: [{ batchSize: 'full' }, { batchSize: 160 }] },
  'inline logistic': { ...inline({ testFraction: 0.4 }, { kind: 'logistic' }), init: { weights: [0, 1] } },
  'linear d=3': { data: { d: 3, weights: [1, -2, 0.5], bias: 4, scales: [1, 10, 0.1], noise: 'gaussian' } },
};

for (const [name, example] of Object.entries(FULL_EXAMPLES)) {
  test(`round trip: ${name}`, () => {
    const once = validateExperiment(example);
    assert.deepEqual(validateExperiment(once), once);
    assert.deepEqual(validateExperiment(JSON.parse(JSON.stringify(once))), once);
  });
}

test('every schema field has a type and a doc string', () => {
  for (const [tableName, table] of Object.entries(SCHEMA)) {
    if (!table.fields) continue;
    assert.equal(typeof table.doc, 'string', tableName);
    for (const [field, spec] of Object.entries(table.fields)) {
      assert.equal(typeof spec.type, 'string', `${tableName}.${field}`);
      assert.ok(typeof spec.doc === 'string' && spec.doc.length > 0, `${tableName}.${field} doc`);
    }
  }
});

test('large inline data validates to an equal copy, and one bad value among 800,000 is found', () => {
  const n = 200000;
  const X = Array.from({ length: n }, (_, i) => [i / n, 1 - i / n, 0.5, i % 7]);
  const y = Array.from({ length: n }, (_, i) => i % 2);
  const e = validateExperiment({ data: { kind: 'inline', X, y }, model: { kind: 'logistic' } });
  assert.deepEqual(e.data.X, X);
  assert.deepEqual(e.data.y, y);
  assert.notEqual(e.data.X, X); // a copy: the input is not kept
  assert.notEqual(e.data.X[0], X[0]);
  X[123456] = [0, 0, 3.5e38, 0];
  const issues = issuesOf({ data: { kind: 'inline', X, y }, model: { kind: 'logistic' } });
  assert.deepEqual(issues.map((i) => i.path), ['data.X[123456][2]']);
});

test('budget limits are inclusive and count updates as the core does', () => {
  // exactly 1e9 updates: 5,000,000 training rows, batch 5 (1,000,000 updates per epoch), 1000 epochs
  assert.equal(validateExperiment({ data: { n: 6250000 }, runs: [{ batchSize: 5, epochs: 1000 }] }).runs[0].epochs, 1000);
  const [over] = issuesOf({ data: { n: 6250000 }, runs: [{ batchSize: 5, epochs: 1000.000001 }] });
  assert.deepEqual({ path: over.path, message: over.message, code: over.code }, { path: 'runs[0].epochs', message: '1000.000001 epochs need 1000000001 updates (1000000 per epoch: 5000000 training rows, batch size 5), more than the 1e9 this version handles; lower epochs or set iterations', code: 'epochBudget' });
  // iterations cap the run: it stops after 1000 updates whatever epochs would need
  validateExperiment({ data: { n: 10000 }, runs: [{ batchSize: 1, epochs: 1e6, iterations: 1000 }] });
  // 999,999 updates give exactly 1,000,000 points at record.every 1
  validateExperiment(run({ iterations: 999999, record: { every: 1 } }));
  validateExperiment(run({ epochs: 999999, record: { every: 1 } })); // full batch: one update per epoch
  // 80 training rows, batch 16: 5 updates of 16 rows per epoch. 199,999.8 epochs end after update
  // 999,999 (4 of the 5 updates of the last epoch), where the bound ⌈epochs⌉·5 would say 1,000,000.
  validateExperiment(run({ batchSize: 16, epochs: 199999.8, record: { every: 1 } }));
  assert.match(issuesOf(run({ batchSize: 16, epochs: 199999.9, record: { every: 1 } }))[0].message, /^1 gives 1000001 history points for 1000000 updates/);
  assert.equal(validateExperiment(run({ batchSize: 16, epochs: 199999.9, record: { every: 2 } })).runs[0].record.every, 2);
});

test('generated data: n × columns up to 5e7 values is accepted; the inline cap stays 1e7', () => {
  assert.equal(validateExperiment({ data: { n: 10000000, d: 5 } }).data.n, 1e7);
  assert.equal(validateExperiment({ data: { kind: 'polynomial', n: 4166666, degree: 12 } }).data.degree, 12);
  assert.deepEqual(issuesOf({ data: { n: 48829, d: 1024 } }).map((i) => i.path), ['data.n']);
  assert.equal(validateExperiment({ data: { n: 48828, d: 1024 } }).data.n, 48828);
});

test('control characters in keys and values are escaped in messages (C0 by JSON, DEL and C1 too)', () => {
  const issues = issuesOf({ '\u001b[2J': 1, '\u009b2J': 2, seed: 'a\u0085b\u007f' });
  assert.deepEqual(issues.map((i) => i.path), ['["\\u001b[2J"]', '["\\u009b2J"]', 'seed']);
  assert.match(issues[2].message, /got "a\\u0085b\\u007f"$/);
  for (const i of issues) assert.doesNotMatch(`${i.path}: ${i.message}`, /[\u0000-\u001f\u007f-\u009f]/);
});

// ---- tune ----------------------------------------------------------------------------------------

test('tune: absent is null; {} is the default search; each kind has its own defaults', () => {
  assert.equal(validateExperiment({}).tune, null);
  assert.equal(DEFAULTS.tune, null);
  const tune = (t) => validateExperiment({ tune: t }).tune;
  assert.deepEqual(tune({}), {
    kind: 'search', run: 0, strategy: 'random', space: { lr: { min: 1e-4, max: 1, scale: 'log', points: 5 } },
    trials: 20, epochs: null, validationFraction: 0.2,
  });
  assert.deepEqual(tune({ strategy: 'halving' }), {
    kind: 'search', run: 0, strategy: 'halving', space: { lr: { min: 1e-4, max: 1, scale: 'log', points: 5 } },
    trials: 20, eta: 3, minEpochs: 1, epochs: null, validationFraction: 0.2,
  });
  assert.deepEqual(Object.keys(tune({ strategy: 'grid' })), ['kind', 'run', 'strategy', 'space', 'epochs', 'validationFraction']);
  assert.deepEqual(tune({ kind: 'range_test' }), { kind: 'range_test', run: 0, lrMin: 1e-6, lrMax: 10, steps: 100, smoothing: 0, rule: 'min/10' });
  assert.deepEqual(tune({ kind: 'refine', run: 2 }), { kind: 'refine', run: 2, step: 0.01, tries: 1000 });
  assert.equal(validateExperiment({ tune: null }).tune, null);
});

test('tune.space: lists and ranges, with per-dimension default scales', () => {
  const space = validateExperiment({
    tune: {
      space: {
        lr: [0.1, 0.01], batchSize: { min: 2, max: 64 }, optimizer: ['sgd', 'adam'], momentum: { min: 0, max: 0.9 },
        beta1: [0.8, 0.9], weight_decay: { min: 1e-5, max: 1e-2, scale: 'log', points: 4 }, schedule: ['constant', 'cosine'],
        T_max: [10, 100], epochs: [5, 10],
      },
    },
  }).tune.space;
  assert.deepEqual(space.lr, [0.1, 0.01]);
  assert.deepEqual(space.batchSize, { min: 2, max: 64, scale: 'log', points: 5 });
  assert.deepEqual(space.momentum, { min: 0, max: 0.9, scale: 'linear', points: 5 });
  assert.deepEqual(space.weight_decay, { min: 1e-5, max: 1e-2, scale: 'log', points: 4 });
  assert.deepEqual(validateExperiment({ tune: { space: { batchSize: ['full', 1, 64] } } }).tune.space.batchSize, ['full', 1, 64]);
});

test('tune helpers: runEpochs, halvingRungs, gridSize', () => {
  const run = (fields) => validateExperiment({ runs: [fields] }).runs[0];
  assert.equal(runEpochs(run({ batchSize: 'full', iterations: 1000 }), 80), 1000);
  assert.equal(runEpochs(run({ batchSize: 1, iterations: 1000 }), 80), 12.5);
  assert.equal(runEpochs(run({ batchSize: 16, iterations: 1000 }), 80), 200);
  assert.equal(runEpochs(run({ batchSize: 30, iterations: 4 }), 80), 1 + 30 / 80); // 3 updates per epoch: 30, 30, 20
  assert.equal(runEpochs(run({ batchSize: 16, epochs: 2.5 }), 80), 2.5);
  assert.equal(runEpochs(run({ batchSize: 16, epochs: 300, iterations: 1000 }), 80), 200);
  assert.deepEqual(halvingRungs(27, 3, 27), [{ size: 27, epochs: 1 }, { size: 9, epochs: 3 }, { size: 3, epochs: 9 }, { size: 1, epochs: 27 }]);
  assert.deepEqual(halvingRungs(27, 3, 20, 1), [{ size: 27, epochs: 20 / 9 }, { size: 9, epochs: 20 / 3 }, { size: 3, epochs: 20 }]);
  assert.deepEqual(halvingRungs(10, 3, 5, 1), [{ size: 10, epochs: 5 / 3 }, { size: 3, epochs: 5 }]);
  assert.deepEqual(halvingRungs(2, 3, 5), [{ size: 2, epochs: 5 }]);
  assert.equal(gridSize({ lr: { min: 1, max: 2, points: 7 }, optimizer: ['sgd', 'adam'] }), 14);
});

// Every bad tune spec: [path, input, exact message].
const TUNE_RULES = [
  ['tune', { tune: [] }, 'must be an object or null, got []'],
  ['tune.kind', { tune: { kind: 'bayes' } }, 'must be "search", "range_test" or "refine", got "bayes"'],
  ['tune.run', { tune: { run: 3 } }, 'must be an integer in 0..2 (an index into runs), got 3'],
  ['tune.run', { tune: { run: -1 } }, 'must be an integer in 0..2 (an index into runs), got -1'],
  ['tune.strategy', { tune: { strategy: 'bayes' } }, 'must be "grid", "random" or "halving", got "bayes"'],
  ['tune.trials', { tune: { trials: 0 } }, 'must be an integer in 1..1000, got 0'],
  ['tune.trials', { tune: { trials: 1001 } }, 'must be an integer in 1..1000, got 1001'],
  ['tune.trials', { tune: { strategy: 'grid', trials: 5 } }, 'unknown field for strategy "grid" (allowed: kind, run, strategy, space, epochs, validationFraction)'],
  ['tune.eta', { tune: { strategy: 'halving', eta: 1 } }, 'must be an integer in 2..10, got 1'],
  ['tune.eta', { tune: { eta: 3 } }, 'unknown field for strategy "random" (allowed: kind, run, strategy, space, trials, epochs, validationFraction)'],
  ['tune.minEpochs', { tune: { strategy: 'halving', minEpochs: 0 } }, 'must be a number in (0, 1000000], got 0'],
  ['tune.epochs', { tune: { epochs: -5 } }, 'must be a number in (0, 1000000] or null, got -5'],
  ['tune.validationFraction', { tune: { validationFraction: 0 } }, 'must be a number in (0, 0.9], got 0'],
  ['tune.validationFraction', { tune: { validationFraction: 0.001 } }, 'leaves no validation rows (round(80 training rows × 0.001) = 0), got 0.001'],
  ['tune.validationFraction', { runs: [{ batchSize: 70 }], tune: {} }, 'leaves 64 rows to train each trial on (80 training rows minus the validation split), fewer than the base run\'s batch size 70 (runs[0].batchSize): every trial would be invalid; lower validationFraction, search batchSize, or use a smaller batch, got 0.2'],
  ['tune.bogus', { tune: { bogus: 1 } }, 'unknown field for tune "search" (allowed: run, strategy, space, trials, epochs, validationFraction)'],
  ['tune.steps', { tune: { steps: 100 } }, 'unknown field for tune "search" (allowed: run, strategy, space, trials, epochs, validationFraction)'],
  ['tune.trials', { tune: { kind: 'range_test', trials: 5 } }, 'unknown field for tune "range_test" (allowed: run, lrMin, lrMax, steps, smoothing, rule)'],
  // the space
  ['tune.space', { tune: { space: {} } }, 'must have at least one dimension (allowed: lr, batchSize, optimizer, momentum, beta1, beta2, weight_decay, schedule, gamma, step_size, T_max, epochs)'],
  ['tune.space', { tune: { space: [0.1] } }, 'must be an object {lr, batchSize, optimizer, …}, got [0.1]'],
  ['tune.space.lr', { tune: { space: { lr: [] } } }, 'must have 1..100 values, got 0'],
  ['tune.space.lr', { tune: { space: { lr: 0.1 } } }, 'must be a list of 1..100 values or a range {min, max, scale, points}, got 0.1'],
  ['tune.space.lr[1]', { tune: { space: { lr: [0.1, -0.1] } } }, 'must be a number > 0 and <= 1000000, got -0.1'],
  ['tune.space.lr.min', { tune: { space: { lr: { min: -1, max: 1 } } } }, 'must be a number > 0 and <= 1000000, got -1'],
  ['tune.space.lr.max', { tune: { space: { lr: { min: 1, max: 0.1 } } } }, 'must be >= min (1), got 0.1'],
  ['tune.space.lr.max', { tune: { space: { lr: { min: 0.1 } } } }, 'missing; must be a number > 0 and <= 1000000'],
  ['tune.space.lr.scale', { tune: { space: { lr: { min: 0.1, max: 1, scale: 'exp' } } } }, 'must be "linear" or "log", got "exp"'],
  ['tune.space.lr.points', { tune: { space: { lr: { min: 0.1, max: 1, points: 1 } } } }, 'must be an integer in 2..100, got 1'],
  ['tune.space.lr.step', { tune: { space: { lr: { min: 0.1, max: 1, step: 0.1 } } } }, 'unknown field (allowed: min, max, scale, points)'],
  ['tune.space.momentum.min', { tune: { space: { momentum: { min: 0, max: 0.9, scale: 'log' } } } }, 'must be > 0 with scale "log", got 0'],
  ['tune.space.momentum[0]', { tune: { space: { momentum: [1] } } }, 'must be a number in [0, 1), got 1'],
  ['tune.space.bogus', { tune: { space: { lr: [0.1], bogus: [1] } } }, 'unknown field (allowed: lr, batchSize, optimizer, momentum, beta1, beta2, weight_decay, schedule, gamma, step_size, T_max, epochs)'],
  ['tune.space.optimizer', { tune: { space: { optimizer: { min: 0, max: 1 } } } }, 'must be a list of 1..100 values from "sgd", "adagrad", "rmsprop", "adam", "adamw", "nadam", "radam", "adadelta", "adamax", "rprop", "lbfgs" or "newton", got {"min":0,"max":1}'],
  ['tune.space.optimizer[1]', { tune: { space: { optimizer: ['sgd', 'bfgs'] } } }, 'must be "sgd", "adagrad", "rmsprop", "adam", "adamw", "nadam", "radam", "adadelta", "adamax", "rprop", "lbfgs" or "newton", got "bfgs"'],
  ['tune.space.optimizer[1]', { tune: { space: { optimizer: ['sgd', 'lbfgs'] } } }, 'cannot be "lbfgs": a search trains its trials for a number of epochs, and lbfgs counts its budget in iterations (step() calls)'],
  ['tune.space.batchSize[2]', { tune: { space: { batchSize: [1, 'full', 70] } } }, 'must be "full" or an integer in 1..64 (the 64 training rows left after the validation split), got 70'],
  ['tune.space.batchSize.max', { tune: { space: { batchSize: { min: 1, max: 65 } } } }, 'must be an integer in 1..64 (the 64 training rows left after the validation split), got 65'],
  ['tune.space.beta1', { tune: { space: { beta1: [0.9] } } }, 'applies to none of the optimizer kinds searched ("sgd"); it belongs to "adam", "adamw", "nadam", "radam" or "adamax"'],
  ['tune.space.T_max', { tune: { space: { schedule: ['constant', 'step'], T_max: [10] } } }, 'applies to none of the schedule kinds searched ("constant", "step"); it belongs to "cosine"'],
  ['tune.space.epochs', { tune: { strategy: 'halving', space: { epochs: [1, 2] } } }, 'cannot be searched with strategy "halving": each rung\'s budget comes from tune.epochs'],
  // budgets
  ['tune.trials', { tune: { trials: 1000, epochs: 1e6 } }, 'plans about 6.4e10 samples (1000 trials × 1.0e6 epochs × 64 rows), more than the limit 1.0e10; lower tune.trials or tune.epochs'],
  ['tune.trials', { tune: { strategy: 'halving', trials: 1000, epochs: 1e6 }, data: { n: 1e5 } }, 'plans about 5.9e11 samples (9.1e6 trial-epochs over the rungs × 64000 rows), more than the limit 1.0e10; lower tune.trials or tune.epochs'],
  ['tune.space', { tune: { strategy: 'grid', space: { lr: { min: 1e-3, max: 1, points: 100 }, momentum: { min: 0, max: 0.9, points: 11 } } } }, 'makes 1100 grid points, more than the limit 1000; use shorter lists, fewer points or strategy "random"'],
  ['tune.space', { tune: { strategy: 'grid', space: { lr: [0.1], epochs: [1e6] } }, data: { n: 1e6 } }, 'plans about 6.4e11 samples (1 trial × 1.0e6 epochs × 640000 rows), more than the limit 1.0e10; use fewer grid points or fewer epochs'],
  // range test and refinement
  ['tune.lrMax', { tune: { kind: 'range_test', lrMin: 1, lrMax: 0.5 } }, 'must be > lrMin (1), got 0.5'],
  ['tune.lrMin', { tune: { kind: 'range_test', lrMin: 0 } }, 'must be a number > 0 and <= 1000000, got 0'],
  ['tune.steps', { tune: { kind: 'range_test', steps: 5 } }, 'must be an integer in 10..100000, got 5'],
  ['tune.steps', { tune: { kind: 'range_test', steps: 100000 }, data: { n: 1e6 } }, 'plans about 2.0e11 row evaluations (100000 steps × 2 × 1000000 rows), more than the limit 1.0e10; lower tune.steps, got 100000'],
  ['tune.smoothing', { tune: { kind: 'range_test', smoothing: 1 } }, 'must be a number in [0, 1), got 1'],
  ['tune.rule', { tune: { kind: 'range_test', rule: 'valley' } }, 'must be "min/10" or "steepest", got "valley"'],
  ['tune.step', { tune: { kind: 'refine', step: 0 } }, 'must be a number > 0 and <= 1000000, got 0'],
  ['tune.tries', { tune: { kind: 'refine', tries: 0 } }, 'must be an integer in 1..1000000, got 0'],
  ['tune.tries', { tune: { kind: 'refine', tries: 1e6 }, data: { n: 1e5 } }, 'plans about 8.0e10 row evaluations (1000000 tries × 80000 training rows), more than the limit 1.0e10; lower tune.tries, got 1000000'],
];

for (const [path, input, message] of TUNE_RULES) {
  test(`tune rule: ${path}: ${message.slice(0, 60)}`, () => {
    const issues = issuesOf(input);
    const hit = issues.find((i) => i.path === path);
    assert.ok(hit, `no issue at ${path}; got ${JSON.stringify(issues)}`);
    assert.equal(hit.message, message);
  });
}

test('tune: a full spec of each kind round-trips through validation', () => {
  for (const tune of [
    { kind: 'search', run: 1, strategy: 'halving', trials: 27, eta: 3, minEpochs: 0.5, epochs: 10, validationFraction: 0.25, space: { lr: { min: 1e-3, max: 1 }, momentum: [0, 0.9] } },
    { kind: 'range_test', run: 2, lrMin: 1e-5, lrMax: 1, steps: 50, smoothing: 0.5, rule: 'steepest' },
    { kind: 'refine', step: 0.001, tries: 10 },
  ]) {
    const once = validateExperiment({ tune });
    assert.deepEqual(validateExperiment(JSON.parse(JSON.stringify(once))), once);
  }
});
