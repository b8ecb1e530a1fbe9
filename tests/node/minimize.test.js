// link.js's minimize: the share link's minimal form, built in one pass over the schema tables without
// validating. It must give back exactly the experiment it was made from (validate(minimize(e))
// deep-equals e), and exactly the minimal form the earlier field-by-field search found (so that every
// link written before keeps its bytes): that search is kept here as the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

import { minimize } from '../../web/lib/link.js';
import { defaultExperiment, validateExperiment } from '../../web/lib/experiment.js';

const examplesDir = new URL('../../examples/', import.meta.url);
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json') && f !== 'presets.json') // presets.json: the page's menu
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, examplesDir), 'utf8'))]);

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const sortKeys = (v) => (Array.isArray(v) ? v.map(sortKeys)
  : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v);

/**
 * The reference: drop each field in turn and keep it out when the experiment still validates to the
 * same normalized experiment (the search minimize did until it was made one pass).
 */
function minimizeBySearch(normalized) {
  const minimal = structuredClone(normalized);
  const same = () => {
    try {
      assert.deepStrictEqual(validateExperiment(minimal), normalized);
      return true;
    } catch {
      return false;
    }
  };
  const prune = (node) => {
    if (Array.isArray(node)) return node.forEach(prune);
    if (!isObject(node)) return undefined;
    for (const key of Object.keys(node)) {
      if (node === minimal && key === 'version') continue;
      if (node === minimal.data && (key === 'X' || key === 'y')) continue;
      const value = node[key];
      delete node[key];
      if (same()) continue;
      node[key] = value;
      prune(value);
    }
    return undefined;
  };
  prune(minimal);
  return sortKeys({ ...minimal, version: normalized.version });
}

// Documents as people edit them: defaults that depend on other fields, values equal to a default
// reached another way, every tune kind.
const edited = {
  'an Adam run at torch\'s lr, a run at the seed lr but another optimizer kind': {
    runs: [{ optimizer: { kind: 'adam', lr: 1e-3 } }, { name: 'run 2', optimizer: { kind: 'rmsprop', lr: 0.1, momentum: 0.9 } }],
  },
  'an SGD run at torch\'s default lr (not the seed run\'s 0.1)': { runs: [{ optimizer: { kind: 'sgd', lr: 1e-3 } }] },
  'runs with neither iterations nor epochs, with both, with epochs only': {
    runs: [{ name: 'a' }, { name: 'b', iterations: 1000, epochs: 3 }, { name: 'c', epochs: 2 }, { name: 'd', iterations: 1000 }],
  },
  'explicit init, a run whose init equals it and one whose differs': {
    data: { d: 2 },
    init: { weights: [1, -1], bias: 0.5 },
    runs: [{ name: 'same', init: { weights: [1, -1], bias: 0.5 } }, { name: 'zeros', init: 'zeros' }, { name: 'other', init: { weights: [0, 2] } }],
  },
  'd = 3 with the default weights written out, scales changed': { data: { d: 3, weights: [3, 3, 3], scales: [1, 2, 1] } },
  'blobs (logistic by default) with a penalty': { data: { kind: 'blobs', n: 300 }, model: { penalty: { l2: 0.01 } } },
  'a sine with its default degree written': { data: { kind: 'sine', degree: 5, frequency: 2 }, runs: [{ batchSize: 8, schedule: { kind: 'step', gamma: 0.1 } }] },
  'polynomial with huber': { data: { kind: 'polynomial', degree: 4 }, model: { loss: 'huber', delta: 1 } },
  'small data: the seed runs without mini-batch 16': { data: { n: 12 } },
  'the seed runs written out': { runs: [{ name: 'batch GD', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full' }, { name: 'SGD', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 1 }, { name: 'mini-batch 16', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 16 }] },
  'an empty tune section': { tune: {} },
  'a halving search with ranges and lists': { tune: { strategy: 'halving', trials: 9, space: { lr: { min: 1e-3, max: 1 }, momentum: [0, 0.9], batchSize: { min: 1, max: 32, scale: 'log' } } } },
  'a grid with points': { tune: { strategy: 'grid', space: { lr: { min: 0.01, max: 1, points: 3 }, optimizer: ['sgd', 'adam'] }, epochs: 5 } },
  'a range test and a refinement on run 1': { runs: [{ name: 'a' }, { name: 'b', batchSize: 4 }], tune: { kind: 'range_test', run: 1, lrMax: 2, rule: 'steepest', smoothing: 0.5 } },
  'a refinement': { tune: { kind: 'refine', step: 0.05, tries: 100 } },
  'inline data': { data: { kind: 'inline', X: [[0, 1], [1, 0.5], [2, -1], [3, 2.25], [4, 0.125]], y: [1, 2, 3, 4, 5], standardize: true, testFraction: 0.2 }, init: { weights: [0, 1] } },
  'inline 0/1 data, logistic': { data: { kind: 'inline', X: [[0], [1], [2], [3]], y: [0, 0, 1, 1], testFraction: 0 }, model: { kind: 'logistic' } },
  'a test function without data, its parameters at their defaults, noise, a function search': {
    model: { kind: 'function', function: 'rosenbrock', a: 1, b: 100, noise: 0.1 }, init: { params: [-1.5, 2] },
    runs: [{ optimizer: { kind: 'adam', lr: 0.05 } }, { name: 'own start', init: { params: [0, 0] } }], tune: { space: { lr: { min: 1e-3, max: 0.1 } } },
  },
  'a quadratic with data {kind: "none"} written out': { data: { kind: 'none' }, model: { kind: 'function', function: 'quadratic', condition: 100 } },
  'a network on moons (mlp and bce by default) with its default hidden layers and init written': { data: { kind: 'moons', noiseLevel: 0.2 }, model: { kind: 'mlp', loss: 'bce', hidden: [8, 8] }, init: 'uniform' },
  'a network on sine data with explicit params': { data: { kind: 'sine', degree: 1 }, model: { kind: 'mlp', hidden: [2], activation: 'relu' }, init: { params: [1, -1, 0.5, 0.5, 1, 1, 0] } },
  'every schedule kind': {
    runs: ['exponential', 'step', 'cosine', 'linear', 'reduce_on_plateau', 'bold_driver', 'constant'].map((kind, i) => ({ name: `s${i}`, schedule: { kind, per: i % 2 ? 'iteration' : 'epoch' } })),
  },
  'the newer schedule kinds, defaults and not': {
    runs: [
      { name: 'one cycle', schedule: { kind: 'one_cycle', cycle_momentum: true, max_momentum: 0.95, pct_start: 0.25 }, optimizer: { kind: 'adam' } },
      { name: 'cyclic', schedule: { kind: 'cyclic', max_lr: 1, mode: 'exp_range', gamma: 0.99, step_size_down: 2000 } },
      { name: 'restarts', schedule: { kind: 'cosine_warm_restarts', T_0: 10, T_mult: 1 } },
      { name: 'multistep', schedule: { kind: 'multistep', milestones: [10, 20], gamma: 0.1 } },
      { name: 'polynomial', schedule: { kind: 'polynomial', power: 2 } },
      { name: 'sequential default', schedule: { kind: 'sequential' } },
      { name: 'sequential written out', schedule: { kind: 'sequential', schedulers: [{ kind: 'linear', total_iters: 5 }, { kind: 'cosine', T_max: null }], milestones: [5] } },
      { name: 'sequential edited', schedule: { kind: 'sequential', per: 'iteration', schedulers: [{ kind: 'linear', start_factor: 0.1 }, { kind: 'multistep', milestones: [3] }, { kind: 'cosine', eta_min: 0.001 }], milestones: [5, 50] } },
    ],
  },
  'the newer optimizer kinds': {
    runs: ['nadam', 'radam', 'adadelta', 'adamax', 'rprop'].map((kind, i) => ({ name: kind, optimizer: i % 2 ? { kind } : { kind, lr: 0.01, ...(kind === 'rprop' ? { etas: [0.4, 1.2] } : { weight_decay: 0.1 }) } })),
  },
};

const cases = [...examples, ['the default experiment', {}], ...Object.entries(edited)];

test('minimize gives back exactly the experiment it was made from, for every example and edited document', () => {
  for (const [name, document] of cases) {
    const normalized = validateExperiment(document);
    const before = structuredClone(normalized);
    const minimal = minimize(normalized);
    assert.deepEqual(normalized, before, `${name}: minimize must not modify its argument`);
    assert.deepStrictEqual(validateExperiment(minimal), normalized, name);
    assert.deepEqual(Object.keys(minimal), Object.keys(minimal).sort(), `${name}: keys sorted`);
  }
});

test('minimize finds the same minimal form as dropping fields one by one and validating (links keep their bytes)', () => {
  for (const [name, document] of cases) {
    const normalized = validateExperiment(document);
    assert.equal(JSON.stringify(minimize(normalized)), JSON.stringify(minimizeBySearch(normalized)), name);
  }
  assert.deepEqual(minimize(defaultExperiment()), { version: 1 });
  // What the one pass has to get right: conditional defaults and the run budget restored by its check.
  const minimal = (document) => minimize(validateExperiment(document));
  assert.deepEqual(minimal(edited['an SGD run at torch\'s default lr (not the seed run\'s 0.1)']).runs, [{ optimizer: {} }]);
  assert.deepEqual(minimal(edited['runs with neither iterations nor epochs, with both, with epochs only']).runs,
    [{ name: 'a' }, { epochs: 3, iterations: 1000, name: 'b' }, { epochs: 2, name: 'c' }, { name: 'd' }]);
  assert.deepEqual(minimal(edited['explicit init, a run whose init equals it and one whose differs']).runs,
    [{ name: 'same' }, { init: 'zeros', name: 'zeros' }, { init: { weights: [0, 2] }, name: 'other' }]);
  // a sequential written out as its default is {kind}; edited schedulers keep only what differs
  const newer = minimal(edited['the newer schedule kinds, defaults and not']).runs;
  assert.deepEqual(newer[5].schedule, { kind: 'sequential' });
  assert.deepEqual(newer[6].schedule, { kind: 'sequential' });
  assert.deepEqual(newer[7].schedule, { kind: 'sequential', milestones: [5, 50], per: 'iteration', schedulers: [{ kind: 'linear', start_factor: 0.1 }, { kind: 'multistep', milestones: [3] }, { eta_min: 0.001, kind: 'cosine' }] });
});

test('minimize copies what it keeps: editing the minimal form leaves the experiment alone', () => {
  const normalized = validateExperiment(edited['inline data']);
  const minimal = minimize(normalized);
  minimal.data.X[0][0] = 99;
  minimal.init.weights[0] = 99;
  assert.equal(normalized.data.X[0][0], 0);
  assert.equal(normalized.init.weights[0], 0);
});
