// slice.test.js — web/lib/slice.js: the planes of the loss surface for every model. The Hessian's
// leading directions against an independent float64 Hessian ((2/n)·AᵀA for linear MSE, Σ p(1−p)·aaᵀ/n
// for logistic regression), Jacobi against A·v = λ·v, filter normalisation, projection and the grid.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine } from '../../web/lib/index.js';
import { curvatureDirections, jacobiEigen, project, randomDirections, sliceDirections, sliceGrid } from '../../web/lib/slice.js';
import { mulberry32 } from './reference.js';

const engine = await loadEngine();
const dot = (a, b) => a.reduce((s, x, k) => s + x * b[k], 0);

/** The float64 Hessian of the training objective from the data the core holds. */
function exactHessian(session, centre) {
  const { X, y, n, d } = session.split('train');
  const np = d + 1;
  const H = Array.from({ length: np }, () => new Float64Array(np));
  const logistic = session.experiment.model.kind === 'logistic';
  for (let i = 0; i < n; i++) {
    const a = [...X.subarray(i * d, (i + 1) * d), 1];
    let w = 2 / n;
    if (logistic) {
      const p = 1 / (1 + Math.exp(-dot(a, centre)));
      w = (p * (1 - p)) / n;
    }
    for (let r = 0; r < np; r++) for (let c = 0; c < np; c++) H[r][c] += w * a[r] * a[c];
  }
  return H;
}

function leading(H) {
  const { values, vectors } = jacobiEigen(H);
  const order = values.map((_, k) => k).sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]));
  return order.slice(0, 2).map((k) => ({ value: values[k], vector: vectors[k] }));
}

test('jacobiEigen: A·v = λ·v and orthonormal vectors for a random symmetric matrix', () => {
  const rand = mulberry32(7).uniform;
  const n = 7;
  const A = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i][j] = A[j][i] = rand() * 2 - 1;
  const { values, vectors } = jacobiEigen(A);
  values.forEach((lambda, k) => {
    const v = vectors[k];
    const Av = A.map((row) => dot(row, v));
    for (let i = 0; i < n; i++) assert.ok(Math.abs(Av[i] - lambda * v[i]) < 1e-12, `pair ${k}`);
    for (let j = 0; j < n; j++) assert.ok(Math.abs(dot(v, vectors[j]) - (j === k ? 1 : 0)) < 1e-12);
  });
  assert.ok(Math.abs(values.reduce((s, x) => s + x) - A.reduce((s, row, i) => s + row[i], 0)) < 1e-12, 'trace');
});

test('curvature directions of linear MSE and of logistic regression match the float64 Hessian', () => {
  const cases = [
    [{ seed: 2, data: { kind: 'linear', n: 300, d: 4, scales: [1, 3, 0.5, 2] }, runs: [{}] }, 1e-6],
    [{ seed: 3, data: { kind: 'blobs', n: 300, d: 3 }, model: { kind: 'logistic' }, runs: [{}] }, 1e-4],
  ];
  for (const [experiment, tol] of cases) {
    const session = engine.createSession(experiment);
    try {
      const centre = Float64Array.from({ length: session.np }, (_, k) => 0.3 * k - 0.2);
      const mine = curvatureDirections(session, centre);
      const [first, second] = leading(exactHessian(session, centre));
      const label = experiment.data.kind;
      assert.ok(Math.abs(mine.lambdas[0] / first.value - 1) < tol, `${label}: λ1 ${mine.lambdas[0]} vs ${first.value}`);
      assert.ok(Math.abs(mine.lambdas[1] / second.value - 1) < tol, `${label}: λ2 ${mine.lambdas[1]} vs ${second.value}`);
      assert.ok(Math.abs(Math.abs(dot(mine.u, first.vector)) - 1) < tol, `${label}: u`);
      assert.ok(Math.abs(Math.abs(dot(mine.v, second.vector)) - 1) < tol, `${label}: v`);
    } finally {
      session.free();
    }
  }
});

test('beyond FULL_HESSIAN parameters, subspace iteration finds the same leading pair', () => {
  // a network of 2-16-8-1 = 193 parameters: the full Hessian (386 gradients) against subspace iteration
  const session = engine.createSession({ seed: 5, data: { kind: 'moons', n: 200 }, model: { kind: 'mlp', hidden: [16, 8] }, runs: [{ iterations: 30 }] });
  try {
    while (session.advance(0) === 'running');
    const centre = session.params(0);
    assert.ok(centre.length > 128);
    const mine = curvatureDirections(session, centre);
    assert.equal(mine.exact, false);
    // the reference: H column by column from the same gradient differences, diagonalised by Jacobi
    const np = centre.length;
    const h = 1e-3 * Math.max(1, Math.sqrt(dot(centre, centre)));
    const cols = Array.from({ length: np }, (_, k) => {
      const plus = Float64Array.from(centre);
      const minus = Float64Array.from(centre);
      plus[k] += h;
      minus[k] -= h;
      const gp = session.gradient(plus).grad;
      const gm = session.gradient(minus).grad;
      return gp.map((g, i) => (g - gm[i]) / (2 * h));
    });
    const H = Array.from({ length: np }, (_, i) => Float64Array.from({ length: np }, (_, j) => (cols[j][i] + cols[i][j]) / 2));
    const [first] = leading(H);
    assert.ok(Math.abs(mine.lambdas[0] / first.value - 1) < 1e-3, `λ1 ${mine.lambdas[0]} vs ${first.value}`);
    assert.ok(Math.abs(Math.abs(dot(mine.u, first.vector)) - 1) < 1e-3, 'u');
  } finally {
    session.free();
  }
});

test('random directions are filter-normalised: each unit\'s weights as long as the centre\'s, biases 0', () => {
  const session = engine.createSession({ seed: 1, data: { kind: 'moons', n: 100 }, model: { kind: 'mlp', hidden: [4] }, runs: [{}] });
  try {
    const centre = session.initialParams();
    const { u, v } = randomDirections(session, centre);
    const again = randomDirections(session, centre);
    assert.deepEqual(Array.from(again.u), Array.from(u), 'the same directions for the same experiment');
    // layer 1: 4 units × 2 inputs, then 4 biases; layer 2: 1 unit × 4 inputs, then 1 bias
    const rows = [[0, 2], [2, 2], [4, 2], [6, 2], [12, 4]];
    for (const d of [u, v]) {
      for (const [start, length] of rows) {
        const n = (a) => Math.hypot(...Array.from(a).slice(start, start + length));
        assert.ok(Math.abs(n(d) - n(centre)) < 1e-12 * n(centre));
      }
      for (const bias of [8, 9, 10, 11, 16]) assert.equal(d[bias], 0);
    }
    assert.ok(Math.abs(dot(u, v)) < 0.9 * Math.hypot(...u) * Math.hypot(...v), 'two different directions');
  } finally {
    session.free();
  }
});

test('projection recovers plane coordinates; the grid is the objective on the plane; bad specs are refused', async () => {
  const session = engine.createSession({ seed: 4, data: { kind: 'linear', n: 50, d: 2 }, runs: [{}] });
  try {
    const centre = [0.5, -1, 2];
    const { u, v, axes } = sliceDirections(session, { mode: 'params', centre, params: [0, 2] });
    assert.deepEqual(axes, ['θ0', 'θ2']);
    const w = [0.3, 1, -0.7];
    const z = [2, 0.5, 1];
    const pts = [[-1.5, 2.25], [0, 0], [3, -0.5]].map(([a, b]) => centre.map((c, k) => c + a * w[k] + b * z[k]));
    const back = project(pts, centre, w, z);
    [[-1.5, 2.25], [0, 0], [3, -0.5]].forEach(([a, b], k) => {
      assert.ok(Math.abs(back[k].a - a) < 1e-12 && Math.abs(back[k].b - b) < 1e-12);
    });
    const grid = await sliceGrid(session, { centre, u, v, a: [-1, 1], b: [-2, 2], side: 3 });
    assert.equal(grid[0], session.evaluate([-0.5, -1, 0], 'train'));
    assert.equal(grid[5], session.evaluate([1.5, -1, 2], 'train'));
    assert.equal(grid[8], session.evaluate([1.5, -1, 4], 'train'));
    assert.equal(await sliceGrid(session, { centre, u, v, a: [-1, 1], b: [-2, 2], side: 3, pause: () => false }), null);
    assert.throws(() => sliceDirections(session, { mode: 'params', centre, params: [0, 3] }), /slice\.params\.j: must be an integer in 0\.\.2, got 3/);
    assert.throws(() => sliceDirections(session, { mode: 'params', centre, params: [1, 1] }), /two different parameters/);
    assert.throws(() => sliceDirections(session, { mode: 'hessian', centre }), /slice\.mode: must be "params", "curvature" or "random"/);
    assert.throws(() => sliceDirections(session, { mode: 'random', centre: [1, 2] }), /slice\.centre: must be 3 finite numbers/);
  } finally {
    session.free();
  }
});
