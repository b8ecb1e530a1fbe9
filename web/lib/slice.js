// slice.js — a 2-D slice of any model's training objective, for the page's loss surface: the plane
// θ(a, b) = centre + a·u + b·v through a chosen centre, spanned by two directions, the objective on a
// grid of it (computed by the core, one evaluation per point) and each run's path projected onto it.
// No DOM: the page's worker uses it, and tests/node/slice.test.js checks it against the float64 reference.
//
// The directions (mode):
//   params     two parameters the user picks: u = e_i, v = e_j (the classic (w, b) picture when np = 2)
//   curvature  the two directions of largest curvature |λ| at the centre: the Hessian's leading
//              eigenvectors. The Hessian comes from gradient differences, H·e_k ≈ (∇f(c + h·e_k) −
//              ∇f(c − h·e_k)) / 2h, which for linear models with MSE is (2/n)·[X 1]ᵀ[X 1] up to the float32
//              rounding of the kernels; up to FULL_HESSIAN parameters the whole matrix is built and
//              diagonalised (Jacobi), beyond that subspace iteration on Hessian-vector products finds the
//              leading pair.
//   random     two random directions, filter-normalised (Li et al., "Visualizing the Loss Landscape of
//              Neural Nets", 2018): Gaussian, then each output unit's weights (a row of a weight
//              matrix; a linear model's weights as one filter) scaled to the norm of the centre's row,
//              biases zero — so that the plane's scale follows the network's. Drawn from the
//              experiment's seed (the "tune" stream: the same directions for the same experiment).

import { modelLayers } from './counting.js';
import { DescentError } from './errors.js';

/** Parameters up to which the whole Hessian is built (2·np gradient evaluations) and diagonalised. */
export const FULL_HESSIAN = 128;
/** Subspace iteration beyond FULL_HESSIAN: vectors kept, and iterations at most. */
const SUBSPACE = 4;
const MAX_SWEEPS = 60;

const dot = (a, b) => {
  let s = 0;
  for (let k = 0; k < a.length; k += 1) s += a[k] * b[k];
  return s;
};
const norm = (a) => Math.sqrt(dot(a, a));

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (float64).
 * @param {Float64Array[]} A rows of an n × n symmetric matrix (copied)
 * @returns {{values: number[], vectors: Float64Array[]}} vectors[k] belongs to values[k], unsorted
 */
export function jacobiEigen(A) {
  const n = A.length;
  const a = A.map((row) => Float64Array.from(row));
  const V = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    row[i] = 1;
    return row;
  });
  for (let sweep = 0; sweep < 100; sweep += 1) {
    let off = 0;
    for (let p = 0; p < n; p += 1) for (let q = p + 1; q < n; q += 1) off += a[p][q] * a[p][q];
    if (off < 1e-30 * Math.max(1, ...a.map((row, i) => row[i] * row[i]))) break;
    for (let p = 0; p < n; p += 1) {
      for (let q = p + 1; q < n; q += 1) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k += 1) { // columns p, q
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k += 1) { // rows p, q
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k += 1) { // V's columns p, q (kept as rows of V transposed)
          const vp = V[p][k];
          const vq = V[q][k];
          V[p][k] = c * vp - s * vq;
          V[q][k] = s * vp + c * vq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]), vectors: V };
}

/**
 * H·v by a central difference of gradients at c. The kernels read parameters rounded to float32, so
 * the difference carries an error of about 6e-8·‖c‖/h: a quadratic objective (a linear model with MSE,
 * whose gradient is linear in θ) takes a step as long as the centre, where the difference is exact
 * and the error ~6e-8 relative; any other a step of 1e-3 of it.
 */
function hessianVector(session, c, v) {
  const { model } = session.experiment;
  const quadratic = model.kind === 'linear' && model.loss === 'mse';
  const h = (quadratic ? 1 : 1e-3) * Math.max(1, norm(c)) / Math.max(norm(v), 1e-300);
  const plus = Float64Array.from(c, (x, k) => x + h * v[k]);
  const minus = Float64Array.from(c, (x, k) => x - h * v[k]);
  const gp = session.gradient(plus).grad;
  const gm = session.gradient(minus).grad;
  return Float64Array.from(gp, (g, k) => (g - gm[k]) / (2 * h));
}

/** Orthonormalises vectors in place (modified Gram–Schmidt); drops none (a zero vector stays zero). */
function orthonormalise(vs) {
  for (let i = 0; i < vs.length; i += 1) {
    for (let j = 0; j < i; j += 1) {
      const r = dot(vs[i], vs[j]);
      for (let k = 0; k < vs[i].length; k += 1) vs[i][k] -= r * vs[j][k];
    }
    const n = norm(vs[i]);
    if (n > 0) for (let k = 0; k < vs[i].length; k += 1) vs[i][k] /= n;
  }
  return vs;
}

/** The sign convention of a direction: its largest component positive (so the plane is reproducible). */
function signed(v) {
  let big = 0;
  for (let k = 1; k < v.length; k += 1) if (Math.abs(v[k]) > Math.abs(v[big])) big = k;
  return v[big] < 0 ? v.map((x) => -x) : v;
}

/**
 * The two leading eigenpairs (largest |λ|) of the training objective's Hessian at centre.
 * @returns {{u: Float64Array, v: Float64Array, lambdas: [number, number], exact: boolean}}
 */
export function curvatureDirections(session, centre) {
  const np = centre.length;
  if (np < 2) throw new DescentError(`slice: the model has ${np} parameter; a plane needs 2`);
  let pairs;
  if (np <= FULL_HESSIAN) {
    const cols = Array.from({ length: np }, (_, k) => {
      const e = new Float64Array(np);
      e[k] = 1;
      return hessianVector(session, centre, e);
    });
    const H = Array.from({ length: np }, (_, i) => Float64Array.from({ length: np }, (_, j) => (cols[j][i] + cols[i][j]) / 2));
    const { values, vectors } = jacobiEigen(H);
    pairs = values.map((value, k) => ({ value, vector: vectors[k] }));
  } else {
    const rng = session.randomStream('tune');
    let Q = orthonormalise(Array.from({ length: SUBSPACE }, () => Float64Array.from({ length: np }, () => rng.normal())));
    let ritz = null;
    for (let sweep = 0; sweep < MAX_SWEEPS; sweep += 1) {
      const HQ = Q.map((q) => hessianVector(session, centre, q));
      // Rayleigh–Ritz in span(Q): T = Qᵀ H Q, then Q ← Q·(T's eigenvectors) and a power step
      const T = Q.map((qi) => Float64Array.from(HQ, (hj) => dot(qi, hj)));
      const sym = T.map((row, i) => Float64Array.from(row, (x, j) => (x + T[j][i]) / 2));
      const { values, vectors } = jacobiEigen(sym);
      const order = values.map((_, k) => k).sort((x, y) => Math.abs(values[y]) - Math.abs(values[x]));
      const next = order.map((k) => values[k]);
      const done = ritz && Math.abs(next[1] - ritz[1]) <= 1e-6 * Math.abs(next[1]) && Math.abs(next[0] - ritz[0]) <= 1e-6 * Math.abs(next[0]);
      ritz = next;
      const rotated = order.map((k) => Float64Array.from({ length: np }, (_, i) => Q.reduce((s, q, j) => s + vectors[k][j] * q[i], 0)));
      if (done || sweep === MAX_SWEEPS - 1) {
        pairs = rotated.map((vector, k) => ({ value: ritz[k], vector }));
        break;
      }
      const HR = order.map((k) => Float64Array.from({ length: np }, (_, i) => HQ.reduce((s, h, j) => s + vectors[k][j] * h[i], 0)));
      Q = orthonormalise(HR);
    }
  }
  pairs.sort((x, y) => Math.abs(y.value) - Math.abs(x.value));
  return { u: signed(pairs[0].vector), v: signed(pairs[1].vector), lambdas: [pairs[0].value, pairs[1].value], exact: np <= FULL_HESSIAN };
}

/**
 * Two random filter-normalised directions (Li et al. 2018) for the centre's parameters.
 * @returns {{u: Float64Array, v: Float64Array}}
 */
export function randomDirections(session, centre) {
  const { model } = session.experiment;
  const np = centre.length;
  // filters: [start, length] ranges of θ scaled together; the rest (biases) stays 0
  const filters = [];
  if (model.kind === 'mlp') {
    let at = 0;
    for (const [fanIn, out] of modelLayers(model, session.d)) {
      for (let r = 0; r < out; r += 1) filters.push([at + r * fanIn, fanIn]);
      at += fanIn * out + out;
    }
  } else if (model.kind === 'function') {
    filters.push([0, 1], [1, 1]);
  } else {
    filters.push([0, np - 1]);
  }
  const rng = session.randomStream('tune');
  const draw = () => {
    const d = new Float64Array(np);
    for (const [start, length] of filters) {
      let dn = 0;
      let cn = 0;
      for (let k = start; k < start + length; k += 1) {
        d[k] = rng.normal();
        dn += d[k] * d[k];
        cn += centre[k] * centre[k];
      }
      // a filter whose centre weights are all zero (a zeros init) keeps unit-norm noise
      const scale = (cn > 0 ? Math.sqrt(cn) : 1) / Math.sqrt(dn);
      for (let k = start; k < start + length; k += 1) d[k] *= scale;
    }
    return d;
  };
  return { u: draw(), v: draw() };
}

/**
 * The plane's directions for a mode.
 * @param {import('./engine.js').Session} session
 * @param {{mode: 'params'|'curvature'|'random', centre: ArrayLike<number>, params?: [number, number]}} spec
 * @returns {{u: Float64Array, v: Float64Array, axes: [string, string], lambdas?: [number, number]}}
 */
export function sliceDirections(session, { mode, centre, params = [0, 1] }) {
  const np = session.np;
  const c = Float64Array.from(centre);
  if (c.length !== np || !c.every(Number.isFinite)) throw new DescentError(`slice.centre: must be ${np} finite numbers`);
  if (mode === 'params') {
    const [i, j] = params;
    for (const [name, k] of [['i', i], ['j', j]]) {
      if (!Number.isInteger(k) || k < 0 || k >= np) throw new DescentError(`slice.params.${name}: must be an integer in 0..${np - 1}, got ${k}`);
    }
    if (i === j) throw new DescentError('slice.params: must name two different parameters');
    const u = new Float64Array(np);
    const v = new Float64Array(np);
    u[i] = 1;
    v[j] = 1;
    return { u, v, axes: [`θ${i}`, `θ${j}`] };
  }
  if (mode === 'curvature') {
    const { u, v, lambdas } = curvatureDirections(session, c);
    return { u, v, lambdas, axes: ['top-curvature direction 1', 'top-curvature direction 2'] };
  }
  if (mode === 'random') {
    const { u, v } = randomDirections(session, c);
    return { u, v, axes: ['random direction 1 (filter-normalised)', 'random direction 2 (filter-normalised)'] };
  }
  throw new DescentError(`slice.mode: must be "params", "curvature" or "random", got ${JSON.stringify(mode)}`);
}

/**
 * Coordinates (a, b) of parameter vectors in the plane: the least-squares solution of
 * θ − centre ≈ a·u + b·v (exact for points on the plane; u and v need not be orthogonal).
 * @param {ArrayLike<number>[]} points @returns {{a: number, b: number}[]}
 */
export function project(points, centre, u, v) {
  const uu = dot(u, u);
  const uv = dot(u, v);
  const vv = dot(v, v);
  const det = uu * vv - uv * uv;
  return points.map((p) => {
    let pu = 0;
    let pv = 0;
    for (let k = 0; k < u.length; k += 1) {
      const d = p[k] - centre[k];
      pu += d * u[k];
      pv += d * v[k];
    }
    return { a: (vv * pu - uv * pv) / det, b: (uu * pv - uv * pu) / det };
  });
}

/**
 * The training objective on a side × side grid of the plane, a from a0 to a1 (columns), b from b0 to
 * b1 (rows): grid[row·side + col] = f(centre + a_col·u + b_row·v). `pause` is awaited between rows
 * (the worker yields there); it may return false to abandon the grid (then null is returned).
 */
export async function sliceGrid(session, { centre, u, v, a: [a0, a1], b: [b0, b1], side, pause = null }) {
  const np = session.np;
  const grid = new Float64Array(side * side);
  const p = new Float64Array(np);
  for (let row = 0; row < side; row += 1) {
    const b = b0 + ((b1 - b0) * row) / (side - 1);
    for (let col = 0; col < side; col += 1) {
      const a = a0 + ((a1 - a0) * col) / (side - 1);
      for (let k = 0; k < np; k += 1) p[k] = centre[k] + a * u[k] + b * v[k];
      grid[row * side + col] = session.evaluate(p, 'train');
    }
    if (pause && (await pause()) === false) return null;
  }
  return grid;
}
