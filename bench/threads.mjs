#!/usr/bin/env node
// threads.mjs — the speed-up of deterministic threads (README "Threads"): full-batch gradient descent
// on a linear model, n rows × d features, timed on descent.wasm (one thread, the plain kernel call) and
// on descent-mt.wasm with 1 and 2 (or --threads) threads, in interleaved repetitions so that a change
// in the machine's load hits every configuration alike. Only the training is timed (the data are made
// and the closed form skipped before the clock starts). Every configuration must give the same bits:
// the final parameters are compared, and a difference is an error.
//
// Two probes say what bounds the speed-up:
//   - the same runs on cache-sized data (--small rows, default 16384: 1 MB of X at d = 16), where the
//     pass is compute-bound: the speed-up there is what the threads give without the memory's limit,
//     and its time per pass shows the cost of waking the workers;
//   - memory bandwidth: one worker, then two at once, each summing its own 128 MiB Float32Array
//     (wasm SIMD would stream faster than this JavaScript loop, so this is a lower bound of both).
//
//   node bench/threads.mjs [--n 1e6] [--d 16] [--epochs 20] [--reps 7] [--threads 2] [--quick]
//   npm run bench:threads
//
// Prints one table and, with --json OUT, writes the measurements.

import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

import { Engine, MT_WASM_PATH, WASM_PATH } from '../web/lib/index.js';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '1e6' },
    d: { type: 'string', default: '16' },
    epochs: { type: 'string', default: '20' },
    reps: { type: 'string', default: '7' },
    threads: { type: 'string', default: '2' },
    small: { type: 'string', default: '16384' },
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const num = (name) => {
  const v = Number(args[name]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name}: must be a positive integer, got ${JSON.stringify(args[name])}`);
  return v;
};
const quick = args.quick;
const n = quick ? 100000 : num('n');
const d = num('d');
const epochs = quick ? 5 : num('epochs');
const reps = quick ? 2 : num('reps');
const threads = num('threads');
const small = num('small');

const THREAD_URL = new URL('../web/lib/threads-worker-node.js', import.meta.url);
const single = await Engine.load(readFileSync(WASM_PATH));
const mtBytes = readFileSync(MT_WASM_PATH);
async function threaded(count) {
  const engine = await Engine.loadThreaded(mtBytes, { threads: count, spawn: () => new Worker(THREAD_URL) });
  await engine.threadsReady();
  return engine;
}
const configs = [
  { name: 'descent.wasm', engine: single },
  { name: 'descent-mt.wasm, 1 thread', engine: await threaded(1) },
  { name: `descent-mt.wasm, ${threads} threads`, engine: await threaded(threads) },
];

const experimentOf = (rows, iterations) => ({
  seed: 1,
  data: { kind: 'linear', n: rows, d, testFraction: 0 },
  runs: [{ optimizer: { kind: 'sgd', lr: 0.05 }, batchSize: 'full', iterations, record: { every: iterations } }],
});

/** Times one run's training on a session whose data are made; returns {ms, params}. */
async function timeRun(engine, experiment) {
  const session = engine.createSession(experiment, { optimum: false, diagnostics: false });
  try {
    const start = performance.now();
    await session.runToEnd({ chunkMs: 1e9 });
    const ms = performance.now() - start;
    return { ms, params: session.params(0) };
  } finally {
    session.free();
  }
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s.at(-1) };
};

/** Interleaved repetitions of every configuration on one experiment; checks they give the same bits. */
async function measure(experiment, passes) {
  const times = configs.map(() => []);
  let reference = null;
  for (let r = 0; r < reps; r += 1) {
    for (const [c, { name, engine }] of configs.entries()) {
      const { ms, params } = await timeRun(engine, experiment);
      times[c].push(ms / passes);
      reference ??= params;
      if (!params.every((v, k) => Object.is(v, reference[k]))) throw new Error(`${name}: other bits than descent.wasm`);
    }
  }
  return configs.map(({ name }, c) => ({ name, msPerPass: stats(times[c]) }));
}

/** Each of `workers` workers sums its own Float32Array of `mib` MiB `rounds` times; GB/s in all. */
async function bandwidth(workers, mib = 128, rounds = 4) {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const a = new Float32Array(workerData.mib * 262144).fill(1);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let i = 0; i < a.length; i += 4) { s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]; } // warm-up, faults the pages in
    parentPort.postMessage('ready');
    parentPort.once('message', () => {
      const t = performance.now();
      for (let r = 0; r < workerData.rounds; r++)
        for (let i = 0; i < a.length; i += 4) { s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]; }
      parentPort.postMessage({ ms: performance.now() - t, sum: s0 + s1 + s2 + s3 });
    });`;
  const pool = Array.from({ length: workers }, () => new Worker(source, { eval: true, workerData: { mib, rounds } }));
  await Promise.all(pool.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const done = pool.map((w) => new Promise((resolve) => w.once('message', resolve)));
  const start = performance.now();
  for (const w of pool) w.postMessage('go');
  await Promise.all(done);
  const ms = performance.now() - start;
  await Promise.all(pool.map((w) => w.terminate()));
  return (workers * mib * 2 ** 20 * rounds) / (ms / 1000) / 1e9;
}

const load = loadavg()[0];
console.log(`descent threads bench: n = ${n}, d = ${d}, ${epochs} full-batch epochs, ${reps} interleaved repetitions; ${availableParallelism()} cores, load average ${load.toFixed(1)}`);
const large = await measure(experimentOf(n, epochs), epochs);
const smallEpochs = Math.max(epochs, Math.round((epochs * n) / small / 4)); // a similar total time
const cached = await measure(experimentOf(small, smallEpochs), smallEpochs);
const bw = [];
for (let r = 0; r < (quick ? 1 : 3); r += 1) bw.push([await bandwidth(1), await bandwidth(2)]);
for (const c of configs) c.engine.close();

const fmt = (v) => v.toFixed(v < 1 ? 3 : 1).padStart(8);
function table(title, rows) {
  console.log(`\n${title}  (ms per pass: min / median / max; speed-up over descent.wasm: medians, and in brackets the extremes (its min over the max, its max over the min))`);
  const base = rows[0].msPerPass;
  for (const { name, msPerPass: m } of rows) {
    console.log(`  ${name.padEnd(30)} ${fmt(m.min)} ${fmt(m.median)} ${fmt(m.max)}   ×${(base.median / m.median).toFixed(2)} (×${(base.min / m.max).toFixed(2)}–${(base.max / m.min).toFixed(2)})`);
  }
}
table(`n = ${n} (${((n * d * 4) / 2 ** 20).toFixed(0)} MiB of X)`, large);
table(`n = ${small} (${((small * d * 4) / 2 ** 20).toFixed(1)} MiB of X, cache-sized)`, cached);
const bw1 = stats(bw.map((b) => b[0]));
const bw2 = stats(bw.map((b) => b[1]));
console.log(`\nmemory read bandwidth (JavaScript, 128 MiB per worker): one worker ${bw1.median.toFixed(1)} GB/s (min ${bw1.min.toFixed(1)}), two at once ${bw2.median.toFixed(1)} GB/s (min ${bw2.min.toFixed(1)}): ×${(bw2.median / bw1.median).toFixed(2)}`);
console.log(`load average after: ${loadavg()[0].toFixed(1)} (other processes share these ${availableParallelism()} cores)`);
if (args.json) writeFileSync(args.json, JSON.stringify({ n, d, epochs, reps, threads, small, loadBefore: load, loadAfter: loadavg()[0], large, cached, bandwidthGBs: { one: bw1, two: bw2 } }, null, 2));
