// abi.js — what JavaScript knows of the core's C API, as plain values: the name ↔ enum tables, the
// struct layouts, the limits and the history columns, all mirrored from core/include/descent.h, and
// the mapping of a validated experiment onto the C config structs (field values, no memory).
//
// Nothing here touches WebAssembly: engine.js is the one file that does. The schema (experiment.js)
// reads its kind lists from here, so a kind is named once. tests/node/abi.test.js parses descent.h
// and checks every table below against it (names and order of enums, struct fields, limits).

// ---- Name ↔ enum tables (STYLE.md 5: enums at the C boundary, strings in JavaScript) -------------
// Each table lists names in the order of the C enum in core/include/descent.h.
const enumOf = (names) => Object.freeze(Object.fromEntries(names.map((name, i) => [name, i])));
export const GENERATOR = enumOf(['linear', 'polynomial', 'sine', 'blobs', 'moons', 'circles', 'xor', 'spiral']);
export const NOISE = enumOf(['uniform', 'gaussian']);
export const LOSS = enumOf(['mse', 'mae', 'huber', 'bce']);
export const MODEL = enumOf(['linear', 'logistic', 'function', 'mlp']);
export const FUNCTION = enumOf(['rosenbrock', 'himmelblau', 'beale', 'quadratic', 'saddle', 'six_hump_camel', 'rastrigin']);
export const ACTIVATION = enumOf(['tanh', 'relu', 'sigmoid']);
export const OPTIMIZER = enumOf(['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'nadam', 'radam', 'adadelta', 'adamax', 'rprop', 'lbfgs', 'newton']);
/** The second-order kinds: full batch only, several evaluations (lbfgs) or a Hessian (newton) per update. */
export const SECOND_ORDER = Object.freeze(['lbfgs', 'newton']);
export const LINE_SEARCH = enumOf(['none', 'strong_wolfe']); // dsc_line_search: LBFGS line_search_fn (null is "none")
export const SCHEDULE = enumOf([
  'constant', 'exponential', 'step', 'cosine', 'linear', 'reduce_on_plateau', 'bold_driver',
  'one_cycle', 'cyclic', 'cosine_warm_restarts', 'multistep', 'polynomial', 'sequential',
]);
export const PER = enumOf(['epoch', 'iteration']);
export const THRESHOLD_MODE = enumOf(['rel', 'abs']);
export const ANNEAL = enumOf(['cos', 'linear']); // dsc_anneal: OneCycleLR anneal_strategy
export const CYCLIC_MODE = enumOf(['triangular', 'triangular2', 'exp_range']); // dsc_cyclic_mode: CyclicLR mode
export const STREAM = Object.freeze({ data: 1, init: 2, shuffle: 3, tune: 4, noise: 5 }); // dsc_stream
export const STATUS = Object.freeze(['OK', 'EINVAL', 'ENOMEM', 'ESTATE', 'ENUMERIC']); // dsc_status
export const ERROR_CAP = 256; // DSC_ERROR_CAP: bytes of a dsc_error message
export const RUN_STATUS = Object.freeze(['running', 'completed', 'target_reached', 'converged', 'diverged', 'failed', 'diverging']);

/** The history columns of a run, in dsc_history_column order (param0/param1: models of <= 2 parameters). */
export const HISTORY_COLUMNS = Object.freeze(['iteration', 'epoch', 'samples', 'lr', 'trainLoss', 'testLoss', 'param0', 'param1']);
/** dsc_estimate_column: the running estimate's columns, in C order (epoch is derived in JS). */
export const ESTIMATE_COLUMNS = Object.freeze(['iteration', 'samples', 'batchLoss']);

/**
 * The core's limits (#define DSC_MAX_* in descent.h). The schema checks them so that its messages
 * name experiment fields; the core checks them again.
 */
export const LIMITS = Object.freeze({
  rows: 10000000, // DSC_MAX_ROWS: total rows (train + test)
  values: 50000000, // DSC_MAX_VALUES: rows × columns of X
  features: 1024, // DSC_MAX_FEATURES: columns of X after feature expansion
  degree: 12, // DSC_MAX_DEGREE
  budget: 1000000000, // DSC_MAX_BUDGET: updates per run
  history: 1000000, // DSC_MAX_HISTORY: history points with an explicit record.every
  schedulers: 4, // DSC_MAX_SCHEDULERS: schedulers of a sequential schedule
  milestones: 16, // DSC_MAX_MILESTONES: milestones of a multistep schedule
  hiddenLayers: 3, // DSC_MAX_HIDDEN_LAYERS: hidden layers of an MLP
  hiddenUnits: 64, // DSC_MAX_HIDDEN_UNITS: units per hidden layer
  grid: 1024, // DSC_MAX_GRID: points per axis of an evaluation grid
  lbfgsHistory: 1000, // DSC_MAX_LBFGS_HISTORY: history_size of an L-BFGS optimizer
});

// ---- Struct layouts (wasm32: pointers are 4 bytes) ------------------------------------------------
const SIZE = { i32: 4, f64: 8, ptr: 4 };

/** Computes C offsets (natural alignment) for a list of [name, type] or [name, type, count] (an
 *  array field) fields. */
function struct(fields) {
  const offsets = {};
  let offset = 0;
  let align = 1;
  for (const [name, type, count] of fields) {
    const size = SIZE[type];
    offset = Math.ceil(offset / size) * size;
    offsets[name] = count === undefined ? { offset, type } : { offset, type, count };
    offset += size * (count ?? 1);
    align = Math.max(align, size);
  }
  return Object.freeze({ fields, offsets, size: Math.ceil(offset / align) * align });
}

export const LAYOUT = Object.freeze({
  dsc_data_config: struct([
    ['generator', 'i32'], ['n', 'i32'], ['d', 'i32'], ['noise', 'i32'], ['degree', 'i32'],
    ['standardize', 'i32'], ['noise_level', 'f64'], ['bias', 'f64'], ['test_fraction', 'f64'],
    ['frequency', 'f64'], ['separation', 'f64'], ['weights', 'ptr'], ['scales', 'ptr'],
    ['coefficients', 'ptr'], ['n_coefficients', 'i32'],
  ]),
  dsc_model_config: struct([
    ['kind', 'i32'], ['loss', 'i32'], ['delta', 'f64'], ['l1', 'f64'], ['l2', 'f64'],
    ['function', 'i32'], ['activation', 'i32'], ['n_hidden', 'i32'], ['hidden', 'i32', 3],
    ['a', 'f64'], ['b', 'f64'], ['condition', 'f64'], ['angle', 'f64'], ['noise', 'f64'],
  ]),
  dsc_optim_config: struct([
    ['kind', 'i32'], ['nesterov', 'i32'], ['amsgrad', 'i32'], ['centered', 'i32'], ['max_iter', 'i32'],
    ['max_eval', 'i32'], ['history_size', 'i32'], ['line_search', 'i32'], ['lr', 'f64'],
    ['momentum', 'f64'], ['dampening', 'f64'], ['weight_decay', 'f64'], ['beta1', 'f64'],
    ['beta2', 'f64'], ['eps', 'f64'], ['alpha', 'f64'], ['initial_accumulator_value', 'f64'],
    ['lr_decay', 'f64'], ['momentum_decay', 'f64'], ['rho', 'f64'], ['etaminus', 'f64'],
    ['etaplus', 'f64'], ['step_size_min', 'f64'], ['step_size_max', 'f64'], ['tolerance_grad', 'f64'],
    ['tolerance_change', 'f64'], ['damping', 'f64'],
  ]),
  dsc_sched_config: struct([
    ['kind', 'i32'], ['per', 'i32'], ['step_size', 'i32'], ['t_max', 'i32'], ['total_iters', 'i32'],
    ['patience', 'i32'], ['cooldown', 'i32'], ['threshold_mode', 'i32'], ['total_steps', 'i32'],
    ['anneal_strategy', 'i32'], ['three_phase', 'i32'], ['cycle_momentum', 'i32'], ['mode', 'i32'],
    ['step_size_up', 'i32'], ['step_size_down', 'i32'], ['t_0', 'i32'], ['t_mult', 'i32'],
    ['n_milestones', 'i32'], ['n_schedulers', 'i32'], ['gamma', 'f64'],
    ['eta_min', 'f64'], ['start_factor', 'f64'], ['end_factor', 'f64'], ['factor', 'f64'],
    ['threshold', 'f64'], ['min_lr', 'f64'], ['eps', 'f64'], ['increase', 'f64'], ['decrease', 'f64'],
    ['max_lr', 'f64'], ['base_lr', 'f64'], ['pct_start', 'f64'], ['div_factor', 'f64'],
    ['final_div_factor', 'f64'], ['base_momentum', 'f64'], ['max_momentum', 'f64'], ['power', 'f64'],
    ['milestones', 'ptr'], ['schedulers', 'ptr'],
  ]),
  dsc_train_config: struct([
    ['batch_size', 'i32'], ['shuffle', 'i32'], ['record_every', 'i32'], ['pad_', 'i32'],
    ['max_iterations', 'f64'], ['max_epochs', 'f64'], ['target_loss', 'f64'], ['tolerance', 'f64'],
    ['diverge_factor', 'f64'],
  ]),
  dsc_metrics: struct([
    ['mse', 'f64'], ['rmse', 'f64'], ['mae', 'f64'], ['r2', 'f64'], ['log_loss', 'f64'], ['accuracy', 'f64'],
  ]),
  dsc_hessian_info: struct([
    ['lambda_max', 'f64'], ['lambda_min', 'f64'], ['std_lambda_max', 'f64'], ['std_lambda_min', 'f64'],
    ['objective', 'f64'], ['exact', 'i32'], ['converged', 'i32'], ['newton_iterations', 'i32'], ['pad_', 'i32'],
  ]),
  dsc_rng: struct([['state', 'f64'], ['inc', 'f64']]), // two uint64_t: only the size matters here
  dsc_batch: struct([['X', 'ptr'], ['y', 'ptr'], ['idx', 'ptr'], ['rows', 'ptr'], ['d', 'ptr']]),
});

// ---- A validated experiment as C config values ------------------------------------------------------
// Each maps part of a validated experiment onto a C config's fields; fields left undefined keep the
// core's default (the engine starts every struct from dsc_*_config_default), and the schema has filled
// every field that applies to the kind.
const flag = (v) => (v === undefined ? undefined : Number(Boolean(v)));

/** dsc_data_config fields of a generated `data` section (arrays are passed separately). */
export function dataConfig(data) {
  return {
    generator: GENERATOR[data.kind], n: data.n, d: data.d, noise: NOISE[data.noise], degree: data.degree,
    standardize: flag(data.standardize), noise_level: data.noiseLevel, bias: data.bias,
    test_fraction: data.testFraction, frequency: data.frequency, separation: data.separation,
  };
}

/** dsc_model_config fields of a `model` section (hidden: the list of units, padded with 0). */
export function modelConfig(model) {
  const hidden = model.hidden && [...model.hidden, 0, 0, 0].slice(0, LIMITS.hiddenLayers);
  return {
    kind: MODEL[model.kind], loss: LOSS[model.loss], delta: model.delta,
    l1: model.penalty?.l1, l2: model.penalty?.l2,
    function: FUNCTION[model.function], activation: ACTIVATION[model.activation],
    n_hidden: model.hidden?.length, hidden,
    a: model.a, b: model.b, condition: model.condition, angle: model.angle, noise: model.noise,
  };
}

/** dsc_optim_config fields of a run's `optimizer`. */
export function optimConfig(o) {
  return {
    kind: OPTIMIZER[o.kind], nesterov: flag(o.nesterov), amsgrad: flag(o.amsgrad),
    centered: flag(o.centered), lr: o.lr, momentum: o.momentum, dampening: o.dampening,
    weight_decay: o.weight_decay, beta1: o.betas?.[0], beta2: o.betas?.[1], eps: o.eps, alpha: o.alpha,
    initial_accumulator_value: o.initial_accumulator_value, lr_decay: o.lr_decay,
    momentum_decay: o.momentum_decay, rho: o.rho, etaminus: o.etas?.[0], etaplus: o.etas?.[1],
    step_size_min: o.step_sizes?.[0], step_size_max: o.step_sizes?.[1],
    max_iter: o.max_iter, max_eval: o.max_eval === null ? 0 : o.max_eval, history_size: o.history_size,
    line_search: o.kind === 'lbfgs' ? LINE_SEARCH[o.line_search_fn ?? 'none'] : undefined,
    tolerance_grad: o.tolerance_grad, tolerance_change: o.tolerance_change, damping: o.damping,
  };
}

/** null (the schema's "the run's length", "the optimizer's lr", "step_size_up") as the core's 0. */
const orZero = (v) => (v === null ? 0 : v);

/**
 * dsc_sched_config fields of a run's `schedule`. Two fields are arrays, which the engine writes to
 * blocks of their own and points the struct at: `milestones` (its length is n_milestones) and
 * `schedulers` (a sequential's schedules, each mapped by this function; its length is n_schedulers).
 */
export function schedConfig(s) {
  const cyclic = s.kind === 'cyclic';
  return {
    kind: SCHEDULE[s.kind], per: PER[s.per], step_size: s.step_size, t_max: orZero(s.T_max),
    total_iters: s.total_iters, patience: s.patience, cooldown: s.cooldown,
    threshold_mode: THRESHOLD_MODE[s.threshold_mode], gamma: s.gamma, eta_min: s.eta_min,
    start_factor: s.start_factor, end_factor: s.end_factor, factor: s.factor,
    threshold: s.threshold, min_lr: s.min_lr, eps: s.eps, increase: s.increase, decrease: s.decrease,
    total_steps: orZero(s.total_steps), anneal_strategy: ANNEAL[s.anneal_strategy],
    three_phase: flag(s.three_phase), cycle_momentum: flag(s.cycle_momentum),
    mode: cyclic ? CYCLIC_MODE[s.mode] : undefined, step_size_up: s.step_size_up,
    step_size_down: orZero(s.step_size_down), t_0: s.T_0, t_mult: s.T_mult, max_lr: orZero(s.max_lr),
    base_lr: orZero(s.base_lr), pct_start: s.pct_start, div_factor: s.div_factor,
    final_div_factor: s.final_div_factor, base_momentum: s.base_momentum, max_momentum: s.max_momentum,
    power: s.power, milestones: s.milestones, schedulers: s.schedulers?.map(schedConfig),
  };
}

/** dsc_train_config fields of a run. */
export function trainConfig(run) {
  return {
    batch_size: run.batchSize === 'full' ? 0 : run.batchSize, shuffle: flag(run.shuffle),
    record_every: run.record.every === 'auto' ? 0 : run.record.every,
    max_iterations: run.iterations ?? 0, max_epochs: run.epochs ?? 0,
    target_loss: run.targetLoss ?? -Infinity, tolerance: run.tolerance, diverge_factor: run.divergeFactor,
  };
}
