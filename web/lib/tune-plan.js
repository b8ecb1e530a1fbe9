// tune-plan.js — what a tuning is made of before anything trains: the configurations of a search
// (grid, random, successive halving), the run of each trial, and the run of a range test. The
// coordinator (tune.js) calls these; workers (tune-handler.js) only train the runs.
//
// Determinism. Every random choice of the plan (the validation rows' seed, the configurations of a
// random search) comes from the experiment seed's tuning stream, drawn in a fixed order. Planning runs
// in the coordinator, which has no wasm instance (a page plans on its main thread, and a Node process
// before any worker starts), so this file carries its own copy of the core's PCG32 (Pcg32, the same
// streams, outputs and uniforms as core/src/rng.c) and e^x / ln x built from +, −, ×, ÷ only (detExp,
// detLog: Math.exp and Math.log may differ in the last bit between JavaScript engines). The copy is
// pinned to the core bit for bit by tests/node/tune.test.js ("Pcg32 draws exactly the core's ...").

import { STREAM } from './abi.js';
import { runEpochs, splitSizes } from './counting.js';
import { SCHEMA, validateRun } from './experiment.js';
import { halvingRungs } from './tune-schema.js';

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
 * e^r by its Taylor polynomial of degree 24 (Horner), times 2^k. Error within a few ulps in
 * (−700, 700); beyond, e^(x ± 600)·e^(∓600), which rounds once more (into the subnormals below
 * e^−708, to 0 below about e^−745, to Infinity above about e^709.8). x must be finite.
 */
export function detExp(x) {
  if (!Number.isFinite(x)) throw new RangeError(`detExp: ${x} is not a finite number`);
  if (x > -700 && x < 700) return expCore(x);
  if (x < -746) return 0;
  if (x > 710) return Infinity;
  return x < 0 ? expCore(x + 600) * expCore(-600) : expCore(x - 600) * expCore(600);
}

/** detExp on (−700, 700). */
function expCore(x) {
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
export function gridValues(dim, name) {
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
  const rng = Pcg32.stream(experiment.seed, STREAM.tune);
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
  // a function model has no data: its trials evaluate f once per update and hold nothing out
  const { nTrain: nFit, nTest: nValidation } = experiment.model.kind === 'function'
    ? { nTrain: 1, nTest: 0 }
    : splitSizes({ kind: 'linear', n: nTrain, testFraction: tune.validationFraction });
  const epochs = tune.epochs ?? runEpochs(experiment.runs[tune.run], nTrain);
  const rungs = tune.strategy === 'halving'
    ? halvingRungs(configs.length, tune.eta, epochs, tune.minEpochs)
    : [{ size: configs.length, epochs }];
  return { splitSeed, dimensions, configs, rungs, nFit, nValidation };
}

// ---- Trial runs -------------------------------------------------------------------------------------

/**
 * A run validated for a training set of `n − round(n·testFraction)` rows with the experiment's model
 * (experiment.js validateRun); paths in errors are relative to the run. Without `init` the run has none
 * (a trial starts from the session's initial parameters).
 */
export function normalizeRun(experiment, raw, n, testFraction, init) {
  const { nTrain } = splitSizes({ kind: 'linear', n, testFraction });
  // init is set apart: it is validated where it is used (the session's own init, or base.init below),
  // and a trial must not inherit the experiment's default init in place of the session's.
  const run = validateRun({ ...raw, init: 'zeros' }, { experiment, nTrain });
  if (init === undefined) delete run.init;
  else run.init = init;
  return run;
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
      optimizer.betas = [...(optimizer.betas ?? SCHEMA.optimizer.fields.betas.default)];
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
  const held = experiment.model.kind === 'function' ? 0 : tune.validationFraction; // no data to hold out
  return { run: normalizeRun(experiment, raw, nTrain, held), applied };
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
    tolerance: 0, // every update is recorded and none may stop the test early but divergence
    divergeFactor: SCHEMA.run.fields.divergeFactor.default,
    record: { every: 1 },
  };
  return normalizeRun(experiment, raw, splitSizes(experiment.data).nTrain, 0, base.init);
}

