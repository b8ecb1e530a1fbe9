// The wasmsimd kernel against the scalar reference kernel, inside the same .wasm, for every loss, for
// d and row counts that cover every SIMD tail (0..7 leftover lanes), the specialised shapes (d = 1..3,
// d = 16..19), the 16-column steps of the dot products, the 8-row sub-blocks of long rows (d >= 36) and
// the DSC_BLOCK_ROWS blocks, with rows in order and through an index list. Both kernels implement one
// accumulation order (f32-lossgrad-scalar.c), so they must agree bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadEngine } from '../../web/lib/index.js';

const engine = await loadEngine();

/** Deterministic test data (a small LCG: the inputs need not be random, only varied). */
function data(rows, d, seed) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const X = Float32Array.from({ length: rows * d }, next);
  const y = Float32Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0) + 0.25 * next());
  const w = Float32Array.from({ length: d }, next);
  return { X, y, w, b: next() };
}

const bits = (x) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
};

test('this build has the SIMD kernel', () => {
  assert.equal(engine.simd, true);
});

const DS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 19, 20, 31, 32, 33, 35, 36, 48, 64, 65, 128, 131];
const ROWS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 135];

for (const loss of ['mse', 'mae', 'huber', 'bce']) {
  test(`wasmsimd lossgrad equals scalar bit for bit for ${loss}: all tails, shapes, blocks, index lists`, () => {
    let cases = 0;
    for (const d of DS) {
      for (const rows of ROWS) {
        const { X, y, w, b } = data(rows, d, rows * 131 + d);
        const yy = loss === 'bce' ? y.map((v) => (v > 0.5 ? 1 : 0)) : y;
        for (const idx of [null, Uint32Array.from({ length: rows }, (_, i) => (i * 7 + 3) % rows)]) {
          const args = { X, y: yy, idx, rows, d, w, b, loss, delta: 0.5 };
          const ref = engine.lossgrad('scalar', args);
          const simd = engine.lossgrad('wasmsimd', args);
          const what = `${loss} d=${d} rows=${rows} idx=${idx ? 'yes' : 'no'}`;
          assert.ok(Number.isFinite(ref.loss), `${what}: finite loss`);
          assert.equal(bits(simd.loss), bits(ref.loss), `${what}: loss ${simd.loss} vs ${ref.loss}`);
          for (let j = 0; j <= d; j++) {
            assert.equal(bits(simd.grad[j]), bits(ref.grad[j]), `${what}: grad[${j}] ${simd.grad[j]} vs ${ref.grad[j]}`);
          }
          cases++;
        }
      }
    }
    assert.equal(cases, DS.length * ROWS.length * 2);
  });
}

test('the loss-only pass (no gradient output) gives the same loss bits in both kernels', () => {
  // The trainer relies on it: a full batch's fused pass is the training objective of the history.
  for (const loss of ['mse', 'huber', 'bce']) {
    for (const [rows, d] of [[1, 1], [67, 3], [130, 16], [33, 40], [70, 128]]) {
      const { X, y, w, b } = data(rows, d, 5);
      const yy = loss === 'bce' ? y.map((v) => (v > 0.5 ? 1 : 0)) : y;
      const withGrad = engine.lossgrad('scalar', { X, y: yy, rows, d, w, b, loss });
      for (const isa of ['scalar', 'wasmsimd']) {
        const lossOnly = engine.lossgrad(isa, { X, y: yy, rows, d, w, b, loss, gradient: false });
        assert.equal(lossOnly.grad, null);
        assert.equal(bits(lossOnly.loss), bits(withGrad.loss), `${isa} ${loss} rows=${rows} d=${d}`);
      }
    }
  }
});

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
