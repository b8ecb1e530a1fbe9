// engine.js — the one file that talks to descent.wasm (no DOM, no Node built-ins: it runs in Node,
// in a page and in a Web Worker).
//
// It wraps the C exports once, at load (sql.js style), turns every C status into a thrown
// DescentError carrying the C message, and exposes two small classes with free(): Engine (one
// WebAssembly instance) and Session (one experiment's data and runs inside it).
//
// Memory rules (STYLE.md 12): C owns every buffer; JavaScript reads through typed-array views that are
// re-derived after any call that may grow memory, and copies before handing data out. Temporaries
// are freed in `finally`.

import { validateExperiment } from './experiment.js';

/** An error reported by the core (a C status with its message) or by the engine itself. */
export class DescentError extends Error {
  constructor(message, status = 'EINVAL') {
    super(message);
    this.name = 'DescentError';
    this.status = status;
  }
}

const STATUS = ['OK', 'EINVAL', 'ENOMEM', 'ESTATE', 'ENUMERIC'];

// ---- Name ↔ enum tables (STYLE.md 5: enums at the C boundary, strings in JavaScript) -------------
// Each table lists names in the order of the C enum in core/include/descent.h.
const enumOf = (names) => Object.freeze(Object.fromEntries(names.map((name, i) => [name, i])));
export const GENERATOR = enumOf(['linear', 'polynomial', 'sine', 'blobs']);
export const NOISE = enumOf(['uniform', 'gaussian']);
export const LOSS = enumOf(['mse', 'mae', 'huber', 'bce']);
export const MODEL = enumOf(['linear', 'logistic']);
export const OPTIMIZER = enumOf(['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw']);
export const SCHEDULE = enumOf([
  'constant', 'exponential', 'step', 'cosine', 'linear', 'reduce_on_plateau', 'bold_driver',
]);
export const PER = enumOf(['epoch', 'iteration']);
export const THRESHOLD_MODE = enumOf(['rel', 'abs']);
export const RUN_STATUS = Object.freeze(['running', 'completed', 'target_reached', 'converged', 'diverged']);
const STREAM_INIT = 2; // dsc_stream DSC_STREAM_INIT
const HISTORY_COLUMNS = ['iteration', 'epoch', 'samples', 'lr', 'trainLoss', 'testLoss', 'param0', 'param1'];

// ---- Struct layouts mirrored from descent.h (wasm32: pointers are 4 bytes) -----------------------
// tests/node/abi.test.js parses descent.h and checks these against it.
const SIZE = { i32: 4, f64: 8, ptr: 4 };

/** Computes C offsets (natural alignment) for a list of [name, type] fields. */
function struct(fields) {
  const offsets = {};
  let offset = 0;
  let align = 1;
  for (const [name, type] of fields) {
    const size = SIZE[type];
    offset = Math.ceil(offset / size) * size;
    offsets[name] = { offset, type };
    offset += size;
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
  ]),
  dsc_optim_config: struct([
    ['kind', 'i32'], ['nesterov', 'i32'], ['amsgrad', 'i32'], ['centered', 'i32'], ['lr', 'f64'],
    ['momentum', 'f64'], ['dampening', 'f64'], ['weight_decay', 'f64'], ['beta1', 'f64'],
    ['beta2', 'f64'], ['eps', 'f64'], ['alpha', 'f64'], ['initial_accumulator_value', 'f64'],
    ['lr_decay', 'f64'],
  ]),
  dsc_sched_config: struct([
    ['kind', 'i32'], ['per', 'i32'], ['step_size', 'i32'], ['t_max', 'i32'], ['total_iters', 'i32'],
    ['patience', 'i32'], ['cooldown', 'i32'], ['threshold_mode', 'i32'], ['gamma', 'f64'],
    ['eta_min', 'f64'], ['start_factor', 'f64'], ['end_factor', 'f64'], ['factor', 'f64'],
    ['threshold', 'f64'], ['min_lr', 'f64'], ['eps', 'f64'], ['increase', 'f64'], ['decrease', 'f64'],
  ]),
  dsc_train_config: struct([
    ['batch_size', 'i32'], ['shuffle', 'i32'], ['record_every', 'i32'], ['pad_', 'i32'],
    ['max_iterations', 'f64'], ['max_epochs', 'f64'], ['target_loss', 'f64'], ['tolerance', 'f64'],
    ['diverge_factor', 'f64'],
  ]),
  dsc_metrics: struct([
    ['mse', 'f64'], ['rmse', 'f64'], ['mae', 'f64'], ['r2', 'f64'], ['log_loss', 'f64'], ['accuracy', 'f64'],
  ]),
  dsc_rng: struct([['state', 'f64'], ['inc', 'f64']]), // two uint64_t: only the size matters here
  dsc_batch: struct([['X', 'ptr'], ['y', 'ptr'], ['idx', 'ptr'], ['rows', 'ptr'], ['d', 'ptr']]),
});

const ERROR_CAP = 256; // DSC_ERROR_CAP

/**
 * Builds the import object a module asks for. The core needs nothing from its host but a memory
 * growth notification; anything else it imports is a build mistake and throws when called.
 */
function importsFor(module) {
  const provided = { env: { emscripten_notify_memory_growth: () => {} } };
  const imports = {};
  for (const { module: mod, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') throw new DescentError(`descent.wasm imports ${mod}.${name} (${kind}), which the engine does not provide`);
    imports[mod] ??= {};
    imports[mod][name] = provided[mod]?.[name] ?? (() => {
      throw new DescentError(`descent.wasm called ${mod}.${name}, which the engine does not provide`);
    });
  }
  return imports;
}

/** A WebAssembly instance of the core, with the C API wrapped once. */
export class Engine {
  /**
   * Instantiates descent.wasm.
   * @param {BufferSource | Response | Promise<Response>} source the module's bytes (Node) or a fetch
   *   response (browsers: compiled while it streams).
   * @returns {Promise<Engine>}
   */
  static async load(source) {
    let module;
    const awaited = await source;
    if (typeof Response !== 'undefined' && awaited instanceof Response) {
      if (!awaited.ok) throw new DescentError(`could not load descent.wasm: HTTP ${awaited.status}`);
      module = WebAssembly.compileStreaming
        ? await WebAssembly.compileStreaming(awaited)
        : await WebAssembly.compile(await awaited.arrayBuffer());
    } else {
      module = await WebAssembly.compile(awaited);
    }
    const instance = await WebAssembly.instantiate(module, importsFor(module));
    return new Engine(instance);
  }

  constructor(instance) {
    const x = instance.exports;
    this.exports = x;
    x._initialize?.();
    this.simd = typeof x.dsc_f32_lossgrad__wasmsimd === 'function';
    this.errorPtr = this.malloc(ERROR_CAP);
  }

  // ---- Memory helpers: views are made fresh on every call (memory may have grown) ---------------
  get buffer() { return this.exports.memory.buffer; }
  f64(ptr, length) { return new Float64Array(this.buffer, ptr, length); }
  f32(ptr, length) { return new Float32Array(this.buffer, ptr, length); }
  u32(ptr, length) { return new Uint32Array(this.buffer, ptr, length); }

  malloc(bytes) {
    const ptr = this.exports.malloc(Math.max(8, bytes));
    if (!ptr) throw new DescentError(`out of memory allocating ${bytes} bytes in the wasm heap`, 'ENOMEM');
    return ptr;
  }
  free(ptr) { if (ptr) this.exports.free(ptr); }

  /**
   * Runs fn(keep) and frees every block passed through keep(ptr), however fn ends (STYLE.md 12:
   * temporaries are freed in `finally`, including those allocated before a later allocation throws).
   */
  scoped(fn) {
    const ptrs = [];
    try {
      return fn((ptr) => { ptrs.push(ptr); return ptr; });
    } finally {
      ptrs.forEach((p) => this.free(p));
    }
  }

  /** Copies an array of numbers into a new heap block of f64 or f32 values. */
  alloc(values, type = 'f64') {
    const width = type === 'f64' ? 8 : 4;
    const ptr = this.malloc(values.length * width);
    (type === 'f64' ? this.f64(ptr, values.length) : this.f32(ptr, values.length)).set(values);
    return ptr;
  }

  /**
   * Writes a config object into a heap block laid out as the named C struct. Config structs start from
   * the core's own defaults (dsc_*_config_default, per kind where the C API has one), so only the
   * fields that apply to the experiment need values; undefined ones keep the C default.
   */
  writeStruct(layoutName, values) {
    const layout = LAYOUT[layoutName];
    const ptr = this.malloc(layout.size);
    new Uint8Array(this.buffer, ptr, layout.size).fill(0);
    this.exports[`${layoutName}_default`]?.(ptr, values.kind);
    const view = new DataView(this.buffer);
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const field = layout.offsets[name];
      if (!field) throw new Error(`engine bug: ${layoutName} has no field ${name}`);
      if (field.type === 'f64') view.setFloat64(ptr + field.offset, value, true);
      else view.setInt32(ptr + field.offset, value, true);
    }
    return ptr;
  }

  /**
   * The core's default values of a config struct (for a kind where it has one), by field name.
   * @param {string} layoutName e.g. 'dsc_optim_config'
   * @param {number} [kind] the C enum value of the kind
   */
  configDefaults(layoutName, kind) {
    const ptr = this.writeStruct(layoutName, { kind });
    try {
      return this.readStruct(layoutName, ptr);
    } finally {
      this.free(ptr);
    }
  }

  readStruct(layoutName, ptr) {
    const layout = LAYOUT[layoutName];
    const view = new DataView(this.buffer);
    const out = {};
    for (const [name, { offset, type }] of Object.entries(layout.offsets)) {
      out[name] = type === 'f64' ? view.getFloat64(ptr + offset, true) : view.getInt32(ptr + offset, true);
    }
    return out;
  }

  /** Reads a single pointer out-parameter slot. */
  readPtr(ptr) { return new DataView(this.buffer).getUint32(ptr, true); }

  /** Throws the C message when status is not DSC_OK (sql.js handleError). */
  check(status) {
    if (status === 0) return;
    const bytes = new Uint8Array(this.buffer, this.errorPtr, ERROR_CAP);
    const end = bytes.indexOf(0);
    const message = new TextDecoder().decode(bytes.slice(0, end < 0 ? ERROR_CAP : end));
    throw new DescentError(message || `descent core failed with status ${STATUS[status] ?? status}`,
      STATUS[status] ?? String(status));
  }

  /** Bytes currently malloc'd in the wasm heap (for leak tests). */
  heapUsed() { return Number(this.exports.dsc_heap_used()); }
  /** Size of the wasm linear memory in bytes. */
  memoryBytes() { return this.buffer.byteLength; }

  /**
   * Validates an experiment and creates its data, closed-form reference and runs in the core.
   * @param {object} experiment an experiment document (validated here; see experiment.js)
   * @returns {Session} free() it when done.
   */
  createSession(experiment) {
    return new Session(this, validateExperiment(experiment));
  }

  /**
   * Runs every run of an experiment on the same data split and the same initial parameters.
   * Runs advance together, chunk by chunk; the host gets control between chunks.
   * @param {object} experiment
   * @param {{onProgress?: (p: object) => void, signal?: AbortSignal, chunkMs?: number}} [options]
   * @returns {Promise<object>} the result (see Session.result)
   */
  async run(experiment, { onProgress, signal, chunkMs = 15 } = {}) {
    signal?.throwIfAborted();
    const session = this.createSession(experiment);
    try {
      await session.runToEnd({ onProgress, signal, chunkMs });
      return session.result();
    } finally {
      session.free();
    }
  }

  /**
   * Calls one fused loss+gradient kernel directly (tests compare the scalar and SIMD kernels).
   * @param {'scalar'|'wasmsimd'} isa
   * @param {object} args the batch; gradient: false passes no gradient output (the loss-only pass)
   * @returns {{loss: number, grad: Float64Array | null}} sums over the batch (not means)
   */
  lossgrad(isa, { X, y, idx = null, rows, d, w, b, loss = 'mse', delta = 1, gradient = true }) {
    const fn = this.exports[`dsc_f32_lossgrad__${isa}`];
    if (!fn) throw new DescentError(`this build has no ${isa} kernel`);
    const ptrs = [];
    try {
      const xPtr = this.alloc(X, 'f32'); ptrs.push(xPtr);
      const yPtr = this.alloc(y, 'f32'); ptrs.push(yPtr);
      let idxPtr = 0;
      if (idx) { idxPtr = this.malloc(idx.length * 4); ptrs.push(idxPtr); this.u32(idxPtr, idx.length).set(idx); }
      const batch = this.malloc(LAYOUT.dsc_batch.size); ptrs.push(batch);
      this.u32(batch, 5).set([xPtr, yPtr, idxPtr, rows, d]);
      const wPtr = this.alloc(w, 'f32'); ptrs.push(wPtr);
      const lossPtr = this.alloc([0], 'f64'); ptrs.push(lossPtr);
      const gradPtr = this.alloc(new Array(d + 1).fill(0), 'f64'); ptrs.push(gradPtr);
      fn(batch, wPtr, Math.fround(b), LOSS[loss], Math.fround(delta), lossPtr, gradient ? gradPtr : 0);
      return { loss: this.f64(lossPtr, 1)[0], grad: gradient ? this.f64(gradPtr, d + 1).slice() : null };
    } finally {
      ptrs.forEach((p) => this.free(p));
    }
  }
}

// ---- Mapping a validated experiment onto the C configs -------------------------------------------

// Each maps a validated experiment object onto a C config; fields left undefined keep the core's
// default (see writeStruct), and experiment.js has filled every field that applies to the kind.
const flag = (v) => (v === undefined ? undefined : Number(Boolean(v)));

function dataConfig(data) {
  return {
    generator: GENERATOR[data.kind], n: data.n, d: data.d, noise: NOISE[data.noise], degree: data.degree,
    standardize: flag(data.standardize), noise_level: data.noiseLevel, bias: data.bias,
    test_fraction: data.testFraction, frequency: data.frequency, separation: data.separation,
  };
}

function modelConfig(model) {
  return {
    kind: MODEL[model.kind], loss: LOSS[model.loss], delta: model.delta,
    l1: model.penalty.l1, l2: model.penalty.l2,
  };
}

function optimConfig(o) {
  return {
    kind: OPTIMIZER[o.kind], nesterov: flag(o.nesterov), amsgrad: flag(o.amsgrad),
    centered: flag(o.centered), lr: o.lr, momentum: o.momentum, dampening: o.dampening,
    weight_decay: o.weight_decay, beta1: o.betas?.[0], beta2: o.betas?.[1], eps: o.eps, alpha: o.alpha,
    initial_accumulator_value: o.initial_accumulator_value, lr_decay: o.lr_decay,
  };
}

function schedConfig(s) {
  return {
    kind: SCHEDULE[s.kind], per: PER[s.per], step_size: s.step_size, t_max: s.T_max,
    total_iters: s.total_iters, patience: s.patience, cooldown: s.cooldown,
    threshold_mode: THRESHOLD_MODE[s.threshold_mode], gamma: s.gamma, eta_min: s.eta_min,
    start_factor: s.start_factor, end_factor: s.end_factor, factor: s.factor,
    threshold: s.threshold, min_lr: s.min_lr, eps: s.eps, increase: s.increase, decrease: s.decrease,
  };
}

function trainConfig(run) {
  return {
    batch_size: run.batchSize === 'full' ? 0 : run.batchSize, shuffle: flag(run.shuffle),
    record_every: run.record.every === 'auto' ? 0 : run.record.every,
    max_iterations: run.iterations ?? 0, max_epochs: run.epochs ?? 0,
    target_loss: run.targetLoss ?? -Infinity, tolerance: run.tolerance, diverge_factor: run.divergeFactor,
  };
}

const yieldToHost = () => new Promise((resolve) => {
  if (typeof setImmediate === 'function') setImmediate(resolve);
  else setTimeout(resolve, 0);
});

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

const FIRST_CHUNK_VALUES = 1e6; // values of X a run's first chunk may touch (see Session.firstChunk)

/**
 * The size of a run's next chunk after one of `size` updates took `ms`: scaled to last about chunkMs,
 * growing at most 1024× at a time (browser timers are coarse, so a 0 ms chunk says little).
 * @param {number} size @param {number} ms @param {number} chunkMs @returns {number}
 */
export function nextChunk(size, ms, chunkMs) {
  const scale = ms > 0 ? Math.min(1024, chunkMs / ms) : 1024;
  return Math.max(1, Math.min(1 << 30, Math.floor(size * scale)));
}

/** One experiment inside an Engine: its data, closed-form reference and runs. */
export class Session {
  constructor(engine, experiment) {
    this.engine = engine;
    this.experiment = experiment;
    this.dataPtr = 0;
    this.runPtrs = [];
    this.runTimes = [];
    this.runSpecs = []; // the normalized run behind each entry of runPtrs
    try {
      this.createData();
      this.optimum = this.solveOptimum();
      for (const run of experiment.runs) this.addRun(run);
    } catch (error) {
      this.free();
      throw error;
    }
  }

  get x() { return this.engine.exports; }

  createData() {
    const { engine, experiment } = this;
    const data = experiment.data;
    const seed = BigInt(experiment.seed);
    const out = engine.malloc(4);
    const temps = [out];
    try {
      if (data.kind === 'inline') {
        const n = data.X.length;
        const d = data.X[0].length;
        const X = new Float32Array(n * d);
        data.X.forEach((row, i) => X.set(row, i * d));
        const xPtr = engine.alloc(X, 'f32'); temps.push(xPtr);
        const yPtr = engine.alloc(data.y, 'f32'); temps.push(yPtr);
        engine.check(this.x.dsc_data_from_arrays(n, d, xPtr, yPtr, data.testFraction,
          data.standardize ? 1 : 0, seed, out, engine.errorPtr));
      } else {
        const values = dataConfig(data);
        const arrays = {};
        if (data.weights) { arrays.weights = engine.alloc(data.weights); temps.push(arrays.weights); }
        if (data.scales) { arrays.scales = engine.alloc(data.scales); temps.push(arrays.scales); }
        if (data.coefficients) {
          arrays.coefficients = engine.alloc(data.coefficients); temps.push(arrays.coefficients);
          values.n_coefficients = data.coefficients.length;
        }
        const cfg = engine.writeStruct('dsc_data_config', { ...values, ...arrays }); temps.push(cfg);
        engine.check(this.x.dsc_data_generate(cfg, seed, out, engine.errorPtr));
      }
      this.dataPtr = engine.readPtr(out);
    } finally {
      temps.forEach((p) => engine.free(p));
    }
    this.nTrain = this.x.dsc_data_n_train(this.dataPtr);
    this.nTest = this.x.dsc_data_n_test(this.dataPtr);
    this.d = this.x.dsc_data_d(this.dataPtr);
  }

  /** Initial parameters [w, b] for an init spec: "zeros", "uniform" (torch nn.Linear) or explicit. */
  initialParams(spec) {
    const d = this.d;
    if (spec === 'zeros') return new Float64Array(d + 1);
    if (spec === 'uniform') {
      // torch.nn.Linear's default: every weight and the bias ~ U(−1/√d, 1/√d), from the init stream.
      const { engine } = this;
      const rng = engine.malloc(LAYOUT.dsc_rng.size);
      try {
        this.x.dsc_rng_stream(rng, BigInt(this.experiment.seed), STREAM_INIT);
        const bound = 1 / Math.sqrt(d);
        return Float64Array.from({ length: d + 1 }, () => (2 * this.x.dsc_rng_uniform(rng) - 1) * bound);
      } finally {
        engine.free(rng);
      }
    }
    return Float64Array.from([...spec.weights, spec.bias]);
  }

  modelPtr() { return this.engine.writeStruct('dsc_model_config', modelConfig(this.experiment.model)); }

  /** The closed-form least-squares (ridge) optimum, for linear models with MSE and no L1 penalty. */
  solveOptimum() {
    const { model } = this.experiment;
    if (model.kind !== 'linear' || model.loss !== 'mse') {
      this.optimumNote = 'closed form only for linear regression with MSE';
      return null;
    }
    if (model.penalty.l1 > 0) {
      this.optimumNote = 'no closed form with an L1 penalty';
      return null;
    }
    const { engine } = this;
    const d = this.d;
    return engine.scoped((keep) => {
      const params = keep(engine.malloc((d + 1) * 8));
      const modelPtr = keep(this.modelPtr());
      const status = this.x.dsc_solve_least_squares(this.dataPtr, model.penalty.l2, params, engine.errorPtr);
      if (status === 4) { // DSC_ENUMERIC: collinear features; say why, run anyway
        try { engine.check(status); } catch (error) { this.optimumNote = error.message; }
        return null;
      }
      engine.check(status);
      const p = engine.f64(params, d + 1).slice();
      const split = (which) => this.splitLoss(modelPtr, params, which);
      this.optimumNote = null;
      return {
        params: { weights: Array.from(p.subarray(0, d)), bias: p[d] },
        trainLoss: split('train'),
        testLoss: split('test'),
      };
    });
  }

  splitLoss(modelPtr, paramsPtr, which) {
    const x = this.x;
    const n = which === 'train' ? this.nTrain : this.nTest;
    const X = which === 'train' ? x.dsc_data_x_train(this.dataPtr) : x.dsc_data_x_test(this.dataPtr);
    const y = which === 'train' ? x.dsc_data_y_train(this.dataPtr) : x.dsc_data_y_test(this.dataPtr);
    const fn = which === 'train' ? x.dsc_model_objective : x.dsc_model_loss;
    return n === 0 ? NaN : fn(modelPtr, X, y, n, this.d, paramsPtr);
  }

  createRun(run, init) {
    const { engine, experiment } = this;
    const temps = [];
    const alloc = (ptr) => { temps.push(ptr); return ptr; };
    try {
      const model = alloc(this.modelPtr());
      const optim = alloc(engine.writeStruct('dsc_optim_config', optimConfig(run.optimizer)));
      const sched = alloc(engine.writeStruct('dsc_sched_config', schedConfig(run.schedule)));
      const train = alloc(engine.writeStruct('dsc_train_config', trainConfig(run)));
      const initPtr = alloc(engine.alloc(init));
      const out = alloc(engine.malloc(4));
      engine.check(this.x.dsc_run_create(this.dataPtr, model, optim, sched, train, initPtr,
        BigInt(experiment.seed), out, engine.errorPtr));
      return engine.readPtr(out);
    } catch (error) {
      if (error instanceof DescentError) error.message = `runs "${run.name}": ${error.message}`;
      throw error;
    } finally {
      temps.forEach((p) => engine.free(p));
    }
  }

  /**
   * Adds a run on this session's data and returns its index (used by tuning: many trials, one dataset).
   * @param {object} run a normalized run, as in validateExperiment(...).runs; its init defaults to the
   *   session experiment's init
   * @returns {number}
   */
  addRun(run) {
    this.runPtrs.push(this.createRun(run, this.initialParams(run.init ?? this.experiment.init)));
    this.runTimes.push(0);
    this.runSpecs.push(run);
    return this.runPtrs.length - 1;
  }

  /** Frees every run but keeps the data, so that new runs can be added. */
  freeRuns() {
    for (const r of this.runPtrs) this.x.dsc_run_free(r);
    this.runPtrs = [];
    this.runTimes = [];
    this.runSpecs = [];
  }

  /**
   * Evaluates parameters [w..., b] as the history columns do: 'train' gives the training objective
   * (penalty included), 'test' the data loss on the test split (NaN without one).
   * @param {ArrayLike<number>} params d + 1 values
   * @param {'train'|'test'} [split]
   * @returns {number}
   */
  evaluate(params, split = 'train') {
    const { engine } = this;
    if (params.length !== this.d + 1) throw new DescentError(`evaluate: expected ${this.d + 1} parameters, got ${params.length}`);
    return engine.scoped((keep) => this.splitLoss(keep(this.modelPtr()), keep(engine.alloc(params)), split));
  }

  /** Status name of run i. */
  status(i) { return RUN_STATUS[this.x.dsc_run_status_of(this.runPtrs[i])]; }

  /** Current parameters [w_0..w_{d-1}, b] of run i (a copy). */
  params(i) {
    return this.engine.f64(this.x.dsc_run_params(this.runPtrs[i]), this.d + 1).slice();
  }

  /** Iteration of the state at which run i diverged, or null. */
  divergedAt(i) {
    const at = Number(this.x.dsc_run_diverged_at(this.runPtrs[i]));
    return at < 0 ? null : at;
  }

  /**
   * Copies of one split as the core holds it: X (rows × d, float32, after feature expansion and
   * standardisation), y, and for 1-D generators the raw x before expansion (else null). With maxRows,
   * every k-th row (k = ⌈n/maxRows⌉), so plotting a million rows copies only what is drawn.
   * @param {'train'|'test'} which
   * @param {number} [maxRows]
   * @returns {{X: Float32Array, y: Float32Array, raw: Float32Array|null, n: number, d: number, step: number}}
   */
  split(which, maxRows = Infinity) {
    const { engine, x, d } = this;
    const train = which === 'train';
    const total = train ? this.nTrain : this.nTest;
    const step = Math.max(1, Math.ceil(total / maxRows));
    const n = Math.ceil(total / step);
    const pick = (ptr, cols) => {
      if (!ptr || total === 0) return null;
      const all = engine.f32(ptr, total * cols);
      if (step === 1) return all.slice();
      const out = new Float32Array(n * cols);
      for (let r = 0; r < n; r++) out.set(all.subarray(r * step * cols, (r * step + 1) * cols), r * cols);
      return out;
    };
    return {
      X: pick(train ? x.dsc_data_x_train(this.dataPtr) : x.dsc_data_x_test(this.dataPtr), d) ?? new Float32Array(0),
      y: pick(train ? x.dsc_data_y_train(this.dataPtr) : x.dsc_data_y_test(this.dataPtr), 1) ?? new Float32Array(0),
      raw: pick(train ? x.dsc_data_raw_train(this.dataPtr) : x.dsc_data_raw_test(this.dataPtr), 1),
      n,
      d,
      step,
    };
  }

  /** Standardisation statistics of the features (mean 0 and scale 1 when not standardised). */
  featureStats() {
    const { engine, x, d } = this;
    return {
      mean: engine.f64(x.dsc_data_feature_mean(this.dataPtr), d).slice(),
      scale: engine.f64(x.dsc_data_feature_scale(this.dataPtr), d).slice(),
    };
  }

  /**
   * Advances run i by up to maxUpdates updates. Returns its status name.
   */
  advance(i, maxUpdates) {
    const { engine } = this;
    const statusPtr = engine.malloc(4);
    const start = now();
    try {
      engine.check(this.x.dsc_run_advance(this.runPtrs[i], BigInt(maxUpdates), statusPtr, engine.errorPtr));
      return RUN_STATUS[new Int32Array(engine.buffer, statusPtr, 1)[0]];
    } finally {
      this.runTimes[i] += now() - start;
      engine.free(statusPtr);
    }
  }

  /** Progress of run i: updates applied, the budget, epoch and history length. */
  progress(i) {
    const r = this.runPtrs[i];
    return {
      name: this.runSpecs[i].name,
      status: this.status(i),
      iteration: Number(this.x.dsc_run_iteration(r)),
      maxIterations: Number(this.x.dsc_run_max_iterations(r)),
      epoch: this.x.dsc_run_epoch(r),
      points: this.x.dsc_run_history_len(r),
    };
  }

  /**
   * Copies history columns of run i from point `from` on (all columns by default).
   * @returns {{iteration: Float64Array, epoch, samples, lr, trainLoss, testLoss, param0?, param1?}}
   */
  history(i, from = 0) {
    const r = this.runPtrs[i];
    const len = this.x.dsc_run_history_len(r);
    const out = {};
    const columns = this.d + 1 <= 2 ? HISTORY_COLUMNS : HISTORY_COLUMNS.slice(0, 6);
    columns.forEach((name) => {
      const ptr = this.x.dsc_run_history(r, HISTORY_COLUMNS.indexOf(name));
      out[name] = this.engine.f64(ptr, len).slice(from);
    });
    return out;
  }

  /**
   * Runs all runs to their end, round-robin in chunks of about chunkMs each, yielding to the host
   * between chunks so that progress can be shown and `signal` can cancel.
   */
  async runToEnd({ onProgress, signal, chunkMs = 15 } = {}) {
    const updates = this.runPtrs.map((_, i) => this.firstChunk(i));
    let active = this.runPtrs.map((_, i) => i).filter((i) => this.status(i) === 'running');
    while (active.length) {
      signal?.throwIfAborted();
      for (const i of active) {
        const t0 = now();
        this.advance(i, updates[i]);
        updates[i] = nextChunk(updates[i], now() - t0, chunkMs);
      }
      active = active.filter((i) => this.status(i) === 'running');
      onProgress?.({ runs: this.runPtrs.map((_, i) => this.progress(i)) });
      if (active.length) await yieldToHost();
    }
  }

  /**
   * Updates in run i's first chunk: about FIRST_CHUNK_VALUES values of X (~1 ms), so that a small run —
   * the seed experiment's 1,000 updates of <= 80 rows — finishes in one WASM call while a large one does
   * not start with a long chunk. Later chunks come from nextChunk().
   */
  firstChunk(i) {
    const batch = this.runSpecs[i].batchSize;
    const rows = batch === 'full' ? this.nTrain : batch;
    return Math.max(1, Math.min(1 << 30, Math.floor(FIRST_CHUNK_VALUES / (rows * (this.d + 1)))));
  }

  /** Metrics of params on one split, named for the model's family. */
  metrics(paramsPtr, which) {
    const n = which === 'train' ? this.nTrain : this.nTest;
    if (n === 0) return null;
    const { engine, x } = this;
    return engine.scoped((keep) => {
      const model = keep(this.modelPtr());
      const out = keep(engine.malloc(LAYOUT.dsc_metrics.size));
      const X = which === 'train' ? x.dsc_data_x_train(this.dataPtr) : x.dsc_data_x_test(this.dataPtr);
      const y = which === 'train' ? x.dsc_data_y_train(this.dataPtr) : x.dsc_data_y_test(this.dataPtr);
      x.dsc_model_metrics(model, X, y, n, this.d, paramsPtr, out);
      const m = engine.readStruct('dsc_metrics', out);
      return this.experiment.model.kind === 'logistic'
        ? { logLoss: m.log_loss, accuracy: m.accuracy }
        : { mse: m.mse, rmse: m.rmse, mae: m.mae, r2: m.r2 };
    });
  }

  /** The result of every run so far (copies: safe to keep after free()). */
  result() {
    const runs = this.runPtrs.map((r, i) => {
      const paramsPtr = this.x.dsc_run_params(r);
      const p = this.params(i);
      const progress = this.progress(i);
      const history = this.history(i);
      return {
        name: progress.name,
        status: progress.status,
        divergedAt: this.divergedAt(i),
        iterations: progress.iteration,
        epochs: progress.epoch,
        samples: history.samples[history.samples.length - 1] ?? 0,
        recordEvery: this.x.dsc_run_record_every(r),
        history,
        params: { weights: Array.from(p.subarray(0, this.d)), bias: p[this.d] },
        metrics: { train: this.metrics(paramsPtr, 'train'), test: this.metrics(paramsPtr, 'test') },
        timeMs: this.runTimes[i],
      };
    });
    return {
      experiment: this.experiment,
      data: { nTrain: this.nTrain, nTest: this.nTest, d: this.d },
      optimum: this.optimum,
      optimumNote: this.optimumNote ?? null,
      runs,
    };
  }

  /** Frees the runs and the data. Safe to call twice. */
  free() {
    this.freeRuns();
    if (this.dataPtr) this.x.dsc_data_free(this.dataPtr);
    this.dataPtr = 0;
  }
}
