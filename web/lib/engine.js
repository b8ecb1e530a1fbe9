// engine.js — the one file that talks to descent.wasm (no DOM, no Node built-ins: it runs in Node,
// in a page and in a Web Worker).
//
// Values cross this boundary, addresses never do (STYLE.md 11, 12, 16; the sql.js pattern). The C
// exports, the linear memory and every pointer live in a private Core object that only this file can
// reach; callers get Engine (one WebAssembly instance), Session (one experiment's data and runs inside
// it) and RandomStream (draws from one of the experiment's random streams), all of which take and
// return numbers, strings and typed-array copies (chunk-loop.js and result.js build on Session's
// public methods).
// Every public method checks its arguments and throws DescentError naming the argument and its
// allowed range before C sees them (runs given to addRun are validated like runs[] of an experiment,
// with an ExperimentError); a C status becomes a DescentError with the C message.
//
// Memory rules: C owns every buffer; views are made fresh on every read (memory may have grown) and
// copied before they leave; temporaries are freed in `finally` (Core.scoped).

import { checkBatch, checkBoolean, checkFloat32s, checkGrid, checkInt, checkMlpBatch, checkNumbers, checkSplit, describe } from './checks.js';
import { CHUNK_MS, ChunkLoop, dataToEnd, runToEnd, solveToEnd } from './chunk-loop.js';
import { now } from './clock.js';
import { validateExperiment, validateRun } from './experiment.js';
import { DescentError, ExperimentError } from './errors.js';
import { compileModule, importsFor } from './load.js';
import { Team, threadsPay } from './threads.js';
import { initParams, paramsObject, sessionResult } from './result.js';
import { diagnosticsOf, diagnosticsModelNote } from './diagnostics.js';
import { SCHEMA } from './experiment.js';
import { splitSizes } from './counting.js';
import {
  ERROR_CAP, ESTIMATE_COLUMNS, GENERATOR, HISTORY_COLUMNS, LAYOUT, LOSS, MODEL, OPTIMIZER, RUN_STATUS, SCHEDULE, STATUS, STREAM,
  dataConfig, modelConfig, optimConfig, schedConfig, trainConfig,
} from './abi.js';
import { paramCount } from './counting.js';

export { DescentError } from './errors.js';
export { CHUNK_MS, ChunkLoop, FIRST_DATA_VALUES, FIRST_SOLVE_OPS, dataToEnd, firstChunk, nextChunk, solveToEnd } from './chunk-loop.js';
export {
  GENERATOR, NOISE, LOSS, MODEL, FUNCTION, ACTIVATION, OPTIMIZER, SCHEDULE, PER, THRESHOLD_MODE, RUN_STATUS,
  HISTORY_COLUMNS, LAYOUT, LIMITS,
} from './abi.js';

const ALL_UPDATES = Number.MAX_SAFE_INTEGER; // advance(): up to the end of the budget
const HESSIAN = 'the Hessian diagnostics'; // solveStep's `what` while they are in progress
const INTERNAL = Symbol('descent engine internal'); // only this file can construct a Session
/** The kinds of each config struct that has them (configDefaults checks `kind` against these). */
const KINDS = { dsc_data_config: GENERATOR, dsc_model_config: MODEL, dsc_optim_config: OPTIMIZER, dsc_sched_config: SCHEDULE };

// ---- Core: the instance's exports and memory (private to this file) -------------------------------

class Core {
  /** team: the threads of descent-mt.wasm (threads.js), whose memory the instance imports, or null. */
  constructor(instance, team = null) {
    this.x = instance.exports;
    this.team = team;
    this.memory = team ? team.memory : this.x.memory;
    this.x._initialize?.();
    this.errorPtr = this.malloc(ERROR_CAP);
  }

  get buffer() { return this.memory.buffer; }
  f64(ptr, length) { return new Float64Array(this.buffer, ptr, length); }
  f32(ptr, length) { return new Float32Array(this.buffer, ptr, length); }
  u32(ptr, length) { return new Uint32Array(this.buffer, ptr, length); }
  i32(ptr) { return new Int32Array(this.buffer, ptr, 1)[0]; }
  readPtr(ptr) { return new DataView(this.buffer).getUint32(ptr, true); }

  malloc(bytes) {
    const ptr = this.x.malloc(Math.max(8, bytes));
    if (!ptr) throw new DescentError(`out of memory allocating ${bytes} bytes in the wasm heap`, 'ENOMEM');
    return ptr;
  }

  release(ptr) { if (ptr) this.x.free(ptr); }

  /** Runs fn(keep) and frees every block passed through keep(ptr), however fn ends. */
  scoped(fn) {
    const ptrs = [];
    try {
      return fn((ptr) => { ptrs.push(ptr); return ptr; });
    } finally {
      ptrs.forEach((p) => this.release(p));
    }
  }

  /** Copies numbers into a new heap block of f64, f32, u32 or i32 values. */
  alloc(values, type = 'f64') {
    const View = { f64: Float64Array, f32: Float32Array, u32: Uint32Array, i32: Int32Array }[type];
    const ptr = this.malloc(values.length * View.BYTES_PER_ELEMENT);
    try {
      new View(this.buffer, ptr, values.length).set(values);
    } catch (error) {
      this.release(ptr);
      throw error;
    }
    return ptr;
  }

  /**
   * A heap block laid out as the named C struct, started from the core's own defaults
   * (dsc_*_config_default, per kind where the C API has one) and overwritten by the defined values.
   */
  writeStruct(layoutName, values) {
    const ptr = this.malloc(LAYOUT[layoutName].size);
    try {
      this.fillStruct(layoutName, ptr, values);
      return ptr;
    } catch (error) {
      this.release(ptr);
      throw error;
    }
  }

  /** Writes the named C struct at ptr: the core's defaults, then the defined values. */
  fillStruct(layoutName, ptr, values) {
    const layout = LAYOUT[layoutName];
    new Uint8Array(this.buffer, ptr, layout.size).fill(0);
    this.x[`${layoutName}_default`]?.(ptr, values.kind ?? values.generator ?? 0); // the kind argument is ignored by the defaults that take none
    const view = new DataView(this.buffer);
    const put = (type, at, value) => {
      if (type === 'f64') view.setFloat64(at, value, true);
      else if (type === 'ptr') view.setUint32(at, value, true);
      else view.setInt32(at, value, true);
    };
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const field = layout.offsets[name];
      if (!field) throw new DescentError(`engine: ${layoutName} has no field ${name}`, 'EINTERNAL');
      if (field.count === undefined) put(field.type, ptr + field.offset, value);
      else if (!Array.isArray(value) || value.length !== field.count) throw new DescentError(`engine: ${layoutName}.${name} takes ${field.count} values`, 'EINTERNAL');
      else value.forEach((v, k) => put(field.type, ptr + field.offset + k * (field.type === 'f64' ? 8 : 4), v));
    }
  }

  /**
   * A dsc_sched_config for abi.js's schedConfig values: its arrays (milestones; a sequential's
   * schedulers, one block of structs, with their own milestones) go to blocks of their own, and every
   * block, the struct's included, is passed through keep (the caller frees them after the call).
   */
  writeSched(values, keep) {
    const fields = this.schedPointers(values, keep);
    return keep(this.writeStruct('dsc_sched_config', fields));
  }

  /** The struct fields of schedConfig values, its arrays replaced by pointers (blocks kept). */
  schedPointers(values, keep) {
    const { milestones, schedulers, ...fields } = values;
    if (milestones) {
      fields.milestones = keep(this.alloc(milestones, 'i32'));
      fields.n_milestones = milestones.length;
    }
    if (schedulers) {
      const { size } = LAYOUT.dsc_sched_config;
      const block = keep(this.malloc(size * schedulers.length));
      schedulers.forEach((child, i) => this.fillStruct('dsc_sched_config', block + i * size, this.schedPointers(child, keep)));
      fields.schedulers = block;
      fields.n_schedulers = schedulers.length;
    }
    return fields;
  }

  readStruct(layoutName, ptr) {
    const view = new DataView(this.buffer);
    const out = {};
    const get = (type, at) => (type === 'f64' ? view.getFloat64(at, true) : view.getInt32(at, true));
    for (const [name, { offset, type, count }] of Object.entries(LAYOUT[layoutName].offsets)) {
      out[name] = count === undefined ? get(type, ptr + offset) : Array.from({ length: count }, (_, k) => get(type, ptr + offset + k * 4));
    }
    return out;
  }

  /** A dsc_sched_config read back with its arrays (milestones, schedulers) as values. */
  readSched(ptr) {
    const c = this.readStruct('dsc_sched_config', ptr);
    const { size } = LAYOUT.dsc_sched_config;
    const ms = c.milestones >>> 0;
    const ss = c.schedulers >>> 0;
    c.milestones = ms ? Array.from(new Int32Array(this.buffer, ms, c.n_milestones)) : null;
    c.schedulers = ss ? Array.from({ length: c.n_schedulers }, (_, i) => this.readSched(ss + i * size)) : null;
    return c;
  }

  /** Throws the C message when status is not DSC_OK (sql.js handleError). */
  check(status) {
    if (status === 0) return;
    const bytes = new Uint8Array(this.buffer, this.errorPtr, ERROR_CAP);
    const end = bytes.indexOf(0);
    const message = new TextDecoder().decode(bytes.slice(0, end < 0 ? ERROR_CAP : end));
    throw new DescentError(message || `descent core failed with status ${STATUS[status] ?? status}`,
      STATUS[status] ?? String(status));
  }
}

const cores = new WeakMap(); // Engine → Core

// ---- Engine ------------------------------------------------------------------------------------------

/** A WebAssembly instance of the core. */
export class Engine {
  /**
   * Instantiates descent.wasm.
   * @param {BufferSource | Response | Promise<Response>} source the module's bytes (Node) or a fetch
   *   response (browsers: compiled while it streams).
   * @returns {Promise<Engine>}
   */
  static async load(source) {
    const module = await compileModule(source);
    const engine = new Engine(INTERNAL);
    cores.set(engine, new Core(await WebAssembly.instantiate(module, importsFor(module))));
    return engine;
  }

  /**
   * Instantiates descent-mt.wasm with `threads` threads: this one and threads − 1 workers sharing its
   * memory (threads.js). Full-batch passes of linear and logistic runs are split over them, with the
   * same bits as Engine.load's single thread; everything else runs on this thread. The workers start
   * in the background (passes stay on this thread until they are ready: await engine.threadsReady());
   * close() terminates them.
   * @param {BufferSource | Response | Promise<Response>} source descent-mt.wasm's bytes or a fetch response
   * @param {{threads: number, spawn: () => object, minBlocks?: number}} options see threads.js Team
   * @returns {Promise<Engine>}
   */
  static async loadThreaded(source, options) {
    const module = await compileModule(source);
    const team = new Team(module, options);
    const engine = new Engine(INTERNAL);
    const instance = await WebAssembly.instantiate(module, team.imports);
    cores.set(engine, new Core(instance, team));
    engine.#started = team.attach(instance.exports);
    engine.#started.catch(() => {}); // a worker that fails to start leaves its passes to this thread
    return engine;
  }

  #started = Promise.resolve();

  /** Threads this engine computes full-batch passes on (1 unless made by loadThreaded). */
  get threads() { return cores.get(this).team?.threads ?? 1; }

  /** Full-batch passes split over this engine's threads so far (0 with one thread: passes below
   *  threads.js MIN_BLOCKS blocks, or before the workers are ready, stay on this thread). */
  get sharedPasses() { return cores.get(this).team?.sharedPasses ?? 0; }

  /** Chunks of blocks (of those passes) the worker threads computed, not this one. */
  get workedChunks() { return cores.get(this).team?.workedChunks ?? 0; }

  /** Resolves when every worker of a threaded engine is ready (rejects when one failed to start). */
  threadsReady() { return this.#started; }

  /** Terminates a threaded engine's workers (its passes then stay on this thread). Safe to call twice. */
  close() { cores.get(this).team?.close(); }

  /** @private use Engine.load */
  constructor(token) {
    if (token !== INTERNAL) throw new TypeError('use Engine.load(source) to create an Engine');
  }

  /** Whether this build has the WASM SIMD kernels. */
  get simd() { return typeof cores.get(this).x.dsc_f32_lossgrad__wasmsimd === 'function'; }

  /** Bytes currently malloc'd in the wasm heap (for leak tests). */
  heapUsed() { return Number(cores.get(this).x.dsc_heap_used()); }

  /** Size of the wasm linear memory in bytes. */
  memoryBytes() { return cores.get(this).buffer.byteLength; }

  /**
   * The core's default values of a config struct, by C field name (the ABI test compares them with
   * the schema's defaults). A schedule's pointer fields come back as what they point to: milestones
   * as n_milestones numbers, schedulers as n_schedulers configs (null for NULL).
   * @param {'dsc_data_config'|'dsc_model_config'|'dsc_optim_config'|'dsc_sched_config'|'dsc_train_config'} layoutName
   * @param {number} [kind] the C enum value of the kind (the generator for data)
   */
  configDefaults(layoutName, kind = 0) {
    if (!Object.hasOwn(LAYOUT, layoutName) || !layoutName.endsWith('_config')) {
      throw new DescentError(`layoutName: must be one of ${Object.keys(LAYOUT).filter((k) => k.endsWith('_config')).join(', ')}, got ${describe(layoutName)}`);
    }
    checkInt('kind', kind, 0, Math.max(0, Object.keys(KINDS[layoutName] ?? {}).length - 1));
    const core = cores.get(this);
    return core.scoped((keep) => {
      const { offsets } = LAYOUT[layoutName];
      const ptr = keep(core.writeStruct(layoutName, offsets.generator ? { generator: kind } : offsets.kind ? { kind } : {}));
      return layoutName === 'dsc_sched_config' ? core.readSched(ptr) : core.readStruct(layoutName, ptr);
    });
  }

  /**
   * Validates an experiment and creates its data, closed-form reference and runs in the core.
   * @param {object} experiment an experiment document (validated here; see experiment.js)
   * @param {{runs?: boolean, optimum?: boolean|'steps', diagnostics?: boolean, data?: true|'steps'}} [options]
   *   runs: false creates the data only (add runs with addRun); optimum: false skips the closed-form
   *   solve (optimum null) and the Hessian diagnostics, 'steps' leaves both to session.solveStep()
   *   (solveToEnd in chunk-loop.js: a long solve in chunks, cancellable); diagnostics: false skips the
   *   Hessian diagnostics only (diagnostics null); data: 'steps' leaves generating the data to
   *   session.dataStep() (dataToEnd: in chunks, cancellable), and the rest of the session (model,
   *   closed form, runs) is made when the data are done (user data, and a function model's none, are
   *   done at once)
   * @returns {Session} free() it when done.
   */
  createSession(experiment, options = {}) {
    const { runs = true, optimum = true, diagnostics = true, data = true } = options ?? {};
    checkBoolean('runs', runs);
    if (optimum !== 'steps') checkBoolean('optimum', optimum);
    checkBoolean('diagnostics', diagnostics);
    if (data !== true && data !== 'steps') throw new DescentError(`data: must be true or "steps", got ${describe(data)}`);
    const valid = validateExperiment(experiment);
    return new Session(INTERNAL, cores.get(this), valid, { runs, optimum, diagnostics, dataSteps: data === 'steps' });
  }

  /**
   * Runs every run of an experiment on the same data split and the same initial parameters.
   * The data, the closed form and the runs go chunk by chunk; the host gets control between chunks
   * (onProgress gets {runs: [], data: {values, maxValues}} while the data are made, then as
   * solveToEnd and runToEnd give it).
   * @param {object} experiment
   * @param {{onProgress?: (p: object) => void, signal?: AbortSignal, chunkMs?: number}} [options]
   * @returns {Promise<object>} the result (see Session.result)
   */
  async run(experiment, { onProgress, signal, chunkMs = CHUNK_MS } = {}) {
    signal?.throwIfAborted();
    const session = this.createSession(experiment, { data: 'steps', optimum: 'steps' });
    try {
      await dataToEnd(session, { onProgress, signal, chunkMs });
      await solveToEnd(session, { onProgress, signal, chunkMs });
      await session.runToEnd({ onProgress, signal, chunkMs });
      return session.result();
    } finally {
      session.free();
    }
  }

  /**
   * Calls one fused loss+gradient kernel directly (tests compare the scalar and SIMD kernels).
   * Every argument is checked first: X holds n rows of d values, y n values; the batch is the first
   * `rows` rows, or the rows idx lists.
   * @param {'scalar'|'wasmsimd'} isa
   * @param {{X: ArrayLike<number>, y: ArrayLike<number>, idx?: ArrayLike<number>|null, rows: number,
   *   d: number, w: ArrayLike<number>, b: number, loss?: string, delta?: number, gradient?: boolean}} args
   *   gradient: false passes no gradient output (the loss-only pass)
   * @returns {{loss: number, grad: Float64Array | null}} sums over the batch (not means)
   */
  lossgrad(isa, { X, y, idx = null, rows, d, w, b, loss = 'mse', delta = 1, gradient = true } = {}) {
    const core = cores.get(this);
    if (isa !== 'scalar' && isa !== 'wasmsimd') throw new DescentError(`isa: must be "scalar" or "wasmsimd", got ${describe(isa)}`);
    const fn = core.x[`dsc_f32_lossgrad__${isa}`];
    if (!fn) throw new DescentError(`isa: this build has no ${isa} kernel`);
    checkBatch({ X, y, idx, rows, d, w, b, loss, delta });
    return core.scoped((keep) => {
      const xPtr = keep(core.alloc(X, 'f32'));
      const yPtr = keep(core.alloc(y, 'f32'));
      const idxPtr = idx ? keep(core.alloc(idx, 'u32')) : 0;
      const batch = keep(core.malloc(LAYOUT.dsc_batch.size));
      core.u32(batch, 5).set([xPtr, yPtr, idxPtr, rows, d]);
      const wPtr = keep(core.alloc(w, 'f32'));
      const lossPtr = keep(core.alloc([0], 'f64'));
      const gradPtr = keep(core.alloc(new Float64Array(d + 1), 'f64'));
      fn(batch, wPtr, Math.fround(b), LOSS[loss], Math.fround(delta), lossPtr, gradient ? gradPtr : 0);
      return { loss: core.f64(lossPtr, 1)[0], grad: gradient ? core.f64(gradPtr, d + 1).slice() : null };
    });
  }

  /**
   * Calls one network kernel directly (tests compare the scalar and SIMD kernels). Every argument is
   * checked first (as lossgrad's; hidden, activation and loss as the schema's model.hidden,
   * model.activation and model.loss of an mlp); params holds the network's float32 parameters in torch
   * order.
   * @param {'scalar'|'wasmsimd'} isa
   * @param {{X: ArrayLike<number>, y: ArrayLike<number>, idx?: ArrayLike<number>|null, rows: number,
   *   d: number, hidden: number[], activation?: string, loss?: 'mse'|'bce', params: ArrayLike<number>,
   *   gradient?: boolean}} args
   * @returns {{loss: number, grad: Float64Array | null}} sums over the batch (not means)
   */
  mlpLossgrad(isa, { X, y, idx = null, rows, d, hidden, activation = 'tanh', loss = 'mse', params, gradient = true } = {}) {
    const core = cores.get(this);
    if (isa !== 'scalar' && isa !== 'wasmsimd') throw new DescentError(`isa: must be "scalar" or "wasmsimd", got ${describe(isa)}`);
    const fn = core.x[`dsc_f32_mlp__${isa}`];
    if (!fn) throw new DescentError(`isa: this build has no ${isa} kernel`);
    const model = { kind: 'mlp', hidden, activation, loss };
    checkMlpBatch({ X, y, idx, rows, d, hidden, activation, loss, params }, paramCount(model, d));
    const np = params.length;
    return core.scoped((keep) => {
      const cfg = keep(core.writeStruct('dsc_model_config', modelConfig(model)));
      const scratch = keep(core.malloc(4 * Number(core.x.dsc_mlp_scratch_floats(cfg, d))));
      const xPtr = keep(core.alloc(X, 'f32'));
      const yPtr = keep(core.alloc(y, 'f32'));
      const idxPtr = idx ? keep(core.alloc(idx, 'u32')) : 0;
      const batch = keep(core.malloc(LAYOUT.dsc_batch.size));
      core.u32(batch, 5).set([xPtr, yPtr, idxPtr, rows, d]);
      const pPtr = keep(core.alloc(params, 'f32'));
      const lossPtr = keep(core.alloc([0], 'f64'));
      const gradPtr = keep(core.alloc(new Float64Array(np), 'f64'));
      fn(cfg, batch, pPtr, scratch, lossPtr, gradient ? gradPtr : 0);
      return { loss: core.f64(lossPtr, 1)[0], grad: gradient ? core.f64(gradPtr, np).slice() : null };
    });
  }
}

// ---- Random streams ------------------------------------------------------------------------------------

/**
 * Draws from one random stream of an experiment seed (PCG32 in the core, DSC_STREAM_*). It owns its
 * state, so it stays usable after the session that made it is freed; free() it.
 */
export class RandomStream {
  #core;
  #ptr;

  /** @private use session.randomStream(name) */
  constructor(token, core, seed, stream) {
    if (token !== INTERNAL) throw new TypeError('use session.randomStream(name) to create a RandomStream');
    this.#core = core;
    this.#ptr = core.malloc(LAYOUT.dsc_rng.size);
    core.x.dsc_rng_stream(this.#ptr, BigInt(seed), stream);
  }

  #live() {
    if (!this.#ptr) throw new DescentError('this random stream was freed', 'ESTATE');
    return this.#ptr;
  }

  /** Uniform in [0, 1) with 53 random bits (dsc_rng_uniform). */
  uniform() { return this.#core.x.dsc_rng_uniform(this.#live()); }

  /** A standard normal deviate (dsc_rng_normal, Box–Muller). */
  normal() { return this.#core.x.dsc_rng_normal(this.#live()); }

  /** Releases the stream's state. Safe to call twice. */
  free() {
    this.#core.release(this.#ptr);
    this.#ptr = 0;
  }
}

// ---- Session -------------------------------------------------------------------------------------------

/** One experiment inside an Engine: its data, closed-form reference and runs. Create with engine.createSession. */
export class Session {
  #core;
  #alive = false;
  #data = 0; // the dsc_data (0 for a function model: no data)
  #model = 0; // the model config struct, made once
  #scratch = 0; // np doubles: parameters evaluated by evaluate()/metrics()
  #runs = []; // {ptr, spec, timeMs}
  #defaultInit = null; // holdOut sessions: the parent's initial parameters
  #solver = 0; // the closed-form solve in progress (optimum: 'steps')
  #datagen = 0; // the data generation in progress (data: 'steps')
  #pending = null; // {runs, optimum, diagnostics} until the data are made, then null
  #sizes = {}; // nTrain, nTest, d, np once the data are made
  #hessian = 0; // the Hessian diagnostics in progress (after the solve)
  #solveOps = 0; // multiply-adds of the finished closed-form solve (progress of solveStep)

  /** @private use engine.createSession(experiment) */
  constructor(token, core, experiment, { runs = true, optimum = true, diagnostics = true, data = null, init = null, dataSteps = false } = {}) {
    if (token !== INTERNAL) throw new TypeError('use engine.createSession(experiment) to create a Session');
    this.#core = core;
    /** The normalized experiment. */
    this.experiment = experiment;
    this.#alive = true;
    this.#defaultInit = init;
    this.#pending = { runs, optimum, diagnostics };
    /**
     * nTrain, nTest, d, np: rows of the training and test splits, features per row, parameters of the
     * model. A function model has no data: one "row" (an epoch is an update), no test split, no
     * features. Reading them while the data are being made (data: 'steps') throws DescentError ESTATE.
     */
    for (const name of ['nTrain', 'nTest', 'd', 'np']) {
      Object.defineProperty(this, name, { enumerable: true, get: () => this.#ready(this.#sizes[name]) });
    }
    /** The closed-form optimum (or a function's global minimum), or null with optimumNote saying why. */
    this.optimum = null;
    this.optimumNote = 'not computed yet';
    /** The Hessian's spectrum at the optimum (diagnostics.js), or null; diagnosticsNote says why. */
    this.diagnostics = null;
    this.diagnosticsNote = 'not computed';
    try {
      const fn = experiment.model.kind === 'function';
      if (dataSteps && !fn && experiment.data.kind !== 'inline') {
        this.#datagen = this.#createGenerator();
        return; // dataStep() makes the data, then the rest
      }
      this.#data = fn ? 0 : data ? data() : this.#createData();
      this.#setUp();
    } catch (error) {
      this.free();
      throw error;
    }
  }

  /**
   * Threads this session's full-batch passes are split over: its engine's (Engine.loadThreaded) when
   * threads pay for its experiment (threads.js threadsPay: a linear or logistic model, a full-batch
   * run, at least MIN_ROWS training rows), else 1. The results have the same bits either way.
   */
  get threads() {
    const team = this.#core.team;
    return team && threadsPay(this.experiment) ? team.threads : 1;
  }

  /** The rest of the session once its data are made: sizes, model, closed form, runs. */
  #setUp() {
    const { runs, optimum, diagnostics } = this.#pending;
    const core = this.#core;
    const x = core.x;
    const fn = this.#isFunction;
    const sizes = this.#sizes;
    sizes.nTrain = fn ? 1 : x.dsc_data_n_train(this.#data);
    sizes.nTest = fn ? 0 : x.dsc_data_n_test(this.#data);
    sizes.d = fn ? 0 : x.dsc_data_d(this.#data);
    this.#pending = null;
    this.#model = core.writeStruct('dsc_model_config', modelConfig(this.experiment.model));
    sizes.np = x.dsc_model_param_count(this.#model, this.d);
    if (!(sizes.np > 0)) throw new DescentError(`model: does not fit ${this.d} input features`, 'EINVAL');
    this.#scratch = core.malloc(this.np * 8);
    this.optimumNote = 'not computed';
    if (optimum) {
      this.#startSolve();
      if (diagnostics) this.#startHessian();
    }
    if (optimum === true) while (!this.solveStep(Infinity).done); // the solve, then the diagnostics
    if (runs) for (const run of this.experiment.runs) this.#addRun(run);
  }

  /** value, unless the data are not made yet (then DescentError ESTATE). */
  #ready(value) {
    if (this.#pending) {
      throw new DescentError('the data are not made yet: call session.dataStep() until it returns done (or await dataToEnd(session)) first', 'ESTATE');
    }
    return value;
  }

  /** The generated data's config struct in the heap, its arrays in blocks of their own (all kept). */
  #dataConfig(keep) {
    const core = this.#core;
    const { data } = this.experiment;
    const values = dataConfig(data);
    if (data.weights) values.weights = keep(core.alloc(data.weights));
    if (data.scales) values.scales = keep(core.alloc(data.scales));
    if (data.coefficients) {
      values.coefficients = keep(core.alloc(data.coefficients));
      values.n_coefficients = data.coefficients.length;
    }
    return keep(core.writeStruct('dsc_data_config', values));
  }

  /** A stepped generator of the experiment's data (it copies the config: the blocks are freed here). */
  #createGenerator() {
    const core = this.#core;
    return core.scoped((keep) => {
      const out = keep(core.malloc(4));
      core.check(core.x.dsc_datagen_create(this.#dataConfig(keep), BigInt(this.experiment.seed), out, core.errorPtr));
      return core.readPtr(out);
    });
  }

  /**
   * Advances the data generation by about maxValues values (createSession with data: 'steps'); once it
   * is done, the rest of the session is made (model, the closed form as `optimum` asked, the runs) and
   * every method works. A failure then frees the session.
   * @param {number} [maxValues] an integer >= 1, or Infinity for the rest
   * @returns {{done: boolean, values: number, maxValues: number}} the generation's progress in values
   *   of X touched (generating them, then standardising: see dsc_datagen_advance); 0s when there is
   *   nothing (left) to make
   */
  dataStep(maxValues = Infinity) {
    if (!this.#alive) throw new DescentError('this session was freed', 'ESTATE');
    if (maxValues !== Infinity) checkInt('maxValues', maxValues, 1, Number.MAX_SAFE_INTEGER);
    if (!this.#datagen) return { done: true, values: 0, maxValues: 0 };
    const core = this.#core;
    const x = core.x;
    const gen = this.#datagen;
    const total = Number(x.dsc_datagen_max_values(gen));
    const done = core.scoped((keep) => {
      const flag = keep(core.malloc(4));
      const limit = maxValues === Infinity ? 2n ** 63n - 1n : BigInt(maxValues);
      core.check(x.dsc_datagen_advance(gen, limit, flag, core.errorPtr));
      return core.i32(flag) === 1;
    });
    if (!done) return { done: false, values: Number(x.dsc_datagen_values(gen)), maxValues: total };
    try {
      this.#data = core.scoped((keep) => {
        const out = keep(core.malloc(4));
        core.check(x.dsc_datagen_finish(gen, out, core.errorPtr));
        return core.readPtr(out);
      });
      x.dsc_datagen_free(gen);
      this.#datagen = 0;
      this.#setUp();
    } catch (error) {
      this.free();
      throw error;
    }
    return { done: true, values: total, maxValues: total };
  }

  #createData() {
    const core = this.#core;
    const { data, seed } = this.experiment;
    return core.scoped((keep) => {
      const out = keep(core.malloc(4));
      if (data.kind === 'inline') {
        const n = data.X.length;
        const d = data.X[0].length;
        const X = new Float32Array(n * d);
        data.X.forEach((row, i) => X.set(row, i * d));
        const xPtr = keep(core.alloc(X, 'f32'));
        const yPtr = keep(core.alloc(data.y, 'f32'));
        core.check(core.x.dsc_data_from_arrays(n, d, xPtr, yPtr, data.testFraction,
          data.standardize ? 1 : 0, BigInt(seed), out, core.errorPtr));
      } else {
        core.check(core.x.dsc_data_generate(this.#dataConfig(keep), BigInt(seed), out, core.errorPtr));
      }
      return core.readPtr(out);
    });
  }

  /**
   * Starts the closed-form least-squares (ridge) solve, for linear models with MSE and no L1 penalty; a
   * test function's known global minimum (the core's dsc_fn_minimum) is set at once.
   */
  #startSolve() {
    const { model } = this.experiment;
    if (model.kind === 'function') {
      this.optimumNote = null;
      this.optimum = this.#functionMinimum();
      return;
    }
    if (model.kind === 'mlp') {
      this.optimumNote = 'no closed form for a network';
      return;
    }
    if (model.kind !== 'linear' || model.loss !== 'mse') {
      this.optimumNote = 'closed form only for linear regression with MSE';
      return;
    }
    if (model.penalty.l1 > 0) {
      this.optimumNote = 'no closed form with an L1 penalty';
      return;
    }
    const core = this.#core;
    this.#solver = core.scoped((keep) => {
      const out = keep(core.malloc(4));
      core.check(core.x.dsc_solver_create(this.#data, model.penalty.l2, out, core.errorPtr));
      return core.readPtr(out);
    });
    this.optimumNote = 'not computed yet';
  }

  /**
   * Starts the Hessian diagnostics (the core's dsc_hessian) for linear models with MSE and logistic
   * models without an L1 penalty; other models get diagnosticsNote.
   */
  #startHessian() {
    const note = diagnosticsModelNote(this.experiment.model);
    if (note) {
      this.diagnosticsNote = note;
      return;
    }
    this.#hessian = this.#createHessian(null);
    this.diagnosticsNote = 'not computed yet';
  }

  /** A dsc_hessian at params (null: at the minimiser, or anywhere for a linear model). */
  #createHessian(params) {
    const core = this.#core;
    return core.scoped((keep) => {
      const out = keep(core.malloc(4));
      const p = params ? keep(core.alloc(params)) : 0;
      core.check(core.x.dsc_hessian_create(this.#data, this.#model, p, out, core.errorPtr));
      return core.readPtr(out);
    });
  }

  /**
   * Advances a dsc_hessian by about maxOps; returns 'running', 'done' or a failing C status.
   */
  #hessianAdvance(ptr, maxOps) {
    const core = this.#core;
    return core.scoped((keep) => {
      const done = keep(core.malloc(4));
      const limit = maxOps === Infinity ? 2n ** 63n - 1n : BigInt(maxOps);
      const st = core.x.dsc_hessian_advance(ptr, limit, done, core.errorPtr);
      return st === 0 ? (core.i32(done) ? 'done' : 'running') : st;
    });
  }

  /** The finished dsc_hessian's spectrum and point, as values. */
  #hessianValues(ptr) {
    const core = this.#core;
    const info = core.readStruct('dsc_hessian_info', core.x.dsc_hessian_result(ptr));
    const point = core.f64(core.x.dsc_hessian_point(ptr), this.np).slice();
    return { info, point };
  }

  /**
   * The Hessian diagnostics at parameters θ, in one go (diagnostics.js diagnosticsOf; `at` says
   * where): for a logistic model whose classes are separable, the point a run ended at. Linear models
   * with MSE and logistic models only.
   * @param {ArrayLike<number>} params np values
   * @param {string} at where θ comes from, in words
   * @returns {object}
   */
  diagnosticsAt(params, at) {
    this.#live();
    checkNumbers('params', params, this.np);
    const note = diagnosticsModelNote(this.experiment.model, { atPoint: true });
    if (note) throw new DescentError(`diagnosticsAt: ${note}`, 'EINVAL');
    const core = this.#core;
    const ptr = this.#createHessian(params);
    try {
      const status = this.#hessianAdvance(ptr, Infinity);
      if (status !== 'done') core.check(status);
      const { info, point } = this.#hessianValues(ptr);
      return diagnosticsOf(info, { model: this.experiment.model, at, point, d: this.d, standardized: this.experiment.data?.standardize === true });
    } finally {
      core.x.dsc_hessian_free(ptr);
    }
  }

  /** One chunk of the Hessian diagnostics (after the solve): progress, or the result set. */
  #hessianStep(maxOps) {
    const core = this.#core;
    const x = core.x;
    const status = this.#hessianAdvance(this.#hessian, maxOps);
    if (status === 'running') return false;
    try {
      if (status === 4) { // DSC_ENUMERIC: no minimiser (separable classes)
        try { core.check(status); } catch (error) { this.diagnosticsNote = error.message; }
      } else if (status !== 'done') {
        core.check(status);
      } else {
        const { info, point } = this.#hessianValues(this.#hessian);
        const { model } = this.experiment;
        this.diagnostics = diagnosticsOf(info, {
          model, at: model.kind === 'logistic' ? 'optimum' : 'everywhere', point, d: this.d,
          standardized: this.experiment.data?.standardize === true,
        });
        this.diagnosticsNote = null;
      }
    } finally {
      x.dsc_hessian_free(this.#hessian);
      this.#hessian = 0;
    }
    return true;
  }

  /**
   * Advances the closed-form solve, then the Hessian diagnostics, by about maxOps multiply-adds
   * (createSession with optimum: 'steps'); once the solve is done, `optimum` is set (or `optimumNote`
   * says why there is none), and once the diagnostics are, `diagnostics` (or `diagnosticsNote`).
   * @param {number} [maxOps] an integer >= 1, or Infinity for the rest
   * @returns {{done: boolean, ops: number, maxOps: number, what?: string}} the progress of both (0s when
   *   there is none); what: the part in progress while not done ('the closed-form optimum', 'the Hessian
   *   diagnostics')
   */
  solveStep(maxOps = Infinity) {
    this.#live();
    if (maxOps !== Infinity) checkInt('maxOps', maxOps, 1, Number.MAX_SAFE_INTEGER);
    const x = this.#core.x;
    const hessianOps = () => (this.#hessian ? Number(x.dsc_hessian_max_ops(this.#hessian)) : 0);
    if (!this.#solver) {
      if (!this.#hessian) return { done: true, ops: 0, maxOps: 0 }; // nothing (left) to do
      const max = hessianOps();
      if (this.#hessianStep(maxOps)) {
        this.#solveOps += max;
        return { done: true, ops: this.#solveOps, maxOps: this.#solveOps };
      }
      return { done: false, ops: this.#solveOps + Number(x.dsc_hessian_ops(this.#hessian)), maxOps: this.#solveOps + hessianOps(), what: HESSIAN };
    }
    const before = Number(x.dsc_solver_ops(this.#solver));
    const step = this.#solverStep(maxOps);
    if (!step.done) return { done: false, ops: step.ops, maxOps: step.maxOps + hessianOps(), what: 'the closed-form optimum' };
    this.#solveOps = step.maxOps;
    // the rest of this call's budget goes to the diagnostics, so that a small problem ends in one call
    const left = maxOps - (step.maxOps - before);
    if (this.#hessian && left >= 1) return this.solveStep(left);
    return this.#hessian
      ? { done: false, ops: this.#solveOps, maxOps: this.#solveOps + hessianOps(), what: HESSIAN }
      : { done: true, ops: this.#solveOps, maxOps: this.#solveOps };
  }

  /** One chunk of the closed-form solve. */
  #solverStep(maxOps) {
    const core = this.#core;
    const x = core.x;
    const total = Number(x.dsc_solver_max_ops(this.#solver));
    const status = core.scoped((keep) => {
      const done = keep(core.malloc(4));
      const limit = maxOps === Infinity ? 2n ** 63n - 1n : BigInt(maxOps);
      const st = x.dsc_solver_advance(this.#solver, limit, done, core.errorPtr);
      return st === 0 ? (core.i32(done) ? 'done' : 'running') : st;
    });
    if (status === 'running') return { done: false, ops: Number(x.dsc_solver_ops(this.#solver)), maxOps: total };
    try {
      if (status === 4) { // DSC_ENUMERIC: collinear features; say why, run anyway
        try { core.check(status); } catch (error) { this.optimumNote = error.message; }
      } else if (status !== 'done') {
        core.check(status);
      } else {
        const p = core.f64(x.dsc_solver_params(this.#solver), this.np).slice();
        this.optimumNote = null;
        this.optimum = {
          params: paramsObject(p, this.experiment.model, this.d),
          trainLoss: this.evaluate(p, 'train'),
          testLoss: this.evaluate(p, 'test'),
        };
      }
    } finally {
      x.dsc_solver_free(this.#solver);
      this.#solver = 0;
    }
    return { done: true, ops: total, maxOps: total };
  }

  /** A test function's global minimum (one of them when there are several), or null when unbounded. */
  #functionMinimum() {
    const core = this.#core;
    const value = core.x.dsc_fn_minimum(this.#model, this.#scratch);
    if (value === -Infinity) {
      this.optimumNote = `${this.experiment.model.function} is unbounded below: no minimum`;
      return null;
    }
    const p = core.f64(this.#scratch, 2).slice();
    return { params: paramsObject(p, this.experiment.model, 0), trainLoss: value, testLoss: null };
  }

  /** Throws ESTATE once freed, and while the data are being made (dataStep). */
  #live() {
    if (!this.#alive) throw new DescentError('this session was freed', 'ESTATE');
    this.#ready();
  }

  /** Whether the model is a test function (no data). */
  get #isFunction() { return this.experiment.model.kind === 'function'; }

  #run(i) {
    this.#live();
    checkInt('run', i, 0, this.#runs.length - 1);
    return this.#runs[i];
  }

  /** Number of runs in the session. */
  get runCount() {
    this.#live();
    return this.#runs.length;
  }

  /** The session's split pointers (private use); a function model has one "row" and no test split. */
  #splitPtrs(which) {
    const x = this.#core.x;
    if (this.#isFunction) return { X: 0, y: 0, raw: 0, n: which === 'train' ? 1 : 0 };
    return which === 'train'
      ? { X: x.dsc_data_x_train(this.#data), y: x.dsc_data_y_train(this.#data), raw: x.dsc_data_raw_train(this.#data), n: this.nTrain }
      : { X: x.dsc_data_x_test(this.#data), y: x.dsc_data_y_test(this.#data), raw: x.dsc_data_raw_test(this.#data), n: this.nTest };
  }

  /**
   * Initial parameters [w, b] for an init spec (see result.js initParams); undefined gives the
   * session's own init.
   * @returns {Float64Array}
   */
  initialParams(spec) {
    this.#live();
    if (spec === undefined && this.#defaultInit) return this.#defaultInit.slice();
    return initParams(spec ?? this.experiment.init, this);
  }

  #addRun(run) {
    const core = this.#core;
    const init = this.initialParams(run.init);
    const ptr = core.scoped((keep) => {
      const optim = keep(core.writeStruct('dsc_optim_config', optimConfig(run.optimizer)));
      const sched = core.writeSched(schedConfig(run.schedule), keep);
      const train = keep(core.writeStruct('dsc_train_config', trainConfig(run)));
      const initPtr = keep(core.alloc(init));
      const out = keep(core.malloc(4));
      try {
        core.check(core.x.dsc_run_create(this.#data, this.#model, optim, sched, train, initPtr,
          BigInt(this.experiment.seed), out, core.errorPtr));
      } catch (error) {
        error.message = `runs "${run.name}": ${error.message}`;
        throw error;
      }
      return core.readPtr(out);
    });
    // one thread: the plain kernel call over the whole batch (the same bits, without per-block calls)
    if (core.team?.threads > 1) {
      try {
        core.check(core.x.dsc_run_set_threaded(ptr, core.errorPtr));
      } catch (error) {
        core.x.dsc_run_free(ptr);
        throw error;
      }
    }
    this.#runs.push({ ptr, spec: run, timeMs: 0 });
    return this.#runs.length - 1;
  }

  /**
   * Adds a run on this session's data and returns its index (tuning: many trials, one dataset).
   * The run is validated against this session's data and model (see experiment.js validateRun).
   * @param {object} run a run as in an experiment's runs[]; without init it starts from the
   *   session's initial parameters
   * @returns {number}
   */
  addRun(run) {
    this.#live();
    const valid = validateRun(run, { experiment: this.experiment, nTrain: this.nTrain });
    const same = this.#runs.findIndex((r) => r.spec.name === valid.name);
    if (same >= 0) throw new ExperimentError([{ path: 'name', message: `must be unique, got ${JSON.stringify(valid.name)} (also run ${same})` }]);
    if (run.init === undefined) valid.init = undefined;
    return this.#addRun(valid);
  }

  /** Frees every run but keeps the data, so that new runs can be added. */
  freeRuns() {
    for (const { ptr } of this.#runs) this.#core.x.dsc_run_free(ptr);
    this.#runs = [];
  }

  /**
   * A session on this one's training split, of which round(nTrain·fraction) rows (chosen with the data
   * stream of `seed`) are held out as its test split: tuning scores trials on them. The rows are taken
   * as they are (already standardised with the training statistics); the model is this session's and
   * runs start from `init` (default: this session's initial parameters). No runs; free() it.
   * Its `experiment` is this session's with `seed` replaced (its `data` still describes the parent's
   * dataset, as the tuning's fit session always did; nTrain/nTest give the held-out sizes).
   * @param {{fraction: number, seed: number, init?: ArrayLike<number>}} options
   * @returns {Session}
   */
  holdOut({ fraction, seed, init } = {}) {
    this.#live();
    if (this.#isFunction) throw new DescentError('holdOut: a function model has no data to hold out', 'EINVAL');
    const range = SCHEMA.tune.fields.validationFraction; // the same range as tune.validationFraction
    if (typeof fraction !== 'number' || !(fraction > range.gt && fraction <= range.max)) {
      throw new DescentError(`fraction: must be a number in (${range.gt}, ${range.max}], got ${describe(fraction)}`);
    }
    const kept = splitSizes({ kind: 'linear', n: this.nTrain, testFraction: fraction });
    if (kept.nTest < 1 || kept.nTrain < 1) {
      throw new DescentError(`fraction: ${fraction} of ${this.nTrain} training rows holds out ${kept.nTest} and keeps ${kept.nTrain}; both must be >= 1`);
    }
    checkInt('seed', seed, 0, 4294967295);
    const start = Float64Array.from(checkNumbers('init', init ?? this.initialParams(), this.np));
    const core = this.#core;
    const { X, y, n } = this.#splitPtrs('train');
    const data = () => core.scoped((keep) => {
      const out = keep(core.malloc(4));
      core.check(core.x.dsc_data_from_arrays(n, this.d, X, y, fraction, 0, BigInt(seed), out, core.errorPtr));
      return core.readPtr(out);
    });
    const experiment = { ...this.experiment, seed, runs: [], tune: null };
    return new Session(INTERNAL, core, experiment, { runs: false, data, init: start });
  }

  /** Checks params and split, copies params into the scratch slab, and returns the split's pointers. */
  #stage(params, split) {
    this.#live();
    checkNumbers('params', params, this.np);
    checkSplit(split);
    const s = this.#splitPtrs(split);
    if (s.n > 0) this.#core.f64(this.#scratch, this.np).set(params);
    return s;
  }

  /**
   * Evaluates parameters θ as the history columns do: 'train' gives the training objective (penalty
   * included; a function model: f(θ)), 'test' the data loss on the test split (NaN without one).
   * @param {ArrayLike<number>} params np values
   * @param {'train'|'test'} [split]
   * @returns {number}
   */
  evaluate(params, split = 'train') {
    const s = this.#stage(params, split);
    if (s.n === 0) return NaN;
    const core = this.#core;
    const fn = split === 'train' ? core.x.dsc_model_objective : core.x.dsc_model_loss;
    return fn(this.#model, s.X, s.y, s.n, this.d, this.#scratch);
  }

  /**
   * Metrics of parameters on one split, named for the model's family, or null for an empty split:
   * regression (linear, mlp with MSE) {mse, rmse, mae, r2}; classification (logistic, mlp with BCE)
   * {logLoss, accuracy}; a function model on 'train' {value, gradientNorm} (f(θ) and ‖∇f(θ)‖: near 0 at
   * a stationary point, which may be a saddle).
   * @param {ArrayLike<number>} params np values
   * @param {'train'|'test'} split
   * @returns {{mse, rmse, mae, r2} | {logLoss, accuracy} | {value, gradientNorm} | null}
   */
  metrics(params, split) {
    const s = this.#stage(params, split);
    if (s.n === 0) return null;
    if (this.#isFunction) {
      const { value, grad } = this.gradient(params);
      return { value, gradientNorm: Math.hypot(...grad) };
    }
    const core = this.#core;
    const m = core.scoped((keep) => {
      const out = keep(core.malloc(LAYOUT.dsc_metrics.size));
      core.x.dsc_model_metrics(this.#model, s.X, s.y, s.n, this.d, this.#scratch, out);
      return core.readStruct('dsc_metrics', out);
    });
    return this.experiment.model.loss === 'bce'
      ? { logLoss: m.log_loss, accuracy: m.accuracy }
      : { mse: m.mse, rmse: m.rmse, mae: m.mae, r2: m.r2 };
  }

  /**
   * The training objective at θ and its gradient (the mean over the training split, penalty included;
   * a function model: f and the exact ∇f, without noise), computed by the core as the trainer does.
   * @param {ArrayLike<number>} params np values
   * @returns {{value: number, grad: Float64Array}}
   */
  gradient(params) {
    const s = this.#stage(params, 'train');
    const core = this.#core;
    return core.scoped((keep) => {
      const grad = keep(core.malloc(this.np * 8));
      const value = core.x.dsc_model_objective_grad(this.#model, s.X, s.y, s.n, this.d, this.#scratch, grad);
      return { value, grad: core.f64(grad, this.np).slice() };
    });
  }

  /**
   * The model's outputs for rows of inputs in the model's feature space (after feature expansion and
   * standardisation, as split() returns X): linear x·w + b, logistic σ(x·w + b), mlp its output (MSE)
   * or P(y = 1) = σ(z) (BCE), computed by the core (a network's z in float32 in the kernels' order).
   * @param {ArrayLike<number>} params np values
   * @param {ArrayLike<number>} X rows × d values, row-major, finite float32
   * @returns {Float64Array} one output per row
   */
  predict(params, X) {
    this.#live();
    if (this.#isFunction) throw new DescentError('predict: a function model has no inputs; see functionGrid', 'EINVAL');
    checkNumbers('params', params, this.np);
    checkFloat32s('X', X);
    if (X.length === 0 || X.length % this.d !== 0) throw new DescentError(`X: must hold whole rows of d = ${this.d} values, got ${X.length} values`);
    const core = this.#core;
    const n = X.length / this.d;
    return core.scoped((keep) => {
      const xPtr = keep(core.alloc(X, 'f32'));
      const pPtr = keep(core.alloc(params));
      const out = keep(core.malloc(n * 8));
      core.check(core.x.dsc_model_predict(this.#model, xPtr, n, this.d, pPtr, out, core.errorPtr));
      return core.f64(out, n).slice();
    });
  }

  /**
   * The model's outputs (see predict) on an nx × ny grid of 2-D inputs, for drawing decision regions:
   * values[j·nx + i] at (x_i, y_j), x_i = x[0] + (x[1] − x[0])·i/(nx − 1). The model needs d = 2.
   * With space "raw" the grid is in the data's raw coordinates and is standardised with the training
   * statistics (featureStats) before the model sees it; "model" (default) takes it as the model's
   * features.
   * @param {ArrayLike<number>} params np values
   * @param {{x: [number, number, number], y: [number, number, number], space?: 'model'|'raw'}} grid
   *   [min, max, points], points in 1..LIMITS.grid
   * @returns {{x: Float64Array, y: Float64Array, values: Float64Array}}
   */
  outputGrid(params, { x, y, space = 'model' } = {}) {
    this.#live();
    if (this.#isFunction || this.d !== 2) throw new DescentError(`outputGrid: needs a model of 2 input features, this one has ${this.d}`, 'EINVAL');
    if (space !== 'model' && space !== 'raw') throw new DescentError(`space: must be "model" or "raw", got ${describe(space)}`);
    const xs = checkGrid('x', x);
    const ys = checkGrid('y', y);
    const { mean, scale } = space === 'raw' ? this.featureStats() : { mean: [0, 0], scale: [1, 1] };
    const X = new Float32Array(2 * xs.length * ys.length);
    ys.forEach((v, j) => xs.forEach((u, i) => {
      const k = 2 * (j * xs.length + i);
      X[k] = (u - mean[0]) / scale[0];
      X[k + 1] = (v - mean[1]) / scale[1];
    }));
    return { x: xs, y: ys, values: this.predict(params, X) };
  }

  /**
   * A function model's f on an nx × ny grid of θ = (x, y), computed by the core (dsc_fn_grid):
   * values[j·nx + i] = f(x_i, y_j), x_i = x[0] + (x[1] − x[0])·i/(nx − 1) (x[0] when nx = 1).
   * @param {{x: [number, number, number], y: [number, number, number]}} grid [min, max, points],
   *   points in 1..LIMITS.grid
   * @returns {{x: Float64Array, y: Float64Array, values: Float64Array}}
   */
  functionGrid({ x, y } = {}) {
    this.#live();
    if (!this.#isFunction) throw new DescentError(`functionGrid: needs a function model, this one is ${this.experiment.model.kind}`, 'EINVAL');
    const xs = checkGrid('x', x);
    const ys = checkGrid('y', y);
    const core = this.#core;
    return core.scoped((keep) => {
      const out = keep(core.malloc(8 * xs.length * ys.length));
      core.check(core.x.dsc_fn_grid(this.#model, x[0], x[1], x[2], y[0], y[1], y[2], out, core.errorPtr));
      return { x: xs, y: ys, values: core.f64(out, xs.length * ys.length).slice() };
    });
  }

  /**
   * Draws from one of the experiment seed's random streams (the core's PCG32 streams). free() it.
   * @param {'data'|'init'|'shuffle'|'tune'} name
   * @returns {RandomStream}
   */
  randomStream(name) {
    this.#live();
    if (!Object.hasOwn(STREAM, name)) throw new DescentError(`stream: must be one of ${Object.keys(STREAM).join(', ')}, got ${describe(name)}`);
    return new RandomStream(INTERNAL, this.#core, this.experiment.seed, STREAM[name]);
  }

  /** The normalized run i (as validated: its optimizer, schedule, batch size, ...). */
  runSpec(i) { return this.#run(i).spec; }

  /** Status name of run i. */
  status(i) { return RUN_STATUS[this.#core.x.dsc_run_status_of(this.#run(i).ptr)]; }

  /** Current parameters θ of run i (a copy; linear/logistic [w_0..w_{d-1}, b]). */
  params(i) { return this.#core.f64(this.#core.x.dsc_run_params(this.#run(i).ptr), this.np).slice(); }

  /** Iteration of the state at which run i diverged, or null. */
  divergedAt(i) {
    const at = Number(this.#core.x.dsc_run_diverged_at(this.#run(i).ptr));
    return at < 0 ? null : at;
  }

  /** The record cadence k run i uses (resolved when record.every is "auto"). */
  recordEvery(i) { return this.#core.x.dsc_run_record_every(this.#run(i).ptr); }

  /** Milliseconds run i has spent in advance() so far. */
  timeMs(i) { return this.#run(i).timeMs; }

  /**
   * Copies of one split as the core holds it: X (rows × d, float32, after feature expansion and
   * standardisation), y, and for 1-D generators the raw x before expansion (else null). With maxRows,
   * every k-th row (k = ⌈n/maxRows⌉), so plotting a million rows copies only what is drawn.
   * @param {'train'|'test'} which
   * @param {number} [maxRows]
   * @returns {{X: Float32Array, y: Float32Array, raw: Float32Array|null, n: number, d: number, step: number}}
   */
  split(which, maxRows = Infinity) {
    this.#live();
    checkSplit(which);
    if (maxRows !== Infinity) checkInt('maxRows', maxRows, 1, Number.MAX_SAFE_INTEGER);
    const core = this.#core;
    const { d } = this;
    const s = this.#splitPtrs(which);
    const total = this.#data ? s.n : 0;
    const step = Math.max(1, Math.ceil(total / maxRows));
    const n = Math.ceil(total / step);
    const pick = (ptr, cols) => {
      if (!ptr || total === 0) return null;
      const all = core.f32(ptr, total * cols);
      if (step === 1) return all.slice();
      const out = new Float32Array(n * cols);
      for (let r = 0; r < n; r++) out.set(all.subarray(r * step * cols, (r * step + 1) * cols), r * cols);
      return out;
    };
    return {
      X: pick(s.X, d) ?? new Float32Array(0),
      y: pick(s.y, 1) ?? new Float32Array(0),
      raw: pick(s.raw, 1),
      n,
      d,
      step,
    };
  }

  /** Standardisation statistics of the features (mean 0 and scale 1 when not standardised). */
  featureStats() {
    this.#live();
    if (!this.#data) return { mean: new Float64Array(0), scale: new Float64Array(0) };
    const core = this.#core;
    return {
      mean: core.f64(core.x.dsc_data_feature_mean(this.#data), this.d).slice(),
      scale: core.f64(core.x.dsc_data_feature_scale(this.#data), this.d).slice(),
    };
  }

  /**
   * Advances run i by up to maxUpdates updates (default: to the end of its budget). Returns its status name.
   * @param {number} i @param {number} [maxUpdates] an integer >= 1
   */
  advance(i, maxUpdates = ALL_UPDATES) {
    const run = this.#run(i);
    checkInt('maxUpdates', maxUpdates, 1, ALL_UPDATES);
    const core = this.#core;
    const start = now();
    try {
      return core.scoped((keep) => {
        const statusPtr = keep(core.malloc(4));
        core.check(core.x.dsc_run_advance(run.ptr, BigInt(maxUpdates), statusPtr, core.errorPtr));
        return RUN_STATUS[core.i32(statusPtr)];
      });
    } finally {
      run.timeMs += now() - start;
    }
  }

  /**
   * Progress of run i: name, status, updates applied and the budget, epoch, samples (rows whose
   * gradient was evaluated) and the samples its budget implies, both counted by the core, and the
   * history length.
   */
  progress(i) {
    const { ptr, spec } = this.#run(i);
    const x = this.#core.x;
    return {
      name: spec.name,
      status: this.status(i),
      iteration: Number(x.dsc_run_iteration(ptr)),
      maxIterations: Number(x.dsc_run_max_iterations(ptr)),
      epoch: x.dsc_run_epoch(ptr),
      samples: Number(x.dsc_run_samples(ptr)),
      maxSamples: Number(x.dsc_run_max_samples(ptr)),
      points: x.dsc_run_history_len(ptr),
      estimatePoints: x.dsc_run_estimate_len(ptr),
    };
  }

  /**
   * Copies history columns of run i from point `from` on (param0/param1 only for models of at most
   * 2 parameters).
   * @returns {{iteration: Float64Array, epoch, samples, lr, trainLoss, testLoss, param0?, param1?}}
   */
  history(i, from = 0) {
    const { ptr } = this.#run(i);
    const core = this.#core;
    const len = core.x.dsc_run_history_len(ptr);
    checkInt('from', from, 0, len);
    const out = {};
    HISTORY_COLUMNS.forEach((name, c) => {
      if (this.np > 2 && (name === 'param0' || name === 'param1')) return; // recorded for <= 2 parameters only
      out[name] = core.f64(core.x.dsc_run_history(ptr, c), len).slice(from);
    });
    return out;
  }

  /**
   * Updates between two points of run i's running estimate, or 0 when it keeps none (full batch, or a
   * history at least as dense). See estimate().
   */
  estimateEvery(i) { return this.#core.x.dsc_run_estimate_every(this.#run(i).ptr); }

  /**
   * Copies run i's running estimate from point `from` on: a mini-batch run whose history is sparse
   * (evaluating the whole training split often would cost more than training) records, every
   * estimateEvery(i) updates and at its end, the batch-size-weighted mean of the batch objectives since
   * the previous point — the running loss a training log prints, not the training objective. Empty
   * arrays when the run keeps none.
   * @returns {{iteration: Float64Array, epoch: Float64Array, samples: Float64Array, batchLoss: Float64Array}}
   */
  estimate(i, from = 0) {
    const { ptr } = this.#run(i);
    const core = this.#core;
    const len = core.x.dsc_run_estimate_len(ptr);
    checkInt('from', from, 0, len);
    const column = (c) => (len ? core.f64(core.x.dsc_run_estimate(ptr, c), len).slice(from) : new Float64Array(0));
    const samples = column(ESTIMATE_COLUMNS.indexOf('samples'));
    return {
      iteration: column(ESTIMATE_COLUMNS.indexOf('iteration')),
      epoch: samples.map((v) => v / this.nTrain),
      samples,
      batchLoss: column(ESTIMATE_COLUMNS.indexOf('batchLoss')),
    };
  }

  /** Rows per update of run i: its batch size (the training-set size for full batch). */
  batchRows(i) {
    const batch = this.#run(i).spec.batchSize;
    return batch === 'full' ? this.nTrain : batch;
  }

  /**
   * A loop that advances the running runs round by round (see ChunkLoop).
   * @param {{chunkMs?: number, updates?: number|number[]|null, stopEvery?: number[]|null}} [options]
   *   updates: stop each run after that many (or per run); stopEvery: chunks end at multiples of these
   * @returns {ChunkLoop}
   */
  loop({ chunkMs = CHUNK_MS, updates = null, stopEvery = null } = {}) {
    this.#live();
    return new ChunkLoop(this, { chunkMs, updates, stopEvery });
  }

  /** Runs all runs to their end, yielding to the host between rounds (see chunk-loop.js runToEnd). */
  runToEnd(options) { return runToEnd(this, options); }

  /** The result of every run so far (copies: safe to keep after free()). */
  result() {
    this.#live();
    return sessionResult(this);
  }

  /** Frees the runs and the data. Safe to call twice. */
  free() {
    const core = this.#core;
    this.freeRuns();
    if (this.#solver) core.x.dsc_solver_free(this.#solver);
    this.#solver = 0;
    if (this.#datagen) core.x.dsc_datagen_free(this.#datagen);
    this.#datagen = 0;
    if (this.#hessian) core.x.dsc_hessian_free(this.#hessian);
    this.#hessian = 0;
    core.release(this.#scratch);
    core.release(this.#model);
    if (this.#data) core.x.dsc_data_free(this.#data);
    this.#alive = false;
    this.#data = 0;
    this.#model = 0;
    this.#scratch = 0;
  }
}
