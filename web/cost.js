// cost.js — how long an experiment's training will take, roughly, before it starts: the page re-runs
// an experiment by itself after an edit only when it will answer at once (DOM-free; tests/node/cost.test.js).
//
// The rates are this machine class's (README "Performance"): a row-feature of a gradient pass takes
// about 0.25 ns with SIMD, an update about 150 ns of fixed cost (SGD, batch 1), and every recorded
// point evaluates the objective on the training and test rows. They are doubled here, to stay on the
// safe side on slower machines.

const NS_PER_VALUE = 0.5; // one row × one parameter of a pass
const NS_PER_UPDATE = 300; // fixed cost of an update (optimizer step, batch staging, call overhead)
/** An experiment that should finish within this many ms re-runs by itself after an edit. */
export const AUTO_RUN_MS = 150;

/**
 * Estimated training time (ms) of a session's runs, from the worker's `create` reply.
 * @param {{data: {nTrain: number, nTest: number, d: number},
 *   runs: {maxSamples: number, maxIterations: number, recordEvery?: number}[]}} info
 * @param {number} [np] parameters of the model (default d + 1)
 * @returns {number}
 */
export function estimateMs(info, np = info.data.d + 1) {
  const rows = info.data.nTrain + info.data.nTest;
  let ns = 0;
  for (const r of info.runs) {
    const points = 1 + Math.ceil(r.maxIterations / Math.max(1, r.recordEvery ?? 1));
    ns += r.maxSamples * np * NS_PER_VALUE + r.maxIterations * NS_PER_UPDATE + points * rows * np * NS_PER_VALUE;
  }
  return ns / 1e6;
}

/** Whether a session answers at once: it re-runs by itself after an edit. */
export const answersAtOnce = (info) => estimateMs(info) <= AUTO_RUN_MS;
