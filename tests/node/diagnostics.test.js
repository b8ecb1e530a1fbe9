// Hessian diagnostics, run notes and the "diverging" status, checked against independent float64
// computations written here (H from its formula, a plain Jacobi; Newton's method for logistic) and
// against numpy's eigvalsh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadEngine } from '../../web/lib/index.js';
import { formatTable } from '../../web/lib/report.js';
import { noiseFloor, runNotes, stableLr } from '../../web/lib/diagnostics.js';

const engine = await loadEngine();
const root = new URL('../../', import.meta.url).pathname;
const seed = () => JSON.parse(readFileSync(join(root, 'examples/seed.json'), 'utf8'));

/** Rows a_i = [x_i, 1] of a session's training split, as float64 arrays. */
function rowsOf(session) {
  const { X, y, n, d } = session.split('train');
  return { A: Array.from({ length: n }, (_, i) => [...Array.from(X.subarray(i * d, (i + 1) * d)), 1]), y: Array.from(y), d };
}

/** (1/n) Σ c_i a_i a_iᵀ + 2·l2 on the weights. */
function weightedGram(A, c, l2) {
  const m = A[0].length;
  const H = Array.from({ length: m }, () => new Array(m).fill(0));
  A.forEach((a, i) => { for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) H[j][k] += (c[i] * a[j] * a[k]) / A.length; });
  for (let j = 0; j < m - 1; j++) H[j][j] += 2 * l2;
  return H;
}

/** Eigenvalues of a symmetric matrix by cyclic Jacobi (copied), ascending. */
function jacobiEigenvalues(M) {
  const A = M.map((r) => r.slice());
  const m = A.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += A[p][q] ** 2;
    if (off < 1e-300) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        if (A[p][q] === 0) continue;
        const th = (A[q][q] - A[p][p]) / (2 * A[p][q]);
        const t = (th >= 0 ? 1 : -1) / (Math.abs(th) + Math.sqrt(th * th + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) { const a = A[k][p]; const b = A[k][q]; A[k][p] = c * a - s * b; A[k][q] = s * a + c * b; }
        for (let k = 0; k < m; k++) { const a = A[p][k]; const b = A[q][k]; A[p][k] = c * a - s * b; A[q][k] = s * a + c * b; }
      }
    }
  }
  return A.map((r, i) => r[i]).sort((a, b) => a - b);
}

/** numpy.linalg.eigvalsh of H, or null without numpy. */
function numpyEigenvalues(H) {
  const py = spawnSync('/usr/bin/python3', ['-c', 'import json,sys,numpy as np; print(json.dumps(np.linalg.eigvalsh(np.array(json.load(sys.stdin))).tolist()))'], { input: JSON.stringify(H), encoding: 'utf8' });
  return py.status === 0 ? JSON.parse(py.stdout) : null;
}

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** Solves H x = g by Gaussian elimination with partial pivoting. */
function solve(H, g) {
  const m = g.length;
  const M = H.map((r, i) => [...r, g[i]]);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < m; r++) { const f = M[r][c] / M[c][c]; for (let k = c; k <= m; k++) M[r][k] -= f * M[c][k]; }
  }
  const x = new Array(m).fill(0);
  for (let r = m - 1; r >= 0; r--) { let s = M[r][m]; for (let k = r + 1; k < m; k++) s -= M[r][k] * x[k]; x[r] = s / M[r][r]; }
  return x;
}

test('seed experiment: λmax, λmin, κ and 2/λmax match a float64 Jacobi and numpy to 1e-9', () => {
  const session = engine.createSession(seed());
  try {
    const { A } = rowsOf(session);
    const H = weightedGram(A, A.map(() => 2), 0);
    const [lmin, lmax] = jacobiEigenvalues(H);
    const dg = session.diagnostics;
    assert.equal(dg.at, 'everywhere');
    assert.ok(dg.exact && dg.converged);
    const close = (a, b) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b), `${a} vs ${b}`);
    close(dg.lambdaMax, lmax);
    close(dg.lambdaMin, lmin);
    close(dg.condition, lmax / lmin);
    close(dg.maxStableLr, 2 / lmax);
    assert.equal(dg.maxStableLr.toFixed(3), '0.795'); // the number
    const np = numpyEigenvalues(H);
    if (np) {
      close(dg.lambdaMin, np[0]);
      close(dg.lambdaMax, np[1]);
    }
    // standardised: H = 2I exactly (the standardised Gram matrix has unit diagonal, zero mean)
    assert.ok(Math.abs(dg.standardized.condition - 1) < 1e-9);
  } finally {
    session.free();
  }
});

test('ridge with 5 features: the diagnostics include the penalty 2·l2 on the weights', () => {
  const session = engine.createSession({ data: { kind: 'linear', n: 300, d: 5, scales: [1, 2, 5, 10, 0.5] }, model: { penalty: { l2: 0.05 } } });
  try {
    const { A } = rowsOf(session);
    const H = weightedGram(A, A.map(() => 2), 0.05);
    const ev = jacobiEigenvalues(H);
    assert.ok(Math.abs(session.diagnostics.lambdaMax - ev.at(-1)) <= 1e-9 * ev.at(-1));
    assert.ok(Math.abs(session.diagnostics.lambdaMin - ev[0]) <= 1e-9 * ev[0]);
  } finally {
    session.free();
  }
});

test('logistic regression: the Hessian at the optimum matches an independent Newton + Jacobi to 1e-9', () => {
  const session = engine.createSession({ data: { kind: 'blobs', n: 300, d: 3, separation: 1.5 }, model: { kind: 'logistic', loss: 'bce', penalty: { l2: 0.001 } } });
  try {
    const { A, y } = rowsOf(session);
    const m = A[0].length;
    let theta = new Array(m).fill(0);
    for (let it = 0; it < 100; it++) { // plain Newton (this problem needs no step halving)
      const z = A.map((a) => a.reduce((s, v, j) => s + v * theta[j], 0));
      const g = new Array(m).fill(0);
      A.forEach((a, i) => a.forEach((v, j) => { g[j] += ((sigmoid(z[i]) - y[i]) * v) / A.length; }));
      for (let j = 0; j < m - 1; j++) g[j] += 2 * 0.001 * theta[j];
      const H = weightedGram(A, z.map((v) => sigmoid(v) * (1 - sigmoid(v))), 0.001);
      const step = solve(H, g);
      theta = theta.map((t, j) => t - step[j]);
      if (Math.max(...step.map(Math.abs)) < 1e-14) break;
    }
    const z = A.map((a) => a.reduce((s, v, j) => s + v * theta[j], 0));
    const H = weightedGram(A, z.map((v) => sigmoid(v) * (1 - sigmoid(v))), 0.001);
    const ev = jacobiEigenvalues(H);
    const dg = session.diagnostics;
    assert.equal(dg.at, 'optimum');
    assert.ok(dg.newtonIterations > 2);
    dg.params.forEach((p, j) => assert.ok(Math.abs(p - theta[j]) < 1e-9, `θ_${j}`));
    assert.ok(Math.abs(dg.lambdaMax - ev.at(-1)) <= 1e-9 * ev.at(-1));
    assert.ok(Math.abs(dg.lambdaMin - ev[0]) <= 1e-9 * ev[0]);
    const np = numpyEigenvalues(H);
    if (np) assert.ok(Math.abs(dg.lambdaMax - np.at(-1)) <= 1e-9 * np.at(-1));
  } finally {
    session.free();
  }
});

test('separable classes: no optimum, so the result shows the Hessian at a run\'s final parameters and says so', async () => {
  const result = await engine.run({
    data: { kind: 'blobs', n: 100, separation: 12 },
    model: { kind: 'logistic', loss: 'bce' },
    runs: [{ name: 'gd', optimizer: { kind: 'sgd', lr: 0.5 }, iterations: 200 }],
  });
  assert.match(result.diagnosticsNote, /separable/);
  assert.match(result.diagnosticsNote, /final parameters of run "gd"/);
  assert.equal(result.diagnostics.at, 'final parameters of run "gd"');
  assert.ok(result.diagnostics.lambdaMax > 0);
  assert.match(formatTable(result), /Hessian at the final parameters of run "gd": λmax/);
});

test('collinear features: H is singular, κ is infinite and the line says why', async () => {
  const { describeDiagnostics } = await import('../../web/lib/diagnostics.js');
  const session = engine.createSession({ data: { kind: 'inline', X: [[1, 2], [2, 4], [3, 6], [4, 8]], y: [1, 2, 3, 4], testFraction: 0 } });
  try {
    const dg = session.diagnostics;
    assert.ok(Math.abs(dg.lambdaMin) < 1e-12 * dg.lambdaMax, String(dg.lambdaMin));
    assert.equal(dg.condition, Infinity);
    assert.match(describeDiagnostics(dg), /κ ∞ \(H is singular/);
    assert.match(session.optimumNote, /collinear/);
  } finally {
    session.free();
  }
});

test('models without a Hessian say why (MAE, networks, functions)', () => {
  for (const [experiment, pattern] of [
    [{ model: { loss: 'mae' } }, /no curvature/],
    [{ data: { kind: 'moons' }, model: { kind: 'mlp', loss: 'bce' } }, /networks/],
    [{ model: { kind: 'function', function: 'rosenbrock' } }, /linear and logistic/],
  ]) {
    const session = engine.createSession(experiment);
    try {
      assert.equal(session.diagnostics, null);
      assert.match(session.diagnosticsNote, pattern);
    } finally {
      session.free();
    }
  }
});

test('status: the seed experiment at lr 0.8 (300 updates) ends "diverging" with its notes, not "completed"; lr 0.1 completes', async () => {
  const experiment = seed();
  experiment.runs = [
    { name: 'lr 0.8', optimizer: { kind: 'sgd', lr: 0.8 }, batchSize: 'full', iterations: 300 },
    { name: 'lr 0.1', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full', iterations: 300 },
  ];
  const result = await engine.run(experiment);
  const [bad, good] = result.runs;
  assert.equal(bad.status, 'diverging');
  assert.equal(bad.divergedAt, null);
  const grew = bad.history.trainLoss.at(-1) / bad.history.trainLoss[0];
  assert.ok(grew > 3000 && grew < 4000, String(grew));
  assert.deepEqual(bad.notes.map((n) => n.code), ['above_stability_bound', 'loss_grew']);
  assert.equal(bad.notes[0].text, 'lr 0.8 is above the stability bound 0.795 (2/λmax)');
  assert.match(bad.notes[1].text, /^the loss grew 3,4\d\d× and is still rising$/);
  assert.equal(good.status, 'completed');
  assert.deepEqual(good.notes, []);
  const table = formatTable(result);
  assert.match(table, /lr 0\.8 +diverging/);
  assert.match(table, /lr 0\.8: lr 0\.8 is above the stability bound 0\.795/);
});

test('the exported NumPy script reports the same statuses: "diverging" at lr 0.8, "completed" at lr 0.1', async (t) => {
  if (spawnSync('/usr/bin/python3', ['-c', 'import numpy']).status !== 0) {
    t.skip('no numpy for /usr/bin/python3');
    return;
  }
  const { exportExperiment } = await import('../../web/lib/export.js');
  const experiment = seed();
  experiment.runs = [
    { name: 'lr 0.8', optimizer: { kind: 'sgd', lr: 0.8 }, batchSize: 'full', iterations: 300 },
    { name: 'lr 0.1', optimizer: { kind: 'sgd', lr: 0.1 }, batchSize: 'full', iterations: 300 },
  ];
  const { files } = exportExperiment(engine, experiment, { to: 'numpy', stem: 'lr08' });
  const dir = mkdtempSync(join(tmpdir(), 'descent-diag-py-'));
  try {
    writeFileSync(join(dir, files[0].name), files[0].text);
    execFileSync('/usr/bin/python3', [files[0].name, '--json', 'out.json'], { cwd: dir, encoding: 'utf8' });
    const python = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    assert.deepEqual(python.runs.map((r) => r.status), ['diverging', 'completed']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('note above_stability_bound: heavy ball and Nesterov bounds, schedules use their largest rate', () => {
  assert.equal(stableLr({ kind: 'sgd', lr: 1, momentum: 0 }, 2), 1);
  assert.equal(stableLr({ kind: 'sgd', lr: 1, momentum: 0.5, dampening: 0 }, 2), 1.5);
  assert.equal(stableLr({ kind: 'sgd', lr: 1, momentum: 0.5, dampening: 0, nesterov: true }, 2), 0.75);
  assert.equal(stableLr({ kind: 'adam', lr: 1 }, 2), null);
  // check the heavy-ball bound on the iteration itself: p' = p − lr·v, v' = μv + λp
  const diverges = (lr, mu, lambda, nesterov = false) => {
    let p = 1; let v = 0;
    for (let t = 0; t < 4000; t++) {
      const g = lambda * p;
      v = mu * v + g;
      p -= lr * (nesterov ? g + mu * v : v);
    }
    return Math.abs(p) > 1;
  };
  for (const [mu, nesterov] of [[0, false], [0.9, false], [0.5, true]]) {
    const bound = stableLr({ kind: 'sgd', momentum: mu, dampening: 0, nesterov }, 3);
    assert.ok(!diverges(bound * 0.99, mu, 3, nesterov) && diverges(bound * 1.01, mu, 3, nesterov), `μ ${mu} nesterov ${nesterov}`);
  }
});

test('note noise_floor: a stalled mini-batch loss above the optimum, not a falling one or one at the optimum', () => {
  const stalled = Float64Array.from({ length: 40 }, (_, i) => (i < 10 ? 10 - i : 1.2 + 0.05 * Math.sin(i)));
  assert.ok(noiseFloor(stalled, 1.0));
  assert.equal(noiseFloor(stalled, 1.19), null); // at the optimum (within 5%): nothing to gain
  const falling = Float64Array.from({ length: 40 }, (_, i) => 1 + 10 * 0.9 ** i);
  assert.equal(noiseFloor(falling, 1.0), null);
  const spec = { optimizer: { kind: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, batchSize: 1 };
  const run = { status: 'completed', history: { trainLoss: stalled, lr: [] } };
  assert.deepEqual(runNotes(run, spec, { diagnostics: null, optimumLoss: 1.0, nTrain: 80 }).map((n) => n.code), ['noise_floor']);
  assert.deepEqual(runNotes(run, { ...spec, batchSize: 'full' }, { diagnostics: null, optimumLoss: 1.0, nTrain: 80 }), []);
});

test('every optimizer kind has its torch class name (notes and the optimizer switch use them)', async () => {
  const { OPTIMIZER } = await import('../../web/lib/abi.js');
  const { OPTIMIZER_NAMES } = await import('../../web/lib/experiment.js');
  assert.deepEqual(Object.keys(OPTIMIZER_NAMES), Object.keys(OPTIMIZER));
});

test('note noise_floor on a real run: per-sample SGD with a large rate stalls above the optimum; a small batch-GD run does not', async () => {
  const experiment = seed();
  experiment.runs = [
    { name: 'noisy SGD', optimizer: { kind: 'sgd', lr: 0.5 }, batchSize: 1, iterations: 4000 },
    { name: 'batch GD', optimizer: { kind: 'sgd', lr: 0.5 }, batchSize: 'full', iterations: 4000 },
  ];
  const result = await engine.run(experiment);
  assert.deepEqual(result.runs[0].notes.map((n) => n.code), ['noise_floor']);
  assert.match(result.runs[0].notes[0].text, /^SGD has reached its noise floor/);
  assert.deepEqual(result.runs[1].notes, []);
});

test('note standardize: raw features of different scales, not when standardised', async () => {
  const raw = engine.createSession({ data: { kind: 'linear', n: 200, d: 2, scales: [1, 10] } });
  const std = engine.createSession({ data: { kind: 'linear', n: 200, d: 2, scales: [1, 10], standardize: true } });
  try {
    const { experimentNotes } = await import('../../web/lib/diagnostics.js');
    const [note] = experimentNotes(raw.diagnostics);
    assert.equal(note.code, 'standardize');
    assert.ok(note.factor > 40, String(note.factor));
    assert.match(note.text, /^standardising the features would make this \d[\d,]*× better conditioned/);
    assert.equal(std.diagnostics.standardized, undefined);
    assert.deepEqual(experimentNotes(std.diagnostics), []);
  } finally {
    raw.free();
    std.free();
  }
});

test('CLI --json carries the diagnostics and notes; the table a Hessian line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'descent-diag-'));
  try {
    const out = join(dir, 'out.json');
    const text = execFileSync(process.execPath, [join(root, 'web/lib/cli.js'), 'run', join(root, 'examples/seed.json'), '--json', out], { encoding: 'utf8' });
    assert.match(text, /^Hessian: λmax 2\.52, λmin 0\.122, κ 20\.6; gradient descent is stable for lr < 0\.795$/m);
    assert.ok(existsSync(out));
    const json = JSON.parse(readFileSync(out, 'utf8'));
    for (const key of ['lambdaMax', 'lambdaMin', 'condition', 'maxStableLr']) assert.equal(typeof json.diagnostics[key], 'number', key);
    assert.equal(json.notes[0].code, 'standardize');
    assert.ok(json.runs.every((r) => Array.isArray(r.notes)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
