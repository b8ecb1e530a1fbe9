// counting.js — how descent counts rows, features, updates and epochs, for the layers that must know
// before the core has the data (validation, tuning plans, budgets). The core counts the same way
// (core/src/train.c, data.c); tests/node/counting.test.js pins these functions to the core's own
// numbers (dsc_run_max_iterations, dsc_run_max_samples, the split sizes), so the mirror cannot drift.

import { LIMITS } from './abi.js';

/** The 2-D two-class generators (d = 2, labels 0/1). */
export const PLANE_GENERATORS = Object.freeze(['moons', 'circles', 'xor', 'spiral']);

/**
 * Rows of a normalized `data` object: data.n, or X.length for inline data (undefined when unknown).
 * No data (kind "none", a function model) counts as one row: one evaluation of f per update.
 */
export function rowCount(data) {
  if (data?.kind === 'inline') return Array.isArray(data.X) ? data.X.length : undefined;
  if (data?.kind === 'none') return 1;
  return data?.n;
}

/**
 * Train/test sizes of a normalized `data` object: nTest = round(n·testFraction) (halves up),
 * nTrain = n − nTest, where n is data.n, or X.length for inline data.
 * @param {object} data
 * @returns {{nTrain: number, nTest: number}}
 */
export function splitSizes(data) {
  if (data?.kind === 'none') return { nTrain: 1, nTest: 0 };
  const n = rowCount(data);
  const nTest = Math.floor(n * data.testFraction + 0.5);
  return { nTrain: n - nTest, nTest };
}

/**
 * Features the model sees for a normalized `data` object (the length of init.weights):
 * linear/blobs: d; polynomial/sine: degree; moons/circles/xor/spiral: 2; inline: the row length;
 * none: 0. Undefined when unknown.
 * @param {object} data
 * @returns {number|undefined}
 */
export function featureCount(data) {
  switch (data?.kind) {
    case 'linear': case 'blobs': return data.d;
    case 'polynomial': case 'sine': return data.degree;
    case 'moons': case 'circles': case 'xor': case 'spiral': return 2;
    case 'none': return 0;
    case 'inline': return Array.isArray(data.X?.[0]) ? data.X[0].length : undefined;
    default: return undefined;
  }
}

/**
 * The weight layers of a normalized `model` on d input features, as [fan_in, fan_out] pairs in
 * torch's parameters() order (each layer: its weight [out × in], then its bias): linear/logistic one
 * layer [d, 1]; mlp d → hidden… → 1; a function has none (undefined). Undefined when unknown.
 * @param {object} model @param {number} d @returns {[number, number][]|undefined}
 */
export function modelLayers(model, d) {
  if (!Number.isInteger(d)) return undefined;
  switch (model?.kind) {
    case 'linear': case 'logistic': return [[d, 1]];
    case 'mlp': {
      if (!Array.isArray(model.hidden) || !model.hidden.every(Number.isInteger)) return undefined;
      const sizes = [d, ...model.hidden, 1];
      return sizes.slice(1).map((out, l) => [sizes[l], out]);
    }
    default: return undefined;
  }
}

/**
 * Parameters of a normalized `model` on d input features (the length of init.params and params.flat;
 * the core's dsc_model_param_count, which tests/node/counting.test.js pins this to): a function 2,
 * linear/logistic d + 1, mlp Σ (in·out + out). Undefined when unknown.
 * @param {object} model @param {number} d @returns {number|undefined}
 */
export function paramCount(model, d) {
  if (model?.kind === 'function') return 2;
  return modelLayers(model, d)?.reduce((sum, [fanIn, out]) => sum + fanIn * out + out, 0);
}

/**
 * The epoch rule (train.c samples_after): an epoch of n rows at batch size B is u = ⌈n/B⌉ updates, the
 * last batch smaller, so k updates evaluate samples(k) = ⌊k/u⌋·n + (k mod u)·B rows.
 * @param {number} k @param {number} n @param {number} B @returns {number}
 */
export function samplesAfter(k, n, B) {
  const u = Math.ceil(n / B);
  return Math.floor(k / u) * n + (k % u) * B;
}

/**
 * The most evaluations of the objective one update of a normalized optimizer can make (optim.c
 * dsc_optim_max_evals): 1, but for lbfgs, whose step() evaluates again and again: without a line
 * search min(max_eval, max_iter); with strong_wolfe min(max_eval + 25, 1 + 26·max_iter) (a line
 * search of up to 26 evaluations may start one below max_eval). max_eval null is ⌊max_iter·5/4⌋.
 * A run's sample budget is samples(updates) times this (every evaluation counts its rows).
 * @param {object} optimizer @returns {number}
 */
export function maxEvals(optimizer) {
  if (optimizer?.kind !== 'lbfgs') return 1;
  const maxIter = optimizer.max_iter;
  const maxEval = optimizer.max_eval ?? Math.floor((maxIter * 5) / 4);
  if (optimizer.line_search_fn === 'strong_wolfe') return Math.min(maxEval + 25, 1 + 26 * maxIter);
  return Math.max(1, Math.min(maxEval, maxIter));
}

/**
 * Updates a run of `epochs` epochs makes, as the core counts them (train.c epoch_budget): the
 * smallest k with samples(k)/n >= epochs. Values far over the limit are returned as the estimate
 * ⌊epochs⌋·u + ⌈frac·n/B⌉.
 * @param {number} epochs @param {number} n @param {number} B @returns {number}
 */
export function epochUpdates(epochs, n, B) {
  const u = Math.ceil(n / B);
  const whole = Math.floor(epochs);
  let k = Math.max(1, whole * u + Math.ceil(((epochs - whole) * n) / B));
  if (k > 2 * LIMITS.budget) return k;
  while (k > 1 && samplesAfter(k - 1, n, B) / n >= epochs) k -= 1;
  while (samplesAfter(k, n, B) / n < epochs) k += 1;
  return k;
}

/**
 * The update budget of a normalized run on nTrain rows (the core's dsc_run_max_iterations): the
 * smaller of its iterations and the updates its epochs imply.
 * @param {object} run @param {number} nTrain @returns {number}
 */
export function runUpdates(run, nTrain) {
  const B = run.batchSize === 'full' ? nTrain : Math.min(run.batchSize, nTrain);
  const fromEpochs = typeof run.epochs === 'number' ? epochUpdates(run.epochs, nTrain, B) : Infinity;
  return Math.min(typeof run.iterations === 'number' ? run.iterations : Infinity, fromEpochs);
}

/**
 * The budget of a normalized run in epochs of a training set of nTrain rows: its `epochs`, or its
 * `iterations` converted with the epoch rule, the smaller when both are set.
 * @param {object} run @param {number} nTrain @returns {number}
 */
export function runEpochs(run, nTrain) {
  const B = run.batchSize === 'full' ? nTrain : Math.min(run.batchSize, nTrain);
  const perEpoch = Math.ceil(nTrain / B);
  const fromIterations = typeof run.iterations === 'number'
    ? Math.floor(run.iterations / perEpoch) + ((run.iterations % perEpoch) * B) / nTrain // samplesAfter / n
    : Infinity;
  return Math.min(fromIterations, typeof run.epochs === 'number' ? run.epochs : Infinity);
}

/**
 * The length of a normalized run in schedule periods, and the schedule steps it takes (train.c
 * dsc_run_create): per "iteration" both are its updates; per "epoch" the length is the epochs its
 * updates start, ⌈updates/u⌉, and the steps are the epochs they complete, ⌊updates/u⌋ (u = ⌈nTrain/B⌉
 * updates an epoch). A rate that anneals over the length (cosine's default T_max, one_cycle's default
 * total_steps) reaches its end value just after the last update.
 * @param {object} run @param {number} nTrain @returns {{length: number, taken: number}}
 */
export function scheduleSteps(run, nTrain) {
  const updates = runUpdates(run, nTrain);
  if (run.schedule?.per === 'iteration') return { length: updates, taken: updates };
  const B = run.batchSize === 'full' ? nTrain : Math.min(run.batchSize, nTrain);
  const u = Math.ceil(nTrain / B);
  return { length: Math.ceil(updates / u), taken: Math.floor(updates / u) };
}

/**
 * OneCycleLR's phase boundaries (torch 1.13 _schedule_phases end_step) for total_steps T, as
 * sched.c computes them: two phases end at pct·T − 1 and T − 1; three at pct·T − 1, 2·pct·T − 2 and
 * T − 1. A phase that ends where the one before it ends (the first: at 0) has no steps, and torch
 * divides by zero in it.
 * @param {number} pct @param {number} T @param {boolean} threePhase @returns {number[]}
 */
export function oneCyclePhaseEnds(pct, T, threePhase) {
  return threePhase ? [pct * T - 1, 2 * pct * T - 2, T - 1] : [pct * T - 1, T - 1];
}
