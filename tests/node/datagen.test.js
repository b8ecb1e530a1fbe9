// Making the data in steps (createSession with data: 'steps', session.dataStep, dataToEnd): the same
// split bytes and the same runs as in one go for every generator and any step; nothing else works
// until the data are made; argument errors name the argument; a signal stops it; nothing leaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { DescentError, dataToEnd } from '../../web/lib/engine.js';
import { loadEngine, run } from '../../web/lib/index.js';
import { sameBytes } from './helpers.js';

const engine = await loadEngine();

/** A small experiment on data of `data`, with a model that fits it and two short runs. */
function experimentFor(data) {
  const classes = ['blobs', 'moons', 'circles', 'xor', 'spiral'].includes(data.kind);
  return {
    seed: 5,
    data,
    model: data.kind === 'moons' ? { kind: 'mlp', hidden: [4], loss: 'bce' } : classes ? { kind: 'logistic', loss: 'bce' } : { kind: 'linear' },
    runs: [
      { name: 'sgd', optimizer: { kind: 'sgd', lr: 0.05 }, batchSize: 8, shuffle: true, iterations: 60 },
      { name: 'adam', optimizer: { kind: 'adam', lr: 0.02 }, batchSize: 'full', iterations: 40 },
    ],
  };
}

const DATA = [
  { kind: 'linear', n: 301, d: 3, weights: [1, -2, 0.5], scales: [4, 1, 0.2], noise: 'gaussian', standardize: true },
  { kind: 'linear', n: 150 }, // d = 1: raw x
  { kind: 'polynomial', n: 211, degree: 5, standardize: true },
  { kind: 'sine', n: 120, degree: 4 },
  { kind: 'blobs', n: 250, d: 4, standardize: true },
  { kind: 'moons', n: 160 },
  { kind: 'circles', n: 140, standardize: true },
  { kind: 'xor', n: 130 },
  { kind: 'spiral', n: 170, testFraction: 0.3 },
];

/** What a session's data are: both splits as copied out, and the statistics. */
function dataOf(session) {
  return { train: session.split('train'), test: session.split('test'), stats: session.featureStats(), sizes: [session.nTrain, session.nTest, session.d, session.np] };
}

function assertSameData(a, b, what) {
  assert.deepEqual(a.sizes, b.sizes, `${what}: sizes`);
  for (const split of ['train', 'test']) {
    for (const k of ['X', 'y', 'raw']) {
      assert.equal(a[split][k] === null, b[split][k] === null, `${what}: ${split}.${k}`);
      if (a[split][k]) assert.ok(sameBytes(a[split][k], b[split][k]), `${what}: ${split}.${k} bytes`);
    }
  }
  assert.ok(sameBytes(a.stats.mean, b.stats.mean) && sameBytes(a.stats.scale, b.stats.scale), `${what}: statistics`);
}

/** A result without the runs' compute times (the only part that is not deterministic). */
function withoutTimes(result) {
  return { ...result, runs: result.runs.map(({ timeMs, ...r }) => r) };
}

test('dataStep in steps of 1, 7, 1000 values and all at once gives the one-go split bytes and runs, for every generator', async () => {
  for (const data of DATA) {
    const experiment = experimentFor(data);
    const once = engine.createSession(experiment);
    const want = dataOf(once);
    await once.runToEnd();
    const wantResult = withoutTimes(once.result());
    once.free();
    for (const size of [1, 7, 1000, Infinity]) {
      const what = `${data.kind} ${data.n}, steps of ${size}`;
      const session = engine.createSession(experiment, { data: 'steps' });
      try {
        let last = 0;
        let p;
        let steps = 0;
        do {
          p = session.dataStep(size);
          steps += 1;
          assert.ok(p.values > last && p.values <= p.maxValues, `${what}: progress ${p.values}/${p.maxValues}`);
          last = p.values;
        } while (!p.done);
        assert.equal(p.values, p.maxValues);
        if (size === Infinity) assert.equal(steps, 1);
        if (size === 1) assert.ok(steps >= data.n, `${what}: a step of 1 value is one row (${steps} steps)`);
        assert.deepEqual(session.dataStep(1), { done: true, values: 0, maxValues: 0 }); // nothing left
        assertSameData(dataOf(session), want, what);
        assert.deepEqual(session.optimum, wantResult.optimum, `${what}: optimum`);
        await session.runToEnd();
        assert.deepStrictEqual(withoutTimes(session.result()), wantResult, `${what}: runs`);
      } finally {
        session.free();
      }
    }
  }
});

test('the values count generating (n × columns) and standardising ((2·nTrain + n) × columns)', () => {
  const plain = engine.createSession({ data: { kind: 'polynomial', n: 100, degree: 3 } }, { data: 'steps' });
  const first = plain.dataStep(1);
  assert.deepEqual(first, { done: false, values: 3, maxValues: 300 }); // one row of x, x², x³
  plain.free();
  const standardized = engine.createSession({ data: { kind: 'linear', n: 100, d: 2, standardize: true } }, { data: 'steps' });
  assert.deepEqual(standardized.dataStep(10), { done: false, values: 10, maxValues: 200 + (160 + 100) * 2 });
  assert.deepEqual(standardized.dataStep(), { done: true, values: 720, maxValues: 720 });
  standardized.free();
});

test('before the data are made, everything but dataStep and free throws ESTATE', async () => {
  const session = engine.createSession(experimentFor(DATA[0]), { data: 'steps', optimum: 'steps' });
  const estate = (error) => error instanceof DescentError && error.status === 'ESTATE' && /data are not made yet.*dataStep/.test(error.message);
  try {
    assert.equal(session.optimum, null);
    assert.equal(session.optimumNote, 'not computed yet');
    for (const name of ['nTrain', 'nTest', 'd', 'np', 'runCount']) assert.throws(() => session[name], estate, name);
    const calls = {
      split: () => session.split('train'),
      featureStats: () => session.featureStats(),
      evaluate: () => session.evaluate([0, 0, 0, 0]),
      metrics: () => session.metrics([0, 0, 0, 0], 'train'),
      gradient: () => session.gradient([0, 0, 0, 0]),
      predict: () => session.predict([0, 0, 0, 0], [1, 2, 3]),
      solveStep: () => session.solveStep(1),
      advance: () => session.advance(0, 1),
      progress: () => session.progress(0),
      params: () => session.params(0),
      history: () => session.history(0),
      addRun: () => session.addRun({ name: 'more' }),
      holdOut: () => session.holdOut({ fraction: 0.2, seed: 1 }),
      initialParams: () => session.initialParams(),
      loop: () => session.loop(),
      result: () => session.result(),
      randomStream: () => session.randomStream('init'),
    };
    for (const [name, call] of Object.entries(calls)) assert.throws(call, estate, name);
    await assert.rejects(session.runToEnd(), estate);
    session.dataStep(50);
    assert.throws(() => session.nTrain, estate, 'still not made after a partial step');
    session.dataStep();
    assert.equal(session.nTrain, 241);
    assert.equal(session.runCount, 2);
    assert.equal(session.optimumNote, 'not computed yet'); // optimum: 'steps' now goes on
    assert.equal(session.solveStep().done, true);
    assert.ok(session.optimum.trainLoss > 0);
  } finally {
    session.free();
  }
  assert.throws(() => session.dataStep(1), (error) => error instanceof DescentError && error.status === 'ESTATE' && /freed/.test(error.message));
  session.free(); // twice is fine
});

test('dataStep and createSession check their arguments; user data and function models are done at once', () => {
  const session = engine.createSession({}, { data: 'steps' });
  try {
    for (const bad of [0, -1, 1.5, '10', NaN, null, 2 ** 53]) {
      assert.throws(() => session.dataStep(bad), (error) => error instanceof DescentError && error.status === 'EINVAL'
        && /^maxValues: must be an integer in 1\.\.9007199254740991, got/.test(error.message), String(bad));
    }
    assert.equal(session.dataStep(Infinity).done, true);
  } finally {
    session.free();
  }
  for (const bad of [false, 'later', 1]) {
    assert.throws(() => engine.createSession({}, { data: bad }), (error) => error instanceof DescentError && /^data: must be true or "steps", got/.test(error.message));
  }
  const inline = engine.createSession({ data: { kind: 'inline', X: [[1], [2], [3]], y: [1, 2, 3], testFraction: 0 } }, { data: 'steps' });
  assert.equal(inline.nTrain, 3);
  assert.deepEqual(inline.dataStep(), { done: true, values: 0, maxValues: 0 });
  inline.free();
  const fn = engine.createSession({ model: { kind: 'function', function: 'rosenbrock' }, runs: [{ optimizer: { kind: 'sgd', lr: 0.001 }, iterations: 5 }] }, { data: 'steps' });
  assert.equal(fn.np, 2);
  assert.deepEqual(fn.dataStep(1), { done: true, values: 0, maxValues: 0 });
  fn.free();
});

test('dataToEnd reports progress and stops on a signal; a freed unfinished generation leaks nothing', async () => {
  const heap = engine.heapUsed();
  const experiment = { data: { kind: 'linear', n: 400000, d: 8, standardize: true } };
  const session = engine.createSession(experiment, { data: 'steps' });
  const controller = new AbortController();
  const seen = [];
  await assert.rejects(dataToEnd(session, {
    chunkMs: 0.01,
    signal: controller.signal,
    onProgress: ({ runs, data }) => { assert.deepEqual(runs, []); seen.push(data); controller.abort(); },
  }), { name: 'AbortError' });
  assert.equal(seen.length, 1);
  assert.ok(seen[0].values > 0 && seen[0].values < seen[0].maxValues);
  assert.throws(() => session.nTrain, /not made yet/);
  session.free(); // frees the unfinished generation too
  assert.equal(engine.heapUsed(), heap);

  const stepped = engine.createSession(experiment, { data: 'steps', runs: false, optimum: false });
  const fractions = [];
  await dataToEnd(stepped, { chunkMs: 1, onProgress: ({ data }) => fractions.push(data.values / data.maxValues) });
  assert.ok(fractions.length > 1 && fractions.every((f, i) => f > 0 && f < 1 && (i === 0 || f > fractions[i - 1])), fractions.join(' '));
  const once = engine.createSession(experiment, { runs: false, optimum: false });
  assertSameData(dataOf(stepped), dataOf(once), 'dataToEnd');
  stepped.free();
  once.free();
  assert.equal(engine.heapUsed(), heap);
});

test('run() makes the data in steps, reports them, and gives the one-go result', async () => {
  const experiment = { ...experimentFor(DATA[0]), data: { ...DATA[0], n: 60000 } };
  const seen = [];
  const result = await run(experiment, { chunkMs: 0.01, onProgress: (p) => { if (p.data) seen.push(p.data); } });
  assert.ok(seen.length >= 1 && seen.every((d) => d.values < d.maxValues), 'progress while making the data');
  const session = engine.createSession(experiment);
  await session.runToEnd();
  // the same bits whatever number of threads run() chose for this full-batch run (result.threads says)
  const { threads, ...numbers } = withoutTimes(result);
  assert.ok(Number.isInteger(threads) && threads >= 1);
  const { threads: _sessionThreads, ...reference } = withoutTimes(session.result());
  assert.deepStrictEqual(numbers, reference);
  session.free();
});
