// tune-handler.js — the worker side of tuning: what runs inside each worker around one Engine (one
// wasm instance). Messages {id, type, ...} → replies {id, ...} or {id, error} (serializeError).
//
// Data. Each worker regenerates the experiment's data from its seed (inline data arrive once, with the
// `init` message) and, for a search, holds out the validation rows once (Session.holdOut); trials then
// add runs on that data. Everything goes through the engine's values-only API.

import { nextChunk } from './chunk-loop.js';
import { now } from './clock.js';
import { serializeError, DescentError } from './errors.js';
import { paramsObject } from './result.js';

const CURVE_POINTS = 128; // points kept per trial curve (options.curves)
/** A long task works in chunks of about this long: it reports progress (and, in this thread, gives
 *  the host a turn to take a cancel) between them. */
const STEP_MS = 100;
/** Progress is reported at most this often. */
const PROGRESS_MS = 250;

const last = (a) => (a.length ? a[a.length - 1] : NaN);

const flatParams = (params) => Float64Array.from(params.flat);

/** Every `step`-th point of a column, always the last, at most CURVE_POINTS of them. */
function thin(column) {
  const step = Math.max(1, Math.ceil(column.length / CURVE_POINTS));
  const out = [];
  for (let i = 0; i < column.length; i += step) out.push(column[i]);
  if ((column.length - 1) % step !== 0) out.push(column[column.length - 1]);
  return Float64Array.from(out);
}

/**
 * Reports a long task's progress at most every PROGRESS_MS and pauses between its chunks.
 * @param {{progress?: (p: {done: number, total: number}) => void, pause?: () => Promise<void>}} hooks
 */
function pacer(hooks) {
  let last = now();
  return async (done, total) => {
    if (hooks.progress && now() - last >= PROGRESS_MS) {
      last = now();
      hooks.progress({ done, total });
    }
    await hooks.pause?.();
  };
}

/**
 * Trains run i of a session to the end of its budget in chunks of about STEP_MS (the same updates as
 * one call), reporting samples done of the samples planned between chunks. `offset` and `total` put
 * them in a larger task's count.
 */
async function trainToEnd(session, i, hooks, { offset = 0, total = null } = {}) {
  const t0 = now();
  const step = pacer(hooks);
  let size = 1;
  for (;;) {
    const c0 = now();
    if (session.advance(i, size) !== 'running') break;
    size = nextChunk(size, now() - c0, STEP_MS);
    const p = session.progress(i);
    await step(offset + p.samples, total ?? offset + p.maxSamples);
  }
  const r = session.result().runs[i];
  return { r, timeMs: now() - t0 };
}

/**
 * Random local search around trained parameters (the seed's tune(), fixed): every try perturbs the
 * best parameters so far with N(0, step²) noise per parameter, drawn from the experiment seed's
 * tuning stream, and keeps the result only when the training objective falls.
 * @returns {{best: Float64Array, trainLoss: number, improvements: {try: number, trainLoss: number}[]}}
 */
async function refineParams(session, start, f0, { step, tries }, report) {
  const rng = session.randomStream('tune');
  const best = Float64Array.from(start);
  const cand = new Float64Array(best.length);
  const improvements = [];
  let fBest = f0;
  let chunk = 1;
  try {
    for (let t = 1; t <= tries;) {
      const c0 = now();
      for (const end = Math.min(tries, t + chunk - 1); t <= end; t += 1) {
        for (let j = 0; j < cand.length; j += 1) cand[j] = best[j] + step * rng.normal();
        const f = session.evaluate(cand, 'train');
        if (f < fBest) {
          best.set(cand);
          fBest = f;
          improvements.push({ try: t, trainLoss: f });
        }
      }
      chunk = nextChunk(chunk, now() - c0, STEP_MS);
      await report(t - 1);
    }
  } finally {
    rng.free();
  }
  return { best, trainLoss: fBest, improvements };
}

/**
 * The message handler that runs inside each worker around one Engine. Messages:
 *   {type: 'init', experiment, splitSeed}  builds the data (regenerated from the seed) and, for a
 *                                          search, the fit/validation split → sizes and references
 *   {type: 'trial', run, curve}            trains one trial run on the fit split → its result
 *   {type: 'test', params}                 test loss and metrics of params on the experiment's test split
 *   {type: 'rangeTest', run}               trains the range-test run → lr and loss per update
 *   {type: 'refine', run}                  trains the base run, then refines it → before/after
 * Replies are {id, ...} or {id, error: serializeError(error)}; an unknown type is an error. While a
 * trial, a range test or a refinement works, a worker also posts {id, progress: {done, total}} (rows
 * evaluated so far and in all) every PROGRESS_MS.
 * @param {import('./engine.js').Engine} engine
 * @returns {{handle: (message: object, hooks?: object) => Promise<object>, free: () => void}}
 */
export function createTuneHandler(engine) {
  let state = null;

  const close = () => {
    if (state?.fit !== state?.parent) state?.fit?.free();
    state?.parent.free();
    state = null;
  };
  const need = () => {
    if (!state) throw new DescentError('tune worker: send an init message first', 'ESTATE');
    return state;
  };

  const handlers = {
    init({ experiment, splitSeed }) {
      close();
      const parent = engine.createSession(experiment, { runs: false, diagnostics: false });
      state = { experiment: parent.experiment, parent, fit: null };
      const { tune } = parent.experiment;
      const base = parent.experiment.runs[tune.run];
      const info = { nTrain: parent.nTrain, nTest: parent.nTest, d: parent.d, optimum: null };
      if (tune.kind === 'search' && parent.experiment.model.kind === 'function') {
        // A test function has no data to hold out: trials run on the function itself and are scored
        // by their final objective f(θ).
        state.fit = parent;
        Object.assign(info, { nFit: 1, nValidation: 0 });
        if (parent.optimum) info.optimum = { trainLoss: parent.optimum.trainLoss, validationLoss: parent.optimum.trainLoss };
      } else if (tune.kind === 'search') {
        // The fit/validation split: of the training split, the core holds out
        // round(n·validationFraction) rows chosen with the data stream of splitSeed (a draw of the
        // experiment's tuning stream). The rows are already standardised with the training split's
        // statistics, so they are not standardised again.
        state.fit = parent.holdOut({
          fraction: tune.validationFraction,
          seed: splitSeed,
          init: parent.initialParams(base.init),
        });
        Object.assign(info, { nFit: state.fit.nTrain, nValidation: state.fit.nTest });
        if (state.fit.optimum) info.optimum = { trainLoss: state.fit.optimum.trainLoss, validationLoss: state.fit.optimum.testLoss };
      } else if (parent.optimum) {
        info.optimum = { trainLoss: parent.optimum.trainLoss, testLoss: parent.optimum.testLoss };
      }
      return info;
    },

    async trial({ run, curve }, hooks) {
      const { fit } = need();
      if (!fit) throw new DescentError('tune worker: trials need an init message for a search', 'ESTATE');
      const i = fit.addRun(run);
      try {
        const { r, timeMs } = await trainToEnd(fit, i, hooks);
        const scored = fit === state.parent ? r.history.trainLoss : r.history.testLoss; // a function: f(θ)
        const result = {
          status: r.status,
          divergedAt: r.divergedAt,
          validationLoss: last(scored),
          trainLoss: last(r.history.trainLoss),
          samples: r.samples,
          epochs: r.epochs,
          iterations: r.iterations,
          params: r.params,
          timeMs,
        };
        if (curve) {
          result.curve = { samples: thin(r.history.samples), trainLoss: thin(r.history.trainLoss), validationLoss: thin(scored) };
        }
        return { result };
      } finally {
        fit.freeRuns();
      }
    },

    test({ params }) {
      const { parent } = need();
      if (parent.nTest === 0) return { testLoss: null, testMetrics: null };
      const p = flatParams(params);
      return { testLoss: parent.evaluate(p, 'test'), testMetrics: parent.metrics(p, 'test') };
    },

    async rangeTest({ run }, hooks) {
      const { parent } = need();
      const i = parent.addRun(run);
      try {
        const { r, timeMs } = await trainToEnd(parent, i, hooks);
        const h = r.history; // point k: the state after k updates, lr = the rate of update k + 1
        const updates = h.iteration.length - 1;
        return {
          status: r.status,
          divergedAt: r.divergedAt,
          initialLoss: h.trainLoss[0],
          lr: h.lr.slice(0, updates),
          loss: h.trainLoss.slice(1),
          timeMs,
        };
      } finally {
        parent.freeRuns();
      }
    },

    async refine({ run }, hooks) {
      const { parent, experiment } = need();
      const i = parent.addRun(run);
      // progress in rows evaluated: the training's samples, then nTrain per try
      const { tries } = experiment.tune;
      const trainSamples = parent.progress(i).maxSamples;
      const total = trainSamples + tries * parent.nTrain;
      let trained;
      try {
        trained = await trainToEnd(parent, i, hooks, { total });
      } finally {
        parent.freeRuns();
      }
      const { r } = trained;
      const start = flatParams(r.params);
      const f0 = parent.evaluate(start, 'train');
      const out = {
        runStatus: r.status,
        trainTimeMs: trained.timeMs,
        start: { params: r.params, trainLoss: f0, testLoss: parent.nTest ? parent.evaluate(start, 'test') : null },
      };
      if (!Number.isFinite(f0)) {
        return { ...out, best: out.start, gain: 0, relativeGain: 0, accepted: 0, improvements: [], timeMs: 0, noteCode: 'not_finite', note: 'the trained parameters are not finite (the run diverged): nothing to refine' };
      }
      const t0 = now();
      const step = pacer(hooks);
      const { best, trainLoss: fBest, improvements } = await refineParams(parent, start, f0, experiment.tune,
        (triesDone) => step(trainSamples + triesDone * parent.nTrain, total));
      return {
        ...out,
        best: { params: paramsObject(best, parent.experiment.model, parent.d), trainLoss: fBest, testLoss: parent.nTest ? parent.evaluate(best, 'test') : null },
        gain: f0 - fBest,
        relativeGain: f0 === 0 ? 0 : (f0 - fBest) / f0,
        accepted: improvements.length,
        improvements,
        timeMs: now() - t0,
      };
    },
  };

  return {
    /**
     * Answers one message. Long tasks (trial, rangeTest, refine) work in chunks of about STEP_MS and
     * between chunks call hooks.progress({done, total}) (at most every PROGRESS_MS; rows evaluated)
     * and await hooks.pause() (an in-thread pool yields there and stops on a cancel by throwing).
     * @param {object} message
     * @param {{progress?: (p: {done: number, total: number}) => void, pause?: () => Promise<void>}} [hooks]
     * @returns {Promise<object>} the reply {id, ...} or {id, error}
     */
    async handle(message, hooks = {}) {
      const id = message?.id;
      try {
        const type = message?.type;
        if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) {
          throw new DescentError(`tune worker: unknown message type ${JSON.stringify(type)}`);
        }
        return { id, ...await handlers[type](message, hooks) };
      } catch (error) {
        return { id, error: serializeError(error) };
      }
    },
    free: close,
  };
}

/**
 * The message listener of a tuning worker (a Web Worker or a worker thread): waits for the engine,
 * then answers every message with createTuneHandler's reply through `post`; a failed load answers
 * every message with its error.
 * @param {Promise<import('./engine.js').Engine>} enginePromise
 * @param {(reply: object) => void} post
 * @returns {(message: object) => Promise<void>}
 */
export function tuneWorkerListener(enginePromise, post) {
  const handler = enginePromise.then((engine) => createTuneHandler(engine));
  return async (message) => {
    let h;
    try {
      h = await handler;
    } catch (error) {
      post({ id: message?.id, error: serializeError(error) });
      return;
    }
    post(await h.handle(message, { progress: (progress) => post({ id: message?.id, progress }) }));
  };
}
