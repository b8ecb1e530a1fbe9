/* f32-lossgrad-wasmsimd.c — fused loss + gradient pass with WebAssembly SIMD128 (dsc_lossgrad_fn).
 * Compiled with -msimd128 (this file only; CMake option DSC_SIMD).
 *
 * Same contract, shapes and formulas as f32-lossgrad-scalar.c (see there): z_i = x_i·w + b,
 * per-row ℓ/ℓ' from lossgrad.h, outputs *loss_sum += Σ ℓ_i, grad_sum[j] += Σ ℓ'_i x_ij,
 * grad_sum[d] += Σ ℓ'_i (sums over the batch, not means).
 *
 * Vectorisation: over the feature dimension d (not over rows), because X is row-major.
 *   - Dot products z_i: 4 f32x4 accumulators over 16 columns per step, then one accumulator over
 *     4 columns per step, reduced as ((a0 + a1) + (a2 + a3)) and lanes ((l0 + l1) + (l2 + l3)), then
 *     a scalar tail of d mod 4 columns in order, then + b. This order differs from the scalar kernel's,
 *     so z_i (and hence everything) agrees with it to a few ε_f32 per row, not bit for bit.
 *   - The per-row ℓ, ℓ' (transcendentals for BCE) are scalar, shared with the scalar kernel.
 *   - Gradient: per column, Σ_r ℓ'_r x_rj in float32 over the block's rows in row order (16 columns per
 *     step in 4 f32x4 accumulators, then 4 columns, then a scalar tail), which is the scalar kernel's
 *     order exactly: for identical ℓ' the block sums are bit-identical.
 *   - Blocking: DSC_BLOCK_ROWS rows per float32 block, then added into double, as in the scalar kernel.
 * For d < 4 nothing is vectorised: speed for small d (vectorising over rows) is left to a later tuning
 * pass; correctness for every d, every batch size and every tail comes first. */
#include <wasm_simd128.h>

#include "descent.h"
#include "lossgrad.h"

/* Σ_j x_j w_j over j = 0..d−1 in the order described above. */
static float dot_f32(const float *x, const float *w, size_t d) {
  v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
  size_t j = 0;
  for (; j + 16 <= d; j += 16) {
    a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x + j), wasm_v128_load(w + j)));
    a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_v128_load(x + j + 4), wasm_v128_load(w + j + 4)));
    a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wasm_v128_load(x + j + 8), wasm_v128_load(w + j + 8)));
    a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wasm_v128_load(x + j + 12), wasm_v128_load(w + j + 12)));
  }
  for (; j + 4 <= d; j += 4)
    a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x + j), wasm_v128_load(w + j)));
  v128_t a = wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3));
  float s = (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) +
            (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
  for (; j < d; j++) s += x[j] * w[j];
  return s;
}

/* grad[0..4) += (double)acc[0..4) */
static void add_f32x4_to_f64(double *grad, v128_t acc) {
  v128_t lo = wasm_f64x2_promote_low_f32x4(acc);
  v128_t hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(acc, acc, 2, 3, 2, 3));
  wasm_v128_store(grad, wasm_f64x2_add(wasm_v128_load(grad), lo));
  wasm_v128_store(grad + 2, wasm_f64x2_add(wasm_v128_load(grad + 2), hi));
}

void dsc_f32_lossgrad__wasmsimd(const dsc_batch *batch, const float *w, float b, dsc_loss loss,
                                float delta, double *loss_sum, double *grad_sum) {
  const size_t d = batch->d;
  const float *X = batch->X;
  const float *y = batch->y;
  const uint32_t *idx = batch->idx;
  const float *row[DSC_BLOCK_ROWS]; /* the block's rows of X */
  float g[DSC_BLOCK_ROWS];          /* ℓ'_i of the block's rows */

  for (size_t start = 0; start < batch->rows; start += DSC_BLOCK_ROWS) {
    size_t m = batch->rows - start;
    if (m > DSC_BLOCK_ROWS) m = DSC_BLOCK_ROWS;
    float lblock = 0.0f; /* Σ ℓ_i over the block, row order */
    float gbias = 0.0f;  /* Σ ℓ'_i over the block, row order */
    for (size_t r = 0; r < m; r++) {
      size_t i = idx ? (size_t)idx[start + r] : start + r;
      const float *x = X + i * d;
      float z = dot_f32(x, w, d) + b;
      float l, dl;
      dsc_lossgrad_row(loss, z, y[i], delta, &l, &dl);
      row[r] = x;
      g[r] = dl;
      lblock += l;
      gbias += dl;
    }
    *loss_sum += (double)lblock;
    if (!grad_sum) continue;
    size_t j = 0;
    for (; j + 16 <= d; j += 16) { /* 16 columns: Σ_r ℓ'_r x_rj in 4 accumulators */
      v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0, s2 = s0, s3 = s0;
      for (size_t r = 0; r < m; r++) {
        const float *x = row[r] + j;
        v128_t gr = wasm_f32x4_splat(g[r]);
        s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(gr, wasm_v128_load(x)));
        s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(gr, wasm_v128_load(x + 4)));
        s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(gr, wasm_v128_load(x + 8)));
        s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(gr, wasm_v128_load(x + 12)));
      }
      add_f32x4_to_f64(grad_sum + j, s0);
      add_f32x4_to_f64(grad_sum + j + 4, s1);
      add_f32x4_to_f64(grad_sum + j + 8, s2);
      add_f32x4_to_f64(grad_sum + j + 12, s3);
    }
    for (; j + 4 <= d; j += 4) { /* 4 columns */
      v128_t s0 = wasm_f32x4_splat(0.0f);
      for (size_t r = 0; r < m; r++)
        s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_f32x4_splat(g[r]), wasm_v128_load(row[r] + j)));
      add_f32x4_to_f64(grad_sum + j, s0);
    }
    for (; j < d; j++) { /* scalar tail: d mod 4 columns */
      float s = 0.0f;
      for (size_t r = 0; r < m; r++) s += g[r] * row[r][j];
      grad_sum[j] += (double)s;
    }
    grad_sum[d] += (double)gbias;
  }
}
