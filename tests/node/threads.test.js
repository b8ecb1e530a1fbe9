// Deterministic threads (README "Threads"): a full-batch pass split over 1, 2 or 4 threads of
// descent-mt.wasm gives the same bits as the single-threaded descent.wasm, which calls the kernel once
// over the whole batch (no per-block partials at all: the independent reference here); mini-batch runs
// and networks are untouched; run(experiment, {threads}) and `descent run --threads N` choose the count,
// validate it, and report it (result.threads).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { DescentError, Engine, MAX_THREADS, MIN_ROWS, MT_WASM_PATH, WASM_PATH, loadEngine, run, runThreads } from '../../web/lib/index.js';
import { THREADS_BY_DEFAULT, defaultThreads } from '../../web/lib/threads.js';
import { validateExperiment } from '../../web/lib/experiment.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'web/lib/cli.js');
const THREAD_URL = new URL('../../web/lib/threads-worker-node.js', import.meta.url);

const single = await Engine.load(readFileSync(WASM_PATH));
const mtBytes = readFileSync(MT_WASM_PATH);
/**
 * descent-mt.wasm on `threads` threads, splitting passes of at least 4 blocks (so that data of a few
 * thousand rows are split, unevenly: the edges fall inside the block list, the last block is partial).
 */
async function threaded(threads) {
  const engine = await Engine.loadThreaded(mtBytes, { threads, minBlocks: 4, spawn: () => new Worker(THREAD_URL) });
  await engine.threadsReady();
  return engine;
}
const engines = { 1: await threaded(1), 2: await threaded(2), 4: await threaded(4) };
after(() => { for (const engine of Object.values(engines)) engine.close(); });

/** Every recorded column of every run, and the final parameters, as arrays of bits. */
function bitsOf(result) {
  return result.runs.map((r) => ({
    name: r.name,
    status: r.status,
    iterations: r.iterations,
    history: Object.fromEntries(Object.entries(r.history).map(([column, values]) => [column, Array.from(values)])),
    params: Array.from(r.params.flat),
  }));
}

/** Asserts two results' histories and parameters are equal bit for bit (Object.is: −0 ≠ +0, NaN = NaN). */
function assertSameBits(actual, expected, what) {
  const a = bitsOf(actual);
  const e = bitsOf(expected);
  assert.equal(a.length, e.length, what);
  for (let i = 0; i < e.length; i += 1) {
    assert.equal(a[i].status, e[i].status, `${what}: run ${e[i].name} status`);
    assert.equal(a[i].iterations, e[i].iterations, `${what}: run ${e[i].name} iterations`);
    assert.deepEqual(Object.keys(a[i].history), Object.keys(e[i].history));
    for (const column of Object.keys(e[i].history)) {
      const x = a[i].history[column];
      const y = e[i].history[column];
      assert.equal(x.length, y.length, `${what}: run ${e[i].name} ${column} length`);
      const at = y.findIndex((v, k) => !Object.is(v, x[k]));
      assert.equal(at, -1, `${what}: run ${e[i].name} ${column}[${at}] = ${x[at]}, single-threaded ${y[at]}`);
    }
    assert.ok(e[i].params.every((v, k) => Object.is(v, a[i].params[k])), `${what}: run ${e[i].name} final parameters differ`);
  }
}

const runs = [
  { name: 'gd', optimizer: { kind: 'sgd', lr: 0.05 }, batchSize: 'full', iterations: 25, record: { every: 1 } },
  { name: 'adam', optimizer: { kind: 'adam', lr: 0.05 }, batchSize: 'full', iterations: 25, record: { every: 1 } },
  { name: 'lbfgs', optimizer: { kind: 'lbfgs', lr: 1 }, batchSize: 'full', iterations: 8, record: { every: 1 } },
  { name: 'minibatch', optimizer: { kind: 'sgd', lr: 0.02, momentum: 0.9 }, batchSize: 200, iterations: 40, record: { every: 5 } },
];

const CASES = [
  // 3001 training rows: 47 blocks, the last of 57 rows; d = 16 (whole SIMD lanes)
  { what: 'linear MSE, d = 16', experiment: { seed: 11, data: { kind: 'linear', n: 3751, d: 16, testFraction: 0.2 }, model: { kind: 'linear', loss: 'mse' }, runs } },
  // d = 13: a scalar tail in every row; Huber and an L2 penalty
  { what: 'linear Huber + L2, d = 13', experiment: { seed: 12, data: { kind: 'linear', n: 2900, d: 13, testFraction: 0.1 }, model: { kind: 'linear', loss: 'huber', delta: 0.5, penalty: { l2: 0.01 } }, runs } },
  { what: 'logistic BCE, d = 7', experiment: { seed: 13, data: { kind: 'blobs', n: 4000, d: 7 }, model: { kind: 'logistic', loss: 'bce' }, runs } },
];

for (const { what, experiment } of CASES) {
  test(`${what}: histories and parameters are bit-identical on 1, 2 and 4 threads and with descent.wasm`, async () => {
    const reference = await single.run(experiment);
    assert.ok(reference.runs.every((r) => r.status !== 'diverged' && r.iterations > 1), 'the runs train');
    for (const threads of [1, 2, 4]) {
      const engine = engines[threads];
      const shared = engine.sharedPasses;
      const result = await engine.run(experiment);
      // (which thread computes which chunk depends on the timing: the next test shows the workers do)
      if (threads > 1) assert.ok(engine.sharedPasses > shared, `${threads} threads: the passes were split`);
      else assert.equal(engine.sharedPasses, 0);
      assertSameBits(result, reference, `${threads} thread(s)`);
    }
  });
}

test('the workers compute blocks of the passes, with the same bits', async () => {
  // 48000 training rows: 750 blocks, chunks of 47 (2 threads) or 19 (4 threads) blocks. A worker joins
  // a pass only if the system runs it before the chunks are gone: on a loaded machine that may take a
  // few runs, each of which must give the same bits
  const experiment = { seed: 14, data: { kind: 'linear', n: 60000, d: 16 }, runs: [runs[0]] };
  const reference = await single.run(experiment);
  for (const threads of [2, 4]) {
    const engine = engines[threads];
    const worked = engine.workedChunks;
    for (let attempt = 0; attempt < 20 && engine.workedChunks === worked; attempt += 1) {
      assertSameBits(await engine.run(experiment), reference, `${threads} threads, attempt ${attempt + 1}`);
    }
    assert.ok(engine.workedChunks > worked, `${threads} threads: the workers computed chunks`);
  }
});

test('a network and mini-batch-only runs are not split (and give the same bits)', async () => {
  const experiment = { seed: 5, data: { kind: 'moons', n: 3000 }, model: { kind: 'mlp', hidden: [8], activation: 'tanh', loss: 'bce' },
    runs: [{ optimizer: { kind: 'adam', lr: 0.01 }, batchSize: 'full', iterations: 20, record: { every: 1 } }] };
  const shared = engines[2].sharedPasses;
  const result = await engines[2].run(experiment);
  assert.equal(engines[2].sharedPasses, shared, 'no pass of a network is split');
  assert.equal(result.threads, 1);
  assertSameBits(result, await single.run(experiment), 'mlp');
  const minibatch = { seed: 6, data: { kind: 'linear', n: 3000, d: 4 }, runs: [runs[3]] };
  const before = engines[2].sharedPasses;
  assertSameBits(await engines[2].run(minibatch), await single.run(minibatch), 'mini-batch');
  assert.equal(engines[2].sharedPasses, before, 'no mini-batch pass is split');
});

// A big enough experiment for the default rule: 20000 training rows (above MIN_ROWS) of 16 features.
const big = { seed: 21, data: { kind: 'linear', n: 25000, d: 16 }, runs: [{ optimizer: { kind: 'sgd', lr: 0.1 }, iterations: 6, record: { every: 1 } }] };

test('run(experiment, {threads}) splits the passes, reports the count and gives the same bits', async () => {
  assert.ok(20000 >= MIN_ROWS);
  const one = await run(big, { threads: 1 });
  const two = await run(big, { threads: 2 });
  assert.equal(one.threads, 1);
  assert.equal(two.threads, 2);
  assert.ok((await loadEngine({ threads: 2 })).sharedPasses >= 6, 'every pass of the run was split');
  assertSameBits(two, one, 'run() with 2 threads');
  // default: one thread until threads pay on their own (THREADS_BY_DEFAULT); the rule they will follow
  // then: the machine's parallelism (at most 8) when threads pay, else 1
  assert.equal(THREADS_BY_DEFAULT, false);
  assert.equal(runThreads(big), 1);
  assert.equal((await run(big)).threads, 1);
  const rule = (e) => defaultThreads(validateExperiment(e), 6, true);
  assert.equal(rule(big), 6);
  assert.equal(defaultThreads(validateExperiment(big), 64, true), 8, 'at most 8 by default');
  assert.equal(rule({ ...big, data: { ...big.data, n: 2000 } }), 1, 'small data: one thread');
  assert.equal(rule({ ...big, runs: [{ ...big.runs[0], batchSize: 64 }] }), 1, 'mini-batch only: one thread');
  assert.equal(rule({ seed: 1, data: { kind: 'moons', n: 40000 }, model: { kind: 'mlp', hidden: [4], loss: 'bce' }, runs: [{ optimizer: { kind: 'adam', lr: 0.01 }, iterations: 2 }] }), 1, 'a network: one thread');
});

test('run() refuses a thread count outside 1..64, naming threads', async () => {
  for (const threads of [0, -1, 1.5, 65, '2', NaN, null]) {
    await assert.rejects(run(big, { threads }), (error) => error instanceof DescentError && error.message.startsWith(`threads: must be an integer in 1..${MAX_THREADS}, got`), String(threads));
  }
  assert.throws(() => loadEngine({ threads: 100 }), /threads: must be an integer in 1\.\.64, got 100/);
});

test('descent run --threads N: the same histories, result.threads in --json; a bad N exits 2 naming --threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'descent-threads-'));
  try {
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify(big));
    const results = {};
    for (const threads of ['1', '2', '4']) {
      const out = join(dir, `out-${threads}.json`);
      const { status, stderr } = spawnSync(process.execPath, [cli, 'run', file, '--threads', threads, '--json', out, '--quiet'], { encoding: 'utf8' });
      assert.equal(status, 0, stderr);
      results[threads] = JSON.parse(readFileSync(out, 'utf8'));
      assert.equal(results[threads].threads, Number(threads));
    }
    // JSON numbers round-trip doubles exactly (shortest representation)
    assertSameBits(results['2'], results['1'], 'CLI --threads 2');
    assertSameBits(results['4'], results['1'], 'CLI --threads 4');
    for (const bad of ['0', '65', 'two', '1.5', '-2']) {
      const { status, stderr } = spawnSync(process.execPath, [cli, 'run', file, `--threads=${bad}`], { encoding: 'utf8' });
      assert.equal(status, 2, bad);
      assert.match(stderr, new RegExp(`^--threads: must be an integer in 1\\.\\.64, got ${JSON.stringify(JSON.stringify(bad)).slice(1, -1)}`), bad);
    }
    const tuned = spawnSync(process.execPath, [cli, 'tune', file, '--threads', '2'], { encoding: 'utf8' });
    assert.equal(tuned.status, 2);
    assert.match(tuned.stderr, /--threads applies to descent run only/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
