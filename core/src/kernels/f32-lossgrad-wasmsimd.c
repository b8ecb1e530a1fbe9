/* f32-lossgrad-wasmsimd.c — fused loss + gradient pass with WebAssembly SIMD128 (dsc_lossgrad_fn).
 * Compiled with -msimd128 (this file only; CMake option DSC_SIMD).
 *
 * Same contract, shapes, formulas and accumulation order as f32-lossgrad-scalar.c (see there), so the
 * two kernels give bit-identical sums (NaN payloads aside): every vector lane performs the scalar
 * kernel's float32 operations in the scalar kernel's order.
 *
 * Shapes: X n × d row-major (any alignment), y n, w d, d <= DSC_MAX_FEATURES; the batch rows are
 * X[0..B) or X[idx[0..B)]. Rows go 4 at a time (a "group"; vector lanes = rows), in one pass per group:
 *   1. Dot products: each row's chunk columns go into one f32x4 accumulator of its own (the 4 rows side
 *      by side, each chunk of w loaded once for the 4 rows), and a 4×4
 *      transpose-and-add (unpack shuffles) turns the 4 accumulators into the 4 rows' z — no horizontal
 *      sum per row. Tail columns (all columns when d < 4) are gathered as a column vector of the 4 rows
 *      (one vector load for contiguous rows with d = 1).
 *   2. ℓ, ℓ' of the 4 rows (vector code for MSE, MAE and Huber; BCE per lane with the scalar helper),
 *      the lane sums of ℓ, ℓ' and the tail columns' ℓ'·x_j.
 *   3. The group's gradient over the chunk columns while its rows are still in L1:
 *      t = (ℓ'_0 x_0 + ℓ'_1 x_1) + (ℓ'_2 x_2 + ℓ'_3 x_3) added to the block's float32 column sums.
 * A short last group (1..3 rows) is done row by row in the same order. The common shapes (MSE on
 * contiguous rows with d = 1..3 or d = 16..19) get copies of their own with the shape as compile-time
 * constants.
 *
 * Measured with `npm run bench` (README "Performance"): the full-batch epoch at n = 1e6, d = 16 runs
 * at ~80% of one core's read bandwidth; at d = 128 the instruction count (no FMA in portable SIMD:
 * 4 vector ops per 4 values, dot product and gradient, plus the gradient pass re-reading the rows from
 * L1) limits it to ~65–70%. */
#include <wasm_simd128.h>

#include "descent.h"
#include "lossgrad.h"

#define F32(v) wasm_f32x4_splat(v)

/* The 4 rows' z from their lane sums: lane r = (p_r[0] + p_r[2]) + (p_r[1] + p_r[3]). */
static inline v128_t transpose_add(v128_t p0, v128_t p1, v128_t p2, v128_t p3) {
  const v128_t s01 = wasm_f32x4_add(wasm_i32x4_shuffle(p0, p1, 0, 4, 1, 5),  /* p0_0 p1_0 p0_1 p1_1 */
                                    wasm_i32x4_shuffle(p0, p1, 2, 6, 3, 7)); /* p0_2 p1_2 p0_3 p1_3 */
  const v128_t s23 = wasm_f32x4_add(wasm_i32x4_shuffle(p2, p3, 0, 4, 1, 5),
                                    wasm_i32x4_shuffle(p2, p3, 2, 6, 3, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(s01, s23, 0, 1, 4, 5),
                        wasm_i32x4_shuffle(s01, s23, 2, 3, 6, 7));
}

/* ℓ and ℓ' of 4 rows (lanes) with dsc_lossgrad_row's formulas and float32 rounding. */
static inline void lossgrad4(dsc_loss loss, v128_t z, v128_t y, float delta, v128_t *l, v128_t *dl) {
  switch (loss) {
    case DSC_LOSS_MSE: { /* ℓ = r², ℓ' = 2r */
      const v128_t r = wasm_f32x4_sub(z, y);
      *l = wasm_f32x4_mul(r, r);
      *dl = wasm_f32x4_add(r, r);
      return;
    }
    case DSC_LOSS_MAE: { /* ℓ = |r|, ℓ' = sign(r), r where r is ±0 or NaN */
      const v128_t r = wasm_f32x4_sub(z, y);
      const v128_t zero = F32(0.0f);
      *l = wasm_f32x4_abs(r);
      *dl = wasm_v128_bitselect(F32(1.0f), wasm_v128_bitselect(F32(-1.0f), r, wasm_f32x4_lt(r, zero)),
                                wasm_f32x4_gt(r, zero));
      return;
    }
    case DSC_LOSS_HUBER: { /* ℓ = ½r² (|r| < δ) else δ(|r| − ½δ); ℓ' = r else δ·sign(r) */
      const v128_t r = wasm_f32x4_sub(z, y);
      const v128_t a = wasm_f32x4_abs(r), dv = F32(delta);
      const v128_t small = wasm_f32x4_lt(a, dv);
      const v128_t lsmall = wasm_f32x4_mul(wasm_f32x4_mul(F32(0.5f), r), r);
      const v128_t lbig = wasm_f32x4_mul(dv, wasm_f32x4_sub(a, F32(0.5f * delta)));
      const v128_t sign = wasm_v128_and(r, wasm_i32x4_splat((int32_t)0x80000000));
      *l = wasm_v128_bitselect(lsmall, lbig, small);
      *dl = wasm_v128_bitselect(r, wasm_v128_or(wasm_f32x4_abs(dv), sign), small);
      return;
    }
    default: { /* BCE (transcendentals) and unknown losses: the scalar helper per lane */
      float zs[4], ys[4], ls[4], gs[4];
      wasm_v128_store(zs, z);
      wasm_v128_store(ys, y);
      for (int k = 0; k < 4; k++) dsc_lossgrad_row(loss, zs[k], ys[k], delta, &ls[k], &gs[k]);
      *l = wasm_v128_load(ls);
      *dl = wasm_v128_load(gs);
      return;
    }
  }
}

/* The 4 rows' lane sums of their d4 >= 4 chunk columns: one f32x4 accumulator per row, the chunks in
   order (a_r = x_r[0..4)·w[0..4), then a_r += x_r[4c..4c+4)·w[4c..4c+4)), so that each chunk of w is
   loaded once for the 4 rows. The rows are read front to back side by side (4 streams) through
   pointers that advance, one chunk per iteration, not unrolled: V8 schedules all the loads of a loop
   body before its arithmetic, so a 4-chunk body has 20 vectors live and spills a third of them every
   step (V8 unrolls this small loop itself, without spills). */
static inline __attribute__((always_inline)) void dot4_lanes(const float *x0, const float *x1,
                                                             const float *x2, const float *x3,
                                                             const float *w, size_t d4, v128_t *a) {
  const float *const end = w + d4;
  v128_t wv = wasm_v128_load(w);
  v128_t a0 = wasm_f32x4_mul(wasm_v128_load(x0), wv), a1 = wasm_f32x4_mul(wasm_v128_load(x1), wv);
  v128_t a2 = wasm_f32x4_mul(wasm_v128_load(x2), wv), a3 = wasm_f32x4_mul(wasm_v128_load(x3), wv);
#define DOT_STEP(o)                                                  \
  wv = wasm_v128_load(w + (o));                                      \
  a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(x0 + (o)), wv)); \
  a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_v128_load(x1 + (o)), wv)); \
  a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wasm_v128_load(x2 + (o)), wv)); \
  a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wasm_v128_load(x3 + (o)), wv))
#pragma clang loop unroll(disable)
  for (w += 4, x0 += 4, x1 += 4, x2 += 4, x3 += 4; w < end; w += 4, x0 += 4, x1 += 4, x2 += 4, x3 += 4) {
    DOT_STEP(0);
  }
#undef DOT_STEP
  a[0] = a0, a[1] = a1, a[2] = a2, a[3] = a3;
}

/* z = x·w + b of one row, in the scalar kernel's order (short groups). */
static float dot_plus_bias(const float *x, const float *w, size_t d, float b) {
  const size_t d4 = d & ~(size_t)3;
  size_t j;
  float z;
  if (d4 > 0) {
    v128_t p = wasm_f32x4_mul(wasm_v128_load(x), wasm_v128_load(w));
    for (j = 4; j < d4; j += 4) p = wasm_f32x4_add(p, wasm_f32x4_mul(wasm_v128_load(x + j), wasm_v128_load(w + j)));
    z = (wasm_f32x4_extract_lane(p, 0) + wasm_f32x4_extract_lane(p, 2)) +
        (wasm_f32x4_extract_lane(p, 1) + wasm_f32x4_extract_lane(p, 3));
  } else {
    z = x[0] * w[0];
    j = 1;
  }
  for (; j < d; j++) z += x[j] * w[j];
  return z + b;
}

/* grad[0..4) += (double)acc[0..4) */
static inline void add_f32x4_to_f64(double *grad, v128_t acc) {
  const v128_t lo = wasm_f64x2_promote_low_f32x4(acc);
  const v128_t hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(acc, acc, 2, 3, 2, 3));
  wasm_v128_store(grad, wasm_f64x2_add(wasm_v128_load(grad), lo));
  wasm_v128_store(grad + 2, wasm_f64x2_add(wasm_v128_load(grad + 2), hi));
}

/* (s[0] + s[1]) + (s[2] + s[3]) */
static inline float lanes_sum(const float *s) { return (s[0] + s[1]) + (s[2] + s[3]); }

/* The gradient of one group of 4 rows with derivatives g (lane r = ℓ'_r) over the chunk columns:
   G[c] += (ℓ'_0 x_0 + ℓ'_1 x_1) + (ℓ'_2 x_2 + ℓ'_3 x_3), 16 columns per step (advancing pointers, as
   dot4_lanes). The rows were just read by the dot products, so they come from L1. */
static inline __attribute__((always_inline)) void gradient_group(const float *x0, const float *x1,
                                                                 const float *x2, const float *x3,
                                                                 v128_t g, size_t d4, v128_t *G) {
  const v128_t g0 = wasm_i32x4_shuffle(g, g, 0, 0, 0, 0), g1 = wasm_i32x4_shuffle(g, g, 1, 1, 1, 1);
  const v128_t g2 = wasm_i32x4_shuffle(g, g, 2, 2, 2, 2), g3 = wasm_i32x4_shuffle(g, g, 3, 3, 3, 3);
  const float *const end = x0 + d4;
#define GRAD_STEP(k)                                                                         \
  G[k] = wasm_f32x4_add(                                                                     \
      G[k], wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(g0, wasm_v128_load(x0 + 4 * (k))),  \
                                          wasm_f32x4_mul(g1, wasm_v128_load(x1 + 4 * (k)))), \
                           wasm_f32x4_add(wasm_f32x4_mul(g2, wasm_v128_load(x2 + 4 * (k))),  \
                                          wasm_f32x4_mul(g3, wasm_v128_load(x3 + 4 * (k))))))
  for (; end - x0 >= 16; x0 += 16, x1 += 16, x2 += 16, x3 += 16, G += 4) {
    GRAD_STEP(0);
    GRAD_STEP(1);
    GRAD_STEP(2);
    GRAD_STEP(3);
  }
  for (; x0 < end; x0 += 4, x1 += 4, x2 += 4, x3 += 4, G++) {
    GRAD_STEP(0);
  }
#undef GRAD_STEP
}

/* One block of m <= DSC_BLOCK_ROWS rows starting at batch position `start`, one group of 4 rows at a
   time: dot products, ℓ and ℓ', then the group's gradient. Always inlined so that the kernel below can
   specialise it on constants (d4, the loss, whether rows are gathered). */
static inline __attribute__((always_inline)) void lossgrad_block(
    const dsc_batch *batch, size_t start, size_t m, const size_t d4, const float *w, float b,
    const dsc_loss loss, float delta, double *loss_sum, double *grad_sum, const int gather) {
  const size_t d = batch->d;
  const float *X = batch->X;
  const float *y = batch->y;
  const uint32_t *idx = gather ? batch->idx : NULL;
  const v128_t bv = F32(b);
  const size_t m4 = m & ~(size_t)3; /* rows in whole groups */
  v128_t G[DSC_MAX_FEATURES / 4];   /* float32 block sums of the chunk columns */
  v128_t Lv = F32(0.0f), Sv = Lv, Tv[3] = {Lv, Lv, Lv}; /* lane sums: ℓ, ℓ', ℓ'·x_j (tail j) */

  if (grad_sum)
    for (size_t c = 0; c < d4 / 4; c++) G[c] = Lv;
  for (size_t p = 0; p < m4; p += 4) {
    const float *x0, *x1, *x2, *x3;
    v128_t yv, z, l, g, col[3];
    if (gather) {
      const uint32_t *ix = idx + start + p;
      x0 = X + (size_t)ix[0] * d, x1 = X + (size_t)ix[1] * d;
      x2 = X + (size_t)ix[2] * d, x3 = X + (size_t)ix[3] * d;
      yv = wasm_f32x4_make(y[ix[0]], y[ix[1]], y[ix[2]], y[ix[3]]);
    } else {
      x0 = X + (start + p) * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d;
      yv = wasm_v128_load(y + start + p);
    }
    size_t j = d4;
    if (d4 > 0) {
      v128_t a[4];
      dot4_lanes(x0, x1, x2, x3, w, d4, a);
      z = transpose_add(a[0], a[1], a[2], a[3]);
    } else {
      col[0] = !gather && d == 1 ? wasm_v128_load(x0) : wasm_f32x4_make(x0[0], x1[0], x2[0], x3[0]);
      z = wasm_f32x4_mul(col[0], F32(w[0]));
      j = 1;
    }
    for (; j < d; j++) {
      col[j - d4] = wasm_f32x4_make(x0[j], x1[j], x2[j], x3[j]);
      z = wasm_f32x4_add(z, wasm_f32x4_mul(col[j - d4], F32(w[j])));
    }
    z = wasm_f32x4_add(z, bv);
    lossgrad4(loss, z, yv, delta, &l, &g);
    Lv = wasm_f32x4_add(Lv, l);
    Sv = wasm_f32x4_add(Sv, g);
    if (!grad_sum) continue;
    for (j = d4; j < d; j++) Tv[j - d4] = wasm_f32x4_add(Tv[j - d4], wasm_f32x4_mul(g, col[j - d4]));
    gradient_group(x0, x1, x2, x3, g, d4, G);
  }

  float L[4], S[4], T[3][4], gs[3];
  const float *xs[3];
  wasm_v128_store(L, Lv);
  wasm_v128_store(S, Sv);
  for (size_t t = 0; t < 3; t++) wasm_v128_store(T[t], Tv[t]);
  const size_t k = m - m4; /* the short group, one row at a time */
  for (size_t r = 0; r < k; r++) {
    const size_t i = gather ? (size_t)idx[start + m4 + r] : start + m4 + r;
    const float *x = X + i * d;
    float l;
    xs[r] = x;
    dsc_lossgrad_row(loss, dot_plus_bias(x, w, d, b), y[i], delta, &l, &gs[r]);
    L[r] += l;
    S[r] += gs[r];
    if (grad_sum)
      for (size_t j = d4; j < d; j++) T[j - d4][r] += gs[r] * x[j];
  }
  *loss_sum += (double)lanes_sum(L);
  if (!grad_sum) return;
  if (k > 0) /* the short group's gradient: a, a + b, (a + b) + c */
    for (size_t c = 0; c < d4; c += 4) {
      v128_t t = wasm_f32x4_mul(F32(gs[0]), wasm_v128_load(xs[0] + c));
      if (k > 1) t = wasm_f32x4_add(t, wasm_f32x4_mul(F32(gs[1]), wasm_v128_load(xs[1] + c)));
      if (k > 2) t = wasm_f32x4_add(t, wasm_f32x4_mul(F32(gs[2]), wasm_v128_load(xs[2] + c)));
      G[c / 4] = wasm_f32x4_add(G[c / 4], t);
    }
  for (size_t c = 0; c < d4; c += 4) add_f32x4_to_f64(grad_sum + c, G[c / 4]);
  for (size_t j = d4; j < d; j++) grad_sum[j] += (double)lanes_sum(T[j - d4]);
  grad_sum[d] += (double)lanes_sum(S);
}

/* All blocks of the batch, with the shape parameters D4, LOSS and GATHER compile-time constants or
   not. Each specialisation is a function of its own, so that V8 compiles (and register-allocates)
   it alone. */
#define DEFINE_LOSSGRAD(NAME, D4, LOSS, GATHER)                                                      \
  static __attribute__((noinline)) void NAME(const dsc_batch *batch, const float *w, float b,        \
                                             dsc_loss loss, float delta, double *loss_sum,          \
                                             double *grad_sum) {                                    \
    const size_t d4 = batch->d & ~(size_t)3;                                                        \
    (void)d4, (void)loss;                                                                           \
    for (size_t start = 0; start < batch->rows; start += DSC_BLOCK_ROWS) {                          \
      const size_t m = batch->rows - start < DSC_BLOCK_ROWS ? batch->rows - start : DSC_BLOCK_ROWS; \
      lossgrad_block(batch, start, m, D4, w, b, LOSS, delta, loss_sum, grad_sum, GATHER);           \
    }                                                                                               \
  }
DEFINE_LOSSGRAD(lossgrad_mse_small_d, 0, DSC_LOSS_MSE, 0)   /* d = 1..3, contiguous rows */
DEFINE_LOSSGRAD(lossgrad_mse_d16, 16, DSC_LOSS_MSE, 0)      /* d = 16..19, contiguous rows */
DEFINE_LOSSGRAD(lossgrad_mse, d4, DSC_LOSS_MSE, 0)          /* other d, contiguous rows */
DEFINE_LOSSGRAD(lossgrad_any, d4, loss, batch->idx != NULL) /* everything else */
#undef DEFINE_LOSSGRAD

void dsc_f32_lossgrad__wasmsimd(const dsc_batch *batch, const float *w, float b, dsc_loss loss,
                                float delta, double *loss_sum, double *grad_sum) {
  const size_t d4 = batch->d & ~(size_t)3;
  if (batch->idx || loss != DSC_LOSS_MSE) lossgrad_any(batch, w, b, loss, delta, loss_sum, grad_sum);
  else if (d4 == 0) lossgrad_mse_small_d(batch, w, b, loss, delta, loss_sum, grad_sum);
  else if (d4 == 16) lossgrad_mse_d16(batch, w, b, loss, delta, loss_sum, grad_sum);
  else lossgrad_mse(batch, w, b, loss, delta, loss_sum, grad_sum);
}
