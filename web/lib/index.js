// index.js — descent's Node.js entry point: the engine loaded from descent.wasm on disk.
//
//   import { run } from 'descent';
//   const result = await run({ runs: [{ optimizer: { kind: 'adam', lr: 0.05 } }] });
//
// Browsers import engine.js directly and load the module with Engine.load(fetch(url)).

import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { Engine, DescentError } from './engine.js';
import { runTune } from './tune.js';
import { inProcessPool } from './tune-pool.js';
import { nodePool, defaultWorkers } from './tune-node.js';
import { tuneWorkers } from './budget.js';
import { validateExperiment } from './experiment.js';
import { isObject } from './text.js';
import { checkThreads, defaultThreads } from './threads.js';

export { Engine, Session, ChunkLoop, RandomStream, DescentError } from './engine.js';
export { validateExperiment, validateRun, defaultExperiment, ExperimentError, SCHEMA_VERSION } from './experiment.js';
export { encodeExperiment, decodeExperiment, experimentUrl, LinkError } from './link.js';
export { formatTable, toCSV, toJSON, csvChunks, jsonChunks } from './report.js';
export { BUDGET, estimateRun, estimateTune, tuneWorkers } from './budget.js';
export { runTune, suggestLearningRate } from './tune.js';
export { planSearch, trialRun } from './tune-plan.js';
export { createTuneHandler } from './tune-handler.js';
export { createPool, inProcessPool, fromNodeWorker, fromWebWorker } from './tune-pool.js';
export { formatTuneTable, tuneToCSV } from './tune-report.js';
export { nodePool, defaultWorkers } from './tune-node.js';
export { MAX_THREADS, MIN_ROWS, threadsPay } from './threads.js';

/** Where the module is built (`npm run build:wasm`). */
export const WASM_PATH = fileURLToPath(new URL('./descent.wasm', import.meta.url));
/** The threaded module (shared memory; built next to descent.wasm). */
export const MT_WASM_PATH = fileURLToPath(new URL('./descent-mt.wasm', import.meta.url));
const THREAD_URL = new URL('./threads-worker-node.js', import.meta.url);

let enginePromise = null;
const threadedEngines = new Map(); // threads → Promise<Engine> of descent-mt.wasm

function readModule(path) {
  return readFile(path).catch((error) => {
    if (error.code === 'ENOENT') {
      throw new DescentError(`${path} is not built yet: run \`npm run build:wasm\` (or \`npm test\`)`, 'ENOENT');
    }
    throw error;
  });
}

/** A worker thread of a threaded engine (the Team unrefs it: an engine never keeps the process alive). */
const spawnThread = () => new Worker(THREAD_URL);

/**
 * Loads an engine once per process and thread count and returns it: threads 1 (the default) is
 * descent.wasm on this thread; more is descent-mt.wasm, whose full-batch passes are split over this
 * thread and threads − 1 worker threads (same bits; README "Threads"), resolved once they all run.
 * @param {{threads?: number}} [options] threads: 1..MAX_THREADS
 * @returns {Promise<Engine>}
 */
export function loadEngine({ threads = 1 } = {}) {
  checkThreads(threads);
  if (threads === 1) {
    if (!enginePromise) {
      enginePromise = readModule(WASM_PATH).then((bytes) => Engine.load(bytes));
      enginePromise.catch(() => { enginePromise = null; });
    }
    return enginePromise;
  }
  let promise = threadedEngines.get(threads);
  if (!promise) {
    promise = readModule(MT_WASM_PATH).then(async (bytes) => {
      const engine = await Engine.loadThreaded(bytes, { threads, spawn: spawnThread });
      try {
        await engine.threadsReady();
      } catch (error) {
        engine.close();
        throw error;
      }
      return engine;
    });
    promise.catch(() => threadedEngines.delete(threads));
    threadedEngines.set(threads, promise);
  }
  return promise;
}

/**
 * The threads run() uses for an experiment when none are asked for: 1 for now (threads.js
 * THREADS_BY_DEFAULT says why); then the machine's parallelism (os.availableParallelism()), at most 8,
 * when threads pay for it (a linear or logistic model, a full-batch run, at least MIN_ROWS = 16384
 * training rows), else 1.
 * @param {object} experiment raw or normalized (validated here)
 * @returns {number}
 */
export function runThreads(experiment) {
  return defaultThreads(validateExperiment(experiment), availableParallelism());
}

/**
 * Validates and runs an experiment (every run on the same data and initial parameters).
 * @param {object} experiment see README "Experiment format"
 * @param {{threads?: number, onProgress?: Function, signal?: AbortSignal}} [options] threads:
 *   1..MAX_THREADS, the threads full-batch passes are split over (default runThreads(experiment));
 *   the result has the same bits for any number, and says how many were used (result.threads)
 * @returns {Promise<object>} {experiment, data, optimum, optimumNote, threads, runs: [...]}
 */
export async function run(experiment, { threads, ...options } = {}) {
  const engine = await loadEngine({ threads: threads === undefined ? runThreads(experiment) : checkThreads(threads) });
  return engine.run(experiment, options);
}

/**
 * Runs the experiment's tune spec (a search, a range test or a refinement) on worker threads.
 * Results do not depend on the number of workers.
 * @param {object} experiment see README "Tuning"; without a `tune` section the default search runs
 * @param {{workers?: number, onProgress?: Function, signal?: AbortSignal, curves?: boolean}} [options]
 *   workers: threads (default: the machine's parallelism, at most 8; fewer when their data would not
 *   fit in BUDGET.tuneMemory, see budget.js); 0 runs in this thread
 * @returns {Promise<object>} see runTune in tune.js
 */
export async function tune(experiment, { workers = defaultWorkers(), ...options } = {}) {
  if (workers > 0) { // fewer workers when their data would not fit in BUDGET.tuneMemory
    const valid = validateExperiment(isObject(experiment) && experiment.tune == null ? { ...experiment, tune: {} } : experiment);
    workers = tuneWorkers(valid, workers);
  }
  const pool = workers === 0 ? inProcessPool(await loadEngine()) : nodePool(workers);
  try {
    return await runTune(experiment, { ...options, pool });
  } finally {
    await pool.close();
  }
}
