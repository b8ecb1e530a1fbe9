// result.js — what a session hands out: the result document of its runs, and the initial parameters
// an `init` spec stands for. Both use only the session's public methods.

import { checkFloat32s, describe } from './checks.js';
import { DescentError } from './errors.js';

/**
 * The result of every run of a session so far (copies: safe to keep after free()).
 * @param {import('./engine.js').Session} session
 * @returns {{experiment, data: {nTrain, nTest, d}, optimum, optimumNote, runs: object[]}}
 */
export function sessionResult(session) {
  const runs = Array.from({ length: session.runCount }, (_, i) => {
    const p = session.params(i);
    const progress = session.progress(i);
    return {
      name: progress.name,
      status: progress.status,
      divergedAt: session.divergedAt(i),
      iterations: progress.iteration,
      epochs: progress.epoch,
      samples: progress.samples,
      recordEvery: session.recordEvery(i),
      history: session.history(i),
      params: paramsObject(p, session.d),
      metrics: { train: session.metrics(p, 'train'), test: session.metrics(p, 'test') },
      timeMs: session.timeMs(i),
    };
  });
  return {
    experiment: session.experiment,
    data: { nTrain: session.nTrain, nTest: session.nTest, d: session.d },
    optimum: session.optimum,
    optimumNote: session.optimumNote ?? null,
    runs,
  };
}

/** Parameters [w_0..w_{d-1}, b] as the result documents write them: {weights, bias}. */
export const paramsObject = (p, d) => ({ weights: Array.from(p.subarray(0, d)), bias: p[d] });

/**
 * Initial parameters [w, b] for an init spec: "zeros", "uniform" (torch nn.Linear's default: every
 * weight and the bias ~ U(−1/√d, 1/√d), from the seed's init stream) or {weights, bias}.
 * @param {'zeros'|'uniform'|{weights: number[], bias: number}} spec
 * @param {import('./engine.js').Session} session
 * @returns {Float64Array}
 */
export function initParams(spec, session) {
  const { d } = session;
  if (spec === 'zeros') return new Float64Array(d + 1);
  if (spec === 'uniform') {
    const rng = session.randomStream('init');
    try {
      const bound = 1 / Math.sqrt(d);
      return Float64Array.from({ length: d + 1 }, () => (2 * rng.uniform() - 1) * bound);
    } finally {
      rng.free();
    }
  }
  if (spec && typeof spec === 'object' && Array.isArray(spec.weights)) {
    checkFloat32s('init.weights', spec.weights, d);
    checkFloat32s('init.bias', [spec.bias]);
    return Float64Array.from([...spec.weights, spec.bias]);
  }
  throw new DescentError(`init: must be "zeros", "uniform" or {weights: ${d} numbers, bias}, got ${describe(spec)}`);
}
