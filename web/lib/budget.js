// budget.js — what an experiment will cost, estimated before anything starts: work, memory and output.
// No DOM, no Node built-ins, no WebAssembly: the CLI checks an experiment against BUDGET.cli before it
// runs, the page asks before starting anything over BUDGET.ask, and tuning sizes its pool with
// tuneWorkers. The counting rules are counting.js's (pinned to the core by tests/node/counting.test.js).
//
// Work is counted in operations: one operation is one value of one row touched once (a row of d
// features costs d + 1 in a gradient or loss pass), the unit the kernels stream at about 1e9 per second
// on one core of a 2020s x86 machine (README "Performance": 0.7–4e9 values/s). Each update also pays a
// fixed cost (the call, the optimizer's pass over the parameters), and each recorded history point an
// evaluation of the training objective and the test loss. Estimates are upper bounds of the budget an
// experiment sets; runs that stop early (target, tolerance, divergence) cost less.

import { featureCount, maxEvals, paramCount, runUpdates, samplesAfter, splitSizes } from './counting.js';
import { formatGrouped } from './text.js';
import { planSearch, rangeTestRun, trialRun, normalizeRun } from './tune-plan.js';

/** The budgets (operations, bytes) and the rate used to say them as times. */
export const BUDGET = Object.freeze({
  /** Operations per second assumed when an estimate is said as a time. */
  opsPerSecond: 1e9,
  /** `descent run` and `descent tune` refuse an experiment estimated above this unless --no-budget
   *  is given: about 17 minutes of work at opsPerSecond. */
  cli: 1e12,
  /** The page asks before it starts anything estimated above this: about a minute. */
  ask: 6e10,
  /** Bytes the data copies of all tuning workers may take together; the pool gets fewer workers
   *  when each needs more than its share (tuneWorkers). */
  tuneMemory: 2 * 1024 ** 3,
});

/** Fixed operations per update: the call into the core and the optimizer's pass over np parameters. */
const updateOps = (np) => 100 + 8 * np;
/** Operations per generated value (random draws, the targets, the split and standardisation). */
const GENERATE_OPS = 30;
/** "auto" recording takes at most this share of the training work (README: "10% of the training work"). */
const AUTO_RECORD_SHARE = 0.1;
/** History points of one run with record.every "auto": at most this many. */
const AUTO_POINTS = 500;
/** Bytes of one history point in the JSON output (6–8 numbers, one per line, indented). */
const JSON_POINT_BYTES = 8 * 32;

/**
 * Parameters of the model of a normalized experiment (counting.js's paramCount: a linear model's
 * weights and bias, a network's layers, a test function's (x, y)). A row costs about this many
 * operations in a gradient pass.
 * @param {object} experiment @returns {number}
 */
export function parameterCount(experiment) {
  return paramCount(experiment.model, featureCount(experiment.data));
}

/**
 * The work of one normalized run on a training set of nTrain rows and an evaluation split of nTest.
 * @param {object} run normalized
 * @param {{nTrain: number, nTest: number, np: number}} sizes
 * @returns {{updates: number, samples: number, batch: number, points: number, ops: number}}
 *   points: history points at most (an upper bound for "auto")
 */
export function runWork(run, { nTrain, nTest, np }) {
  const batch = run.batchSize === 'full' ? nTrain : Math.min(run.batchSize, nTrain);
  const updates = runUpdates(run, nTrain);
  // every evaluation counts its rows (lbfgs: up to maxEvals per update)
  const samples = samplesAfter(updates, nTrain, batch) * maxEvals(run.optimizer);
  // a mini-batch gathers its rows into a contiguous stage first: about three passes over them; Newton
  // builds the np × np Hessian over the rows (np² per row) and factors it (np³/3)
  const newton = run.optimizer?.kind === 'newton' ? updates * (samplesAfter(1, nTrain, batch) * np * np + (np * np * np) / 3) : 0;
  const train = samples * np * (batch < nTrain ? 3 : 1) + updates * updateOps(np) + newton;
  const every = run.record?.every ?? 'auto';
  const points = every === 'auto' ? Math.min(AUTO_POINTS, updates + 1) : 1 + Math.ceil(updates / every);
  const record = every === 'auto' ? AUTO_RECORD_SHARE * train : points * (nTrain + nTest) * np;
  return { updates, samples, batch, points, ops: train + record };
}

/**
 * The closed-form solve's work, 2 operations per multiply-add in double (normal equations
 * n·m(m+1)/2, Cholesky m³/6, m = np), or 0 when the model has no closed form.
 * @param {object} experiment normalized @param {number} nTrain @returns {number}
 */
export function solveWork(experiment, nTrain) {
  const { model } = experiment;
  if (model.kind !== 'linear' || model.loss !== 'mse' || model.penalty.l1 > 0) return 0;
  const m = parameterCount(experiment);
  return 2 * ((nTrain * m * (m + 1)) / 2 + (m * m * m) / 6);
}

/** Newton steps the estimate of the logistic Hessian diagnostics assumes (hessian.c: usually 5–10). */
const NEWTON_STEPS = 10;
/** Power (and inverse) iterations at most (hessian.c DSC_POWER_MAX). */
const POWER_MAX = 3000;

/**
 * The Hessian diagnostics' work (core/src/hessian.c), 2 operations per multiply-add: the sums
 * n·m(m+1)/2 (a logistic model's minimiser: NEWTON_STEPS times, plus their line searches and
 * factors), and the eigenvalues (Jacobi sweeps, or power iterations and a factor); 0 for models
 * without them.
 * @param {object} experiment normalized @param {number} nTrain @returns {number}
 */
export function diagnosticsWork(experiment, nTrain) {
  const { model } = experiment;
  const linear = model.kind === 'linear' && model.loss === 'mse';
  const logistic = model.kind === 'logistic' && !(model.penalty.l1 > 0);
  if (!linear && !logistic) return 0;
  const m = parameterCount(experiment);
  const sums = (nTrain * m * (m + 1)) / 2 + 2 * nTrain * m;
  // Jacobi: about 10 sweeps of 4m³; else at most POWER_MAX power and inverse iterations of m² each
  const eigen = (linear ? 2 : 1) * (m <= 64 ? 40 * m ** 3 : 2 * POWER_MAX * m * m + m ** 3 / 6);
  return 2 * (sums * (logistic ? NEWTON_STEPS + 1 : 1) + (logistic ? NEWTON_STEPS * (m ** 3 / 6 + 2 * nTrain * m) : 0) + eigen);
}

/** Operations to make (generate or copy in) the data of a normalized experiment. */
function dataWork(experiment) {
  const { nTrain, nTest } = splitSizes(experiment.data);
  return (nTrain + nTest) * (featureCount(experiment.data) + 1) * GENERATE_OPS;
}

const rows = (n) => `${formatGrouped(n)} row${n === 1 ? '' : 's'}`;

/**
 * The estimate of `descent run`: every run, the data and the closed-form solve.
 * @param {object} experiment normalized (validateExperiment)
 * @returns {{ops: number, parts: {path: string, ops: number, text: string, code: string, vars: object}[], solveOps: number,
 *   diagnosticsOps: number, (the closed-form optimum's and the Hessian diagnostics' shares)
 *   points: number, outputBytes: number}} parts: what costs what, largest first
 */
export function estimateRun(experiment) {
  const { nTrain, nTest } = splitSizes(experiment.data);
  const np = parameterCount(experiment);
  const parts = experiment.runs.map((run, i) => {
    const w = runWork(run, { nTrain, nTest, np });
    const field = run.iterations !== null && w.updates === run.iterations ? 'iterations' : 'epochs';
    return {
      path: `runs[${i}].${field}`,
      ops: w.ops,
      points: w.points,
      code: run.record.every === 1 ? 'runRecorded' : 'run',
      vars: { updates: w.updates, batch: w.batch, np, name: JSON.stringify(run.name) },
      text: `${formatOps(w.updates)} updates × ${rows(w.batch)} × ${np} parameters${run.record.every === 1 ? ', every update recorded' : ''} (run ${JSON.stringify(run.name)})`,
    };
  });
  const closedForm = solveWork(experiment, nTrain);
  if (closedForm > 0) parts.push({ path: 'data', ops: closedForm, points: 0, code: 'closedForm', vars: { rows: nTrain, np }, text: `the closed-form optimum: ${rows(nTrain)} × ${np}² parameters + ${np}³ / 3` });
  const hessian = diagnosticsWork(experiment, nTrain);
  if (hessian > 0) parts.push({ path: 'model', ops: hessian, points: 0, code: experiment.model.kind === 'logistic' ? 'hessianNewton' : 'hessian', vars: { steps: NEWTON_STEPS, rows: nTrain, np }, text: `the Hessian diagnostics: ${experiment.model.kind === 'logistic' ? `about ${NEWTON_STEPS} Newton steps of ` : ''}${rows(nTrain)} × ${np}² parameters` });
  const solveOps = closedForm; // the closed form alone (the page solves it unless it is over BUDGET.ask)
  parts.push({ path: 'data', ops: dataWork(experiment), points: 0, code: 'data', vars: { rows: nTrain + nTest, np }, text: `making the data: ${rows(nTrain + nTest)} × ${np} values` });
  const points = parts.reduce((s, p) => s + p.points, 0);
  return finish(parts, { solveOps, diagnosticsOps: hessian, points, outputBytes: points * JSON_POINT_BYTES });
}

/**
 * The estimate of `descent tune`: the trials of a search (its plan), the range test, or the training
 * and the tries of a refinement, plus the data each worker makes.
 * @param {object} experiment normalized, with a tune section
 * @returns {{ops: number, parts: {path: string, ops: number, text: string}[]}}
 */
export function estimateTune(experiment) {
  const { tune } = experiment;
  const { nTrain, nTest } = splitSizes(experiment.data);
  const np = parameterCount(experiment);
  const parts = [];
  if (tune.kind === 'search') {
    const plan = planSearch(experiment);
    const sizes = { nTrain: plan.nFit, nTest: plan.nValidation, np };
    let total = 0;
    let trials = 0;
    let updates = 0;
    plan.rungs.forEach((rung, k) => {
      // the first rung trains every configuration; later rungs the promoted ones, costed at the mean
      const costs = plan.configs.map((values) => {
        try {
          const w = runWork(trialRun(experiment, values, rung.epochs, 'estimate').run, sizes);
          return { ops: w.ops, updates: w.updates };
        } catch {
          return { ops: 0, updates: 0 }; // an invalid combination trains nothing
        }
      });
      const sum = costs.reduce((s, c) => s + c.ops, 0);
      const ups = costs.reduce((s, c) => s + c.updates, 0);
      const share = k === 0 ? 1 : rung.size / plan.configs.length;
      total += sum * share;
      updates += ups * share;
      trials += k === 0 ? plan.configs.length : rung.size;
    });
    const field = tune.strategy === 'grid' ? 'tune.space' : 'tune.trials';
    parts.push({ path: field, ops: total, code: 'search', vars: { trials, updates, rows: plan.nFit, np }, text: `${trials} trial${trials === 1 ? '' : 's'}, ${formatOps(updates)} updates in all, on ${rows(plan.nFit)} × ${np} parameters` });
    parts.push({ path: 'tune.validationFraction', ops: solveWork(experiment, plan.nFit), code: 'fitOptimum', vars: {}, text: 'the closed-form optimum of the fit rows' });
  } else if (tune.kind === 'range_test') {
    const w = runWork(rangeTestRun(experiment), { nTrain, nTest, np });
    parts.push({ path: 'tune.steps', ops: w.ops, code: 'rangeTest', vars: { updates: w.updates, batch: w.batch, rows: nTrain + nTest, np }, text: `${formatOps(w.updates)} updates of ${rows(w.batch)}, each recorded (both splits evaluated: ${rows(nTrain + nTest)}) × ${np} parameters` });
  } else {
    const base = experiment.runs[tune.run];
    const w = runWork(normalizeRun(experiment, base, nTrain, 0, base.init), { nTrain, nTest, np });
    parts.push({ path: `runs[${tune.run}]`, ops: w.ops, code: 'refineBase', vars: { updates: w.updates, batch: w.batch, np }, text: `training the base run: ${formatOps(w.updates)} updates × ${rows(w.batch)} × ${np} parameters` });
    parts.push({ path: 'tune.tries', ops: tune.tries * (nTrain * np + np * 4), code: 'refineTries', vars: { tries: tune.tries, rows: nTrain, np }, text: `${formatOps(tune.tries)} tries × ${rows(nTrain)} × ${np} parameters` });
  }
  if (tune.kind !== 'search') parts.push({ path: 'data', ops: solveWork(experiment, nTrain), code: 'optimum', vars: {}, text: 'the closed-form optimum' });
  parts.push({ path: 'data', ops: dataWork(experiment), code: 'dataWorkers', vars: { rows: nTrain + nTest, np }, text: `making the data (in each worker): ${rows(nTrain + nTest)} × ${np} values` });
  return finish(parts.filter((p) => p.ops > 0), {});
}

function finish(parts, extra) {
  const ops = parts.reduce((s, p) => s + p.ops, 0);
  return { ops, seconds: ops / BUDGET.opsPerSecond, parts: [...parts].sort((a, b) => b.ops - a.ops), ...extra };
}

/**
 * Bytes the data of one tuning worker takes: the experiment's data (features, targets, raw inputs)
 * and, for a search, the copy of the training split it trains trials on.
 * @param {object} experiment normalized, with a tune section @returns {number}
 */
export function tuneWorkerBytes(experiment) {
  const { nTrain, nTest } = splitSizes(experiment.data);
  const np = parameterCount(experiment);
  const copy = experiment.tune.kind === 'search' ? nTrain : 0;
  return 4 * ((nTrain + nTest) * (np + 1) + copy * np) + 16 * 1024 * 1024; // + the instance's own heap
}

/**
 * How many of `wanted` tuning workers fit in BUDGET.tuneMemory (at least 1).
 * @param {object} experiment normalized @param {number} wanted @returns {number}
 */
export function tuneWorkers(experiment, wanted) {
  return Math.max(1, Math.min(wanted, Math.floor(BUDGET.tuneMemory / tuneWorkerBytes(experiment))));
}

/** An operation count: 1.2e9 from 1e5 on, else the integer. */
export function formatOps(v) {
  return v >= 1e5 ? v.toExponential(1).replace('e+', 'e').replace('.0e', 'e') : String(Math.round(v));
}

/** A time estimate in words: "about 40 s", "about 17 min", "about 5 h", "about 13,000 days". */
export function formatEstimate(seconds) {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  if (seconds < 72 * 3600) return `about ${Math.round(seconds / 3600)} h`;
  if (seconds < 3 * 365 * 86400) return `about ${formatGrouped(seconds / 86400)} days`;
  return `about ${formatGrouped(seconds / (365.25 * 86400))} years`;
}

/**
 * The message for an estimate over a budget, or null within it: the total, the budget, and each part
 * by the field that sets it.
 * @param {{ops: number, parts: object[]}} estimate
 * @param {number} limit
 * @param {{what?: string, override?: string}} [options] override: how to go ahead anyway
 * @returns {string|null}
 */
export function overBudget(estimate, limit, { what = 'this experiment', override = '' } = {}) {
  if (!(estimate.ops > limit)) return null;
  const lines = [`${what} is estimated at ${formatOps(estimate.ops)} operations (${formatEstimate(estimate.seconds)} at ${formatOps(BUDGET.opsPerSecond)} per second), more than the budget of ${formatOps(limit)} (${formatEstimate(limit / BUDGET.opsPerSecond)}):`];
  for (const p of estimate.parts.filter((q) => q.ops >= estimate.ops * 0.01).slice(0, 8)) {
    lines.push(`  ${p.path}: ${formatOps(p.ops)} operations — ${p.text}`);
  }
  lines.push(`Make it smaller through the fields above${override ? `, or ${override}` : ''}.`);
  return lines.join('\n');
}
