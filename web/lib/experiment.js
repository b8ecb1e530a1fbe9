// experiment.js — the experiment document (schema version 1): its tables, defaults, validation and
// messages.
//
// One table per object (SCHEMA.experiment, .data, .model, ...) maps each field to a spec (the spec keys
// are described in schema.js, which reads any JSON value against a table). The page, the share-link
// code, tuning and the README reuse the same tables: every default lives here and only here. Kind lists
// come from abi.js (the C enums), limits from abi.js's LIMITS (descent.h), counting rules from
// counting.js, and the `tune` section's tables from tune-schema.js.

import {
  ACTIVATION, FUNCTION, GENERATOR, LIMITS, LOSS, MODEL as MODEL_KINDS, OPTIMIZER as OPTIMIZER_KINDS,
  SCHEDULE as SCHEDULE_KINDS, SECOND_ORDER,
} from './abi.js';
import { PLANE_GENERATORS, epochUpdates, featureCount, oneCyclePhaseEnds, paramCount, rowCount, scheduleSteps, splitSizes } from './counting.js';
import { ExperimentError } from './errors.js';
import { countPhrase, phrase } from './issue-text.js';
import { FLT_MAX, deepFreeze, readDocument, show } from './schema.js';
import { formatCount as exp, isObject } from './text.js';
import { SPACE, TUNE } from './tune-schema.js';

export { ExperimentError } from './errors.js';
export { splitSizes, featureCount, paramCount, modelLayers, runEpochs } from './counting.js';
export { TUNE_LIMITS, halvingRungs, gridSize } from './tune-schema.js';

/** The schema version this module reads and writes. */
export const SCHEMA_VERSION = 1;

const GENERATED = Object.keys(GENERATOR);
const WITH_ROWS = [...GENERATED, 'inline']; // every data kind but "none"
/** Generated data whose targets are two classes (0/1). */
const CLASS_DATA = ['blobs', ...PLANE_GENERATORS];
/** The model kind the raw document asks for (a default of `data` depends on it; data is read first). */
const sourceModelKind = (ctx) => (isObject(ctx.source) && isObject(ctx.source.model) ? ctx.source.model.kind : undefined);
const MAX_RUNS = 8; // runs compared in one experiment
/** Limits of inline data (data.X): rows, values per row, values in all (the CSV reader enforces them too). */
export const INLINE = Object.freeze({ rows: 1000000, cols: LIMITS.features, values: 10000000 });
/**
 * The largest |x| and |y| a generator may produce. The kernels sum squared errors and gradient terms
 * of 64 rows in float32 (FLT_MAX ≈ 3.4e38), so values beyond about √(FLT_MAX/64) ≈ 2.3e18 overflow
 * at the very first evaluation (the run "diverges at 0" with a NaN optimum).
 */
export const DATA_MAGNITUDE = 1e18;
/** A run's budget when it sets neither iterations nor epochs (the core's dsc_train_config_default). */
export const DEFAULT_ITERATIONS = 1000;
const fill = (n, v) => (Number.isInteger(n) ? new Array(n).fill(v) : undefined);

const DATA = {
  label: 'data',
  doc: 'The dataset: a generator and its parameters, or inline rows; the train/test split; "none" for a test function.',
  fields: {
    kind: { type: 'enum', values: [...WITH_ROWS, 'none'], default: (d, ctx) => (sourceModelKind(ctx) === 'function' ? 'none' : 'linear'), doc: 'Generator ("linear", "polynomial", "sine", "blobs"; the 2-D two-class sets "moons", "circles", "xor", "spiral"), "inline" user data, or "none" (a test function; the default for model.kind "function", else "linear").' },
    n: { type: 'int', min: 2, max: LIMITS.rows, default: 100, byKind: Object.fromEntries(CLASS_DATA.map((k) => [k, { default: 200 }])), appliesTo: { kind: GENERATED }, doc: 'Rows generated (train + test).' },
    d: { type: 'int', min: 1, max: LIMITS.features, default: 1, byKind: { blobs: { default: 2 } }, appliesTo: { kind: ['linear', 'blobs'] }, doc: 'Input features (the 2-D sets have 2).' },
    degree: { type: 'int', min: 1, max: LIMITS.degree, default: 3, byKind: { sine: { default: 5 } }, appliesTo: { kind: ['polynomial', 'sine'] }, doc: 'Model features x, x², …, x^degree.' },
    coefficients: { type: 'numbers', minLength: 1, maxLength: LIMITS.degree + 1, default: [0.5, -1, 0, 2], appliesTo: { kind: ['polynomial'] }, doc: 'True coefficients c₀…c_k: y = Σ c_k x^k + noise, x ~ U(−1, 1).' },
    frequency: { type: 'number', gt: 0, max: 100, default: 1, appliesTo: { kind: ['sine'] }, doc: 'y = sin(π·frequency·x) + noise, x ~ U(−1, 1).' },
    weights: { type: 'numbers', length: (s) => s.d, lengthNote: phrase('note.perFeature'), default: (s) => fill(s.d, 3), appliesTo: { kind: ['linear'] }, doc: 'True weights (default all 3): y = x·weights + bias + noise.' },
    bias: { type: 'number', float32: true, default: 0, appliesTo: { kind: ['linear'] }, doc: 'True intercept.' },
    scales: { type: 'numbers', length: (s) => s.d, lengthNote: phrase('note.perFeature'), item: { type: 'number', gt: 0, float32: true }, default: (s) => fill(s.d, 1), appliesTo: { kind: ['linear'] }, doc: 'Feature j ~ U(0, scales[j]) (default all 1).' },
    separation: { type: 'number', min: 0, max: 1e6, default: 2, appliesTo: { kind: ['blobs'] }, doc: 'Distance between the two class means.' },
    noise: { type: 'enum', values: ['uniform', 'gaussian'], default: 'gaussian', byKind: { linear: { default: 'uniform' } }, appliesTo: { kind: ['linear', 'polynomial', 'sine'] }, doc: '"uniform": U(0, noiseLevel) (the seed, not centred); "gaussian": N(0, noiseLevel²).' },
    noiseLevel: { type: 'number', min: 0, max: 1e6, default: 0.1, byKind: { linear: { default: 1 }, blobs: { default: 1 }, spiral: { default: 0.05 } }, appliesTo: { kind: GENERATED }, doc: 'Noise scale (blobs: standard deviation of each class; moons, circles, xor, spiral: of the Gaussian noise on each coordinate).' },
    X: { type: 'rows', required: true, maxRows: INLINE.rows, maxCols: INLINE.cols, maxValues: INLINE.values, appliesTo: { kind: ['inline'] }, doc: 'Inline features: 2..1,000,000 rows of 1..1024 finite float32 numbers, at most 10,000,000 values.' },
    y: { type: 'numbers', required: true, length: (s) => (Array.isArray(s.X) ? s.X.length : undefined), lengthNote: phrase('note.perRow'), appliesTo: { kind: ['inline'] }, doc: 'Inline targets, one per row (0 or 1 for a logistic model).' },
    testFraction: { type: 'number', min: 0, max: 0.9, default: 0.2, appliesTo: { kind: WITH_ROWS }, doc: 'Share of rows held out for test: nTest = round(n·testFraction).' },
    standardize: { type: 'boolean', default: false, appliesTo: { kind: WITH_ROWS }, doc: 'Scale features to zero mean, unit variance (training statistics).' },
  },
  check(d, report) {
    const cols = GENERATED.includes(d.kind) ? featureCount(d) : undefined;
    if (Number.isInteger(d.n) && Number.isInteger(cols) && d.n * cols > LIMITS.values) {
      report(['n'], 'dataTooLarge', { rows: d.n, cols, values: exp(d.n * cols), max: exp(LIMITS.values) });
    }
    checkMagnitude(d, report);
    const n = rowCount(d);
    if (n === undefined || d.testFraction === undefined) return;
    const { nTrain, nTest } = splitSizes(d);
    if (nTrain < 1) report(['testFraction'], 'noTrainingRows', { nTest, n, got: show(d.testFraction) });
  },
};

/** Generated data stay within ±DATA_MAGNITUDE: features (linear: scales) and targets (a bound on |y|). */
function checkMagnitude(d, report) {
  const noise = typeof d.noiseLevel === 'number' ? d.noiseLevel * (d.noise === 'gaussian' ? 10 : 1) : 0;
  const max = exp(DATA_MAGNITUDE);
  if (d.kind === 'linear' && Array.isArray(d.scales) && Array.isArray(d.weights) && d.scales.length === d.weights.length && typeof d.bias === 'number') {
    const big = d.scales.findIndex((s) => s > DATA_MAGNITUDE);
    if (big >= 0) {
      report(['scales', big], 'scaleTooLarge', { max, got: exp(d.scales[big]) });
      return;
    }
    const products = d.weights.reduce((sum, w, j) => sum + Math.abs(w) * d.scales[j], 0);
    const bound = products + Math.abs(d.bias) + noise;
    if (!(bound <= DATA_MAGNITUDE)) {
      const field = Math.abs(d.bias) > products ? 'bias' : 'weights';
      report([field], 'targetsTooLargeLinear', { bound: exp(bound), max });
    }
  } else if (d.kind === 'polynomial' && Array.isArray(d.coefficients)) {
    const bound = d.coefficients.reduce((sum, c) => sum + Math.abs(c), 0) + noise;
    if (!(bound <= DATA_MAGNITUDE)) report(['coefficients'], 'targetsTooLargePolynomial', { bound: exp(bound), max });
  }
}

const PENALTY = {
  doc: 'Penalty on the weights (not the bias) added to the objective.',
  fields: {
    l1: { type: 'number', min: 0, default: 0, doc: 'λ₁ Σ|w_j|.' },
    l2: { type: 'number', min: 0, default: 0, doc: 'λ₂ Σ w_j².' },
  },
};

const isClassData = (data) => CLASS_DATA.includes(data?.kind);
const LINEAR_MODELS = { kind: ['linear', 'logistic'] };
const FUNCTION_ONLY = { kind: ['function'] };
const MLP_ONLY = { kind: ['mlp'] };
const MODEL = {
  label: 'model',
  doc: 'The model and its objective (loss is the mean over the batch, MSE without the ½).',
  fields: {
    kind: { type: 'enum', values: Object.keys(MODEL_KINDS), default: (m, ctx) => (ctx.root.data?.kind === 'blobs' ? 'logistic' : PLANE_GENERATORS.includes(ctx.root.data?.kind) ? 'mlp' : 'linear'), doc: '"linear" regression, "logistic" classification, a test "function" of θ = (x, y) (no data: leave data out), or an "mlp" network (default "logistic" for blobs, "mlp" for moons, circles, xor and spiral, else "linear"; "function" is always written out, since data\'s default follows it).' },
    loss: { type: 'enum', values: Object.keys(LOSS), default: 'mse', note: (m) => (m.kind ? phrase('note.lossFor', { kind: show(m.kind) }) : ''), byKind: { linear: { values: ['mse', 'mae', 'huber'] }, logistic: { values: ['bce'], default: 'bce' }, mlp: { values: ['mse', 'bce'], default: (m, ctx) => (isClassData(ctx.root.data) ? 'bce' : 'mse') } }, appliesTo: { kind: ['linear', 'logistic', 'mlp'] }, doc: 'linear: "mse" (default), "mae", "huber"; logistic: "bce" (with logits); mlp: "mse" (regression) or "bce" (the output is a logit; default for two-class data).' },
    delta: { type: 'number', gt: 0, default: 1, appliesTo: { loss: ['huber'] }, doc: 'Huber δ (torch HuberLoss).' },
    penalty: { type: 'object', table: PENALTY, appliesTo: LINEAR_MODELS, doc: PENALTY.doc },
    function: { type: 'enum', values: Object.keys(FUNCTION), default: 'rosenbrock', appliesTo: FUNCTION_ONLY, doc: 'The test function f(x, y): "rosenbrock", "himmelblau", "beale", "quadratic", "saddle", "six_hump_camel" or "rastrigin" (formulas and minima in the README).' },
    a: { type: 'number', min: -1e6, max: 1e6, default: 1, appliesTo: { kind: ['function'], function: ['rosenbrock'] }, doc: 'Rosenbrock a: f = (a − x)² + b·(y − x²)², minimum at (a, a²).' },
    b: { type: 'number', min: 0, max: 1e6, default: 100, appliesTo: { kind: ['function'], function: ['rosenbrock'] }, doc: 'Rosenbrock b.' },
    condition: { type: 'number', gt: 0, max: 1e6, default: 10, appliesTo: { kind: ['function'], function: ['quadratic'] }, doc: 'Quadratic κ: f = ½(u² + κ·v²), the ratio of the curvatures (the condition number).' },
    angle: { type: 'number', min: -360, max: 360, default: 30, appliesTo: { kind: ['function'], function: ['quadratic'] }, doc: 'Quadratic: rotation of the (u, v) axes against (x, y), in degrees.' },
    noise: { type: 'number', min: 0, max: 1e6, default: 0, appliesTo: FUNCTION_ONLY, doc: 'σ of the N(0, σ²) noise added to each gradient coordinate (from the seed\'s noise stream): stochastic gradients on a landscape.' },
    hidden: { type: 'numbers', minLength: 1, maxLength: LIMITS.hiddenLayers, item: { type: 'int', min: 1, max: LIMITS.hiddenUnits }, default: [8, 8], appliesTo: MLP_ONLY, doc: `Units of each hidden layer: 1..${LIMITS.hiddenLayers} layers of 1..${LIMITS.hiddenUnits} units.` },
    activation: { type: 'enum', values: Object.keys(ACTIVATION), default: 'tanh', appliesTo: MLP_ONLY, doc: 'Hidden-unit activation: "tanh", "relu" or "sigmoid" (torch.nn.Tanh, ReLU, Sigmoid).' },
  },
};

/** What init.params holds for a model, in its length message (a phrase of issue-text.js). */
function paramsNote(model) {
  switch (model?.kind) {
    case 'function': return phrase('note.paramsFunction');
    case 'mlp': return phrase('note.paramsMlp');
    case 'linear': case 'logistic': return phrase('note.paramsLinear');
    default: return '';
  }
}

const INIT = {
  shape: '{params} or {weights, bias}',
  doc: 'Explicit initial parameters: the flat vector θ in torch\'s parameters() order (every model), or weights and bias (linear and logistic).',
  fields: {
    params: { type: 'numbers', length: (s, ctx) => paramCount(ctx.root.model, featureCount(ctx.root.data)), lengthNote: (s, ctx) => paramsNote(ctx.root.model), doc: 'Every parameter, flat, in torch\'s model.parameters() order: linear/logistic [w…, b]; function [x, y]; mlp each layer\'s weight [out × in] row-major, then its bias.' },
    weights: { type: 'numbers', length: (s, ctx) => (LINEAR_MODELS.kind.includes(ctx.root.model?.kind) ? featureCount(ctx.root.data) : undefined), lengthNote: phrase('note.perModelFeature'), doc: 'Linear/logistic: one weight per model feature (linear/blobs: data.d; polynomial/sine: degree; inline: row length).' },
    bias: { type: 'number', float32: true, default: (s) => (s.weights === undefined ? undefined : 0), doc: 'Linear/logistic: the initial bias (default 0).' },
  },
  check(s, report, ctx, input) {
    const kind = ctx.root.model?.kind;
    const flatOnly = kind === 'function' || kind === 'mlp';
    const has = (key) => Object.hasOwn(input, key);
    if (!has('params') && !has('weights')) {
      if (flatOnly) report([], 'initNeedsParams', { kind, got: show(input) });
      else report([], 'initNeedsParamsOrWeights', { got: show(input) });
    } else if (has('params') && (has('weights') || has('bias'))) {
      report([has('weights') ? 'weights' : 'bias'], 'initBoth');
    } else if (has('weights') && flatOnly) {
      report(['weights'], 'initWeightsFlat', { kind, count: paramCount(ctx.root.model, featureCount(ctx.root.data)) ?? '…' });
    }
  },
};

const INIT_FIELD = { type: 'object', table: INIT, literals: ['zeros', 'uniform'], default: (e) => (e.model?.kind === 'mlp' ? 'uniform' : 'zeros'), doc: 'Initial parameters: "zeros" (default; a network\'s default is "uniform": all-zero hidden units never differ), "uniform" (torch nn.Linear\'s default for every layer: weight and bias ~ U(−1/√fan_in, 1/√fan_in), from the seed\'s init stream; not for a function), {params} (the flat vector, every model) or {weights, bias} (linear and logistic).' };

const SGD_ONLY = { kind: ['sgd'] };

/** The torch.optim class name of each optimizer kind, for text ("Adam", "RMSprop"). */
export const OPTIMIZER_NAMES = Object.freeze({
  sgd: 'SGD', adagrad: 'Adagrad', rmsprop: 'RMSprop', adam: 'Adam', adamw: 'AdamW', nadam: 'NAdam',
  radam: 'RAdam', adadelta: 'Adadelta', adamax: 'Adamax', rprop: 'Rprop', lbfgs: 'LBFGS', newton: 'Newton',
});
const ADAMS = { kind: ['adam', 'adamw'] };
const BETAS = { kind: ['adam', 'adamw', 'nadam', 'radam', 'adamax'] };
const ONLY = (kind) => ({ kind: [kind] });
/** Optimizer kinds without weight_decay (torch's Rprop and LBFGS have none; Newton neither). */
const NO_WEIGHT_DECAY = ['rprop', 'lbfgs', 'newton'];
const OPTIMIZER = {
  label: 'optimizer',
  doc: 'torch.optim optimizer: the same hyperparameter names and defaults per kind.',
  fields: {
    kind: { type: 'enum', values: Object.keys(OPTIMIZER_KINDS), default: 'sgd', doc: 'torch.optim.SGD, Adagrad, RMSprop, Adam, AdamW, NAdam, RAdam, Adadelta, Adamax, Rprop or LBFGS (full batch; one iteration is one step(), which evaluates the objective several times), or "newton", damped Newton (not in torch; full batch; linear with mse, logistic, functions).' },
    lr: { type: 'number', gt: 0, limit: 1e6, default: 1e-3, byKind: { adagrad: { default: 1e-2 }, rmsprop: { default: 1e-2 }, nadam: { default: 2e-3 }, adadelta: { default: 1 }, adamax: { default: 2e-3 }, rprop: { default: 1e-2 }, lbfgs: { default: 1 }, newton: { default: 1 } }, doc: 'Learning rate (torch default: 1e-3; adagrad, rmsprop, rprop 1e-2; nadam, adamax 2e-3; adadelta, lbfgs 1; newton 1). Rprop reads it once, as its initial step size; LBFGS tries a step of lr (its very first of min(1, 1/‖g‖₁)·lr); Newton scales its step.' },
    max_iter: { type: 'int', min: 1, max: 100000, default: 20, appliesTo: ONLY('lbfgs'), doc: 'LBFGS: inner iterations per step().' },
    max_eval: { type: 'int', min: 1, max: 1000000, nullable: true, nullText: 'max_iter·5/4', default: null, appliesTo: ONLY('lbfgs'), doc: 'LBFGS: evaluations after which step() stops iterating (null: ⌊max_iter·5/4⌋, torch\'s default); a line search may run past it.' },
    tolerance_grad: { type: 'number', min: 0, default: 1e-7, appliesTo: ONLY('lbfgs'), doc: 'LBFGS: step() stops when max|g| ≤ tolerance_grad (torch 1.13: 1e-7).' },
    tolerance_change: { type: 'number', min: 0, default: 1e-9, appliesTo: ONLY('lbfgs'), doc: 'LBFGS: step() stops when a step or a loss change is below this.' },
    history_size: { type: 'int', min: 1, max: LIMITS.lbfgsHistory, default: 100, appliesTo: ONLY('lbfgs'), doc: `LBFGS: (s, y) pairs kept, 1..${LIMITS.lbfgsHistory}.` },
    line_search_fn: { type: 'enum', values: ['strong_wolfe'], nullable: true, nullText: 'none: a fixed step', default: null, appliesTo: ONLY('lbfgs'), doc: 'LBFGS: null (a fixed step of lr) or "strong_wolfe" (torch\'s line search).' },
    damping: { type: 'number', min: 0, limit: 1e12, default: 0, appliesTo: ONLY('newton'), doc: 'Newton: λ added to the Hessian\'s diagonal, θ ← θ − lr·(H + λI)⁻¹∇ (0: the pure Newton step).' },
    lr_decay: { type: 'number', min: 0, default: 0, appliesTo: { kind: ['adagrad'] }, doc: 'Adagrad: lr / (1 + (t−1)·lr_decay).' },
    alpha: { type: 'number', min: 0, max: 1, default: 0.99, appliesTo: { kind: ['rmsprop'] }, doc: 'RMSprop smoothing constant.' },
    betas: { type: 'numbers', length: 2, item: { type: 'number', min: 0, lt: 1 }, default: [0.9, 0.999], appliesTo: BETAS, doc: 'Adam/AdamW/NAdam/RAdam/Adamax moment decay rates [β₁, β₂].' },
    momentum: { type: 'number', min: 0, lt: 1, default: 0, appliesTo: { kind: ['sgd', 'rmsprop'] }, doc: 'Momentum factor.' },
    dampening: { type: 'number', min: 0, max: 1, default: 0, appliesTo: SGD_ONLY, doc: 'SGD dampening for momentum.' },
    nesterov: { type: 'boolean', default: false, appliesTo: SGD_ONLY, doc: 'SGD Nesterov momentum (needs momentum > 0, dampening 0).' },
    weight_decay: { type: 'number', min: 0, default: 0, byKind: { adamw: { default: 1e-2 } }, appliesTo: { kind: Object.keys(OPTIMIZER_KINDS).filter((k) => !NO_WEIGHT_DECAY.includes(k)) }, doc: 'L2 added to the gradient (AdamW: decoupled; default 1e-2). Rprop, LBFGS and Newton have none (use model.penalty.l2).' },
    initial_accumulator_value: { type: 'number', min: 0, default: 0, appliesTo: { kind: ['adagrad'] }, doc: 'Adagrad initial sum of squares.' },
    eps: { type: 'number', gt: 0, default: 1e-8, byKind: { adagrad: { default: 1e-10 }, adadelta: { default: 1e-6 } }, appliesTo: { kind: ['adagrad', 'rmsprop', 'adam', 'adamw', 'nadam', 'radam', 'adadelta', 'adamax'] }, doc: 'Term added to the denominator (adagrad default 1e-10, adadelta 1e-6; Adamax: inside the max, |g| + eps).' },
    centered: { type: 'boolean', default: false, appliesTo: { kind: ['rmsprop'] }, doc: 'RMSprop: normalise by the estimated variance.' },
    amsgrad: { type: 'boolean', default: false, appliesTo: ADAMS, doc: 'Adam/AdamW: use the running maximum of the second moment.' },
    momentum_decay: { type: 'number', min: 0, default: 4e-3, appliesTo: ONLY('nadam'), doc: 'NAdam ψ: the momentum schedule μ_t = β₁(1 − ½·0.96^(t·ψ)).' },
    rho: { type: 'number', min: 0, max: 1, default: 0.9, appliesTo: ONLY('adadelta'), doc: 'Adadelta: coefficient of the running averages of g² and of the squared updates.' },
    etas: { type: 'numbers', length: 2, item: { type: 'number', gt: 0, limit: 1e6 }, default: [0.5, 1.2], appliesTo: ONLY('rprop'), doc: 'Rprop [etaminus, etaplus]: step-size factor after a sign change (< 1) and while the sign holds (> 1).' },
    step_sizes: { type: 'numbers', length: 2, item: { type: 'number', min: 0, limit: 1e6 }, default: [1e-6, 50], appliesTo: ONLY('rprop'), doc: 'Rprop [min, max]: bounds of every step size.' },
  },
  check(o, report) {
    if (o.nesterov === true && o.momentum !== undefined && o.dampening !== undefined && !(o.momentum > 0 && o.dampening === 0)) {
      report(['nesterov'], 'nesterov', { momentum: show(o.momentum), dampening: show(o.dampening) });
    }
    // torch.optim.Rprop: 0 < etaminus < 1 < etaplus
    if (Array.isArray(o.etas) && o.etas.length === 2) {
      if (!(o.etas[0] < 1)) report(['etas', 0], 'etaMinus', { got: show(o.etas[0]) });
      if (!(o.etas[1] > 1)) report(['etas', 1], 'etaPlus', { got: show(o.etas[1]) });
    }
    if (Array.isArray(o.step_sizes) && o.step_sizes.length === 2 && !(o.step_sizes[1] >= o.step_sizes[0])) {
      report(['step_sizes', 1], 'stepSizes', { min: show(o.step_sizes[0]), got: show(o.step_sizes[1]) });
    }
  },
};

const on = (...kinds) => ({ kind: kinds });
/** The kinds a sequential may chain (see descent.h, dsc_sched_config.schedulers). */
const PART_KINDS = ['constant', 'exponential', 'step', 'cosine', 'linear', 'cosine_warm_restarts', 'multistep', 'polynomial'];
const CYCLES = on('one_cycle', 'cyclic');
const MOMENTUM_CYCLED = { kind: ['one_cycle', 'cyclic'], cycle_momentum: [true] };
const SCHEDULE_FIELDS = {
  kind: { type: 'enum', values: Object.keys(SCHEDULE_KINDS), default: 'constant', doc: 'ExponentialLR, StepLR, CosineAnnealingLR, LinearLR, ReduceLROnPlateau, the bold driver, OneCycleLR, CyclicLR, CosineAnnealingWarmRestarts, MultiStepLR, PolynomialLR or SequentialLR.' },
  per: { type: 'enum', values: ['epoch', 'iteration'], default: 'epoch', doc: 'Step the schedule after each epoch or after each update.' },
  step_size: { type: 'int', min: 1, max: 1e9, default: 10, appliesTo: on('step'), doc: 'StepLR period.' },
  gamma: { type: 'number', gt: 0, default: 0.95, byKind: { step: { default: 0.1 }, multistep: { default: 0.1 }, cyclic: { default: 1 } }, appliesTo: on('exponential', 'step', 'multistep', 'cyclic'), doc: 'Multiplicative factor (exponential 0.95, step and multistep 0.1; cyclic 1, used by mode "exp_range": amplitude γ^t).' },
  T_max: { type: 'int', min: 1, max: 1e9, nullable: true, nullText: 'the run\'s length', default: null, appliesTo: on('cosine'), doc: 'CosineAnnealingLR half period, in steps of `per`; null: the run\'s length (in a sequential: the steps to the next milestone, or to the end), so the rate reaches eta_min at the end.' },
  T_0: { type: 'int', min: 1, max: 1e9, required: true, appliesTo: on('cosine_warm_restarts'), doc: 'CosineAnnealingWarmRestarts: steps of the first cycle (torch has no default).' },
  T_mult: { type: 'int', min: 1, max: 1e6, default: 1, appliesTo: on('cosine_warm_restarts'), doc: 'CosineAnnealingWarmRestarts: each cycle is T_mult times longer than the one before.' },
  eta_min: { type: 'number', min: 0, default: 0, appliesTo: on('cosine', 'cosine_warm_restarts'), doc: 'Minimum rate.' },
  start_factor: { type: 'number', gt: 0, max: 1, default: 1 / 3, appliesTo: on('linear'), doc: 'LinearLR initial factor.' },
  end_factor: { type: 'number', min: 0, max: 1, default: 1, appliesTo: on('linear'), doc: 'LinearLR final factor.' },
  total_iters: { type: 'int', min: 1, max: 1e9, default: 5, appliesTo: on('linear', 'polynomial'), doc: 'LinearLR: steps to reach end_factor; PolynomialLR: steps to reach 0.' },
  power: { type: 'number', min: 0, limit: 1e6, default: 1, appliesTo: on('polynomial'), doc: 'PolynomialLR: lr·(1 − min(t, total_iters)/total_iters)^power.' },
  mode: { type: 'enum', values: ['min'], default: 'min', byKind: { cyclic: { values: ['triangular', 'triangular2', 'exp_range'], default: 'triangular' } }, appliesTo: on('reduce_on_plateau', 'cyclic'), doc: 'Plateau: only "min" (the objective is minimised). CyclicLR: "triangular", "triangular2" (the amplitude halves every cycle) or "exp_range" (amplitude γ^t).' },
  factor: { type: 'number', gt: 0, lt: 1, default: 0.1, appliesTo: on('reduce_on_plateau'), doc: 'Rate multiplier on a plateau.' },
  patience: { type: 'int', min: 0, max: 1e9, default: 10, appliesTo: on('reduce_on_plateau'), doc: 'Steps without improvement before reducing.' },
  threshold: { type: 'number', min: 0, default: 1e-4, byKind: { bold_driver: { default: 1e-5 } }, appliesTo: on('reduce_on_plateau', 'bold_driver'), doc: 'Plateau: minimum improvement. Bold driver: a relative rise up to this is noise, not a worsening (default 1e-5).' },
  threshold_mode: { type: 'enum', values: ['rel', 'abs'], default: 'rel', appliesTo: on('reduce_on_plateau'), doc: '"rel": a < best·(1 − threshold); "abs": a < best − threshold.' },
  cooldown: { type: 'int', min: 0, max: 1e9, default: 0, appliesTo: on('reduce_on_plateau'), doc: 'Steps to wait after a reduction.' },
  min_lr: { type: 'number', min: 0, default: 0, appliesTo: on('reduce_on_plateau'), doc: 'Lower bound on the rate.' },
  eps: { type: 'number', min: 0, default: 1e-8, appliesTo: on('reduce_on_plateau'), doc: 'Smaller rate changes are ignored.' },
  increase: { type: 'number', gt: 1, default: 1.05, appliesTo: on('bold_driver'), doc: 'Rate multiplier after an improving step.' },
  decrease: { type: 'number', gt: 0, lt: 1, default: 0.5, appliesTo: on('bold_driver'), doc: 'Rate multiplier after a worsening step (which is undone).' },
  max_lr: { type: 'number', gt: 0, limit: 1e6, nullable: true, nullText: 'the optimizer\'s lr', default: null, byKind: { cyclic: { nullable: false, required: true, default: undefined } }, appliesTo: CYCLES, doc: 'OneCycleLR: the peak rate (null: the optimizer\'s lr); CyclicLR: the upper rate (torch has no default).' },
  total_steps: { type: 'int', min: 1, max: 1e9, nullable: true, nullText: 'the run\'s length', default: null, appliesTo: on('one_cycle'), doc: 'OneCycleLR: steps of the cycle (null: the run\'s length); the run may take no more (torch raises).' },
  pct_start: { type: 'number', min: 0, max: 1, default: 0.3, appliesTo: on('one_cycle'), doc: 'OneCycleLR: share of the steps spent raising the rate.' },
  anneal_strategy: { type: 'enum', values: ['cos', 'linear'], default: 'cos', appliesTo: on('one_cycle'), doc: 'OneCycleLR: "cos" or "linear" annealing within a phase.' },
  div_factor: { type: 'number', gt: 0, limit: 1e12, default: 25, appliesTo: on('one_cycle'), doc: 'OneCycleLR: the first rate is max_lr/div_factor.' },
  final_div_factor: { type: 'number', gt: 0, limit: 1e12, default: 1e4, appliesTo: on('one_cycle'), doc: 'OneCycleLR: the last rate is max_lr/div_factor/final_div_factor.' },
  three_phase: { type: 'boolean', default: false, appliesTo: on('one_cycle'), doc: 'OneCycleLR: up, back down to the first rate, then the final annealing (the paper\'s form) instead of up, then down to the last rate (fastai\'s).' },
  base_lr: { type: 'number', gt: 0, limit: 1e6, nullable: true, nullText: 'the optimizer\'s lr', default: null, appliesTo: on('cyclic'), doc: 'CyclicLR: the lower rate (null: the optimizer\'s lr).' },
  step_size_up: { type: 'int', min: 1, max: 1e9, default: 2000, appliesTo: on('cyclic'), doc: 'CyclicLR: steps from base_lr up to max_lr.' },
  step_size_down: { type: 'int', min: 1, max: 1e9, nullable: true, nullText: 'step_size_up', default: null, appliesTo: on('cyclic'), doc: 'CyclicLR: steps back down (null: step_size_up).' },
  cycle_momentum: { type: 'boolean', default: false, appliesTo: CYCLES, doc: 'Also cycle the optimizer\'s momentum (SGD, RMSprop; one_cycle also betas[0] of the Adam family) inversely to the rate, between max_momentum and base_momentum. Off by default: torch\'s default (on) silently writes momentum into SGD.' },
  base_momentum: { type: 'number', min: 0, lt: 1, default: 0.85, byKind: { cyclic: { default: 0.8 } }, appliesTo: MOMENTUM_CYCLED, doc: 'Momentum at the peak rate (one_cycle 0.85, cyclic 0.8).' },
  max_momentum: { type: 'number', gt: 0, lt: 1, default: 0.95, byKind: { cyclic: { default: 0.9 } }, appliesTo: MOMENTUM_CYCLED, doc: 'Momentum at the lowest rate, and at the start (one_cycle 0.95, cyclic 0.9).' },
  schedulers: null, // SequentialLR's list of schedules, set below (its items are SCHEDULE_PART objects)
  milestones: { type: 'numbers', item: { type: 'int', min: 1, max: 1e9 }, appliesTo: on('multistep', 'sequential'), byKind: {
    multistep: { required: true, minLength: 1, maxLength: LIMITS.milestones },
    sequential: { default: [5], length: (s) => (Array.isArray(s.schedulers) ? s.schedulers.length - 1 : undefined), lengthNote: phrase('note.fewerThanSchedulers'), minLength: 1, maxLength: LIMITS.schedulers - 1 },
  }, doc: 'MultiStepLR: the steps at which the rate is multiplied by gamma; SequentialLR: the steps at which schedulers[1], schedulers[2], … take over (each counting its own steps from 0 there). Strictly increasing.' },
};

/** Milestone lists are strictly increasing (MultiStepLR's and SequentialLR's contract). */
function checkMilestones(s, report) {
  if (!Array.isArray(s.milestones)) return;
  s.milestones.forEach((m, i) => {
    if (i > 0 && Number.isInteger(m) && Number.isInteger(s.milestones[i - 1]) && !(m > s.milestones[i - 1])) {
      report(['milestones', i], 'milestones', { i: i - 1, prev: s.milestones[i - 1], got: m });
    }
  });
}

/** One schedule of a sequential: a closed form that reads only its own step count (see PART_KINDS). */
const SCHEDULE_PART = {
  label: 'schedule',
  doc: 'One of a sequential\'s schedules: constant, exponential, step, cosine, linear, cosine_warm_restarts, multistep or polynomial, with its arguments; it steps with the sequential (no `per` of its own).',
  fields: Object.fromEntries(Object.entries(SCHEDULE_FIELDS)
    .filter(([name, spec]) => name !== 'per' && name !== 'schedulers' && (!spec?.appliesTo?.kind || spec.appliesTo.kind.some((k) => PART_KINDS.includes(k))))
    .map(([name, spec]) => [name, name === 'kind' ? { ...spec, values: PART_KINDS, doc: 'constant, exponential, step, cosine, linear, cosine_warm_restarts, multistep or polynomial (SequentialLR cannot chain plateau, bold driver, one_cycle, cyclic or another sequential).' } : spec])),
  check: checkMilestones,
};
SCHEDULE_FIELDS.schedulers = { type: 'array', minLength: 2, maxLength: LIMITS.schedulers, noun: 'schedulers', item: { type: 'object', table: SCHEDULE_PART }, default: [{ kind: 'linear' }, { kind: 'cosine' }], appliesTo: on('sequential'), doc: `SequentialLR: 2..${LIMITS.schedulers} schedules run one after the other (default: LinearLR's warm-up, then cosine to the end of the run).` };

const SCHEDULE = {
  label: 'schedule',
  doc: 'Learning-rate schedule (torch.optim.lr_scheduler argument names).',
  fields: SCHEDULE_FIELDS,
  check: checkMilestones,
};

const RECORD = {
  doc: 'History recording.',
  fields: {
    every: { type: 'int', min: 1, max: 1e9, literals: ['auto'], default: 'auto', doc: 'Record every k updates, or "auto": 2..500 points, as many as fit in 10% of the training work (or in a few ms of evaluation on small data).' },
  },
};

const RUN = {
  doc: 'One training run; all runs share the data split and the initial parameters.',
  fields: {
    name: { type: 'string', minLength: 1, maxLength: 60, default: (r, ctx) => `run ${ctx.index + 1}`, doc: 'Unique name (default "run i").' },
    optimizer: { type: 'object', table: OPTIMIZER, default: { kind: 'sgd', lr: 0.1 }, doc: 'Default {kind: "sgd", lr: 0.1}; a given optimizer takes torch\'s defaults.' },
    batchSize: { type: 'int', min: 1, max: (r, ctx) => ctx.nTrain(), note: (r, ctx) => (ctx.nTrain() ? phrase('note.trainingSetSize') : ''), literals: ['full'], default: 'full', doc: '"full" (batch gradient descent) or rows per update, 1..nTrain.' },
    shuffle: { type: 'boolean', default: true, doc: 'Reshuffle the rows every epoch (ignored by full batch).' },
    schedule: { type: 'object', table: SCHEDULE, doc: SCHEDULE.doc },
    iterations: { type: 'int', min: 1, max: LIMITS.budget, nullable: true, default: null, doc: `Stop after this many updates (${DEFAULT_ITERATIONS} when neither iterations nor epochs is set).` },
    epochs: { type: 'number', gt: 0, max: 1e6, nullable: true, default: null, doc: 'Stop after this many epochs (may be fractional).' },
    targetLoss: { type: 'number', nullable: true, default: null, doc: 'Stop when the training objective ≤ targetLoss.' },
    tolerance: { type: 'number', min: 0, lt: 1, default: 0, doc: 'Stop when the relative improvement between evaluations < tolerance, or two evaluations are equal (an objective of exactly 0); 0: off.' },
    divergeFactor: { type: 'number', gt: 1, default: 1e6, doc: 'Diverged when the objective > divergeFactor × the initial objective.' },
    record: { type: 'object', table: RECORD, doc: RECORD.doc },
    init: { ...INIT_FIELD, default: (r, ctx) => ctx.root.init, doc: 'Per-run initial parameters (default: the experiment\'s init).' },
  },
  check(r, report, ctx, input) {
    if (r.iterations === null && r.epochs === null) r.iterations = DEFAULT_ITERATIONS;
    checkBudget(r, report, ctx.nTrain());
    checkScheduleRun(r, report, ctx.nTrain());
    checkSecondOrder(r, report, ctx, input);
    if (ctx.root.model?.kind === 'function') {
      if (r.batchSize !== undefined && r.batchSize !== 'full') report(['batchSize'], 'batchFunction', { got: show(r.batchSize) });
      if (isObject(input) && input.init === 'uniform') report(['init'], 'uniformFunction');
    }
  },
};

/**
 * The second-order kinds' rules (train.c dsc_run_create checks them again): lbfgs and newton train on
 * the full batch; lbfgs counts its budget in iterations (a step() evaluates the objective a varying
 * number of times, so an epoch budget would not say how many steps); newton needs a model with an
 * exact Hessian (model.c dsc_model_hessian_check).
 */
function checkSecondOrder(r, report, ctx, input) {
  const kind = r.optimizer?.kind;
  if (!SECOND_ORDER.includes(kind)) return;
  const nTrain = ctx.nTrain();
  if (r.batchSize !== undefined && r.batchSize !== 'full' && r.batchSize !== nTrain) {
    report(['batchSize'], 'batchSecondOrder', { kind: show(kind), name: kind === 'lbfgs' ? 'L-BFGS' : 'Newton', got: show(r.batchSize) });
  }
  if (kind === 'lbfgs' && r.epochs !== null && r.epochs !== undefined) {
    report(['epochs'], 'lbfgsEpochs', { got: show(r.epochs) });
  }
  if (kind === 'newton') {
    const m = ctx.root.model;
    if (m?.kind === 'mlp') report(['optimizer', 'kind'], 'newtonMlp');
    else if (m?.kind === 'linear' && m.loss !== undefined && m.loss !== 'mse') report(['optimizer', 'kind'], 'newtonLoss', { loss: show(m.loss) });
    else if (m?.penalty?.l1 > 0) report(['optimizer', 'kind'], 'newtonL1', { l1: show(m.penalty.l1) });
  }
}

/** Which optimizers a schedule's cycle_momentum can write (train.c cycled_field; torch 1.13). */
const MOMENTUM_OF = {
  one_cycle: { sgd: 'momentum', rmsprop: 'momentum', adam: 'betas[0]', adamw: 'betas[0]', nadam: 'betas[0]', radam: 'betas[0]', adamax: 'betas[0]' },
  cyclic: { sgd: 'momentum', rmsprop: 'momentum' },
};

/**
 * Rules between a run's schedule and the rest of the run, which the core checks again when it
 * creates the run: a one_cycle schedule's total_steps must cover the schedule steps the run takes
 * (OneCycleLR raises beyond them) and give no phase zero steps; cycle_momentum needs an optimizer with
 * momentum (one_cycle: or betas).
 */
function checkScheduleRun(r, report, nTrain) {
  const s = r.schedule;
  if (!s || typeof s !== 'object') return;
  if ((s.kind === 'one_cycle' || s.kind === 'cyclic') && s.cycle_momentum === true && typeof r.optimizer?.kind === 'string'
      && !Object.hasOwn(MOMENTUM_OF[s.kind], r.optimizer.kind)) {
    const kinds = Object.keys(MOMENTUM_OF[s.kind]);
    report(['schedule', 'cycle_momentum'], s.kind === 'cyclic' ? 'cycleMomentum' : 'cycleMomentumBetas', { kinds: { or: kinds.map(show) }, got: show(r.optimizer.kind) });
  }
  if (s.kind !== 'one_cycle' || nTrain === undefined || r.batchSize === undefined || r.iterations === undefined || r.epochs === undefined) return;
  if (!(s.total_steps === null || Number.isInteger(s.total_steps)) || typeof s.pct_start !== 'number') return;
  const { length, taken } = scheduleSteps(r, nTrain);
  if (length > LIMITS.budget) return; // reported by checkBudget
  const T = s.total_steps ?? length;
  if (taken > T) {
    report(['schedule', 'total_steps'], 'totalSteps', { taken, per: s.per, got: T });
    return;
  }
  let start = 0;
  oneCyclePhaseEnds(s.pct_start, T, s.three_phase === true).forEach((end, i) => {
    if (end - start === 0) report(['schedule', 'pct_start'], s.total_steps === null ? 'emptyPhaseRun' : 'emptyPhaseTotal', { pct: show(s.pct_start), steps: T, phase: i + 1 });
    start = end;
  });
}

/**
 * The core's limits on one run, checked here so that its messages name experiment fields: at most
 * LIMITS.budget updates (the smaller of iterations and the updates epochs imply), and with an explicit
 * record.every k at most LIMITS.history points, 1 + ⌈updates/k⌉.
 */
function checkBudget(r, report, nTrain) {
  if (nTrain === undefined || r.batchSize === undefined || r.iterations === undefined || r.epochs === undefined) return;
  const B = r.batchSize === 'full' ? nTrain : r.batchSize;
  const fromEpochs = r.epochs === null ? Infinity : epochUpdates(r.epochs, nTrain, B);
  const updates = Math.min(r.iterations ?? Infinity, fromEpochs);
  if (updates > LIMITS.budget) {
    const perEpoch = Math.ceil(nTrain / B);
    report(['epochs'], 'epochBudget', { epochs: show(r.epochs), updates: exp(updates), perEpoch, rows: countPhrase(nTrain, 'trainingRow'), batch: B, max: exp(LIMITS.budget) });
    return;
  }
  const k = r.record?.every;
  if (Number.isInteger(k) && 1 + Math.ceil(updates / k) > LIMITS.history) {
    report(['record', 'every'], 'historyPoints', { every: k, points: 1 + Math.ceil(updates / k), updates, max: LIMITS.history, min: Math.ceil(updates / (LIMITS.history - 1)) });
  }
}

const SEED_RUNS = [
  { name: 'batch GD', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full' },
  { name: 'SGD', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 1 },
  { name: 'mini-batch 16', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 16 },
];

/** The seed runs whose batch size fits the training set (mini-batch 16 needs nTrain >= 16); a function
 *  model (no data) gets batch GD alone. */
function seedRuns(e, ctx) {
  const nTrain = ctx.nTrain();
  if (e.model?.kind === 'function') return SEED_RUNS.filter((r) => r.batchSize === 'full');
  return SEED_RUNS.filter((r) => r.batchSize === 'full' || !(nTrain < r.batchSize));
}

const EXPERIMENT = {
  doc: 'An experiment: one dataset and model, and up to 8 runs compared on it.',
  fields: {
    version: { type: 'enum', values: [SCHEMA_VERSION], default: SCHEMA_VERSION, note: phrase('note.version'), doc: 'Schema version, 1.' },
    name: { type: 'string', minLength: 1, maxLength: 200, default: 'seed experiment', doc: 'Title.' },
    seed: { type: 'int', min: 0, max: 4294967295, default: 42, doc: 'Seeds the data, init, shuffling and tuning streams.' },
    data: { type: 'object', table: DATA, doc: DATA.doc },
    model: { type: 'object', table: MODEL, doc: MODEL.doc },
    init: INIT_FIELD,
    runs: { type: 'array', minLength: 1, maxLength: MAX_RUNS, noun: 'runs', item: { type: 'object', table: RUN }, default: seedRuns, doc: 'The runs (default: the seed\'s batch GD, SGD and mini-batch 16, those whose batch fits the training set).' },
    tune: { type: 'object', table: TUNE, nullable: true, default: null, doc: 'Tuning (`descent tune`): a search, a range test or a refinement; null: none.' },
  },
  check(e, report) { // rules across data, model and runs
    const { data, model, runs } = e;
    if (data?.kind && model?.kind) checkModelData(data, model, report);
    if (model?.kind === 'function' && e.init === 'uniform') report(['init'], 'uniformFunction');
    const seen = new Map();
    (Array.isArray(runs) ? runs : []).forEach((r, i) => {
      if (typeof r?.name !== 'string') return;
      if (seen.has(r.name)) report(['runs', i, 'name'], 'nameNotUnique', { got: show(r.name), other: `runs[${seen.get(r.name)}].name` });
      else seen.set(r.name, i);
    });
  },
};

/**
 * Which models fit which data: no data ↔ a function; two-class data → logistic or mlp with BCE;
 * real-valued generated targets → linear or mlp with MSE; inline data → linear, logistic or mlp, with
 * 0/1 targets for logistic and BCE.
 */
function checkModelData(data, model, report) {
  if (data.kind === 'none') {
    if (model.kind !== 'function') report(['model', 'kind'], 'modelNeedsFunction', { got: show(model.kind) });
    return;
  }
  if (model.kind === 'function') {
    report(['data'], 'dataForFunction', { got: show(data.kind) });
    return;
  }
  const classes = isClassData(data);
  if (data.kind !== 'inline') {
    const allowed = classes ? ['logistic', 'mlp'] : ['linear', 'mlp'];
    if (!allowed.includes(model.kind)) report(['model', 'kind'], classes ? 'modelForClasses' : 'modelForTargets', { allowed: { or: allowed.map(show) }, kind: show(data.kind), got: show(model.kind) });
    else if (model.kind === 'mlp' && model.loss !== undefined && model.loss !== (classes ? 'bce' : 'mse')) {
      report(['model', 'loss'], classes ? 'lossForClasses' : 'lossForTargets', { loss: show(classes ? 'bce' : 'mse'), kind: show(data.kind), got: show(model.loss) });
    }
    return;
  }
  const binary = model.kind === 'logistic' || (model.kind === 'mlp' && model.loss === 'bce');
  if (binary && Array.isArray(data.y)) {
    const what = model.kind === 'logistic' ? 'model.kind "logistic"' : 'model.loss "bce"';
    data.y.forEach((t, i) => {
      if (typeof t === 'number' && t !== 0 && t !== 1) report(['data', 'y', i], 'binaryTarget', { what, got: show(t) });
    });
  }
}

/**
 * The schema tables, one per object of the document: {doc, label?, fields: {name: spec}, check?}.
 * Frozen; see schema.js for the spec keys.
 */
export const SCHEMA = deepFreeze({
  experiment: EXPERIMENT, data: DATA, model: MODEL, penalty: PENALTY, init: INIT, run: RUN,
  optimizer: OPTIMIZER, schedule: SCHEDULE, record: RECORD, seedRuns: SEED_RUNS, tune: TUNE, space: SPACE,
});

/**
 * Per schedule kind, the arguments torch requires that descent does not default either (the table's
 * `required`, per kind): {cyclic: ['max_lr'], cosine_warm_restarts: ['T_0'], multistep: ['milestones']}.
 * The tune section's checks read it (ctx.scheduleNeeds) to refuse searching such a kind from a base
 * run of another kind.
 */
export const SCHEDULE_NEEDS = deepFreeze(Object.fromEntries(Object.keys(SCHEDULE_KINDS).map((kind) => [kind,
  Object.entries(SCHEDULE.fields).filter(([, spec]) => spec.appliesTo?.kind?.includes(kind)
    && ({ ...spec, ...spec.byKind?.[kind] }).required).map(([name]) => name)]).filter(([, names]) => names.length > 0)));

/** ctx.nTrain for the tables: the training rows of the document's data, once they are known (1 without
 *  data: a function model evaluates f once per update). */
export function nTrainOf(root) {
  return () => {
    const d = root.data;
    if (d?.kind === 'none') return 1;
    if (d === undefined || d.testFraction === undefined) return undefined;
    const { nTrain } = splitSizes(d);
    return nTrain >= 1 ? nTrain : undefined;
  };
}

/**
 * Validates an experiment document and returns a new, fully normalized copy: every default filled,
 * only the fields that apply to each kind present, numbers as numbers.
 * @param {unknown} input any JSON value (untrusted: share links, files)
 * @returns {object} the normalized experiment
 * @throws {ExperimentError} listing every problem as {path, message}
 */
export function validateExperiment(input) {
  const into = {};
  return readDocument(EXPERIMENT, input, { into, nTrain: nTrainOf(into), scheduleNeeds: SCHEDULE_NEEDS });
}

/**
 * Validates one run for an experiment's data and model, as runs[] of that experiment would be, on a
 * training set of nTrain rows (tuning trains trials on part of the training split).
 * @param {unknown} input a run (untrusted)
 * @param {{experiment: object, nTrain: number}} context experiment: a normalized experiment
 * @returns {object} the normalized run
 * @throws {ExperimentError} paths relative to the run
 */
export function validateRun(input, { experiment, nTrain }) {
  return readDocument(RUN, input, { root: experiment, nTrain: () => nTrain });
}

/**
 * The seed experiment, normalized (equal to validateExperiment({})); a fresh object on every call.
 * @returns {object}
 */
export function defaultExperiment() {
  return validateExperiment({});
}

/** The seed experiment, normalized and deep-frozen (for reading; copy before editing). */
export const DEFAULTS = deepFreeze(defaultExperiment());
