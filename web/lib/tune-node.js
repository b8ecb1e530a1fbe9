// tune-node.js — the Node side of tuning: a pool of worker_threads, each with its own wasm instance,
// running web/lib/tune-worker-node.js. The logic lives in tune.js, tune-pool.js and tune-handler.js (isomorphic); this is the thin part.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import { createPool, fromNodeWorker } from './tune-pool.js';

const WORKER_URL = new URL('./tune-worker-node.js', import.meta.url);

/** Workers used when none are asked for: the machine's parallelism, at most 8. */
export function defaultWorkers() {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * A pool of `size` worker threads for runTune. Close it when done (it terminates the threads).
 * @param {number} size 1..64
 */
export function nodePool(size) {
  if (!Number.isInteger(size) || size < 1 || size > 64) throw new RangeError(`nodePool: size must be an integer in 1..64, got ${size}`);
  return createPool(Array.from({ length: size }, () => fromNodeWorker(new Worker(WORKER_URL))));
}
