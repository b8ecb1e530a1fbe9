// index.js — descent's Node.js entry point: the engine loaded from descent.wasm on disk.
//
//   import { run } from 'descent';
//   const result = await run({ runs: [{ optimizer: { kind: 'adam', lr: 0.05 } }] });
//
// Browsers import engine.js directly and load the module with Engine.load(fetch(url)).

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { Engine, DescentError } from './engine.js';
import { runTune } from './tune.js';
import { inProcessPool } from './tune-pool.js';
import { nodePool, defaultWorkers } from './tune-node.js';
import { tuneWorkers } from './budget.js';
import { validateExperiment } from './experiment.js';
import { isObject } from './text.js';

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

/** Where the module is built (`npm run build:wasm`). */
export const WASM_PATH = fileURLToPath(new URL('./descent.wasm', import.meta.url));

let enginePromise = null;

/**
 * Loads descent.wasm once per process and returns the shared Engine.
 * @returns {Promise<Engine>}
 */
export function loadEngine() {
  enginePromise ??= readFile(WASM_PATH).then(
    (bytes) => Engine.load(bytes),
    (error) => {
      enginePromise = null;
      if (error.code === 'ENOENT') {
        throw new DescentError(`${WASM_PATH} is not built yet: run \`npm run build:wasm\` (or \`npm test\`)`, 'ENOENT');
      }
      throw error;
    });
  return enginePromise;
}

/**
 * Validates and runs an experiment (every run on the same data and initial parameters).
 * @param {object} experiment see README "Experiment format"
 * @param {{onProgress?: Function, signal?: AbortSignal}} [options]
 * @returns {Promise<object>} {experiment, data, optimum, optimumNote, runs: [...]}
 */
export async function run(experiment, options) {
  const engine = await loadEngine();
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
