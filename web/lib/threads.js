// threads.js — deterministic threads for full-batch epochs (no DOM, no Node built-ins: the host passes
// a function that starts a worker). descent-mt.wasm imports its memory; a Team makes that memory
// shared, starts `threads − 1` workers that each instantiate the same module on it, and provides the
// module's import dsc_threads_blocks(job, blocks): the calling thread and the workers compute the
// blocks of one fused pass, chunk by chunk (dsc_lossgrad_blocks), and the call returns when all are
// done. The core then adds the blocks' partials in block order (core/src/parallel.c), so the result
// has the same bits whatever the number of threads, whichever thread computed which block, and
// whether the workers had started yet: until they are ready, and for passes of fewer than minBlocks
// blocks (waking them would cost more than it saves), the calling thread computes every block itself.
//
// Synchronisation: one Int32Array over a small SharedArrayBuffer, with Atomics.wait/notify. The blocks
// of a pass are dealt in chunks (CHUNKS_PER_THREAD per thread, at least MIN_CHUNK_BLOCKS blocks each)
// that every thread, the caller too, claims one after the other from a shared counter, so that a
// thread the system runs less computes fewer of them. A worker joins a pass only while it is open:
// the caller writes the job, opens the pass (STATE: its generation, not closed, nobody joined), bumps
// GEN and computes chunks itself; a worker woken on GEN joins (a compare-exchange on STATE) unless the
// pass is closed or newer, claims chunks until none is left and counts itself DONE. Once no chunk is
// left, the caller closes the pass (no more joins) and waits only for the workers that joined: a
// worker the system has not run yet costs the pass nothing, and never touches a job that is over.
// Only the calling thread mallocs (the worker stacks, before any pass); a worker touches nothing
// but its blocks' rows of the partials, on a stack of its own (its instance's stack pointer starts at
// the linker's stack, which is the calling thread's).

import { splitSizes } from './counting.js';
import { DescentError } from './errors.js';
import { importsFor } from './load.js';

/** Threads a Team may have. */
export const MAX_THREADS = 64;
/** Threads a host's default asks for at most (its parallelism above this is left to other work). */
export const MAX_DEFAULT_THREADS = 8;
/** Passes of fewer blocks (DSC_BLOCK_ROWS = 64 rows each) stay on the calling thread. */
export const MIN_BLOCKS = 256;
/** Training rows below which threads do not pay: MIN_BLOCKS blocks of DSC_BLOCK_ROWS (64) rows. */
export const MIN_ROWS = MIN_BLOCKS * 64;
const STACK_BYTES = 256 * 1024; // a worker's stack: the kernels keep a few KB of block sums there
// descent-mt.wasm's memory import (CMakeLists.txt: INITIAL_MEMORY 16 MB, MAXIMUM_MEMORY 4 GB), in pages
const MEMORY = { initial: 256, maximum: 65536 };
// the control words (Int32 indices)
const GEN = 0; // bumped by the caller for every pass the workers share
const JOB = 1; // the job's address
const DONE = 2; // workers that joined the current pass and are done with it
const FAILED = 3; // 1 when a worker's pass threw
const BLOCKS = 4; // blocks of the current pass
const CHUNK = 5; // blocks per chunk of the current pass
const NEXT = 6; // the next chunk to claim
const WORKED = 7; // chunks the workers (not the caller) have computed, all passes together
const STATE = 8; // the current pass: (GEN mod 2^23)·256 + CLOSED + workers that joined (< 128)
const CONTROL_WORDS = 9;
const CLOSED = 128; // in STATE: no more workers may join
const passTag = (gen) => (gen & 0x7fffff) * 256;
/** Chunks dealt per thread and pass (more: finer balance between threads, more claims). */
const CHUNKS_PER_THREAD = 8;
/** The fewest blocks in a chunk (a claim costs an atomic add and a call into the module). */
const MIN_CHUNK_BLOCKS = 8;

/**
 * Claims chunks of the current pass and computes their blocks until none is left.
 * @param {Int32Array} c the control words @param {object} x the module's exports
 */
function claimChunks(c, x, worker) {
  const job = c[JOB];
  const blocks = c[BLOCKS];
  const chunk = c[CHUNK];
  let claimed = 0;
  for (let first; (first = Atomics.add(c, NEXT, 1) * chunk) < blocks; claimed += 1) {
    x.dsc_lossgrad_blocks(job, first, Math.min(blocks, first + chunk));
  }
  if (worker && claimed) Atomics.add(c, WORKED, claimed);
}

/**
 * Whether this context can share a WebAssembly.Memory with workers: SharedArrayBuffer exists, and a
 * page (or its workers) is cross-origin isolated (served with COOP/COEP headers, as scripts/serve.mjs
 * does). Node always can.
 */
export function threadsSupported() {
  return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated !== false;
}

/**
 * Checks a thread count: an integer in 1..MAX_THREADS, else a DescentError naming `threads`.
 * @param {unknown} threads
 * @returns {number}
 */
export function checkThreads(threads) {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new DescentError(`threads: must be an integer in 1..${MAX_THREADS}, got ${typeof threads === 'string' ? JSON.stringify(threads) : String(threads)}`);
  }
  return threads;
}

/**
 * Whether threads pay for a normalized experiment: its model is linear or logistic (the fused kernel
 * whose passes are split; core/src/train.c dsc_run_set_threaded), some run takes full-batch steps,
 * and the training split has at least MIN_ROWS rows (smaller passes stay on the calling thread).
 * @param {object} experiment normalized (validateExperiment)
 * @returns {boolean}
 */
export function threadsPay(experiment) {
  const { kind } = experiment.model;
  if (kind !== 'linear' && kind !== 'logistic') return false;
  const { nTrain } = splitSizes(experiment.data);
  return nTrain >= MIN_ROWS && experiment.runs.some((run) => run.batchSize === 'full' || run.batchSize >= nTrain);
}

/**
 * Whether a run without a thread count splits its passes by default. Not yet: measured idle on the
 * 2-core VM (npm run bench:threads, n = 1e6, d = 16), 2 threads took ×0.95 the time of descent.wasm
 * per pass (median; ×0.67 on cache-sized data), because a kernel call per 64-row block does 1.78× the
 * work of one call over the batch. Threads are asked for (--threads N, run(e, {threads}), ?threads=N in
 * the page) until a per-block entry point removes that overhead; the rule below is what the default
 * becomes then.
 */
export const THREADS_BY_DEFAULT = false;

/**
 * The default thread count of a normalized experiment on a host that offers `offered` (Node's
 * os.availableParallelism(), a browser's navigator.hardwareConcurrency): with `byDefault`, that many,
 * at most MAX_DEFAULT_THREADS, when threads pay (threadsPay), else 1; without it, 1.
 * @param {object} experiment normalized
 * @param {number} offered
 * @param {boolean} [byDefault]
 * @returns {number}
 */
export function defaultThreads(experiment, offered, byDefault = THREADS_BY_DEFAULT) {
  if (!byDefault || !threadsPay(experiment)) return 1;
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, Math.floor(offered) || 1));
}

/** A message listener on a Node worker_threads Worker or a Web Worker. */
function onMessage(worker, listener) {
  if (typeof worker.on === 'function') worker.on('message', listener);
  else worker.addEventListener('message', (event) => listener(event.data));
}

function onError(worker, listener) {
  if (typeof worker.on === 'function') worker.on('error', listener);
  else worker.addEventListener('error', (event) => listener(event.error ?? new Error(event.message)));
}

/**
 * The threads of one descent-mt.wasm engine. Make it, instantiate the module with team.imports, then
 * attach(exports); close() terminates the workers.
 */
export class Team {
  /**
   * @param {WebAssembly.Module} module descent-mt.wasm
   * @param {{threads: number, spawn: () => object, minBlocks?: number}} options threads: 1..64 (1: no
   *   workers); spawn: starts one worker running runThread (threads-worker-node.js, threads-worker.js)
   *   and returns it (a worker_threads Worker or a Web Worker); minBlocks: passes with fewer blocks
   *   stay on the calling thread (default MIN_BLOCKS)
   */
  constructor(module, { threads, spawn, minBlocks = MIN_BLOCKS }) {
    checkThreads(threads);
    if (threads > 1 && !threadsSupported()) throw new DescentError('threads: this context has no SharedArrayBuffer (a page must be cross-origin isolated)');
    this.threads = threads;
    this.module = module;
    this.minBlocks = minBlocks;
    this.memory = new WebAssembly.Memory({ ...MEMORY, shared: true });
    this.control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
    this.workers = [];
    this.ready = false;
    this.closed = false;
    this.exports = null;
    /** Passes split over the workers so far (the others stayed on the calling thread). */
    this.sharedPasses = 0;
    /** The import object of the calling thread's instance. */
    this.imports = importsFor(module, {
      env: { memory: this.memory, dsc_threads_blocks: (job, blocks) => this.#blocks(job, blocks) },
    });
    this.spawn = spawn;
  }

  /**
   * Takes the calling thread's instance and starts the workers, each on a stack malloc'd here.
   * @returns {Promise<void>} resolves when every worker is waiting for passes
   */
  attach(exports) {
    this.exports = exports;
    this.stacks = [];
    const started = [];
    for (let k = 1; k < this.threads; k++) {
      const base = exports.malloc(STACK_BYTES);
      if (!base) throw new DescentError(`out of memory allocating a ${STACK_BYTES}-byte thread stack`, 'ENOMEM');
      this.stacks.push(base);
      const worker = this.spawn();
      this.workers.push(worker);
      started.push(new Promise((resolve, reject) => {
        onMessage(worker, (message) => (message?.error ? reject(new DescentError(`thread ${k}: ${message.error}`)) : resolve()));
        onError(worker, reject);
      }));
      // the stack grows down from its 16-byte aligned top
      worker.postMessage({ module: this.module, memory: this.memory, control: this.control, stackTop: (base + STACK_BYTES) & ~15 });
    }
    this.started = Promise.all(started).then(() => {
      this.ready = !this.closed;
      // Node worker_threads workers, once started: they only ever work inside the calling thread's
      // passes, so they must not keep the process alive
      for (const worker of this.workers) worker.unref?.();
    });
    return this.started;
  }

  /** dsc_threads_blocks: computes blocks [0, blocks) of the job at address job; returns when done. */
  #blocks(job, blocks) {
    const x = this.exports;
    const c = this.control;
    const n = this.workers.length;
    if (n === 0 || !this.ready || blocks < Math.max(this.minBlocks, n + 1)) {
      x.dsc_lossgrad_blocks(job, 0, blocks);
      return;
    }
    this.sharedPasses += 1;
    c[JOB] = job;
    c[BLOCKS] = blocks;
    c[CHUNK] = Math.max(MIN_CHUNK_BLOCKS, Math.ceil(blocks / (CHUNKS_PER_THREAD * (n + 1))));
    Atomics.store(c, NEXT, 0);
    Atomics.store(c, DONE, 0);
    const gen = (Atomics.load(c, GEN) + 1) | 0;
    Atomics.store(c, STATE, passTag(gen)); // open: publishes the words above to the workers that join
    Atomics.store(c, GEN, gen);
    Atomics.notify(c, GEN);
    claimChunks(c, x, false);
    let state = Atomics.load(c, STATE);
    for (let seen; (seen = Atomics.compareExchange(c, STATE, state, state | CLOSED)) !== state;) state = seen;
    const joined = state & (CLOSED - 1);
    for (let done; (done = Atomics.load(c, DONE)) < joined;) Atomics.wait(c, DONE, done);
    if (Atomics.exchange(c, FAILED, 0)) throw new DescentError('threads: a worker failed during a pass', 'EINTERNAL');
  }

  /** Chunks of blocks the workers (not the calling thread) have computed so far. */
  get workedChunks() { return Atomics.load(this.control, WORKED); }

  /** Terminates the workers and frees their stacks. Safe to call twice. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.ready = false;
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    for (const base of this.stacks ?? []) this.exports.free(base);
    this.stacks = [];
  }
}

/**
 * A worker's body: instantiates descent-mt.wasm on the shared memory, moves to its own stack, reports
 * ready through `post`, then claims chunks of every pass until it is terminated.
 * @param {{module: WebAssembly.Module, memory: WebAssembly.Memory, control: Int32Array,
 *   stackTop: number}} message the Team's start message
 * @param {(message: object) => void} post
 */
export async function runThread({ module, memory, control, stackTop }, post) {
  let x;
  try {
    const imports = importsFor(module, { env: { memory } });
    x = (await WebAssembly.instantiate(module, imports)).exports; // memory already initialised: the start function skips it
    x.stackRestore(stackTop);
  } catch (error) {
    post({ error: error.message });
    return;
  }
  post({ ready: true });
  for (let gen = Atomics.load(control, GEN); ;) {
    Atomics.wait(control, GEN, gen);
    gen = Atomics.load(control, GEN);
    // join pass `gen` if it is still open (else wait for the next one)
    const open = passTag(gen);
    let joined = false;
    for (let state = Atomics.load(control, STATE); (state & ~(CLOSED - 1)) === open;) {
      const seen = Atomics.compareExchange(control, STATE, state, state + 1);
      if (seen === state) {
        joined = true;
        break;
      }
      state = seen;
    }
    if (!joined) continue;
    try {
      claimChunks(control, x, true);
    } catch {
      Atomics.store(control, FAILED, 1);
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}
