// chunk-loop.js — the one chunk loop. Training goes round by round: each round gives every running run
// one chunk of updates, sized to take about chunkMs, and the host gets control between rounds (to show
// progress, to take a cancel). Session.runToEnd and the page's worker both drive a ChunkLoop; it uses
// only the session's public methods.

import { checkInt, checkPositive } from './checks.js';
import { now, yieldToHost } from './clock.js';
import { DescentError } from './errors.js';

/** How long a chunk should take, in ms: long enough to amortise a call, short enough to stay responsive. */
export const CHUNK_MS = 15;
const FIRST_CHUNK_VALUES = 1e6; // values of X a run's first chunk may touch

/**
 * Updates in a run's first chunk: about FIRST_CHUNK_VALUES values of X (~1 ms), so that a small run —
 * the seed experiment's 1,000 updates of <= 80 rows — finishes in one WASM call while a large one does
 * not start with a long chunk. Later chunks come from nextChunk().
 * @param {number} rows rows per update (the batch size) @param {number} np parameters
 * @returns {number}
 */
export function firstChunk(rows, np) {
  return Math.max(1, Math.min(1 << 30, Math.floor(FIRST_CHUNK_VALUES / (rows * np))));
}

/**
 * The size of a run's next chunk after one of `size` updates took `ms`: scaled to last about chunkMs,
 * growing at most 1024× at a time (browser timers are coarse, so a 0 ms chunk says little).
 * @param {number} size @param {number} ms @param {number} chunkMs @returns {number}
 */
export function nextChunk(size, ms, chunkMs) {
  const scale = ms > 0 ? Math.min(1024, chunkMs / ms) : 1024;
  return Math.max(1, Math.min(1 << 30, Math.floor(size * scale)));
}

/** Advances the running runs of a session round by round (create it with session.loop()). */
export class ChunkLoop {
  #session;
  #chunk;
  #left;
  #active;
  #stops;
  #iteration;

  /**
   * @param {import('./engine.js').Session} session
   * @param {{chunkMs?: number, updates?: number|number[]|null, stopEvery?: number[]|null}} [options]
   *   updates: stop each run after that many updates (one number for all, or one per run);
   *   stopEvery: per run k >= 1, chunks end at multiples of k updates (the page's worker reads the
   *   parameters there); the training is the same however it is chunked
   */
  constructor(session, { chunkMs = CHUNK_MS, updates = null, stopEvery = null } = {}) {
    if (!Number.isInteger(session?.runCount)) throw new DescentError('session: must be a Session (use session.loop())');
    checkPositive('chunkMs', chunkMs);
    const n = session.runCount;
    const perRun = (name, value) => {
      if (!Array.isArray(value) || value.length !== n) throw new DescentError(`${name}: must be one number per run (${n}), got ${Array.isArray(value) ? `${value.length} numbers` : typeof value}`);
      value.forEach((v, i) => checkInt(`${name}[${i}]`, v, 1, Number.MAX_SAFE_INTEGER));
      return value.slice();
    };
    if (updates !== null && !Array.isArray(updates)) checkInt('updates', updates, 1, Number.MAX_SAFE_INTEGER);
    this.#session = session;
    this.chunkMs = chunkMs;
    this.#chunk = Array.from({ length: n }, (_, i) => firstChunk(session.batchRows(i), session.np));
    this.#left = Array.isArray(updates) ? perRun('updates', updates) : new Array(n).fill(updates ?? Infinity);
    this.#stops = stopEvery === null ? null : perRun('stopEvery', stopEvery);
    this.#iteration = Array.from({ length: n }, (_, i) => session.progress(i).iteration);
    this.#active = [...Array(n).keys()].filter((i) => this.#runs(i));
  }

  #runs(i) { return this.#session.status(i) === 'running' && this.#left[i] > 0; }

  /** True when no run has updates left in this loop (ended, or made its `updates`). */
  get done() { return this.#active.length === 0; }

  /**
   * One round: every active run advances by one chunk.
   * @param {(i: number) => void} [afterChunk] called after each run's chunk (e.g. to note its time)
   */
  round(afterChunk) {
    for (const i of this.#active) {
      let size = Math.min(this.#chunk[i], this.#left[i]);
      const k = this.#stops?.[i];
      const toStop = k ? k - (this.#iteration[i] % k) : Infinity;
      const clipped = toStop < size;
      if (clipped) size = toStop;
      const t0 = now();
      this.#session.advance(i, size);
      this.#left[i] -= size;
      this.#iteration[i] += size;
      // A chunk cut short at a stop says little about the chunk size: only whole chunks resize it.
      if (!clipped || size >= this.#chunk[i] / 2) this.#chunk[i] = nextChunk(size, now() - t0, this.chunkMs);
      afterChunk?.(i);
    }
    this.#active = this.#active.filter((i) => this.#runs(i));
  }
}

/**
 * Runs all runs of a session to their end, round by round, yielding to the host between rounds so
 * that progress can be shown and `signal` can cancel.
 * @param {import('./engine.js').Session} session
 * @param {{onProgress?: (p: {runs: object[]}) => void, signal?: AbortSignal, chunkMs?: number}} [options]
 */
export async function runToEnd(session, { onProgress, signal, chunkMs = CHUNK_MS } = {}) {
  const loop = session.loop({ chunkMs });
  while (!loop.done) {
    signal?.throwIfAborted();
    loop.round();
    onProgress?.({ runs: Array.from({ length: session.runCount }, (_, i) => session.progress(i)) });
    if (!loop.done) await yieldToHost();
  }
}

/** Multiply-adds in the first chunk of a closed-form solve (a few ms); later chunks come from nextChunk. */
export const FIRST_SOLVE_OPS = 2e6;
/** Values in the first chunk of making the data (a few ms); later chunks come from nextChunk. */
export const FIRST_DATA_VALUES = 1e5;

/**
 * Finishes making a session's data (createSession with data: 'steps') in chunks of about chunkMs,
 * yielding to the host between them, so that generating a large dataset shows progress and `signal`
 * can cancel it. onProgress gets {runs: [], data: {values, maxValues}}. The session's model, closed
 * form and runs are made with the last chunk.
 * @param {import('./engine.js').Session} session
 * @param {{onProgress?: (p: object) => void, signal?: AbortSignal, chunkMs?: number}} [options]
 */
export async function dataToEnd(session, { onProgress, signal, chunkMs = CHUNK_MS } = {}) {
  let size = FIRST_DATA_VALUES;
  for (;;) {
    signal?.throwIfAborted();
    const t0 = now();
    const step = session.dataStep(size);
    if (step.done) return;
    size = nextChunk(size, now() - t0, chunkMs);
    onProgress?.({ runs: [], data: { values: step.values, maxValues: step.maxValues } });
    await yieldToHost();
  }
}

/**
 * Finishes a session's closed-form solve (createSession with optimum: 'steps') in chunks of about
 * chunkMs, yielding to the host between them, so that a long solve shows progress and `signal` can
 * cancel it (and the Hessian diagnostics after it). onProgress gets {runs: [], solve: {ops, maxOps, what}}.
 * @param {import('./engine.js').Session} session
 * @param {{onProgress?: (p: object) => void, signal?: AbortSignal, chunkMs?: number}} [options]
 */
export async function solveToEnd(session, { onProgress, signal, chunkMs = CHUNK_MS } = {}) {
  let size = FIRST_SOLVE_OPS;
  for (;;) {
    signal?.throwIfAborted();
    const t0 = now();
    const step = session.solveStep(size);
    if (step.done) return;
    size = nextChunk(size, now() - t0, chunkMs);
    onProgress?.({ runs: [], solve: { ops: step.ops, maxOps: step.maxOps, what: step.what } });
    await yieldToHost();
  }
}
