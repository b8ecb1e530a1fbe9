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
//   - memory bandwidth: bench/bandwidth.c (native, one thread) alone, then two of it at once.
//
//   node bench/threads.mjs [--n 1e6] [--d 16] [--epochs 20] [--reps 7] [--threads 2] [--quick]
//   npm run bench:threads
//
// Prints one table and, with --json OUT, writes the measurements.

import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const root = fileURLToPath(new URL('..', import.meta.url));
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
    const cpu0 = process.cpuUsage();
    await session.runToEnd({ chunkMs: 1e9 });
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, params: session.params(0) };
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
  const cpuTimes = configs.map(() => []);
  let reference = null;
  for (let r = 0; r < reps; r += 1) {
    for (const [c, { name, engine }] of configs.entries()) {
      const { ms, cpuMs, params } = await timeRun(engine, experiment);
      times[c].push(ms / passes);
      cpuTimes[c].push(cpuMs / passes);
      reference ??= params;
      if (!params.every((v, k) => Object.is(v, reference[k]))) throw new Error(`${name}: other bits than descent.wasm`);
    }
  }
  return configs.map(({ name }, c) => ({ name, msPerPass: stats(times[c]), cpuMsPerPass: stats(cpuTimes[c]) }));
}

/**
 * bench/bandwidth.c (a native one-thread streaming sum over `mib` MiB, built here with cc -O3
 * -march=native when missing) run alone, then as two processes at once: their medians in GB/s.
 * Two readers at once get about what the two threads of a memory-bound pass can.
 */
function bandwidth(mib = 256, reps = 9) {
  const exe = join(root, 'build', 'bench-threads', 'bandwidth');
  if (!existsSync(exe)) {
    mkdirSync(dirname(exe), { recursive: true });
    const cc = spawnSync('cc', ['-O3', '-march=native', '-o', exe, join(root, 'bench', 'bandwidth.c')], { encoding: 'utf8' });
    if (cc.status !== 0) return { error: `cc failed: ${cc.stderr || cc.error?.message}` };
  }
  const start = () => new Promise((resolve, reject) => {
    execFile(exe, [String(mib), String(reps)], (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout).medianGBs)));
  });
  return (async () => {
    const one = await start();
    const two = await Promise.all([start(), start()]);
    return { one, two };
  })();
}

const load = loadavg()[0];
console.log(`descent threads bench: n = ${n}, d = ${d}, ${epochs} full-batch epochs, ${reps} interleaved repetitions; ${availableParallelism()} cores, load average ${load.toFixed(1)}`);
const large = await measure(experimentOf(n, epochs), epochs);
const smallEpochs = Math.max(epochs, Math.round((epochs * n) / small / 4)); // a similar total time
const cached = await measure(experimentOf(small, smallEpochs), smallEpochs);
for (const c of configs) c.engine.close();
const bw = await bandwidth(quick ? 64 : 256, quick ? 3 : 9);

const fmt = (v) => v.toFixed(v < 1 ? 3 : 1).padStart(8);
function table(title, rows) {
  console.log(`\n${title}  (ms per pass: min / median / max; speed-up over descent.wasm: medians, and in brackets the extremes (its min over the max, its max over the min))`);
  const base = rows[0].msPerPass;
  for (const { name, msPerPass: m } of rows) {
    console.log(`  ${name.padEnd(30)} ${fmt(m.min)} ${fmt(m.median)} ${fmt(m.max)}   ×${(base.median / m.median).toFixed(2)} (×${(base.min / m.max).toFixed(2)}–${(base.max / m.min).toFixed(2)})`);
  }
  // CPU time (all threads of this process) hardly depends on the machine's load: the work each
  // configuration does, and the speed-up its threads could give on idle cores with enough bandwidth
  const cpuBase = rows[0].cpuMsPerPass.min;
  console.log(`  CPU ms per pass (min, all threads): ${rows.map(({ name, cpuMsPerPass: c }) => `${name} ${c.min.toFixed(3)}`).join('; ')}`);
  console.log(`  → work ×${(rows[2].cpuMsPerPass.min / cpuBase).toFixed(2)} of descent.wasm's on ${threads} threads: at most ×${((threads * cpuBase) / rows[2].cpuMsPerPass.min).toFixed(2)} on ${threads} idle cores`);
}
table(`n = ${n} (${((n * d * 4) / 2 ** 20).toFixed(0)} MiB of X)`, large);
table(`n = ${small} (${((small * d * 4) / 2 ** 20).toFixed(1)} MiB of X, cache-sized)`, cached);
if (bw.error) console.log(`\nmemory bandwidth: not measured (${bw.error})`);
else console.log(`\nmemory read bandwidth (bench/bandwidth.c, native, medians): one reader ${bw.one.toFixed(1)} GB/s; two at once ${bw.two.map((v) => v.toFixed(1)).join(' + ')} = ${(bw.two[0] + bw.two[1]).toFixed(1)} GB/s (×${((bw.two[0] + bw.two[1]) / bw.one).toFixed(2)}): a memory-bound pass on 2 threads can go at most about that much faster`);
console.log(`load average after: ${loadavg()[0].toFixed(1)} (other processes share these ${availableParallelism()} cores)`);
if (args.json) writeFileSync(args.json, JSON.stringify({ n, d, epochs, reps, threads, small, loadBefore: load, loadAfter: loadavg()[0], large, cached, bandwidthGBs: bw }, null, 2));
