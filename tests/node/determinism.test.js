// Determinism and resource hygiene: bit-identical replays, independent random streams (data vs
// shuffling vs init), results independent of how a run is chunked, and no leaks across sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, loadEngine, validateExperiment } from '../../web/lib/index.js';
import { seedLikeData } from './reference.js';
import { runNamed, assertSameHistory, sameBytes } from './helpers.js';

/** An experiment that exercises every random stream and the stateful parts of the trainer. */
function busyExperiment(seed = 7) {
  return {
    version: 1,
    seed,
    data: { kind: 'linear', n: 300, d: 3, weights: [1, -2, 0.5], bias: 0.3, scales: [1, 2, 0.5], noise: 'gaussian', noiseLevel: 0.3, testFraction: 0.2, standardize: true },
    model: { kind: 'linear', loss: 'huber', delta: 0.5, penalty: { l1: 0.001, l2: 0.01 } },
    init: 'uniform',
    runs: [
      { name: 'adam shuffled plateau', optimizer: { kind: 'adam', lr: 0.05, amsgrad: true }, batchSize: 7, shuffle: true, iterations: 3000,
        schedule: { kind: 'reduce_on_plateau', per: 'epoch', patience: 2, factor: 0.5 } },
      { name: 'sgd nesterov cosine', optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true }, batchSize: 16, iterations: 2500,
        schedule: { kind: 'cosine', per: 'iteration', T_max: 500 }, record: { every: 3 } },
      { name: 'rmsprop full tolerance', optimizer: { kind: 'rmsprop', lr: 0.01, centered: true }, batchSize: 'full', iterations: 5000, tolerance: 1e-7 },
      { name: 'gd bold driver', optimizer: { kind: 'sgd', lr: 0.5 }, batchSize: 'full', iterations: 2000, schedule: { kind: 'bold_driver' } },
      { name: 'adamw epochs', optimizer: { kind: 'adamw', lr: 0.02 }, batchSize: 50, epochs: 40, record: { every: 1 } },
      { name: 'sgd target', optimizer: { kind: 'sgd', lr: 0.05 }, batchSize: 10, iterations: 5000, targetLoss: 0.07 },
      { name: 'gd diverges', optimizer: { kind: 'sgd', lr: 8 }, batchSize: 'full', iterations: 1000, divergeFactor: 1.5, record: { every: 5 } },
    ],
  };
}

/** Asserts two results are bit-identical: every history column, final parameters, status, optimum. */
function assertSameResult(a, b, what) {
  assert.equal(a.runs.length, b.runs.length);
  a.runs.forEach((ra, i) => {
    const rb = b.runs[i];
    assert.equal(ra.name, rb.name);
    assertSameHistory(ra, rb, `${what}: ${ra.name}`);
    assert.ok(sameBytes(Float64Array.from([...ra.params.weights, ra.params.bias]), Float64Array.from([...rb.params.weights, rb.params.bias])), `${what}: ${ra.name} params`);
    for (const k of ['status', 'divergedAt', 'iterations', 'epochs', 'samples', 'recordEvery']) assert.equal(ra[k], rb[k], `${what}: ${ra.name} ${k}`);
    assert.deepEqual(ra.metrics, rb.metrics, `${what}: ${ra.name} metrics`);
  });
  assert.deepEqual(a.optimum, b.optimum, `${what}: optimum`);
  assert.deepEqual(a.data, b.data, `${what}: data sizes`);
}

test('the same experiment twice gives bit-identical results', async () => {
  const a = await run(busyExperiment());
  const b = await run(busyExperiment());
  assertSameResult(a, b, 'replay');
  // non-vacuous: every way a run can end is exercised, the runs did move, and the init is not zeros
  assert.deepEqual(new Set(a.runs.map((r) => r.status)), new Set(['completed', 'converged', 'target_reached', 'diverged']));
  for (const r of a.runs) {
    if (r.status !== 'diverged') assert.ok(r.history.trainLoss.at(-1) < r.history.trainLoss[0], `${r.name} trains`);
  }
  assert.ok(a.runs[0].params.weights.some((w) => w !== 0));
});

test('results do not depend on chunking: onProgress or not, and explicit chunk sizes 1, 3, 7, …', async () => {
  const plain = await run(busyExperiment());
  let calls = 0;
  const withProgress = await run(busyExperiment(), { onProgress: () => { calls += 1; } });
  assert.ok(calls >= 1, 'onProgress is called');
  assertSameResult(plain, withProgress, 'onProgress');

  // drive a session by hand with small, uneven chunks: every run stops and resumes hundreds of times,
  // inside epochs, between record points and across plateau periods
  const engine = await loadEngine();
  const session = engine.createSession(busyExperiment());
  try {
    const sizes = [1, 3, 7, 2, 13, 5, 64];
    const n = busyExperiment().runs.length;
    let k = 0;
    let advances = 0;
    for (let i = 0; i < n; i++) {
      while (session.status(i) === 'running') {
        session.advance(i, sizes[k++ % sizes.length]);
        advances += 1;
      }
    }
    assert.ok(advances > 500, `chunked into ${advances} calls`);
    assertSameResult(plain, session.result(), 'chunks of 1..64 updates');
  } finally {
    session.free();
  }
});

test('changing a run\'s batch size or optimizer changes neither the data nor the other runs', async () => {
  const base = busyExperiment();
  const gd = { name: 'gd', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full', iterations: 300, record: { every: 1 } };
  const a = await run({ ...base, runs: [gd, { name: 'other', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 1, iterations: 300 }] });
  const b = await run({ ...base, runs: [{ name: 'other', optimizer: { kind: 'adam', lr: 0.01 }, batchSize: 16, iterations: 100 }, gd] });
  assert.deepEqual(a.optimum, b.optimum, 'same data → same closed form');
  assert.deepEqual(a.data, b.data);
  assertSameHistory(runNamed(a, 'gd'), runNamed(b, 'gd'), 'full-batch run');
  // paired comparison: every run starts from the same (uniform-random) initial parameters and the
  // same initial objective
  for (const r of [...a.runs, ...b.runs]) {
    assert.equal(r.history.trainLoss[0], a.runs[0].history.trainLoss[0], `${r.name} starts at the shared init`);
  }
  // the huber model has no closed form: compare on an MSE model as well, where the optimum exists
  const mse = { ...base, model: { kind: 'linear', loss: 'mse' } };
  const c = await run({ ...mse, runs: [gd] });
  const d = await run({ ...mse, runs: [{ ...gd, name: 'x', batchSize: 5, shuffle: true }, gd] });
  assert.ok(c.optimum, 'MSE optimum present');
  assert.deepEqual(c.optimum, d.optimum);
  assertSameHistory(runNamed(c, 'gd'), runNamed(d, 'gd'), 'full-batch run (mse)');
});

test('a different seed gives different data; inline data without a test split ignore the seed', async () => {
  const mk = (seed) => validateExperiment({ seed, runs: [{ name: 'gd', iterations: 50, record: { every: 1 } }] });
  const a = await run(mk(1));
  const b = await run(mk(2));
  assert.notEqual(a.optimum.trainLoss, b.optimum.trainLoss, 'generated data depend on the seed');
  assert.notEqual(a.optimum.params.weights[0], b.optimum.params.weights[0]);
  assert.ok(!sameBytes(a.runs[0].history.trainLoss, b.runs[0].history.trainLoss));
  const a2 = await run(mk(1));
  assert.deepEqual(a.optimum, a2.optimum, 'the same seed gives the same data');

  // inline data with testFraction 0 are used as given: the seed changes only the shuffle order
  const { X, y } = seedLikeData(40, 3);
  const inline = (seed) => ({
    version: 1, seed, data: { kind: 'inline', X, y, testFraction: 0, standardize: false }, init: 'zeros',
    runs: [
      { name: 'gd', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full', iterations: 100, record: { every: 1 } },
      { name: 'sgd', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 4, shuffle: true, iterations: 100, record: { every: 1 } },
    ],
  });
  const p = await run(inline(1));
  const q = await run(inline(99));
  assert.deepEqual(p.optimum, q.optimum);
  assertSameHistory(runNamed(p, 'gd'), runNamed(q, 'gd'), 'inline full batch across seeds');
  assert.ok(!sameBytes(runNamed(p, 'sgd').history.param0, runNamed(q, 'sgd').history.param0), 'shuffle order depends on the seed');
});

test('1,000 sessions created and freed leave the wasm heap and memory as they were', async () => {
  const engine = await loadEngine();
  const exp = busyExperiment();
  // warm-up: the allocator's first use may grow memory or keep bookkeeping
  for (let i = 0; i < 5; i++) engine.createSession(exp).free();
  const heap0 = engine.heapUsed();
  const mem0 = engine.memoryBytes();
  assert.ok(heap0 > 0 && mem0 > 0);
  // a live session does use heap (so the measure can see a leak)
  const live = engine.createSession(exp);
  assert.ok(engine.heapUsed() > heap0, `a live session holds heap (${engine.heapUsed()} vs ${heap0})`);
  live.free();
  assert.equal(engine.heapUsed(), heap0, 'freeing one session returns its heap');
  for (let i = 0; i < 1000; i++) engine.createSession(exp).free();
  assert.equal(engine.heapUsed(), heap0, 'heap after 1,000 sessions');
  assert.equal(engine.memoryBytes(), mem0, 'memory after 1,000 sessions');
  // a session that ran to its end (history buffers grown) frees everything too
  const s = engine.createSession(exp);
  await s.runToEnd();
  s.result();
  s.free();
  assert.equal(engine.heapUsed(), heap0, 'heap after a completed session');
  // and run() itself, including one that throws on invalid input
  await run(exp);
  await assert.rejects(run({ ...exp, runs: [{ optimizer: { kind: 'sgd', lr: -1 } }] }));
  assert.equal(engine.heapUsed(), heap0, 'heap after run() and a rejected run()');
});

test('chunks cut at parameter snapshots (ChunkLoop stopEvery, the page worker) leave every history unchanged', async () => {
  const engine = await loadEngine();
  const exp = busyExperiment();
  const plain = engine.createSession(exp);
  const cut = engine.createSession(exp);
  try {
    const a = plain.loop({ chunkMs: 1 });
    while (!a.done) a.round();
    const every = Array.from({ length: cut.runCount }, (_, i) => 3 + i * 7);
    const b = cut.loop({ chunkMs: 1, stopEvery: every });
    const stops = Array.from({ length: cut.runCount }, () => []);
    while (!b.done) b.round((i) => stops[i].push(cut.progress(i).iteration));
    for (let i = 0; i < plain.runCount; i += 1) {
      assertSameHistory({ history: cut.history(i) }, { history: plain.history(i) }, plain.experiment.runs[i].name);
      assert.ok(sameBytes(cut.params(i), plain.params(i)), `run ${i}: parameters`);
      const end = cut.progress(i).iteration;
      assert.ok(stops[i].every((it) => it % every[i] === 0 || it === end), `run ${i} stops only at multiples of ${every[i]}`);
    }
    assert.throws(() => cut.loop({ stopEvery: [1] }), /stopEvery: must be one number per run/);
    assert.throws(() => cut.loop({ updates: Array.from({ length: cut.runCount }, (_, i) => (i === 1 ? 0 : 1)) }), /updates\[1\]/);
  } finally {
    plain.free();
    cut.free();
  }
});
