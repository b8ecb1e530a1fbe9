// Session accessors the page and the tuner read: splits (whole and sampled), parameters, divergence.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine } from '../../web/lib/index.js';

const engine = await loadEngine();

test('split() copies the training split; maxRows samples every k-th row of it', () => {
  const session = engine.createSession({ data: { kind: 'linear', n: 1000, d: 3, testFraction: 0.3 } });
  try {
    const all = session.split('train');
    assert.equal(all.n, 700);
    assert.equal(all.X.length, 700 * 3);
    assert.equal(all.raw, null); // raw x exists for 1-D generators only
    const some = session.split('train', 100);
    assert.equal(some.step, 7);
    assert.equal(some.n, 100);
    for (let r = 0; r < some.n; r++) {
      assert.deepEqual(Array.from(some.X.subarray(r * 3, r * 3 + 3)), Array.from(all.X.subarray(r * 21, r * 21 + 3)));
      assert.equal(some.y[r], all.y[r * 7]);
    }
    assert.equal(session.split('test').n, 300);
  } finally {
    session.free();
  }
});

test('split() of 1-D polynomial data carries the raw x before feature expansion', () => {
  const session = engine.createSession({ data: { kind: 'polynomial', degree: 3, testFraction: 0 } });
  try {
    const { X, raw, n, d } = session.split('train');
    assert.equal(d, 3);
    assert.equal(session.split('test').n, 0);
    for (let r = 0; r < n; r++) {
      assert.equal(X[r * 3], raw[r]); // features are x, x², x³ (not standardised)
      assert.equal(X[r * 3 + 1], Math.fround(raw[r] * raw[r]));
    }
  } finally {
    session.free();
  }
});

test('params() and divergedAt() follow the runs', async () => {
  const session = engine.createSession({
    runs: [
      { name: 'stable', optimizer: { kind: 'sgd', lr: 0.5 }, iterations: 50 },
      { name: 'too fast', optimizer: { kind: 'sgd', lr: 2 }, iterations: 50 },
    ],
  });
  try {
    assert.deepEqual(Array.from(session.params(0)), [0, 0]);
    await session.runToEnd();
    const result = session.result();
    assert.deepEqual(Array.from(session.params(0)), [...result.runs[0].params.weights, result.runs[0].params.bias]);
    assert.equal(session.divergedAt(0), null);
    assert.equal(session.divergedAt(1), result.runs[1].divergedAt);
    assert.ok(session.divergedAt(1) > 0);
  } finally {
    session.free();
  }
});

test('addRun validates the run against the session\'s data and model, and a refused run leaks nothing', async () => {
  const { ExperimentError } = await import('../../web/lib/engine.js').then(() => import('../../web/lib/errors.js'));
  const session = engine.createSession({ runs: [{ optimizer: { kind: 'sgd', lr: 0.1 }, iterations: 10 }] });
  try {
    const heap0 = engine.heapUsed();
    assert.throws(() => session.addRun({ name: 'bad', optimizer: { kind: 'sgd', lr: -1 } }), (error) => error instanceof ExperimentError
      && error.issues.length === 1 && error.issues[0].path === 'optimizer.lr' && /must be a number > 0/.test(error.message) && /-1/.test(error.message));
    assert.throws(() => session.addRun({ name: 'big', batchSize: 81 }), (error) => error instanceof ExperimentError
      && error.issues[0].path === 'batchSize' && /1\.\.80/.test(error.message));
    assert.equal(session.runCount, 1, 'the refused runs were not added');
    assert.equal(engine.heapUsed(), heap0, 'a refused run allocates nothing');
  } finally {
    session.free();
  }
});

test('a C status becomes a DescentError with the core\'s message, and leaks nothing', async () => {
  const { DescentError } = await import('../../web/lib/engine.js');
  const session = engine.createSession({ runs: [{ optimizer: { kind: 'sgd', lr: 0.1 }, iterations: 10 }] });
  try {
    assert.equal(session.advance(0), 'completed');
    const heap0 = engine.heapUsed();
    // dsc_run_advance on a run that has ended returns DSC_ESTATE with a message.
    assert.throws(() => session.advance(0, 1), (error) => error instanceof DescentError
      && error.status === 'ESTATE' && /ended/.test(error.message));
    assert.equal(engine.heapUsed(), heap0, 'the failed call freed its temporaries');
  } finally {
    session.free();
  }
});

test('the closed-form solve in steps gives the one-go optimum to the bit; solveToEnd stops on a signal', async () => {
  const { solveToEnd } = await import('../../web/lib/engine.js');
  const experiment = { data: { kind: 'linear', n: 2000, d: 12 }, model: { penalty: { l2: 0.01 } } };
  const once = engine.createSession(experiment);
  const want = once.optimum;
  const wantDiagnostics = once.diagnostics;
  once.free();
  assert.ok(wantDiagnostics.lambdaMax > 0 && wantDiagnostics.lambdaMin > 0);
  for (const step of [1, 97, 5000]) {
    const session = engine.createSession(experiment, { optimum: 'steps' });
    try {
      assert.equal(session.optimum, null);
      assert.equal(session.optimumNote, 'not computed yet');
      let last = -1;
      let p;
      do {
        p = session.solveStep(step);
        assert.ok(p.ops > last && p.ops <= p.maxOps);
        last = p.ops;
      } while (!p.done);
      assert.deepEqual(session.optimum, want);
      assert.equal(session.optimumNote, null);
      assert.deepEqual(session.diagnostics, wantDiagnostics); // the Hessian in steps: the same bits
      assert.deepEqual(session.solveStep(1), { done: true, ops: 0, maxOps: 0 }); // nothing left
    } finally {
      session.free();
    }
  }
  const heap = engine.heapUsed();
  const session = engine.createSession({ data: { n: 50000, d: 40 } }, { optimum: 'steps' }); // 4e7 multiply-adds
  const controller = new AbortController();
  const seen = [];
  await assert.rejects(solveToEnd(session, {
    chunkMs: 0.01,
    signal: controller.signal,
    onProgress: ({ solve }) => { seen.push(solve.ops); controller.abort(); },
  }), { name: 'AbortError' });
  assert.equal(seen.length, 1);
  assert.equal(session.optimum, null);
  session.free(); // frees the unfinished solve too
  assert.equal(engine.heapUsed(), heap);
  // no closed form: nothing to step, the note says why
  const logistic = engine.createSession({ data: { kind: 'blobs' } }, { optimum: 'steps' });
  assert.ok(logistic.solveStep().done); // the diagnostics only (Newton's method, then the spectrum)
  assert.deepEqual(logistic.solveStep(), { done: true, ops: 0, maxOps: 0 });
  assert.match(logistic.optimumNote, /closed form only/);
  logistic.free();
  assert.throws(() => engine.createSession({}, { optimum: 'later' }), /optimum/);
});
