// tune.js — the tuning step: a hyperparameter search (grid, random, successive halving) scored on a
// validation split, the learning-rate range test, and the refinement of trained parameters.
//
// Isomorphic: no DOM and no Node built-ins. It has three parts, so that a page can drive it through
// a pool of Web Workers and Node through worker_threads (web/lib/tune-node.js):
//
//   runTune(experiment, {pool})   the coordinator: plans trials, hands them to the pool, ranks the
//                                 results, promotes (halving) and reports. It needs no WebAssembly.
//   createTuneHandler(engine)     what runs inside each worker, around one Engine (one wasm instance):
//                                 messages {id, type, ...} → replies {id, ...} or {id, error}.
//   createPool(adapters)          a pool over workers that speak that protocol; fromWebWorker and
//                                 fromNodeWorker adapt the two kinds of worker; inProcessPool runs the
//                                 handler in this thread (tests, or a page without workers).
//
// Determinism. Every random choice (the validation rows, the configurations of a random search, the
// refinement noise) comes from the experiment seed's tuning stream (DSC_STREAM_TUNE), drawn in a fixed
// order by the coordinator or inside the core. Trials are identified by index, each is a pure function
// of (experiment, its run), and results are ranked by (validation loss, index): the same experiment
// gives the same trials and the same winner with any number of workers, whatever order trials finish
// in. Log-uniform draws use detExp/detLog below (only +, −, ×, ÷, so every JavaScript engine rounds
// them alike; Math.exp and Math.log may differ in the last bit between browsers).
//
// Data. Each worker regenerates the experiment's data from its seed (inline data arrive once, with the
// `init` message) and carves the validation split once; trials then add runs on that data.

import { validateExperiment, ExperimentError, SCHEMA, splitSizes, runEpochs, halvingRungs } from './experiment.js';
import { Session, DescentError, LAYOUT } from './engine.js';

const STREAM_TUNE = 4; // dsc_stream DSC_STREAM_TUNE
const ALL_UPDATES = Number.MAX_SAFE_INTEGER; // dsc_run_advance: run to the end of the budget
const CURVE_POINTS = 128; // points kept per trial curve (options.curves)

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const last = (a) => (a.length ? a[a.length - 1] : NaN);

// ---- Deterministic numbers -------------------------------------------------------------------------

const MASK64 = (1n << 64n) - 1n;

/** splitmix64's first output for state x (as core/src/rng.c). */
function splitmix64(x) {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * PCG32 exactly as the core's dsc_rng (core/src/rng.c): the same streams, the same 32-bit outputs and
 * the same 53-bit uniforms, so the coordinator draws without a wasm instance.
 */
export class Pcg32 {
  /** pcg32_srandom_r(initstate, initseq), both BigInt. */
  constructor(initstate, initseq) {
    this.state = 0n;
    this.inc = ((initseq << 1n) | 1n) & MASK64;
    this.u32();
    this.state = (this.state + initstate) & MASK64;
    this.u32();
  }

  /** dsc_rng_stream: stream `stream` of experiment seed `seed`. */
  static stream(seed, stream) {
    return new Pcg32(splitmix64(BigInt(seed)), BigInt(stream));
  }

  /** Next 32 random bits (XSH-RR of the old state). */
  u32() {
    const old = this.state;
    this.state = (old * 6364136223846793005n + this.inc) & MASK64;
    const xorshifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const rot = Number(old >> 59n);
    return ((xorshifted >>> rot) | (xorshifted << ((32 - rot) & 31))) >>> 0;
  }

  /** Uniform in [0, 1) from 27 + 26 bits of two draws (dsc_rng_uniform). */
  uniform() {
    const a = this.u32() >>> 5;
    const b = this.u32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}

const LN2_HI = 6.93147180369123816490e-01; // ln 2 split so that k·LN2_HI is exact for |k| < 2^11
const LN2_LO = 1.90821492927058770002e-10;

/** 2^k for an integer k, by exact doublings/halvings. */
function pow2(k) {
  let p = 1;
  const f = k < 0 ? 0.5 : 2;
  for (let i = Math.abs(k); i > 0; i -= 1) p *= f;
  return p;
}

/**
 * e^x with only +, −, ×, ÷ (identical in every JavaScript engine): x = k·ln2 + r, |r| <= ln2/2,
 * e^r by its Taylor polynomial of degree 24 (Horner), times 2^k. Error within a few ulps; x must lie
 * in (−700, 700).
 */
export function detExp(x) {
  if (!(x > -700 && x < 700)) throw new RangeError(`detExp: ${x} is outside [-700, 700]`);
  const k = Math.round(x / Math.LN2);
  const r = (x - k * LN2_HI) - k * LN2_LO;
  let sum = 1; // Horner: 1 + r(1 + r/2(1 + r/3(…)))
  for (let i = 24; i >= 1; i -= 1) sum = 1 + (sum * r) / i;
  return sum * pow2(k);
}

/**
 * ln x for finite x > 0 with only +, −, ×, ÷: x = m·2^e with m in [√½, √2), ln m = 2·atanh(s),
 * s = (m − 1)/(m + 1), |s| <= 0.172, by 30 odd terms. Error within about an ulp.
 */
export function detLog(x) {
  if (!(x > 0 && x < Infinity)) throw new RangeError(`detLog: ${x} is not a finite number > 0`);
  let m = x;
  let e = 0;
  while (m >= 2) { m /= 2; e += 1; }
  while (m < 1) { m *= 2; e -= 1; }
  if (m > Math.SQRT2) { m /= 2; e += 1; }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let i = 1; i <= 59; i += 2) {
    sum += term / i;
    term *= s2;
  }
  return e * LN2_HI + (e * LN2_LO + 2 * sum);
}

/** x rounded to 4 significant digits (toPrecision is exactly specified, so engines agree). */
const round4 = (x) => (x === 0 ? 0 : Number(x.toPrecision(4)));

// ---- Planning a search -----------------------------------------------------------------------------

const isIntDim = (name) => SCHEMA.space.fields[name].item.type === 'int';

/** One value of a dimension from one uniform u (exactly one draw per dimension per configuration). */
function drawValue(dim, name, u) {
  if (Array.isArray(dim)) return dim[Math.min(dim.length - 1, Math.floor(u * dim.length))];
  const { min, max, scale } = dim;
  if (isIntDim(name)) {
    const v = scale === 'log'
      ? Math.floor(detExp(detLog(min) + u * (detLog(max + 1) - detLog(min))))
      : min + Math.floor(u * (max - min + 1));
    return Math.min(max, Math.max(min, v));
  }
  const v = scale === 'log' ? detExp(detLog(min) + u * (detLog(max) - detLog(min))) : min + u * (max - min);
  return Math.min(max, Math.max(min, round4(v)));
}

/** The values a grid takes from a dimension: a list as given, a range's `points` values, ends exact. */
function gridValues(dim, name) {
  if (Array.isArray(dim)) return dim;
  const { min, max, scale, points } = dim;
  const values = [];
  for (let j = 0; j < points; j += 1) {
    const t = j / (points - 1);
    let v;
    if (j === 0) v = min;
    else if (j === points - 1) v = max;
    else v = round4(scale === 'log' ? detExp(detLog(min) + t * (detLog(max) - detLog(min))) : min + t * (max - min));
    if (isIntDim(name)) v = Math.round(v);
    if (!values.includes(v)) values.push(v);
  }
  return values;
}

/**
 * The plan of a search: its configurations in index order and its rungs. The first 32-bit draw of the
 * tuning stream seeds the validation split; random configurations follow, one uniform per dimension
 * (in the order of SCHEMA.space) per configuration, so halving and random search with the same seed
 * and trials try the same configurations.
 * @param {object} experiment a normalized experiment whose tune.kind is "search"
 * @returns {{splitSeed: number, dimensions: string[], configs: object[], rungs: {size: number, epochs: number}[],
 *   nFit: number, nValidation: number}}
 */
export function planSearch(experiment) {
  const { tune } = experiment;
  const rng = Pcg32.stream(experiment.seed, STREAM_TUNE);
  const splitSeed = rng.u32();
  const dimensions = Object.keys(SCHEMA.space.fields).filter((k) => tune.space[k] !== undefined);
  let configs;
  if (tune.strategy === 'grid') {
    configs = [{}];
    for (const name of dimensions) {
      const values = gridValues(tune.space[name], name);
      configs = configs.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
    }
    // A hyperparameter of other kinds (momentum in an Adam configuration) is dropped, and the
    // configurations that then coincide are tried once.
    const base = experiment.runs[tune.run];
    const seen = new Set();
    configs = configs.map((c) => applicable(c, base)).filter((c) => {
      const key = JSON.stringify(c);
      return seen.has(key) ? false : (seen.add(key), true);
    });
  } else {
    configs = Array.from({ length: tune.trials }, () => Object.fromEntries(
      dimensions.map((name) => [name, drawValue(tune.space[name], name, rng.uniform())])));
  }
  const { nTrain } = splitSizes(experiment.data);
  const { nTrain: nFit, nTest: nValidation } = splitSizes({ kind: 'linear', n: nTrain, testFraction: tune.validationFraction });
  const epochs = tune.epochs ?? runEpochs(experiment.runs[tune.run], nTrain);
  const rungs = tune.strategy === 'halving'
    ? halvingRungs(configs.length, tune.eta, epochs, tune.minEpochs)
    : [{ size: configs.length, epochs }];
  return { splitSeed, dimensions, configs, rungs, nFit, nValidation };
}

// ---- Trial runs -------------------------------------------------------------------------------------

/**
 * Validates a run for a training set of `n − round(n·testFraction)` rows with the experiment's model,
 * through the run table of experiment.js (a stand-in dataset of that size; only the run is kept).
 */
function normalizeRun(experiment, raw, n, testFraction, init) {
  const data = experiment.model.kind === 'logistic'
    ? { kind: 'blobs', n, testFraction }
    : { kind: 'linear', n, testFraction };
  try {
    const run = validateExperiment({ seed: 0, data, model: experiment.model, runs: [{ ...raw, init: 'zeros' }] }).runs[0];
    if (init === undefined) delete run.init; // the session's init applies
    else run.init = init;
    return run;
  } catch (error) {
    if (error instanceof ExperimentError) {
      for (const issue of error.issues) issue.path = issue.path.replace(/^runs\[0\]\.?/, '');
      error.message = error.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
    }
    throw error;
  }
}

const USES = Object.fromEntries(Object.entries(SCHEMA.space.fields)
  .filter(([, spec]) => spec.uses).map(([name, spec]) => [name, Object.entries(spec.uses)[0]]));

/** The values of a configuration that apply to its optimizer and schedule kinds (those of the base
 *  run unless the configuration sets them). */
function applicable(values, base) {
  const kinds = { optimizer: values.optimizer ?? base.optimizer.kind, schedule: values.schedule ?? base.schedule.kind };
  return Object.fromEntries(Object.entries(values).filter(([key]) => {
    const [what, allowed] = USES[key] ?? [];
    return !what || allowed.includes(kinds[what]);
  }));
}

/**
 * The run of one configuration: the base run (tune.run) with the configuration's values. A new
 * optimizer or schedule kind starts from torch's defaults (the optimizer keeps the base lr); values
 * that do not apply to the trial's kinds (momentum for Adam) are left out of `applied`.
 * @param {object} experiment normalized, tune.kind "search"
 * @param {object} values {dimension: value}
 * @param {number} epochs the trial's budget unless values.epochs sets it
 * @param {string} name
 * @returns {{run: object, applied: object}} run is normalized, without init (a trial starts from the
 *   base run's initial parameters); throws ExperimentError when the combination is invalid (e.g.
 *   Nesterov with momentum 0)
 */
export function trialRun(experiment, values, epochs, name) {
  const { tune } = experiment;
  const base = experiment.runs[tune.run];
  const kind = values.optimizer ?? base.optimizer.kind;
  const optimizer = kind === base.optimizer.kind ? structuredClone(base.optimizer) : { kind, lr: base.optimizer.lr };
  const sKind = values.schedule ?? base.schedule.kind;
  const schedule = sKind === base.schedule.kind ? { ...base.schedule } : { kind: sKind, per: base.schedule.per };
  const applied = applicable(values, base);
  for (const [key, value] of Object.entries(applied)) {
    if (key === 'lr' || key === 'momentum' || key === 'weight_decay') optimizer[key] = value;
    else if (key === 'beta1' || key === 'beta2') {
      optimizer.betas = [...(optimizer.betas ?? [0.9, 0.999])];
      optimizer.betas[key === 'beta1' ? 0 : 1] = value;
    } else if (key === 'gamma' || key === 'step_size' || key === 'T_max') schedule[key] = value;
  }
  const raw = {
    ...base,
    name,
    optimizer,
    schedule,
    batchSize: values.batchSize ?? base.batchSize,
    iterations: null,
    epochs: values.epochs ?? epochs,
    record: { every: 'auto' },
  };
  const { nTrain } = splitSizes(experiment.data);
  return { run: normalizeRun(experiment, raw, nTrain, tune.validationFraction), applied };
}

/** The normalized run of a range test: the base run, its lr growing from lrMin to lrMax. */
export function rangeTestRun(experiment) {
  const { tune } = experiment;
  const base = experiment.runs[tune.run];
  const gamma = detExp((detLog(tune.lrMax) - detLog(tune.lrMin)) / (tune.steps - 1));
  const raw = {
    ...base,
    name: `${base.name} (range test)`.slice(0, 60),
    optimizer: { ...base.optimizer, lr: tune.lrMin },
    schedule: { kind: 'exponential', per: 'iteration', gamma },
    iterations: tune.steps,
    epochs: null,
    targetLoss: null,
    tolerance: 0,
    divergeFactor: 1e6,
    record: { every: 1 },
  };
  return normalizeRun(experiment, raw, splitSizes(experiment.data).nTrain, 0, base.init);
}

// ---- Inside a worker --------------------------------------------------------------------------------

const paramsObject = (p, d) => ({ weights: Array.from(p.subarray(0, d)), bias: p[d] });
const flatParams = (params) => Float64Array.from([...params.weights, params.bias]);

/** Every `step`-th point of a column, always the last, at most CURVE_POINTS of them. */
function thin(column) {
  const step = Math.max(1, Math.ceil(column.length / CURVE_POINTS));
  const out = [];
  for (let i = 0; i < column.length; i += step) out.push(column[i]);
  if ((column.length - 1) % step !== 0) out.push(column[column.length - 1]);
  return Float64Array.from(out);
}

/** Trains run i of a session to the end of its budget (one blocking call: a worker has time). */
function trainToEnd(session, i) {
  const t0 = now();
  session.advance(i, ALL_UPDATES);
  const r = session.result().runs[i];
  return { r, timeMs: now() - t0 };
}

/**
 * The message handler that runs inside each worker around one Engine. Messages:
 *   {type: 'init', experiment, splitSeed}  builds the data (regenerated from the seed) and, for a
 *                                          search, the fit/validation split → sizes and references
 *   {type: 'trial', run, curve}            trains one trial run on the fit split → its result
 *   {type: 'test', params}                 test loss and metrics of params on the experiment's test split
 *   {type: 'rangeTest', run}               trains the range-test run → lr and loss per update
 *   {type: 'refine', run}                  trains the base run, then refines it → before/after
 * Replies are {id, ...} or {id, error: {name, message, status}}; an unknown type is an error.
 * @param {import('./engine.js').Engine} engine
 * @returns {{handle: (message: object) => object, free: () => void}}
 */
export function createTuneHandler(engine) {
  let state = null;

  const close = () => {
    state?.fit?.free();
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
      const parent = new Session(engine, { ...experiment, runs: [] });
      state = { experiment, parent, fit: null };
      const { tune } = experiment;
      const base = experiment.runs[tune.run];
      const info = { nTrain: parent.nTrain, nTest: parent.nTest, d: parent.d, optimum: null };
      if (tune.kind === 'search') {
        // The fit/validation split: the training split as inline data, of which the core holds out
        // round(n·validationFraction) rows chosen with the data stream of splitSeed (a draw of the
        // experiment's tuning stream). The rows are already standardised with the training split's
        // statistics, so they are not standardised again.
        const init = parent.initialParams(base.init ?? experiment.init);
        const { X, y, n, d } = parent.split('train');
        const rows = Array.from({ length: n }, (_, i) => X.subarray(i * d, (i + 1) * d));
        state.fit = new Session(engine, {
          ...experiment,
          seed: splitSeed,
          data: { kind: 'inline', X: rows, y, testFraction: tune.validationFraction, standardize: false },
          init: paramsObject(init, d),
          runs: [],
          tune: null,
        });
        Object.assign(info, { nFit: state.fit.nTrain, nValidation: state.fit.nTest });
        if (state.fit.optimum) info.optimum = { trainLoss: state.fit.optimum.trainLoss, validationLoss: state.fit.optimum.testLoss };
      } else if (parent.optimum) {
        info.optimum = { trainLoss: parent.optimum.trainLoss, testLoss: parent.optimum.testLoss };
      }
      return info;
    },

    trial({ run, curve }) {
      const { fit } = need();
      if (!fit) throw new DescentError('tune worker: trials need an init message for a search', 'ESTATE');
      const i = fit.addRun(run);
      try {
        const { r, timeMs } = trainToEnd(fit, i);
        const result = {
          status: r.status,
          divergedAt: r.divergedAt,
          validationLoss: last(r.history.testLoss),
          trainLoss: last(r.history.trainLoss),
          samples: r.samples,
          epochs: r.epochs,
          iterations: r.iterations,
          params: r.params,
          timeMs,
        };
        if (curve) {
          result.curve = { samples: thin(r.history.samples), trainLoss: thin(r.history.trainLoss), validationLoss: thin(r.history.testLoss) };
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
      const ptr = engine.alloc(p);
      try {
        return { testLoss: parent.evaluate(p, 'test'), testMetrics: parent.metrics(ptr, 'test') };
      } finally {
        engine.free(ptr);
      }
    },

    rangeTest({ run }) {
      const { parent } = need();
      const i = parent.addRun(run);
      try {
        const { r, timeMs } = trainToEnd(parent, i);
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

    refine({ run }) {
      const { parent, experiment } = need();
      const { step, tries } = experiment.tune;
      const i = parent.addRun(run);
      let trained;
      try {
        trained = trainToEnd(parent, i);
      } finally {
        parent.freeRuns();
      }
      const { r } = trained;
      const d = parent.d;
      const start = flatParams(r.params);
      const f0 = parent.evaluate(start, 'train');
      const out = {
        runStatus: r.status,
        trainTimeMs: trained.timeMs,
        start: { params: r.params, trainLoss: f0, testLoss: parent.nTest ? parent.evaluate(start, 'test') : null },
      };
      if (!Number.isFinite(f0)) {
        return { ...out, best: out.start, gain: 0, relativeGain: 0, accepted: 0, improvements: [], timeMs: 0, note: 'the trained parameters are not finite (the run diverged): nothing to refine' };
      }
      // Random local search (the seed's tune(), fixed): every try perturbs the best parameters so far
      // with N(0, step²) noise per parameter and keeps the result only when the training objective
      // falls. Noise comes from the core's tuning stream of the experiment seed.
      const t0 = now();
      const x = engine.exports;
      const rng = engine.malloc(LAYOUT.dsc_rng.size);
      const paramsPtr = engine.malloc((d + 1) * 8);
      const modelPtr = parent.modelPtr();
      const best = start.slice();
      const cand = new Float64Array(d + 1);
      let fBest = f0;
      const improvements = [];
      try {
        x.dsc_rng_stream(rng, BigInt(experiment.seed), STREAM_TUNE);
        for (let t = 1; t <= tries; t += 1) {
          for (let j = 0; j <= d; j += 1) cand[j] = best[j] + step * x.dsc_rng_normal(rng);
          engine.f64(paramsPtr, d + 1).set(cand);
          const f = parent.splitLoss(modelPtr, paramsPtr, 'train');
          if (f < fBest) {
            best.set(cand);
            fBest = f;
            improvements.push({ try: t, trainLoss: f });
          }
        }
      } finally {
        engine.free(rng);
        engine.free(paramsPtr);
        engine.free(modelPtr);
      }
      return {
        ...out,
        best: { params: paramsObject(best, d), trainLoss: fBest, testLoss: parent.nTest ? parent.evaluate(best, 'test') : null },
        gain: f0 - fBest,
        relativeGain: f0 === 0 ? 0 : (f0 - fBest) / f0,
        accepted: improvements.length,
        improvements,
        timeMs: now() - t0,
      };
    },
  };

  return {
    handle(message) {
      const id = message?.id;
      try {
        const type = message?.type;
        if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) {
          throw new DescentError(`tune worker: unknown message type ${JSON.stringify(type)}`);
        }
        return { id, ...handlers[type](message) };
      } catch (error) {
        return { id, error: { name: error.name, message: error.message, status: error.status } };
      }
    },
    free: close,
  };
}

// ---- Pools ------------------------------------------------------------------------------------------

/** An Error from a worker's {name, message, status} reply. */
function workerError({ name, message, status }) {
  if (name === 'DescentError') return new DescentError(message, status);
  const error = new Error(message);
  if (name) error.name = name;
  return error;
}

const yieldToHost = () => new Promise((resolve) => {
  if (typeof setImmediate === 'function') setImmediate(resolve);
  else setTimeout(resolve, 0);
});

/**
 * A pool over workers that run createTuneHandler (one task per worker at a time, in submission order).
 * @param {{post: (m: object) => void, listen: (onMessage: Function, onError: Function) => void,
 *   terminate: () => unknown}[]} adapters see fromWebWorker / fromNodeWorker
 * @returns {{size: number, run: (m: object) => Promise<object>, broadcast: (m: object) => Promise<object[]>,
 *   close: () => Promise<void>}}
 */
export function createPool(adapters) {
  if (!adapters.length) throw new RangeError('createPool: needs at least one worker');
  const slots = adapters.map((worker) => ({ worker, busy: false, dead: null, pending: null }));
  const queue = [];
  let nextId = 1;

  function send(slot, message) {
    return new Promise((resolve, reject) => {
      if (slot.dead) { reject(slot.dead); return; }
      const id = nextId++;
      slot.busy = true;
      slot.pending = { id, resolve, reject };
      slot.worker.post({ ...message, id });
    });
  }

  function pump() {
    for (;;) {
      const slot = slots.find((s) => !s.busy && !s.dead);
      if (!slot || !queue.length) break;
      const { message, resolve, reject } = queue.shift();
      send(slot, message).then(resolve, reject);
    }
    if (queue.length && slots.every((s) => s.dead)) {
      for (const task of queue.splice(0)) task.reject(slots[0].dead);
    }
  }

  for (const slot of slots) {
    slot.worker.listen((reply) => {
      const p = slot.pending;
      if (!p || reply?.id !== p.id) return;
      slot.pending = null;
      slot.busy = false;
      if (reply.error) p.reject(workerError(reply.error));
      else p.resolve(reply);
      pump();
    }, (error) => {
      slot.dead = error instanceof Error ? error : new Error(String(error));
      slot.pending?.reject(slot.dead);
      slot.pending = null;
      pump();
    });
  }

  return {
    size: slots.length,
    run(message) {
      return new Promise((resolve, reject) => {
        queue.push({ message, resolve, reject });
        pump();
      });
    },
    /** Sends a message to every worker (call it while the pool is idle, e.g. `init` first). */
    broadcast(message) {
      if (slots.some((s) => s.busy)) return Promise.reject(new Error('createPool: broadcast while tasks are running'));
      return Promise.all(slots.map((slot) => send(slot, message)));
    },
    async close() {
      for (const task of queue.splice(0)) task.reject(new Error('the tune pool was closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** Adapts a Web Worker (browsers) running web/lib/tune-worker.js for createPool. */
export function fromWebWorker(worker) {
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      worker.addEventListener('message', (event) => onMessage(event.data));
      worker.addEventListener('error', (event) => onError(new Error(`tune worker failed: ${event.message ?? 'error'}`)));
    },
    terminate: () => worker.terminate(),
  };
}

/** Adapts a Node worker_threads Worker running web/lib/tune-worker-node.js for createPool. */
export function fromNodeWorker(worker) {
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', (code) => onError(new Error(`tune worker exited (code ${code})`)));
    },
    terminate: () => worker.terminate(),
  };
}

/** A pool of one that runs the handler in this thread (tests; a page without workers). */
export function inProcessPool(engine) {
  const handler = createTuneHandler(engine);
  let nextId = 1;
  let tail = Promise.resolve();
  const call = (message) => {
    const result = tail.then(async () => {
      await yieldToHost();
      const reply = handler.handle({ ...message, id: nextId++ });
      if (reply.error) throw workerError(reply.error);
      return reply;
    });
    tail = result.catch(() => {});
    return result;
  };
  return {
    size: 1,
    run: call,
    broadcast: async (message) => [await call(message)],
    async close() { await tail; handler.free(); },
  };
}

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
 *   onProgress gets {done, total, samplesDone, samplesPlanned, elapsedMs, etaMs, trial} after every trial;
 *   curves adds each trial's thinned {samples, trainLoss, validationLoss} history
 * @returns {Promise<object>}
 */
export async function runTune(input, { pool, onProgress, signal, curves = false } = {}) {
  if (!pool) throw new TypeError('runTune: options.pool is required (inProcessPool, createPool or the Node pool)');
  signal?.throwIfAborted();
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
  let candidates = plan.configs.map((values, config) => ({ config, values }));
  let lastRung = [];
  for (let k = 0; k < plan.rungs.length && candidates.length; k += 1) {
    const rung = plan.rungs[k];
    const tasks = candidates.map((c, j) => ({ ...c, index: trials.length + j, rung: k, epochs: c.values.epochs ?? rung.epochs }));
    const results = await mapLimited(tasks, pool.size, async (task) => {
      const trial = await runTrial(experiment, pool, task, curves);
      done += 1;
      samplesDone += trial.samples;
      samplesPlanned += trial.samples - samplesOf(task);
      const elapsedMs = now() - t0;
      onProgress?.({
        done, total, samplesDone, samplesPlanned, elapsedMs,
        etaMs: samplesDone > 0 ? (elapsedMs * Math.max(0, samplesPlanned - samplesDone)) / samplesDone : null,
        trial,
      });
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
async function runTrial(experiment, pool, task, curves) {
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
  const { result } = await pool.run({ type: 'trial', run: built.run, curve: curves });
  return { ...head, values: built.applied, ...result };
}

async function runRangeTest(ctx) {
  const { experiment, pool, onProgress, t0 } = ctx;
  const { tune } = experiment;
  const run = rangeTestRun(experiment);
  const reply = await pool.run({ type: 'rangeTest', run });
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
  const { experiment, pool, onProgress, t0 } = ctx;
  const { tune } = experiment;
  const base = experiment.runs[tune.run];
  const run = normalizeRun(experiment, base, splitSizes(experiment.data).nTrain, 0, base.init);
  const reply = await pool.run({ type: 'refine', run });
  onProgress?.({ done: 1, total: 1, samplesDone: 1, samplesPlanned: 1, elapsedMs: now() - t0, etaMs: 0 });
  const { id, ...rest } = reply;
  return { kind: 'refine', experiment, run: base.name, data: ctx.data, step: tune.step, tries: tune.tries, ...rest, optimum: ctx.info.optimum };
}

// ---- The range test's suggestion --------------------------------------------------------------------

const fmt = (v) => (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(3) : v.toPrecision(4));

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
      stoppedAt = { index: i, lr: lr[i], reason: Number.isFinite(smoothed[i]) ? 'the loss rose above 4× its lowest value' : 'the loss is not finite' };
      break;
    }
    lowest = Math.min(lowest, smoothed[i]);
  }
  let m = 0;
  for (let i = 1; i < cut; i += 1) if (smoothed[i] < smoothed[m]) m = i;
  if (cut < 3) {
    return { smoothed, stoppedAt, suggestion: null, note: 'the loss rose from the first updates: lower tune.lrMin' };
  }
  const minText = `the rate at the lowest loss (${fmt(smoothed[m])} at lr ${fmt(lr[m])}) divided by 10`;
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
        suggestion: { lr: lr[s], rule, index: s, loss: smoothed[s], text: `the rate where the loss falls fastest against log(lr) (slope ${fmt(slope)} per e-fold, before the lowest loss at lr ${fmt(lr[m])})` },
      };
    }
    return {
      smoothed, stoppedAt,
      suggestion: { lr: lr[m] / 10, rule: 'min/10', index: m, loss: smoothed[m], text: `${minText} (rule "steepest" found no falling stretch before the minimum)` },
    };
  }
  return { smoothed, stoppedAt, suggestion: { lr: lr[m] / 10, rule: 'min/10', index: m, loss: smoothed[m], text: minText } };
}
