#!/usr/bin/env node
// tune-speedup.mjs — the speed-up of a 32-trial random search with 2 worker threads over 1.
//
//   node bench/tune-speedup.mjs [--trials 32] [--workers 1,2] [--reps 3]   → a table, then one JSON line
//   import { tuneSpeedup } from './tune-speedup.mjs'                       → the same numbers
//
// Each measurement is the wall time of one whole tune() call (pool start-up, data generation in every
// worker, the trials, the winner's test loss), the best of `reps`. Results are identical for every
// worker count (asserted here), so the ratio is pure parallel speed-up.

import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

import { tune } from '../web/lib/index.js';

/** The benchmark search: linear regression, 40,000 rows × 16 features, mini-batch SGD, lr and momentum. */
export function speedupExperiment(trials = 32) {
  return {
    name: 'tune speed-up benchmark',
    seed: 5,
    data: { kind: 'linear', n: 40000, d: 16, noise: 'gaussian', noiseLevel: 0.5, testFraction: 0.2 },
    runs: [{ name: 'mini-batch 32', optimizer: { kind: 'sgd', lr: 0.01 }, batchSize: 32, epochs: 200 }],
    tune: { strategy: 'random', trials, space: { lr: { min: 1e-4, max: 0.1 }, momentum: { min: 0, max: 0.9 } } },
  };
}

const strip = (r) => JSON.stringify(r.trials.map(({ timeMs, ...t }) => t)) + JSON.stringify(r.best);

/**
 * Measures tune() on the benchmark search for each worker count.
 * @param {{trials?: number, workers?: number[], reps?: number}} [options]
 * @returns {Promise<{trials: number, cores: number, timesMs: Record<number, number>, speedup: number}>}
 *   speedup = time with the first worker count / time with the last
 */
export async function tuneSpeedup({ trials = 32, workers = [1, 2], reps = 3 } = {}) {
  const experiment = speedupExperiment(trials);
  const timesMs = {};
  let reference = null;
  for (const w of workers) {
    let best = Infinity;
    for (let i = 0; i < reps; i += 1) {
      const t0 = performance.now();
      const result = await tune(experiment, { workers: w });
      best = Math.min(best, performance.now() - t0);
      const key = strip(result);
      if (reference === null) reference = key;
      else if (key !== reference) throw new Error(`tune-speedup: ${w} workers gave different trials than ${workers[0]}`);
    }
    timesMs[w] = best;
  }
  return { trials, cores: availableParallelism(), timesMs, speedup: timesMs[workers[0]] / timesMs[workers.at(-1)] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { trials: { type: 'string' }, workers: { type: 'string' }, reps: { type: 'string' } } });
  const out = await tuneSpeedup({
    trials: Number(values.trials ?? 32),
    workers: (values.workers ?? '1,2').split(',').map(Number),
    reps: Number(values.reps ?? 3),
  });
  for (const [w, t] of Object.entries(out.timesMs)) console.log(`${out.trials} trials, ${w} worker${w === '1' ? '' : 's'}: ${(t / 1000).toFixed(2)} s`);
  console.log(`speed-up: ${out.speedup.toFixed(2)}x on ${out.cores} cores`);
  console.log(JSON.stringify(out));
}
