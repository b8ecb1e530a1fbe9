// impl-descent.mjs — descent as a user runs it: an Engine over a .wasm (SIMD or scalar build), a
// Session over generated data (the data live in WASM memory from the start), and session.advance(k)
// running k updates in one call (the JS↔WASM boundary is crossed per call, not per update).

import { readFileSync } from 'node:fs';

import { Engine } from '../web/lib/engine.js';
import { benchExperiment, LR, MLP_LR, mlpExperiment, startPoint, updatesPerEpoch } from './cases.mjs';

const NO_RECORDING = 1e9; // record.every larger than any timed run: history points only at the ends

/**
 * @param {string} wasmPath descent.wasm or descent-scalar.wasm
 * @returns {Promise<object>} the implementation interface of child.mjs
 */
export async function createDescent(wasmPath) {
  const engine = await Engine.load(readFileSync(wasmPath));
  return {
    engine,
    info: { simd: engine.simd },

    /** A session with two runs: 0 checks (one full-batch step at lr 1), 1 is timed. */
    prepare(c) {
      const session = engine.createSession(benchExperiment(c.n, c.d, [
        { name: 'check', optimizer: { kind: 'sgd', lr: 1 }, batchSize: 'full', iterations: 1, record: { every: 1 } },
        {
          name: 'timed', optimizer: { kind: 'sgd', lr: LR }, batchSize: c.batch === 0 ? 'full' : c.batch,
          shuffle: true, iterations: NO_RECORDING, record: { every: NO_RECORDING },
        },
      ]));
      return { session, d: c.d };
    },

    /** Loss at the start point (history point 0) and the gradient from w1 = w0 − 1·g. */
    check(s) {
      s.session.advance(0, 1);
      const run = s.session.result().runs[0];
      const w0 = startPoint(s.d);
      const w1 = [...run.params.weights, run.params.bias];
      return { loss: run.history.trainLoss[0], grad: w1.map((v, j) => w0[j] - v) };
    },

    runUpdates(s, k) {
      const status = s.session.advance(1, k);
      if (status !== 'running') throw new Error(`the timed run ended (${status})`);
    },

    dispose(s) { s.session.free(); },

    /**
     * Recording at the default cadence against none: runs of `updates` updates each, alternating
     * record 'auto' and record at the ends only, each timed over its whole advance call.
     */
    recordOverhead(c, reps) {
      const spec = (every, r) => ({ name: `${every} ${r}`, optimizer: { kind: 'sgd', lr: LR }, batchSize: c.batch === 0 ? 'full' : c.batch, iterations: c.updates, record: { every } });
      const times = { auto: [], none: [] };
      let recordEvery = null;
      // pairs (auto, ends only); the first pair warms up; an experiment holds at most 8 runs
      for (let first = 0; first <= reps; first += 4) {
        const runs = [];
        for (let r = first; r <= Math.min(reps, first + 3); r++) runs.push(spec('auto', r), spec(c.updates, r));
        const session = engine.createSession(benchExperiment(c.n, c.d, runs));
        try {
          runs.forEach((run, i) => {
            const t0 = performance.now();
            session.advance(i, c.updates);
            const ms = performance.now() - t0;
            const auto = run.record.every === 'auto';
            if (auto) recordEvery = session.recordEvery(i);
            if (first + (i >> 1) > 0) times[auto ? 'auto' : 'none'].push(ms);
          });
        } finally {
          session.free();
        }
      }
      return { times, recordEvery };
    },

    /** The whole default experiment end to end through the JavaScript API (engine.run). */
    async experiment(doc) {
      const t0 = performance.now();
      const result = await engine.run(doc);
      return { ms: performance.now() - t0, result };
    },
  };
}

/**
 * descent on the network cases (cases.mjs mlpCases): a Session over the moons experiment with one SGD
 * run, advanced one epoch (ceil(n/batch) updates) per call, as a user steps a run epoch by epoch.
 * @param {string} wasmPath descent.wasm or descent-scalar.wasm
 * @returns {Promise<object>} the network interface of bench/mlp.mjs
 */
export async function createDescentMlp(wasmPath) {
  const engine = await Engine.load(readFileSync(wasmPath));
  return {
    info: { simd: engine.simd },

    /** The case's training set and descent's uniform init (torch order), for the other implementations. */
    problem(c) {
      const session = engine.createSession(mlpExperiment(c, [{ name: 'init', iterations: 1 }]));
      try {
        const { X, y, n, d } = session.split('train');
        return { X, y, n, d, init: session.params(0) };
      } finally {
        session.free();
      }
    },

    /** shuffle false: batches in row order (the agreement check); true: descent's own shuffle. */
    prepare(c, problem, { shuffle }) {
      const session = engine.createSession(mlpExperiment(c, [{
        name: 'sgd', optimizer: { kind: 'sgd', lr: MLP_LR }, batchSize: c.batch === 0 ? 'full' : c.batch,
        shuffle, iterations: NO_RECORDING, record: { every: NO_RECORDING },
      }]));
      return { session, updatesPerEpoch: updatesPerEpoch(c) };
    },

    epochs(s, k) {
      const status = s.session.advance(0, k * s.updatesPerEpoch);
      if (status !== 'running') throw new Error(`the timed run ended (${status})`);
    },

    /** Mean BCE over the training set at the current parameters (the core's objective). */
    loss(s) { return s.session.evaluate(s.session.params(0), 'train'); },

    params(s) { return s.session.params(0); },

    dispose(s) { s.session.free(); },
  };
}
