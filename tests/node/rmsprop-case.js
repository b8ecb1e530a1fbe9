// rmsprop-case.js — issue 11's "numerics after convergence" case, shared by tests/node/numerics.test.js
// and tests/torch/rmsprop_drift.mjs (which adds torch's numbers): RMSprop (lr 0.05, α 0.99) on a
// 200-row, 2-feature logistic problem, plain, centered, and with an exponentially decaying rate.

import { loadEngine } from '../../web/lib/index.js';
import { gradient, objective, solveLinear, train } from './reference.js';

export const CHECKPOINTS = [80, 150, 200, 300, 500, 1000];
const T = CHECKPOINTS.at(-1);
const RMSPROP = { kind: 'rmsprop', lr: 0.05, alpha: 0.99 };

export const EXPERIMENT = Object.freeze({
  seed: 1,
  data: { kind: 'blobs', n: 200, d: 2, testFraction: 0 },
  model: { kind: 'logistic' },
  runs: [
    { name: 'rmsprop', optimizer: RMSPROP, iterations: T },
    { name: 'centered', optimizer: { ...RMSPROP, centered: true }, iterations: T },
    { name: 'decaying lr', optimizer: RMSPROP, schedule: { kind: 'exponential', gamma: 0.995, per: 'iteration' }, iterations: T },
  ],
});

const BCE = { loss: 'bce' };

/** The logistic optimum in float64 by Newton's method (3 parameters: w1, w2, b). */
function newtonOptimum(X, y) {
  let theta = [0, 0, 0];
  for (let it = 0; it < 50; it++) {
    const g = gradient(BCE, X, y, theta);
    const H = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (let i = 0; i < X.length; i++) {
      const r = [...X[i], 1];
      const p = 1 / (1 + Math.exp(-(r[0] * theta[0] + r[1] * theta[1] + theta[2])));
      const w = (p * (1 - p)) / X.length;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) H[a][b] += w * r[a] * r[b];
    }
    const step = solveLinear(H, g);
    theta = theta.map((v, k) => v - step[k]);
  }
  return theta;
}

/**
 * Runs the case: descent's parameters and the float64 reference's (tests/node/reference.js) at each
 * checkpoint, as the relative distance ‖θ − θ*‖/‖θ*‖ from the float64 optimum θ*, and the final
 * objective gaps f(θ) − f(θ*).
 */
export async function runCase() {
  const engine = await loadEngine();
  const session = engine.createSession(EXPERIMENT);
  try {
    const { X: flat, y: labels, n, d } = session.split('train');
    const X = Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * d, (i + 1) * d)));
    const y = Array.from(labels);
    const optimum = newtonOptimum(X, y);
    const norm = Math.hypot(...optimum);
    const distance = (p) => Math.hypot(...Array.from(p, (v, k) => v - optimum[k])) / norm;
    const init = Array.from(session.initialParams());
    const runs = EXPERIMENT.runs.map((run, i) => {
      const descent = [];
      let done = 0;
      for (const k of CHECKPOINTS) {
        session.advance(i, k - done);
        done = k;
        descent.push(distance(session.params(i)));
      }
      const ref = train({ X, y, model: BCE, optimizer: run.optimizer, schedule: run.schedule, iterations: T, init });
      return {
        name: run.name,
        descent,
        reference: CHECKPOINTS.map((k) => distance(ref.params[k])),
        descentGap: session.evaluate(session.params(i), 'train') - objective(BCE, X, y, optimum),
        referenceGap: ref.objective[T] - objective(BCE, X, y, optimum),
      };
    });
    return { X, y, init, optimum, runs, gradientAtOptimum: gradient(BCE, X, y, optimum) };
  } finally {
    session.free();
  }
}
