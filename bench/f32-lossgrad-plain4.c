/* f32-lossgrad-plain4.c — the benchmark's baseline: the textbook WebAssembly SIMD kernel of a full-batch
 * MSE pass, compiled into bench_arith.wasm only (never into descent.wasm). Issue 12 measured descent
 * against this shape; `npm run bench` times both on the same data (createKernelProbe in bench/arith-probe.mjs) so that
 * descent's kernel is never slower than it at any d.
 *
 * Shapes: X n × d float32 row-major (contiguous rows), y n, w d. Per group of 4 rows: four dot products
 * z_r = x_r·w + b, each with two f32x4 accumulators (8 columns per step, then one 4-column step, a
 * horizontal sum, the d mod 4 tail columns in scalar); the residuals' derivative g_r = 2(z_r − y_r); then
 * one 4-row axpy G[j] += g_0 x_0j + g_1 x_1j + g_2 x_2j + g_3 x_3j into a float32 gradient of the whole
 * batch. No FMA (portable WebAssembly SIMD has none), no blocking: float32 sums over all rows, so its
 * accuracy is a float32 one (it is a speed baseline, not a numerical one). Outputs as dsc_lossgrad_fn:
 *   *loss_sum += Σ r²,  grad_sum[j] += Σ g x_j (j < d),  grad_sum[d] += Σ g. */
#include <wasm_simd128.h>

#include "descent.h"

/* x·w with two accumulators (d >= 4), scalar tail. */
static inline float dot(const float *x, const float *w, size_t d) {
  v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0;
  size_t j = 0;
  for (; j + 8 <= d; j += 8) {
    a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x + j), wasm_v128_load(w + j)));
    a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_v128_load(x + j + 4), wasm_v128_load(w + j + 4)));
  }
  if (j + 4 <= d) {
    a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x + j), wasm_v128_load(w + j)));
    j += 4;
  }
  const v128_t a = wasm_f32x4_add(a0, a1);
  float z = (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) +
            (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
  for (; j < d; j++) z += x[j] * w[j];
  return z;
}

void bench_f32_lossgrad_plain4(const float *X, const float *y, size_t n, size_t d, const float *w, float b,
                               double *loss_sum, double *grad_sum) {
  float G[DSC_MAX_FEATURES + 1] = {0}; /* float32 gradient of the whole batch; G[d] the bias */
  float loss = 0.0f;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const float *x0 = X + i * d, *x1 = x0 + d, *x2 = x1 + d, *x3 = x2 + d;
    const float r0 = dot(x0, w, d) + b - y[i], r1 = dot(x1, w, d) + b - y[i + 1];
    const float r2 = dot(x2, w, d) + b - y[i + 2], r3 = dot(x3, w, d) + b - y[i + 3];
    loss += (r0 * r0 + r1 * r1) + (r2 * r2 + r3 * r3);
    const float g0 = 2.0f * r0, g1 = 2.0f * r1, g2 = 2.0f * r2, g3 = 2.0f * r3;
    const v128_t v0 = wasm_f32x4_splat(g0), v1 = wasm_f32x4_splat(g1);
    const v128_t v2 = wasm_f32x4_splat(g2), v3 = wasm_f32x4_splat(g3);
    size_t j = 0;
    for (; j + 4 <= d; j += 4) {
      const v128_t t = wasm_f32x4_add(
          wasm_f32x4_add(wasm_f32x4_mul(v0, wasm_v128_load(x0 + j)), wasm_f32x4_mul(v1, wasm_v128_load(x1 + j))),
          wasm_f32x4_add(wasm_f32x4_mul(v2, wasm_v128_load(x2 + j)), wasm_f32x4_mul(v3, wasm_v128_load(x3 + j))));
      wasm_v128_store(G + j, wasm_f32x4_add(wasm_v128_load(G + j), t));
    }
    for (; j < d; j++) G[j] += (g0 * x0[j] + g1 * x1[j]) + (g2 * x2[j] + g3 * x3[j]);
    G[d] += (g0 + g1) + (g2 + g3);
  }
  for (; i < n; i++) { /* the last 1..3 rows */
    const float *x = X + i * d;
    const float r = dot(x, w, d) + b - y[i], g = 2.0f * r;
    loss += r * r;
    for (size_t j = 0; j < d; j++) G[j] += g * x[j];
    G[d] += g;
  }
  *loss_sum += (double)loss;
  for (size_t j = 0; j <= d; j++) grad_sum[j] += (double)G[j];
}
