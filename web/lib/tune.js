// tune.js — the tuning step's coordinator: a hyperparameter search (grid, random, successive
// halving) scored on a validation split, the learning-rate range test, and the refinement of trained
// parameters. Isomorphic: no DOM, no Node built-ins, no WebAssembly.
//
//   runTune(experiment, {pool})   plans trials (tune-plan.js), hands them to a pool of workers
//                                 (tune-pool.js) running tune-handler.js, ranks the results, promotes
//                                 (halving) and reports. Node's worker_threads pool is tune-node.js.
//
// Determinism: trials are identified by index, each is a pure function of (experiment, its run), and
// results are ranked by (validation loss, index): the same experiment gives the same trials and the
// same winner with any number of workers, whatever order trials finish in.

import { validateExperiment, ExperimentError } from './experiment.js';
import { splitSizes } from './counting.js';
import { now } from './clock.js';
import { formatNumber, isObject } from './text.js';
import { detLog, normalizeRun, planSearch, rangeTestRun, trialRun } from './tune-plan.js';

export { Pcg32, detExp, detLog, planSearch, trialRun, rangeTestRun } from './tune-plan.js';
export { createTuneHandler } from './tune-handler.js';
export { createPool, fromWebWorker, fromNodeWorker, inProcessPool } from './tune-pool.js';


// ---- The coordinator ---------------------------------------------------------------------------------

/** Ranking: usable trials (not invalid, not diverged, finite validation loss) by loss, then index. */
const usable = (t) => t.status !== 'invalid' && t.status !== 'diverged' && Number.isFinite(t.validationLoss);
function compareTrials(a, b) {
  const ua = usable(a);
  const ub = usable(b);
  if (ua !== ub) return ua ? -1 : 1;
  if (ua && a.validationLoss !== b.validationLoss) return a.validationLoss - b.validationLoss;
  return a.index - b.index;
}

/** Runs fn over items with at most `limit` in flight, dispatching in order, checking `signal` first. */
async function mapLimited(items, limit, fn, signal) {
  const results = new Array(items.length);
  let next = 0;
  let failure = null;
  const lane = async () => {
    while (next < items.length && !failure) {
      if (signal?.aborted) { failure = signal.reason ?? new Error('aborted'); break; }
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure;
  return results;
}

/**
 * Runs the experiment's tune spec on a pool and returns the full result.
 *   search:     {kind, strategy, experiment, data, dimensions, rungs, trials, best, optimum, budget, workers, timeMs}
 *   range_test: {kind, experiment, run, data, lr, loss, smoothed, initialLoss, status, stoppedAt, suggestion, ...}
 *   refine:     {kind, experiment, run, data, start, best, gain, relativeGain, accepted, improvements, optimum, ...}
 * Trials are in index order (for halving, rung by rung); `best` is the winner, scored on the
 * validation split; its test loss is the only use of the test set.
 * @param {object} input an experiment; without a `tune` section the default search is used
 * @param {{pool: object, onProgress?: (p: object) => void, signal?: AbortSignal, curves?: boolean}} options
 *   onProgress gets {done, total, samplesDone, samplesPlanned, elapsedMs, etaMs, trial} after every trial
 *   and, without `trial`, while trials train (samplesDone counts their rows so far; a range test or a
 *   refinement reports done 0 of total 1 with its rows); signal: an abort rejects at once with its
 *   reason (close the pool then: that stops the workers);
 *   curves adds each trial's thinned {samples, trainLoss, validationLoss} history
 * @returns {Promise<object>}
 */
export async function runTune(input, { pool, onProgress, signal, curves = false } = {}) {
  if (!pool) throw new TypeError('runTune: options.pool is required (inProcessPool, createPool or the Node pool)');
  signal?.throwIfAborted();
  const work = tuneWith(input, { pool, onProgress, signal, curves });
  if (!signal) return work;
  // A cancel takes effect at once: the promise rejects with the signal's reason, and the pool's owner
  // closes the pool, which terminates workers still training (an in-thread pool stops at its next chunk).
  work.catch(() => {});
  let onAbort;
  const aborted = new Promise((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function tuneWith(input, { pool, onProgress, signal, curves }) {
  const experiment = validateExperiment(isObject(input) && input.tune == null ? { ...input, tune: {} } : input);
  const t0 = now();
  const plan = experiment.tune.kind === 'search' ? planSearch(experiment) : null;
  const [info] = await pool.broadcast({ type: 'init', experiment, splitSeed: plan?.splitSeed ?? 0 });
  const data = { nTrain: info.nTrain, nTest: info.nTest, d: info.d };
  const ctx = { experiment, pool, onProgress, signal, curves, t0, data, info };
  let result;
  if (plan) result = await runSearch(ctx, plan);
  else if (experiment.tune.kind === 'range_test') result = await runRangeTest(ctx);
  else result = await runRefine(ctx);
  return { ...result, workers: pool.size, timeMs: now() - t0 };
}

async function runSearch(ctx, plan) {
  const { experiment, pool, onProgress, signal, curves, t0 } = ctx;
  const { tune } = experiment;
  const base = experiment.runs[tune.run];
  const trials = [];
  const total = plan.rungs.reduce((s, r) => s + r.size, 0);
  const samplesOf = (task) => task.epochs * plan.nFit;
  let samplesPlanned = plan.rungs.reduce((s, r, k) => s + (k === 0
    ? plan.configs.reduce((t, c) => t + (c.epochs ?? r.epochs) * plan.nFit, 0)
    : r.size * r.epochs * plan.nFit), 0);
  let done = 0;
  let samplesDone = 0;
  const inFlight = new Map(); // task index → samples done so far by a trial still training
  const report = (trial) => {
    const elapsedMs = now() - t0;
    const doneNow = samplesDone + [...inFlight.values()].reduce((a, b) => a + b, 0);
    onProgress?.({
      done, total, samplesDone: doneNow, samplesPlanned, elapsedMs,
      etaMs: doneNow > 0 ? (elapsedMs * Math.max(0, samplesPlanned - doneNow)) / doneNow : null,
      trial,
    });
  };
  let candidates = plan.configs.map((values, config) => ({ config, values }));
  let lastRung = [];
  for (let k = 0; k < plan.rungs.length && candidates.length; k += 1) {
    const rung = plan.rungs[k];
    const tasks = candidates.map((c, j) => ({ ...c, index: trials.length + j, rung: k, epochs: c.values.epochs ?? rung.epochs }));
    const results = await mapLimited(tasks, pool.size, async (task) => {
      const progress = (p) => {
        inFlight.set(task.index, p.done);
        report(undefined);
      };
      const trial = await runTrial(experiment, pool, task, curves, { onProgress: progress, signal });
      inFlight.delete(task.index);
      done += 1;
      samplesDone += trial.samples;
      samplesPlanned += trial.samples - samplesOf(task);
      report(trial);
      return trial;
    }, signal);
    trials.push(...results);
    lastRung = results;
    const next = plan.rungs[k + 1];
    if (next) {
      const promoted = [...results].sort(compareTrials).filter(usable).slice(0, next.size);
      const skipped = next.size - promoted.length;
      for (let j = k + 1; j < plan.rungs.length; j += 1) {
        samplesPlanned -= Math.min(plan.rungs[j].size, skipped) * plan.rungs[j].epochs * plan.nFit;
      }
      candidates = promoted.sort((a, b) => a.config - b.config).map((t) => ({ config: t.config, values: plan.configs[t.config] }));
    }
  }
  const winner = [...lastRung].sort(compareTrials)[0];
  let best = null;
  if (winner && usable(winner)) {
    const { testLoss, testMetrics } = await pool.run({ type: 'test', params: winner.params });
    best = {
      index: winner.index,
      config: winner.config,
      values: winner.values,
      run: trialRun(experiment, plan.configs[winner.config], winner.budgetEpochs, `${base.name} (tuned)`.slice(0, 60)).run,
      validationLoss: winner.validationLoss,
      trainLoss: winner.trainLoss,
      testLoss,
      testMetrics,
      params: winner.params,
    };
    best.run.init = base.init;
  }
  return {
    kind: 'search',
    strategy: tune.strategy,
    experiment,
    data: { ...ctx.data, nFit: ctx.info.nFit, nValidation: ctx.info.nValidation, splitSeed: plan.splitSeed },
    dimensions: plan.dimensions,
    rungs: plan.rungs.map((r, k) => ({ ...r, trials: trials.filter((t) => t.rung === k).length })),
    trials,
    best,
    optimum: ctx.info.optimum,
    budget: { samples: trials.reduce((s, t) => s + t.samples, 0), trials: trials.length },
  };
}

/** One trial: its run (or `invalid` with the reason), trained by a worker. */
async function runTrial(experiment, pool, task, curves, options) {
  const head = { index: task.index, config: task.config, rung: task.rung, budgetEpochs: task.epochs, values: task.values };
  let built;
  try {
    built = trialRun(experiment, task.values, task.epochs, `trial ${task.index}`);
  } catch (error) {
    if (!(error instanceof ExperimentError)) throw error;
    return {
      ...head, status: 'invalid', error: error.message, divergedAt: null, validationLoss: NaN, trainLoss: NaN,
      samples: 0, epochs: 0, iterations: 0, params: null, timeMs: 0,
    };
  }
  const { result } = await pool.run({ type: 'trial', run: built.run, curve: curves }, options);
  return { ...head, values: built.applied, ...result };
}

async function runRangeTest(ctx) {
  const { experiment, pool, onProgress, signal, t0 } = ctx;
  const { tune } = experiment;
  const run = rangeTestRun(experiment);
  const reply = await pool.run({ type: 'rangeTest', run }, { signal, onProgress: onePartProgress(onProgress, t0) });
  onProgress?.({ done: 1, total: 1, samplesDone: 1, samplesPlanned: 1, elapsedMs: now() - t0, etaMs: 0 });
  const analysis = suggestLearningRate(reply, { rule: tune.rule, smoothing: tune.smoothing });
  return {
    kind: 'range_test',
    experiment,
    run: experiment.runs[tune.run].name,
    data: ctx.data,
    status: reply.status,
    divergedAt: reply.divergedAt,
    initialLoss: reply.initialLoss,
    lr: reply.lr,
    loss: reply.loss,
    ...analysis,
    optimum: ctx.info.optimum,
    trainTimeMs: reply.timeMs,
  };
}

async function runRefine(ctx) {
  const { experiment, pool, onProgress, signal, t0 } = ctx;
  const { tune } = experiment;
  const base = experiment.runs[tune.run];
  const run = normalizeRun(experiment, base, splitSizes(experiment.data).nTrain, 0, base.init);
  const reply = await pool.run({ type: 'refine', run }, { signal, onProgress: onePartProgress(onProgress, t0) });
  onProgress?.({ done: 1, total: 1, samplesDone: 1, samplesPlanned: 1, elapsedMs: now() - t0, etaMs: 0 });
  const { id, ...rest } = reply;
  return { kind: 'refine', experiment, run: base.name, data: ctx.data, step: tune.step, tries: tune.tries, ...rest, optimum: ctx.info.optimum };
}

/** A range test's or a refinement's progress from its worker's {done, total} rows evaluated. */
function onePartProgress(onProgress, t0) {
  if (!onProgress) return undefined;
  return ({ done, total }) => {
    const elapsedMs = now() - t0;
    onProgress({ done: 0, total: 1, samplesDone: done, samplesPlanned: total, elapsedMs, etaMs: done > 0 ? (elapsedMs * Math.max(0, total - done)) / done : null });
  };
}

// ---- The range test's suggestion --------------------------------------------------------------------

const fmt = (v) => formatNumber(v, { digits: 4, large: 1e5, trim: false });

/**
 * Reads a range test: smooths the loss (bias-corrected moving average with β = smoothing), stops
 * the curve where the smoothed loss first exceeds 4× its lowest value so far (or is not finite), and
 * suggests a learning rate by `rule`:
 *   "min/10"    the rate at the lowest smoothed loss, divided by 10;
 *   "steepest"  the rate where the smoothed loss falls fastest against ln(lr), before the lowest loss.
 * @param {{lr: ArrayLike<number>, loss: ArrayLike<number>}} curve lr of each update and the loss after it
 * @param {{rule?: 'min/10'|'steepest', smoothing?: number}} [options]
 * @returns {{smoothed: Float64Array, stoppedAt: object|null, suggestion: object|null}}
 */
export function suggestLearningRate({ lr, loss }, { rule = 'min/10', smoothing = 0 } = {}) {
  const n = Math.min(lr.length, loss.length);
  const smoothed = new Float64Array(n);
  let avg = 0;
  let decay = 1; // β^(i+1), by repeated multiplication
  let cut = n;
  let stoppedAt = null;
  let lowest = Infinity;
  for (let i = 0; i < n; i += 1) {
    avg = smoothing * avg + (1 - smoothing) * loss[i];
    decay *= smoothing;
    smoothed[i] = avg / (1 - decay);
    if (!Number.isFinite(smoothed[i]) || smoothed[i] > 4 * lowest) {
      cut = i;
      const finiteLoss = Number.isFinite(smoothed[i]);
      stoppedAt = { index: i, lr: lr[i], code: finiteLoss ? 'rose' : 'not_finite', reason: finiteLoss ? 'the loss rose above 4× its lowest value' : 'the loss is not finite' };
      break;
    }
    lowest = Math.min(lowest, smoothed[i]);
  }
  let m = 0;
  for (let i = 1; i < cut; i += 1) if (smoothed[i] < smoothed[m]) m = i;
  if (cut < 3) {
    return { smoothed, stoppedAt, suggestion: null, noteCode: 'rose_at_once', note: 'the loss rose from the first updates: lower tune.lrMin' };
  }
  const minText = `the rate at the lowest loss (${fmt(smoothed[m])} at lr ${fmt(lr[m])}) divided by 10`;
  // code and values of the text, for the page to write it in its language
  const atLowest = { lowestLr: lr[m], lowestLoss: smoothed[m] };
  if (rule === 'steepest') {
    let s = -1;
    let slope = 0;
    for (let i = 1; i < m; i += 1) {
      const g = (smoothed[i + 1] - smoothed[i - 1]) / (detLog(lr[i + 1]) - detLog(lr[i - 1]));
      if (g < slope) { slope = g; s = i; }
    }
    if (s >= 0) {
      return {
        smoothed, stoppedAt,
        suggestion: { lr: lr[s], rule, index: s, loss: smoothed[s], code: 'steepest', slope, ...atLowest, text: `the rate where the loss falls fastest against log(lr) (slope ${fmt(slope)} per e-fold, before the lowest loss at lr ${fmt(lr[m])})` },
      };
    }
    return {
      smoothed, stoppedAt,
      suggestion: { lr: lr[m] / 10, rule: 'min/10', index: m, loss: smoothed[m], code: 'min10_fallback', ...atLowest, text: `${minText} (rule "steepest" found no falling stretch before the minimum)` },
    };
  }
  return { smoothed, stoppedAt, suggestion: { lr: lr[m] / 10, rule: 'min/10', index: m, loss: smoothed[m], code: 'min10', ...atLowest, text: minText } };
}
