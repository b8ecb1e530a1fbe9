// The wasmsimd kernel against the scalar reference kernel, inside the same .wasm, for every loss,
// for d and row counts that cover every SIMD tail (0..7 leftover lanes) and block boundaries.
// Both kernels use the same float32 blocking (DSC_BLOCK_ROWS), so they agree to a few ulps per row,
// not bit for bit: the tolerance scales with rows·d·ε_f32.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine } from '../../web/lib/index.js';

const engine = await loadEngine();
const EPS32 = 2 ** -23;

/** Deterministic test data (a small LCG: the inputs need not be random, only varied). */
function data(rows, d, seed) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const X = Float32Array.from({ length: rows * d }, next);
  const y = Float32Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0) + 0.25 * next());
  const w = Float32Array.from({ length: d }, next);
  return { X, y, w, b: next() };
}

test('this build has the SIMD kernel', () => {
  assert.equal(engine.simd, true);
});

for (const loss of ['mse', 'mae', 'huber', 'bce']) {
  test(`wasmsimd lossgrad matches scalar for ${loss}, all tail sizes`, () => {
    let cases = 0;
    for (const d of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 33]) {
      for (const rows of [1, 2, 3, 4, 5, 6, 7, 8, 9, 63, 64, 65, 130, 135]) {
        const { X, y, w, b } = data(rows, d, rows * 131 + d);
        const yy = loss === 'bce' ? y.map((v) => (v > 0.5 ? 1 : 0)) : y;
        const args = { X, y: yy, rows, d, w, b, loss, delta: 0.5 };
        const ref = engine.lossgrad('scalar', args);
        const simd = engine.lossgrad('wasmsimd', args);
        const tol = (scale) => 8 * rows * (d + 1) * EPS32 * Math.max(1, scale);
        assert.ok(Math.abs(simd.loss - ref.loss) <= tol(Math.abs(ref.loss)),
          `${loss} d=${d} rows=${rows}: loss ${simd.loss} vs ${ref.loss}`);
        for (let j = 0; j <= d; j++) {
          assert.ok(Math.abs(simd.grad[j] - ref.grad[j]) <= tol(Math.abs(ref.grad[j])),
            `${loss} d=${d} rows=${rows}: grad[${j}] ${simd.grad[j]} vs ${ref.grad[j]}`);
        }
        cases++;
      }
    }
    assert.equal(cases, 13 * 14);
  });
}

test('an index list selects rows in both kernels', () => {
  const rows = 37;
  const d = 5;
  const { X, y, w, b } = data(rows, d, 7);
  const idx = Uint32Array.from({ length: 11 }, (_, i) => (i * 7) % rows);
  // The same rows gathered by hand, without idx.
  const Xg = new Float32Array(idx.length * d);
  idx.forEach((r, i) => Xg.set(X.subarray(r * d, r * d + d), i * d));
  const yg = Float32Array.from(idx, (r) => y[r]);
  for (const isa of ['scalar', 'wasmsimd']) {
    const viaIdx = engine.lossgrad(isa, { X, y, idx, rows: idx.length, d, w, b });
    const gathered = engine.lossgrad(isa, { X: Xg, y: yg, rows: idx.length, d, w, b });
    assert.equal(viaIdx.loss, gathered.loss);
    assert.deepEqual(Array.from(viaIdx.grad), Array.from(gathered.grad));
  }
});

test('the scalar kernel matches a float64 loop on MSE', () => {
  const rows = 100;
  const d = 3;
  const { X, y, w, b } = data(rows, d, 3);
  let loss = 0;
  const grad = new Float64Array(d + 1);
  for (let i = 0; i < rows; i++) {
    let z = Math.fround(b);
    for (let j = 0; j < d; j++) z += X[i * d + j] * w[j];
    const r = z - y[i];
    loss += r * r;
    for (let j = 0; j < d; j++) grad[j] += 2 * r * X[i * d + j];
    grad[d] += 2 * r;
  }
  const got = engine.lossgrad('scalar', { X, y, rows, d, w, b });
  assert.ok(Math.abs(got.loss - loss) <= 1e-5 * loss, `${got.loss} vs ${loss}`);
  for (let j = 0; j <= d; j++) assert.ok(Math.abs(got.grad[j] - grad[j]) <= 1e-4 * (1 + Math.abs(grad[j])));
});
