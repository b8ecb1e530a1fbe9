// experiment.js — the experiment document (schema version 1): defaults, validation and messages.
//
// One table per object (SCHEMA.experiment, .data, .model, ...) maps each field to a spec
//   {type, range or values, default, byKind, appliesTo, doc}
// and one generic walker (walkObject/walkValue) reads any JSON value against them. The page, the
// share-link code and the README reuse the same tables. Spec keys:
//   type       'int' | 'number' | 'boolean' | 'enum' | 'string' | 'numbers' | 'rows' | 'array' | 'object'
//              | 'dimension' (a search dimension of tune.space: a list of `item`s, or a `range` object)
//   min, max   inclusive bounds (arrays: minLength/maxLength, length); gt, lt: exclusive bounds;
//              limit: an inclusive sanity cap stated after the main condition ('> 0 and <= 1000000').
//              A bound may be a function (self, ctx) of the object being built and the context.
//   float32    the value is stored as float32 by the core: |v| <= FLT_MAX (array items of 'numbers'
//              and 'rows' are float32 unless their `item` says otherwise).
//   values     allowed values of an 'enum'; literals: extra allowed literals ("full", "auto", "zeros").
//   nullable   null is allowed (and kept).      required: no default, the field must be given.
//   default    value, raw input to normalize (objects, arrays), or function (self, ctx) → value.
//   byKind     {kind: {...overrides}}: per-kind defaults/values, keyed by the object's `kind`.
//   appliesTo  {field: [values]}: the field exists only when the sibling field has one of the values
//              (`kind` for data/optimizer/schedule, `loss` for model.delta); otherwise it is unknown.
//   note       text added to the message in parentheses; doc: one line for the README and the page.
// A table's optional check(out, report, ctx, input) adds rules across its fields after they are read.
// Values are read only from own properties, and outputs are built only from the tables' keys, so
// `__proto__`/`constructor` keys in untrusted input (share links) are reported as unknown fields.

/** The schema version this module reads and writes. */
export const SCHEMA_VERSION = 1;

/** "1 row", "2 rows": counts in messages. */
const plural = (k, noun) => `${k} ${noun}${k === 1 ? '' : 's'}`;
const MAX_ISSUES = 100; // issues kept in one ExperimentError; the rest are counted
const INVALID = Symbol('invalid');
const GENERATED = ['linear', 'polynomial', 'sine', 'blobs'];
const MAX_ROWS = 1000000; // inline data limits
const MAX_COLS = 1024;
const MAX_VALUES = 10000000;
const MAX_GENERATED = 5e7; // generated data: rows × columns, float32 values
const MAX_UPDATES = 1e9; // updates per run (the core's DSC_MAX_BUDGET)
const MAX_HISTORY = 1000000; // history points per run with an explicit record.every
/** The largest float32 (FLT_MAX): the core stores data and parameters as float32. */
const FLT_MAX = 3.4028234663852886e38;
const ITEM = Object.freeze({ type: 'number', float32: true }); // an array element: a finite float32 value
/** C0 controls, DEL and C1 controls: text that a terminal may act on (ESC [ 2 J clears it). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const fill = (n, v) => (Number.isInteger(n) ? new Array(n).fill(v) : undefined);

const DATA = {
  label: 'data',
  doc: 'The dataset: a generator and its parameters, or inline rows; the train/test split.',
  fields: {
    kind: { type: 'enum', values: [...GENERATED, 'inline'], default: 'linear', doc: 'Generator ("linear", "polynomial", "sine", "blobs") or "inline" user data.' },
    n: { type: 'int', min: 2, max: 10000000, default: 100, byKind: { blobs: { default: 200 } }, appliesTo: { kind: GENERATED }, doc: 'Rows generated (train + test).' },
    d: { type: 'int', min: 1, max: 1024, default: 1, byKind: { blobs: { default: 2 } }, appliesTo: { kind: ['linear', 'blobs'] }, doc: 'Input features.' },
    degree: { type: 'int', min: 1, max: 12, default: 3, byKind: { sine: { default: 5 } }, appliesTo: { kind: ['polynomial', 'sine'] }, doc: 'Model features x, x², …, x^degree.' },
    coefficients: { type: 'numbers', minLength: 1, maxLength: 13, default: [0.5, -1, 0, 2], appliesTo: { kind: ['polynomial'] }, doc: 'True coefficients c₀…c_k: y = Σ c_k x^k + noise, x ~ U(−1, 1).' },
    frequency: { type: 'number', gt: 0, max: 100, default: 1, appliesTo: { kind: ['sine'] }, doc: 'y = sin(π·frequency·x) + noise, x ~ U(−1, 1).' },
    weights: { type: 'numbers', length: (s) => s.d, lengthNote: 'one per feature, data.d', default: (s) => fill(s.d, 3), appliesTo: { kind: ['linear'] }, doc: 'True weights (default all 3): y = x·weights + bias + noise.' },
    bias: { type: 'number', float32: true, default: 0, appliesTo: { kind: ['linear'] }, doc: 'True intercept.' },
    scales: { type: 'numbers', length: (s) => s.d, lengthNote: 'one per feature, data.d', item: { type: 'number', gt: 0, float32: true }, default: (s) => fill(s.d, 1), appliesTo: { kind: ['linear'] }, doc: 'Feature j ~ U(0, scales[j]) (default all 1).' },
    separation: { type: 'number', min: 0, max: 1e6, default: 2, appliesTo: { kind: ['blobs'] }, doc: 'Distance between the two class means.' },
    noise: { type: 'enum', values: ['uniform', 'gaussian'], default: 'gaussian', byKind: { linear: { default: 'uniform' } }, appliesTo: { kind: ['linear', 'polynomial', 'sine'] }, doc: '"uniform": U(0, noiseLevel) (the seed, not centred); "gaussian": N(0, noiseLevel²).' },
    noiseLevel: { type: 'number', min: 0, max: 1e6, default: 0.1, byKind: { linear: { default: 1 }, blobs: { default: 1 } }, appliesTo: { kind: GENERATED }, doc: 'Noise scale (blobs: standard deviation of each class).' },
    X: { type: 'rows', required: true, appliesTo: { kind: ['inline'] }, doc: 'Inline features: 2..1,000,000 rows of 1..1024 finite float32 numbers, at most 10,000,000 values.' },
    y: { type: 'numbers', required: true, length: (s) => (Array.isArray(s.X) ? s.X.length : undefined), lengthNote: 'one per row of X', appliesTo: { kind: ['inline'] }, doc: 'Inline targets, one per row (0 or 1 for a logistic model).' },
    testFraction: { type: 'number', min: 0, max: 0.9, default: 0.2, doc: 'Share of rows held out for test: nTest = round(n·testFraction).' },
    standardize: { type: 'boolean', default: false, doc: 'Scale features to zero mean, unit variance (training statistics).' },
  },
  check(d, report) {
    const cols = GENERATED.includes(d.kind) ? featureCount(d) : undefined;
    if (Number.isInteger(d.n) && Number.isInteger(cols) && d.n * cols > MAX_GENERATED) {
      report(['n'], `${d.n} rows × ${cols} features = ${exp(d.n * cols)} values, more than the ${exp(MAX_GENERATED)} this version handles`);
    }
    const n = rowCount(d);
    if (n === undefined || d.testFraction === undefined) return;
    const { nTrain, nTest } = splitSizes(d);
    if (nTrain < 1) report(['testFraction'], `leaves no training rows (${nTest} of ${n} rows held out for test; at least 1 must train), got ${show(d.testFraction)}`);
  },
};

const PENALTY = {
  doc: 'Penalty on the weights (not the bias) added to the objective.',
  fields: {
    l1: { type: 'number', min: 0, default: 0, doc: 'λ₁ Σ|w_j|.' },
    l2: { type: 'number', min: 0, default: 0, doc: 'λ₂ Σ w_j².' },
  },
};

const MODEL = {
  doc: 'The model and its objective (loss is the mean over the batch, MSE without the ½).',
  fields: {
    kind: { type: 'enum', values: ['linear', 'logistic'], default: (m, ctx) => (ctx.root.data?.kind === 'blobs' ? 'logistic' : 'linear'), doc: '"linear" regression or "logistic" classification (default "logistic" for blobs data, else "linear").' },
    loss: { type: 'enum', values: ['mse', 'mae', 'huber', 'bce'], default: 'mse', note: (m) => (m.kind ? `what model.kind ${show(m.kind)} allows` : ''), byKind: { linear: { values: ['mse', 'mae', 'huber'] }, logistic: { values: ['bce'], default: 'bce' } }, doc: 'linear: "mse" (default), "mae", "huber"; logistic: "bce" (with logits).' },
    delta: { type: 'number', gt: 0, default: 1, appliesTo: { loss: ['huber'] }, doc: 'Huber δ (torch HuberLoss).' },
    penalty: { type: 'object', table: PENALTY, doc: PENALTY.doc },
  },
};

const INIT = {
  shape: '{weights, bias}',
  doc: 'Explicit initial parameters.',
  fields: {
    weights: { type: 'numbers', required: true, length: (s, ctx) => featureCount(ctx.root.data), lengthNote: "one per model feature", doc: 'One weight per model feature (linear/blobs: data.d; polynomial/sine: degree; inline: row length).' },
    bias: { type: 'number', float32: true, default: 0, doc: 'Initial bias.' },
  },
};

const INIT_FIELD = { type: 'object', table: INIT, literals: ['zeros', 'uniform'], default: 'zeros', doc: 'Initial parameters: "zeros", "uniform" (torch nn.Linear: U(−1/√d, 1/√d)) or {weights, bias}.' };

const SGD_ONLY = { kind: ['sgd'] };
const ADAMS = { kind: ['adam', 'adamw'] };
const OPTIMIZER = {
  label: 'optimizer',
  doc: 'torch.optim optimizer: the same hyperparameter names and defaults per kind.',
  fields: {
    kind: { type: 'enum', values: ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw'], default: 'sgd', doc: 'torch.optim.SGD, Adagrad, RMSprop, Adam or AdamW.' },
    lr: { type: 'number', gt: 0, limit: 1e6, default: 1e-3, byKind: { adagrad: { default: 1e-2 }, rmsprop: { default: 1e-2 } }, doc: 'Learning rate (torch default: 1e-3; adagrad, rmsprop 1e-2).' },
    lr_decay: { type: 'number', min: 0, default: 0, appliesTo: { kind: ['adagrad'] }, doc: 'Adagrad: lr / (1 + (t−1)·lr_decay).' },
    alpha: { type: 'number', min: 0, max: 1, default: 0.99, appliesTo: { kind: ['rmsprop'] }, doc: 'RMSprop smoothing constant.' },
    betas: { type: 'numbers', length: 2, item: { type: 'number', min: 0, lt: 1 }, default: [0.9, 0.999], appliesTo: ADAMS, doc: 'Adam/AdamW moment decay rates [β₁, β₂].' },
    momentum: { type: 'number', min: 0, lt: 1, default: 0, appliesTo: { kind: ['sgd', 'rmsprop'] }, doc: 'Momentum factor.' },
    dampening: { type: 'number', min: 0, max: 1, default: 0, appliesTo: SGD_ONLY, doc: 'SGD dampening for momentum.' },
    nesterov: { type: 'boolean', default: false, appliesTo: SGD_ONLY, doc: 'SGD Nesterov momentum (needs momentum > 0, dampening 0).' },
    weight_decay: { type: 'number', min: 0, default: 0, byKind: { adamw: { default: 1e-2 } }, doc: 'L2 added to the gradient (AdamW: decoupled; default 1e-2).' },
    initial_accumulator_value: { type: 'number', min: 0, default: 0, appliesTo: { kind: ['adagrad'] }, doc: 'Adagrad initial sum of squares.' },
    eps: { type: 'number', gt: 0, default: 1e-8, byKind: { adagrad: { default: 1e-10 } }, appliesTo: { kind: ['adagrad', 'rmsprop', 'adam', 'adamw'] }, doc: 'Term added to the denominator (adagrad default 1e-10).' },
    centered: { type: 'boolean', default: false, appliesTo: { kind: ['rmsprop'] }, doc: 'RMSprop: normalise by the estimated variance.' },
    amsgrad: { type: 'boolean', default: false, appliesTo: ADAMS, doc: 'Adam/AdamW: use the running maximum of the second moment.' },
  },
  check(o, report) {
    if (o.nesterov === true && o.momentum !== undefined && o.dampening !== undefined && !(o.momentum > 0 && o.dampening === 0)) {
      report(['nesterov'], `can be true only with momentum > 0 and dampening 0, got momentum ${show(o.momentum)} and dampening ${show(o.dampening)}`);
    }
  },
};

const on = (...kinds) => ({ kind: kinds });
const SCHEDULE = {
  label: 'schedule',
  doc: 'Learning-rate schedule (torch.optim.lr_scheduler argument names).',
  fields: {
    kind: { type: 'enum', values: ['constant', 'exponential', 'step', 'cosine', 'linear', 'reduce_on_plateau', 'bold_driver'], default: 'constant', doc: 'ExponentialLR, StepLR, CosineAnnealingLR, LinearLR, ReduceLROnPlateau, or the bold driver.' },
    per: { type: 'enum', values: ['epoch', 'iteration'], default: 'epoch', doc: 'Step the schedule after each epoch or after each update.' },
    step_size: { type: 'int', min: 1, max: 1e9, default: 10, appliesTo: on('step'), doc: 'StepLR period.' },
    gamma: { type: 'number', gt: 0, default: 0.95, byKind: { step: { default: 0.1 } }, appliesTo: on('exponential', 'step'), doc: 'Multiplicative factor (exponential 0.95, step 0.1).' },
    T_max: { type: 'int', min: 1, max: 1e9, default: 100, appliesTo: on('cosine'), doc: 'CosineAnnealingLR half period.' },
    eta_min: { type: 'number', min: 0, default: 0, appliesTo: on('cosine'), doc: 'CosineAnnealingLR minimum rate.' },
    start_factor: { type: 'number', gt: 0, max: 1, default: 1 / 3, appliesTo: on('linear'), doc: 'LinearLR initial factor.' },
    end_factor: { type: 'number', min: 0, max: 1, default: 1, appliesTo: on('linear'), doc: 'LinearLR final factor.' },
    total_iters: { type: 'int', min: 1, max: 1e9, default: 5, appliesTo: on('linear'), doc: 'LinearLR steps to reach end_factor.' },
    mode: { type: 'enum', values: ['min'], default: 'min', appliesTo: on('reduce_on_plateau'), doc: 'Only "min" (the objective is minimised).' },
    factor: { type: 'number', gt: 0, lt: 1, default: 0.1, appliesTo: on('reduce_on_plateau'), doc: 'Rate multiplier on a plateau.' },
    patience: { type: 'int', min: 0, max: 1e9, default: 10, appliesTo: on('reduce_on_plateau'), doc: 'Steps without improvement before reducing.' },
    threshold: { type: 'number', min: 0, default: 1e-4, byKind: { bold_driver: { default: 1e-5 } }, appliesTo: on('reduce_on_plateau', 'bold_driver'), doc: 'Plateau: minimum improvement. Bold driver: a relative rise up to this is noise, not a worsening (default 1e-5).' },
    threshold_mode: { type: 'enum', values: ['rel', 'abs'], default: 'rel', appliesTo: on('reduce_on_plateau'), doc: '"rel": a < best·(1 − threshold); "abs": a < best − threshold.' },
    cooldown: { type: 'int', min: 0, max: 1e9, default: 0, appliesTo: on('reduce_on_plateau'), doc: 'Steps to wait after a reduction.' },
    min_lr: { type: 'number', min: 0, default: 0, appliesTo: on('reduce_on_plateau'), doc: 'Lower bound on the rate.' },
    eps: { type: 'number', min: 0, default: 1e-8, appliesTo: on('reduce_on_plateau'), doc: 'Smaller rate changes are ignored.' },
    increase: { type: 'number', gt: 1, default: 1.05, appliesTo: on('bold_driver'), doc: 'Rate multiplier after an improving step.' },
    decrease: { type: 'number', gt: 0, lt: 1, default: 0.5, appliesTo: on('bold_driver'), doc: 'Rate multiplier after a worsening step (which is undone).' },
  },
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
    batchSize: { type: 'int', min: 1, max: (r, ctx) => ctx.nTrain(), note: (r, ctx) => (ctx.nTrain() ? 'the training-set size' : ''), literals: ['full'], default: 'full', doc: '"full" (batch gradient descent) or rows per update, 1..nTrain.' },
    shuffle: { type: 'boolean', default: true, doc: 'Reshuffle the rows every epoch (ignored by full batch).' },
    schedule: { type: 'object', table: SCHEDULE, doc: SCHEDULE.doc },
    iterations: { type: 'int', min: 1, max: 1e9, nullable: true, default: null, doc: 'Stop after this many updates (1000 when neither iterations nor epochs is set).' },
    epochs: { type: 'number', gt: 0, max: 1e6, nullable: true, default: null, doc: 'Stop after this many epochs (may be fractional).' },
    targetLoss: { type: 'number', nullable: true, default: null, doc: 'Stop when the training objective ≤ targetLoss.' },
    tolerance: { type: 'number', min: 0, lt: 1, default: 0, doc: 'Stop when the relative improvement between evaluations < tolerance (0: off).' },
    divergeFactor: { type: 'number', gt: 1, default: 1e6, doc: 'Diverged when the objective > divergeFactor × the initial objective.' },
    record: { type: 'object', table: RECORD, doc: RECORD.doc },
    init: { ...INIT_FIELD, default: (r, ctx) => ctx.root.init, doc: 'Per-run initial parameters (default: the experiment\'s init).' },
  },
  check(r, report, ctx) {
    if (r.iterations === null && r.epochs === null) r.iterations = 1000;
    checkBudget(r, report, ctx.nTrain());
  },
};

/**
 * The core's limits on one run, checked here so that its messages name experiment fields: at most
 * MAX_UPDATES updates (the smaller of iterations and the updates epochs imply), and with an explicit
 * record.every k at most MAX_HISTORY points, 1 + ⌈updates/k⌉.
 */
function checkBudget(r, report, nTrain) {
  if (nTrain === undefined || r.batchSize === undefined || r.iterations === undefined || r.epochs === undefined) return;
  const B = r.batchSize === 'full' ? nTrain : r.batchSize;
  const fromEpochs = r.epochs === null ? Infinity : epochUpdates(r.epochs, nTrain, B);
  const updates = Math.min(r.iterations ?? Infinity, fromEpochs);
  if (updates > MAX_UPDATES) {
    const perEpoch = Math.ceil(nTrain / B);
    report(['epochs'], `${show(r.epochs)} epochs need ${exp(updates)} updates (${perEpoch} per epoch: ${plural(nTrain, 'training row')}, batch size ${B}), more than the ${exp(MAX_UPDATES)} this version handles; lower epochs or set iterations`);
    return;
  }
  const k = r.record?.every;
  if (Number.isInteger(k) && 1 + Math.ceil(updates / k) > MAX_HISTORY) {
    report(['record', 'every'], `${k} gives ${1 + Math.ceil(updates / k)} history points for ${updates} updates, more than the ${MAX_HISTORY} this version handles; use >= ${Math.ceil(updates / (MAX_HISTORY - 1))} or "auto"`);
  }
}

/**
 * Updates a run of `epochs` epochs makes, as the core counts them (train.c epoch_budget): the
 * smallest k with samples(k)/n >= epochs, samples(k) = ⌊k/u⌋·n + (k mod u)·B, u = ⌈n/B⌉ updates per
 * epoch. Values far over the limit are returned as the estimate ⌊epochs⌋·u + ⌈frac·n/B⌉.
 */
function epochUpdates(epochs, n, B) {
  const u = Math.ceil(n / B);
  const samples = (k) => Math.floor(k / u) * n + (k % u) * B;
  const whole = Math.floor(epochs);
  let k = Math.max(1, whole * u + Math.ceil(((epochs - whole) * n) / B));
  if (k > 2 * MAX_UPDATES) return k;
  while (k > 1 && samples(k - 1) / n >= epochs) k -= 1;
  while (samples(k) / n < epochs) k += 1;
  return k;
}

const SEED_RUNS = [
  { name: 'batch GD', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full' },
  { name: 'SGD', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 1 },
  { name: 'mini-batch 16', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 16 },
];

/** The seed runs whose batch size fits the training set (mini-batch 16 needs nTrain >= 16). */
function seedRuns(e, ctx) {
  const nTrain = ctx.nTrain();
  return SEED_RUNS.filter((r) => r.batchSize === 'full' || !(nTrain < r.batchSize));
}

// ---- Tuning (`tune`) -------------------------------------------------------------------------------
// A search varies some fields of one base run (`tune.run`) over a declared space; a range test and a
// refinement start from that run too. web/lib/tune.js runs them; the limits below are checked here.

/** Limits of one tune spec: trials per search, values per list, samples (rows whose gradient is
 *  evaluated, summed over every trial) one tune may plan. */
export const TUNE_LIMITS = Object.freeze({ trials: 1000, choices: 100, samples: 1e10 });

/** The spec of one range {min, max, scale, points} of a numeric search dimension. */
function rangeTable(item, scale) {
  const end = { ...item, literals: undefined, required: true };
  return {
    shape: '{min, max, scale, points}',
    doc: 'A range: trials draw values uniformly ("linear") or log-uniformly ("log") from [min, max]; a grid takes `points` values spread the same way, ends included (integers are rounded).',
    fields: {
      min: { ...end, doc: 'Lower end.' },
      max: { ...end, doc: 'Upper end, >= min.' },
      scale: { type: 'enum', values: ['linear', 'log'], default: scale, doc: `"linear" or "log" (default ${show(scale)}).` },
      points: { type: 'int', min: 2, max: TUNE_LIMITS.choices, default: 5, doc: 'Grid search only: how many values the range contributes.' },
    },
    check(r, report) {
      if (typeof r.min === 'number' && typeof r.max === 'number' && r.max < r.min) report(['max'], `must be >= min (${show(r.min)}), got ${show(r.max)}`);
      else if (r.scale === 'log' && typeof r.min === 'number' && !(r.min > 0)) report(['min'], `must be > 0 with scale "log", got ${show(r.min)}`);
    },
  };
}

/**
 * A search dimension: a list of values, or (numeric items) a range. `uses` names the optimizer or
 * schedule kinds the hyperparameter belongs to; a trial of another kind leaves it out.
 */
function dimension(item, { scale = 'linear', uses, doc }) {
  const spec = { type: 'dimension', item: { ...item, required: true }, doc };
  if (item.type !== 'enum') spec.range = rangeTable(item, scale);
  if (uses) spec.uses = uses;
  return spec;
}

const SPACE = {
  shape: '{lr, batchSize, optimizer, …}',
  doc: 'What a search varies: each field a list of values or a range {min, max, scale, points}; everything else is the base run\'s.',
  fields: {
    lr: dimension({ type: 'number', gt: 0, limit: 1e6 }, { scale: 'log', doc: 'Learning rate (a range is log-uniform unless scale says otherwise).' }),
    batchSize: dimension({ type: 'int', min: 1, max: 10000000, literals: ['full'] }, { scale: 'log', doc: '"full" or rows per update, up to the rows left for training after the validation split (a range is log-uniform).' }),
    optimizer: dimension({ type: 'enum', values: OPTIMIZER.fields.kind.values }, { doc: 'Optimizer kinds; a kind other than the base run\'s takes torch\'s defaults and the base run\'s lr.' }),
    momentum: dimension({ type: 'number', min: 0, lt: 1 }, { uses: { optimizer: ['sgd', 'rmsprop'] }, doc: 'SGD/RMSprop momentum.' }),
    beta1: dimension({ type: 'number', min: 0, lt: 1 }, { uses: { optimizer: ['adam', 'adamw'] }, doc: 'Adam/AdamW betas[0].' }),
    beta2: dimension({ type: 'number', min: 0, lt: 1 }, { uses: { optimizer: ['adam', 'adamw'] }, doc: 'Adam/AdamW betas[1].' }),
    weight_decay: dimension({ type: 'number', min: 0, limit: 1e6 }, { doc: 'Optimizer weight decay (every kind).' }),
    schedule: dimension({ type: 'enum', values: SCHEDULE.fields.kind.values }, { doc: 'Schedule kinds; a kind other than the base run\'s takes torch\'s defaults.' }),
    gamma: dimension({ type: 'number', gt: 0, limit: 1e6 }, { uses: { schedule: ['exponential', 'step'] }, doc: 'ExponentialLR/StepLR gamma.' }),
    step_size: dimension({ type: 'int', min: 1, max: 1e9 }, { uses: { schedule: ['step'] }, doc: 'StepLR step_size.' }),
    T_max: dimension({ type: 'int', min: 1, max: 1e9 }, { uses: { schedule: ['cosine'] }, doc: 'CosineAnnealingLR T_max.' }),
    epochs: dimension({ type: 'number', gt: 0, max: 1e6 }, { doc: 'Training budget of a trial in epochs (not with strategy "halving", which sets it per rung).' }),
  },
  check(s, report, ctx, input) {
    if (Object.keys(input).length === 0) report([], `must have at least one dimension (allowed: ${Object.keys(SPACE.fields).join(', ')})`);
  },
};

const SEARCH = { kind: ['search'] };
const RANGE_TEST = { kind: ['range_test'] };
const REFINE = { kind: ['refine'] };
const TUNE = {
  label: 'tune',
  doc: 'Tuning from one base run: a hyperparameter search scored on a validation split, a learning-rate range test, or a refinement of trained parameters.',
  fields: {
    kind: { type: 'enum', values: ['search', 'range_test', 'refine'], default: 'search', doc: '"search" (hyperparameters), "range_test" (the learning rate grows exponentially while the loss is recorded) or "refine" (random local search around the trained parameters).' },
    run: { type: 'int', min: 0, max: (t, ctx) => (Array.isArray(ctx.root.runs) ? ctx.root.runs.length - 1 : undefined), note: (t, ctx) => (Array.isArray(ctx.root.runs) ? 'an index into runs' : ''), default: 0, doc: 'Index in runs of the base run: every trial is this run with the searched values changed; the range test uses its optimizer and batch size; refine trains it, then refines.' },
    strategy: { type: 'enum', values: ['grid', 'random', 'halving'], default: 'random', appliesTo: SEARCH, doc: '"grid" (every combination), "random" (trials drawn from the seed\'s tuning stream) or "halving" (successive halving: all trials on a small budget, the best 1/eta promoted to eta times the budget, up to tune.epochs).' },
    space: { type: 'object', table: SPACE, default: { lr: { min: 1e-4, max: 1 } }, appliesTo: SEARCH, doc: 'The search space (default: lr log-uniform in [1e-4, 1]).' },
    trials: { type: 'int', min: 1, max: TUNE_LIMITS.trials, default: 20, appliesTo: { kind: ['search'], strategy: ['random', 'halving'] }, doc: 'Configurations drawn (halving: how many start on the smallest budget).' },
    eta: { type: 'int', min: 2, max: 10, default: 3, appliesTo: { kind: ['search'], strategy: ['halving'] }, doc: 'Halving: keep the best 1/eta of each rung and give them eta times the budget.' },
    minEpochs: { type: 'number', gt: 0, max: 1e6, default: 1, appliesTo: { kind: ['search'], strategy: ['halving'] }, doc: 'Halving: the smallest budget a rung gets, in epochs; it limits the rungs to 1 + ⌊log_eta(epochs/minEpochs)⌋.' },
    epochs: { type: 'number', gt: 0, max: 1e6, nullable: true, default: null, appliesTo: SEARCH, doc: 'Training budget of a trial in epochs (halving: of the last rung); null: the base run\'s budget (its epochs, or its iterations as epochs).' },
    validationFraction: { type: 'number', gt: 0, max: 0.9, default: 0.2, appliesTo: SEARCH, doc: 'Share of the training rows held out to score trials (the test set only reports the winner).' },
    lrMin: { type: 'number', gt: 0, limit: 1e6, default: 1e-6, appliesTo: RANGE_TEST, doc: 'Learning rate of the first update.' },
    lrMax: { type: 'number', gt: 0, limit: 1e6, default: 10, appliesTo: RANGE_TEST, doc: 'Learning rate of the last update (> lrMin).' },
    steps: { type: 'int', min: 10, max: 100000, default: 100, appliesTo: RANGE_TEST, doc: 'Updates, the rate growing by (lrMax/lrMin)^(1/(steps−1)) after each.' },
    smoothing: { type: 'number', min: 0, lt: 1, default: 0, appliesTo: RANGE_TEST, doc: 'β of the bias-corrected moving average of the loss before the rule is applied (0: none).' },
    rule: { type: 'enum', values: ['min/10', 'steepest'], default: 'min/10', appliesTo: RANGE_TEST, doc: '"min/10": the rate at the lowest loss divided by 10; "steepest": the rate where the loss falls fastest against log(lr), before the lowest loss.' },
    step: { type: 'number', gt: 0, limit: 1e6, default: 0.01, appliesTo: REFINE, doc: 'Standard deviation of the normal noise added to every parameter per try.' },
    tries: { type: 'int', min: 1, max: 1000000, default: 1000, appliesTo: REFINE, doc: 'Perturbations tried; only those that lower the training objective are kept.' },
  },
  check(t, report, ctx) {
    const nTrain = ctx.nTrain();
    const runs = ctx.root.runs;
    const base = Array.isArray(runs) && Number.isInteger(t.run) ? runs[t.run] : undefined;
    if (t.kind === 'search') checkSearch(t, report, base, nTrain);
    if (t.kind === 'range_test') {
      if (typeof t.lrMin === 'number' && typeof t.lrMax === 'number' && !(t.lrMax > t.lrMin)) report(['lrMax'], `must be > lrMin (${show(t.lrMin)}), got ${show(t.lrMax)}`);
      const n = rowCount(ctx.root.data);
      if (n !== undefined && Number.isInteger(t.steps) && t.steps * 2 * n > TUNE_LIMITS.samples) {
        report(['steps'], `plans about ${sci(t.steps * 2 * n)} row evaluations (${t.steps} steps × 2 × ${n} rows), more than the limit ${sci(TUNE_LIMITS.samples)}; lower tune.steps, got ${t.steps}`);
      }
    }
    if (t.kind === 'refine' && nTrain !== undefined && Number.isInteger(t.tries) && t.tries * nTrain > TUNE_LIMITS.samples) {
      report(['tries'], `plans about ${sci(t.tries * nTrain)} row evaluations (${t.tries} tries × ${plural(nTrain, 'training row')}), more than the limit ${sci(TUNE_LIMITS.samples)}; lower tune.tries, got ${t.tries}`);
    }
  },
};

/** Checks of a search spec across its fields, the base run and the data size. */
function checkSearch(t, report, base, nTrain) {
  const space = isObject(t.space) ? t.space : null;
  let nFit;
  if (nTrain !== undefined && typeof t.validationFraction === 'number') {
    const split = splitSizes({ kind: 'linear', n: nTrain, testFraction: t.validationFraction });
    nFit = split.nTrain;
    if (split.nTest < 1) report(['validationFraction'], `leaves no validation rows (round(${plural(nTrain, 'training row')} × ${show(t.validationFraction)}) = 0), got ${show(t.validationFraction)}`);
    else if (nFit < 1) report(['validationFraction'], `leaves no rows to train on (${split.nTest} of ${plural(nTrain, 'training row')} held out), got ${show(t.validationFraction)}`);
  }
  if (!space) return;
  if (nFit >= 1 && space.batchSize) {
    const why = `(the ${plural(nFit, 'training row')} left after the validation split)`;
    if (Array.isArray(space.batchSize)) {
      space.batchSize.forEach((b, i) => {
        if (b !== 'full' && b > nFit) report(['space', 'batchSize', i], `must be "full" or an integer in 1..${nFit} ${why}, got ${b}`);
      });
    } else if (space.batchSize.max > nFit) report(['space', 'batchSize', 'max'], `must be an integer in 1..${nFit} ${why}, got ${space.batchSize.max}`);
  }
  const searched = {
    optimizer: space.optimizer ?? (base?.optimizer?.kind ? [base.optimizer.kind] : null),
    schedule: space.schedule ?? (base?.schedule?.kind ? [base.schedule.kind] : null),
  };
  for (const [name, spec] of Object.entries(SPACE.fields)) {
    if (!spec.uses || space[name] === undefined) continue;
    const [what, kinds] = Object.entries(spec.uses)[0];
    if (searched[what] && !searched[what].some((k) => kinds.includes(k))) {
      report(['space', name], `applies to none of the ${what} kinds searched (${searched[what].map(show).join(', ')}); it belongs to ${orList(kinds.map(show))}`);
    }
  }
  if (t.strategy === 'halving' && space.epochs !== undefined) {
    report(['space', 'epochs'], 'cannot be searched with strategy "halving": each rung\'s budget comes from tune.epochs');
  }
  // Budget: configurations × epochs × rows, summed over halving's rungs.
  const count = t.strategy === 'grid' ? gridSize(space) : t.trials;
  if (t.strategy === 'grid' && count > TUNE_LIMITS.trials) {
    report(['space'], `makes ${count} grid points, more than the limit ${TUNE_LIMITS.trials}; use shorter lists, fewer points or strategy "random"`);
    return;
  }
  const epochs = space.epochs ? Math.max(...(Array.isArray(space.epochs) ? space.epochs : [space.epochs.max]))
    : t.epochs ?? (base && nTrain !== undefined ? runEpochs(base, nTrain) : undefined);
  if (!(nFit >= 1) || !Number.isInteger(count) || !(epochs > 0)) return;
  const trialEpochs = t.strategy === 'halving'
    ? halvingRungs(count, t.eta, epochs, t.minEpochs).reduce((sum, r) => sum + r.size * r.epochs, 0)
    : count * epochs;
  const samples = trialEpochs * nFit;
  if (samples > TUNE_LIMITS.samples) {
    const field = t.strategy === 'grid' ? 'space' : 'trials';
    const how = t.strategy === 'halving' ? `${sci(trialEpochs)} trial-epochs over the rungs` : `${count} trial${count === 1 ? '' : 's'} × ${sci(epochs)} epochs`;
    const hint = t.strategy === 'grid' ? 'use fewer grid points or fewer epochs' : 'lower tune.trials or tune.epochs';
    report([field], `plans about ${sci(samples)} samples (${how} × ${plural(nFit, 'row')}), more than the limit ${sci(TUNE_LIMITS.samples)}; ${hint}`);
  }
}

const sci = (v) => (v >= 1e5 ? v.toExponential(1).replace('e+', 'e') : String(Math.round(v * 100) / 100));
/** A count in scientific notation when that is exact and short (4e8, 1.024e10), else in full (50000010). */
const exp = (v) => (Number(v.toPrecision(6)) === v ? v.toExponential().replace('e+', 'e') : String(v));

/**
 * The budget of a normalized run in epochs of a training set of nTrain rows: its `epochs`, or its
 * `iterations` converted with the core's epoch rule (⌈n/B⌉ updates per epoch, the last batch smaller),
 * the smaller when both are set.
 * @param {object} run @param {number} nTrain @returns {number}
 */
export function runEpochs(run, nTrain) {
  const B = run.batchSize === 'full' ? nTrain : Math.min(run.batchSize, nTrain);
  const perEpoch = Math.ceil(nTrain / B);
  const fromIterations = typeof run.iterations === 'number'
    ? Math.floor(run.iterations / perEpoch) + ((run.iterations % perEpoch) * B) / nTrain
    : Infinity;
  return Math.min(fromIterations, typeof run.epochs === 'number' ? run.epochs : Infinity);
}

/**
 * The rungs of successive halving for n configurations (Jamieson & Talwalkar 2016; one bracket of
 * Li et al.'s Hyperband, 2018): s = min(⌊log_eta n⌋, ⌊log_eta(epochs/minEpochs)⌋); rung k (0..s)
 * trains ⌊n/eta^k⌋ configurations for epochs·eta^(k−s) epochs, so the last rung trains the survivors
 * for `epochs` and no rung gets less than minEpochs.
 * @param {number} n @param {number} eta @param {number} epochs @param {number} [minEpochs]
 * @returns {{size: number, epochs: number}[]}
 */
export function halvingRungs(n, eta, epochs, minEpochs = 0) {
  let s = 0;
  for (let p = eta; p <= n && minEpochs * p <= epochs; p *= eta) s += 1;
  const rungs = [];
  let shrink = 1; // eta^k, exact integer arithmetic
  for (let k = 0; k <= s; k += 1) {
    let grow = 1; // eta^(s−k)
    for (let j = k; j < s; j += 1) grow *= eta;
    rungs.push({ size: Math.floor(n / shrink), epochs: epochs / grow });
    shrink *= eta;
  }
  return rungs;
}

/** Configurations of a grid over a normalized space: the product of list lengths and range points. */
export function gridSize(space) {
  return Object.values(space).reduce((p, dim) => p * (Array.isArray(dim) ? dim.length : dim.points), 1);
}

const EXPERIMENT = {
  doc: 'An experiment: one dataset and model, and up to 8 runs compared on it.',
  fields: {
    version: { type: 'enum', values: [SCHEMA_VERSION], default: SCHEMA_VERSION, note: 'this version of descent', doc: 'Schema version, 1.' },
    name: { type: 'string', minLength: 1, maxLength: 200, default: 'seed experiment', doc: 'Title.' },
    seed: { type: 'int', min: 0, max: 4294967295, default: 42, doc: 'Seeds the data, init, shuffling and tuning streams.' },
    data: { type: 'object', table: DATA, doc: DATA.doc },
    model: { type: 'object', table: MODEL, doc: MODEL.doc },
    init: INIT_FIELD,
    runs: { type: 'array', minLength: 1, maxLength: 8, noun: 'runs', item: { type: 'object', table: RUN }, default: seedRuns, doc: 'The runs (default: the seed\'s batch GD, SGD and mini-batch 16, those whose batch fits the training set).' },
    tune: { type: 'object', table: TUNE, nullable: true, default: null, doc: 'Tuning (`descent tune`): a search, a range test or a refinement; null: none.' },
  },
  check(e, report) { // rules across data, model and runs
    const { data, model, runs } = e;
    if (data?.kind && model?.kind) {
      const want = { blobs: 'logistic', inline: model.kind }[data.kind] ?? 'linear';
      const why = want === 'logistic' ? 'two-class data' : 'real-valued targets';
      if (model.kind !== want) report(['model', 'kind'], `must be ${show(want)} for data.kind ${show(data.kind)} (${why}), got ${show(model.kind)}`);
      if (data.kind === 'inline' && model.kind === 'logistic' && Array.isArray(data.y)) {
        data.y.forEach((t, i) => {
          if (typeof t === 'number' && t !== 0 && t !== 1) report(['data', 'y', i], `must be 0 or 1 for model.kind "logistic", got ${show(t)}`);
        });
      }
    }
    const seen = new Map();
    (Array.isArray(runs) ? runs : []).forEach((r, i) => {
      if (typeof r?.name !== 'string') return;
      if (seen.has(r.name)) report(['runs', i, 'name'], `must be unique, got ${show(r.name)} (also runs[${seen.get(r.name)}].name)`);
      else seen.set(r.name, i);
    });
  },
};

/**
 * The schema tables, one per object of the document: {doc, label?, fields: {name: spec}, check?}.
 * Frozen; see the comment at the top of this file for the spec keys.
 */
export const SCHEMA = deepFreeze({
  experiment: EXPERIMENT, data: DATA, model: MODEL, penalty: PENALTY, init: INIT, run: RUN,
  optimizer: OPTIMIZER, schedule: SCHEDULE, record: RECORD, seedRuns: SEED_RUNS, tune: TUNE, space: SPACE,
});

/** A validation failure: `issues` lists every problem found, in document order. */
export class ExperimentError extends Error {
  /** @param {{path: string, message: string}[]} issues */
  constructor(issues) {
    super(issues.map((i) => `${i.path || 'experiment'}: ${i.message}`).join('\n'));
    this.name = 'ExperimentError';
    this.issues = issues;
  }
}

/**
 * Validates an experiment document and returns a new, fully normalized copy: every default filled,
 * only the fields that apply to each kind present, numbers as numbers.
 * @param {unknown} input any JSON value (untrusted: share links, files)
 * @returns {object} the normalized experiment
 * @throws {ExperimentError} listing every problem as {path, message}
 */
export function validateExperiment(input) {
  const found = [];
  let more = 0;
  const ctx = {
    root: {},
    index: 0,
    issue(segs, message) {
      if (found.length < MAX_ISSUES) found.push({ segs, message });
      else more += 1;
    },
    nTrain() {
      const d = ctx.root.data;
      if (rowCount(d) === undefined || d.testFraction === undefined) return undefined;
      const { nTrain } = splitSizes(d);
      return nTrain >= 1 ? nTrain : undefined;
    },
  };
  if (isObject(input)) walkObject(EXPERIMENT, input, [], ctx, ctx.root);
  else ctx.issue([], `must be an object, got ${show(input)}`);
  if (found.length === 0) return ctx.root;
  const keyed = found.map((f) => ({ key: docOrder(input, f.segs), f }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  const issues = keyed.map(({ f }) => ({ path: formatPath(f.segs), message: f.message }));
  if (more > 0) issues.push({ path: '', message: `${more} more problems not listed` });
  throw new ExperimentError(issues);
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

/**
 * Train/test sizes of a normalized `data` object: nTest = round(n·testFraction) (halves up),
 * nTrain = n − nTest, where n is data.n, or X.length for inline data.
 * @param {object} data
 * @returns {{nTrain: number, nTest: number}}
 */
export function splitSizes(data) {
  const n = rowCount(data);
  const nTest = Math.floor(n * data.testFraction + 0.5);
  return { nTrain: n - nTest, nTest };
}

/**
 * Features the model sees for a normalized `data` object (the length of init.weights):
 * linear/blobs: d; polynomial/sine: degree; inline: the row length. Undefined when unknown.
 * @param {object} data
 * @returns {number|undefined}
 */
export function featureCount(data) {
  switch (data?.kind) {
    case 'linear': case 'blobs': return data.d;
    case 'polynomial': case 'sine': return data.degree;
    case 'inline': return Array.isArray(data.X?.[0]) ? data.X[0].length : undefined;
    default: return undefined;
  }
}

// ---- The walker ----------------------------------------------------------------------------------

function walkObject(table, input, segs, ctx, out = {}) {
  const { fields } = table;
  for (const name of Object.keys(fields)) {
    if (applies(fields[name], out) !== true) continue;
    const raw = Object.hasOwn(input, name) ? input[name] : undefined;
    const value = walkValue(fields[name], raw, [...segs, name], ctx, out);
    if (value !== INVALID) out[name] = value;
  }
  for (const key of Object.keys(input)) {
    const spec = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (spec === undefined || applies(spec, out) === false) ctx.issue([...segs, key], unknownField(table, spec, out));
  }
  table.check?.(out, (rel, message) => ctx.issue([...segs, ...rel], message), ctx, input);
  return out;
}

/** true, false, or undefined when the field it depends on is itself invalid. */
function applies(spec, out) {
  for (const [key, values] of Object.entries(spec.appliesTo ?? {})) {
    if (out[key] === undefined) return undefined;
    if (!values.includes(out[key])) return false;
  }
  return true;
}

function unknownField(table, spec, out) {
  const on = Object.keys(spec?.appliesTo ?? {}).find((k) => !spec.appliesTo[k].includes(out[k]))
    ?? (table.label && out.kind !== undefined ? 'kind' : undefined);
  const allowed = Object.keys(table.fields)
    .filter((k) => applies(table.fields[k], out) === true && !(on === 'kind' && table.label && k === 'kind'));
  const what = on ? ` for ${on === 'kind' ? table.label : on} ${show(out[on])}` : '';
  return `unknown field${what} (allowed: ${allowed.join(', ')})`;
}

function walkValue(spec0, raw, segs, ctx, self) {
  const over = spec0.byKind && Object.hasOwn(spec0.byKind, self.kind) ? spec0.byKind[self.kind] : null;
  const spec = over ? { ...spec0, ...over } : spec0;
  let v = raw;
  if (v === undefined) {
    if (spec.required) return fail(ctx, segs, `missing; must be ${describe(spec, self, ctx)}`);
    const d = spec.default === undefined && spec.type === 'object' ? {} : spec.default;
    v = typeof d === 'function' ? d(self, ctx) : d;
    if (v === undefined) return INVALID; // depends on a field that is itself invalid (reported)
  }
  if (v === null && spec.nullable) return null;
  if (spec.literals?.includes(v)) return v;
  const bad = () => fail(ctx, segs, `must be ${describe(spec, self, ctx)}, got ${show(v)}`);
  switch (spec.type) {
    case 'int': case 'number': {
      const ok = typeof v === 'number' && (spec.type === 'int' ? Number.isInteger(v) : Number.isFinite(v));
      return ok && inRange(spec, v, self, ctx) ? v + 0 : bad(); // + 0 turns −0 into 0
    }
    case 'boolean': return typeof v === 'boolean' ? v : bad();
    case 'enum': return bound(spec.values, self, ctx).includes(v) ? v : bad();
    case 'string': {
      if (!(typeof v === 'string' && v.length >= spec.minLength && v.length <= spec.maxLength)) return bad();
      const at = v.search(CONTROL); // names reach terminals (descent run --link) and file names
      if (at >= 0) return fail(ctx, segs, `must not contain control characters (U+${v.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')} at index ${at}), got ${show(v)}`);
      return v;
    }
    case 'object': return isObject(v) ? walkObject(spec.table, v, segs, ctx) : bad();
    case 'numbers': return Array.isArray(v) ? walkNumbers(spec, v, segs, ctx, self) : bad();
    case 'rows': return Array.isArray(v) ? walkRows(spec, v, segs, ctx) : bad();
    case 'dimension': { // a search dimension: a list of items, or a range object (numeric items)
      if (spec.range && isObject(v)) return walkObject(spec.range, v, segs, ctx);
      if (!Array.isArray(v)) return bad();
      if (v.length < 1 || v.length > TUNE_LIMITS.choices) return fail(ctx, segs, `must have 1..${TUNE_LIMITS.choices} values, got ${v.length}`);
      const items = v.map((item, i) => walkValue(spec.item, item, [...segs, i], ctx, self));
      return items.includes(INVALID) ? INVALID : items;
    }
    case 'array': {
      if (!Array.isArray(v)) return bad();
      if (v.length < spec.minLength || v.length > spec.maxLength) return fail(ctx, segs, `must have ${spec.minLength}..${spec.maxLength} ${spec.noun}, got ${v.length}`);
      return v.map((item, i) => {
        ctx.index = i;
        const value = walkValue(spec.item, item, [...segs, i], ctx, self);
        return value === INVALID ? undefined : value;
      });
    }
    default: throw new Error(`experiment.js: unknown spec type ${spec.type}`);
  }
}

function walkNumbers(spec, v, segs, ctx, self) {
  const n = bound(spec.length, self, ctx);
  if (n !== undefined && v.length !== n) {
    ctx.issue(segs, `must have ${n} value${n === 1 ? '' : 's'}${spec.lengthNote ? ` (${spec.lengthNote})` : ''}, got ${v.length}`);
  } else if (v.length < (spec.minLength ?? 0) || v.length > (spec.maxLength ?? Infinity)) {
    return fail(ctx, segs, `must have ${spec.minLength}..${spec.maxLength} values, got ${v.length}`);
  }
  const item = spec.item ?? ITEM;
  const out = new Array(v.length);
  for (let i = 0; i < v.length; i += 1) {
    const x = v[i];
    // ITEM is checked inline: inline data may hold 10,000,000 values. |NaN| <= FLT_MAX is false.
    if (typeof x === 'number' && (item === ITEM ? Math.abs(x) <= FLT_MAX : Number.isFinite(x) && inRange(item, x, self, ctx))) out[i] = x + 0;
    else ctx.issue([...segs, i], `must be ${describe(item, self, ctx)}, got ${show(x)}`);
  }
  return out;
}

function walkRows(spec, X, segs, ctx) {
  if (X.length < 2 || X.length > MAX_ROWS) return fail(ctx, segs, `must have 2..${MAX_ROWS} rows, got ${X.length}`);
  const first = X.findIndex(Array.isArray);
  const cols = first < 0 ? 0 : X[first].length;
  if (first >= 0 && (cols < 1 || cols > MAX_COLS)) return fail(ctx, [...segs, first], `must have 1..${MAX_COLS} values, got ${cols}`);
  if (X.length * cols > MAX_VALUES) return fail(ctx, segs, `must have at most ${MAX_VALUES} values in total, got ${X.length} rows × ${cols}`);
  const out = new Array(X.length);
  for (let i = 0; i < X.length; i += 1) {
    const row = X[i];
    if (!Array.isArray(row)) ctx.issue([...segs, i], `must be an array of ${cols || '1..1024'} numbers, got ${show(row)}`);
    else if (row.length !== cols) ctx.issue([...segs, i], `must have ${cols} value${cols === 1 ? '' : 's'} (like row ${first}), got ${row.length}`);
    else out[i] = walkNumbers(ITEM, row, [...segs, i], ctx, null);
  }
  return out;
}

function fail(ctx, segs, message) {
  ctx.issue(segs, message);
  return INVALID;
}

// ---- Ranges and messages ---------------------------------------------------------------------------

function bound(b, self, ctx) {
  return typeof b === 'function' ? b(self, ctx) : b;
}

function inRange(spec, v, self, ctx) {
  if (spec.float32 && !(Math.abs(v) <= FLT_MAX)) return false;
  const b = (k) => bound(spec[k], self, ctx);
  return !(v < b('min') || v > b('max') || v <= b('gt') || v >= b('lt') || v > b('limit')); // false vs undefined
}

function orList(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** What a spec accepts, as the message says it: 'an integer in 1..80 (the training-set size)'. */
function describe(spec, self, ctx) {
  const b = (k) => bound(spec[k], self, ctx);
  let s;
  switch (spec.type) {
    case 'int': s = b('max') === undefined ? `an integer >= ${b('min')}` : `an integer in ${b('min')}..${b('max')}`; break;
    case 'number': {
      const lo = b('gt') ?? b('min');
      const hi = b('lt') ?? b('max');
      const [l, r] = [b('gt') !== undefined ? '(' : '[', b('lt') !== undefined ? ')' : ']'];
      if (lo === undefined && hi === undefined) s = 'a finite number';
      else if (hi === undefined) s = `a number ${l === '(' ? '>' : '>='} ${lo}`;
      else if (lo === undefined) s = `a number ${r === ')' ? '<' : '<='} ${hi}`;
      else s = `a number in ${l}${lo}, ${hi}${r}`;
      if (b('limit') !== undefined) s += ` and <= ${b('limit')}`;
      if (spec.float32) s += ' within float32 range (|v| <= 3.4028234663852886e38)';
      break;
    }
    case 'boolean': s = 'true or false'; break;
    case 'enum': s = orList(b('values').map(show)); break;
    case 'string': s = `a string of ${spec.minLength}..${spec.maxLength} characters`; break;
    case 'numbers': s = `an array of ${b('length') ?? `${spec.minLength ?? 0}..${spec.maxLength ?? 'any'}`} numbers`; break;
    case 'rows': s = `an array of 2..${MAX_ROWS} rows, each an array of 1..${MAX_COLS} numbers`; break;
    case 'array': s = `an array of ${spec.minLength}..${spec.maxLength} ${spec.noun}`; break;
    case 'object': s = `an object${spec.table.shape ? ` ${spec.table.shape}` : ''}`; break;
    case 'dimension': s = spec.range
      ? `a list of 1..${TUNE_LIMITS.choices} values or a range ${spec.range.shape}`
      : `a list of 1..${TUNE_LIMITS.choices} values from ${orList(bound(spec.item.values, self, ctx).map(show))}`; break;
    default: s = spec.type;
  }
  if (spec.literals) s = orList([...spec.literals.map(show), s]);
  if (spec.nullable) s += ' or null';
  const note = bound(spec.note, self, ctx);
  return note ? `${s} (${note})` : s;
}

/** A value as JSON-ish text, at most 40 characters (input is untrusted and may be huge). Control
 *  characters come out escaped: JSON escapes C0, and DEL and C1 are escaped here too. */
function show(v, depth = 0) {
  let s;
  if (typeof v === 'string') s = JSON.stringify(v.slice(0, 41)).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  else if (typeof v === 'number') s = Object.is(v, -0) ? '-0' : String(v);
  else if (Array.isArray(v)) {
    s = depth > 1 ? '[…]' : `[${v.slice(0, 8).map((x) => show(x, depth + 1)).join(',')}${v.length > 8 ? ',…' : ''}]`;
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    s = depth > 1 ? '{…}' : `{${keys.slice(0, 4).map((k) => `${show(k, 2)}:${show(v[k], depth + 1)}`).join(',')}${keys.length > 4 ? ',…' : ''}}`;
  } else s = typeof v === 'function' ? 'function' : String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

function formatPath(segs) {
  return segs.map((s, i) => {
    if (typeof s === 'number') return `[${s}]`;
    if (/^[A-Za-z_$][\w$]*$/.test(s)) return i === 0 ? s : `.${s}`;
    return `[${show(s)}]`;
  }).join('');
}

/** Where a path sits in the input: its key positions, Infinity for keys the input lacks. */
function docOrder(input, segs) {
  let node = input;
  return segs.map((s) => {
    let at = -1;
    if (Array.isArray(node)) at = typeof s === 'number' && s < node.length ? s : -1;
    else if (isObject(node) && Object.hasOwn(node, s)) at = Object.keys(node).indexOf(s);
    node = at < 0 ? undefined : node[s];
    return at < 0 ? Infinity : at;
  });
}

function compareKeys(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

function rowCount(data) {
  if (data?.kind === 'inline') return Array.isArray(data.X) ? data.X.length : undefined;
  return data?.n;
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function deepFreeze(o) {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    Object.values(o).forEach(deepFreeze);
  }
  return o;
}
