/* f32-mlp-wasmsimd.c — a network's loss and gradient over a batch with WebAssembly SIMD128
 * (dsc_mlp_fn). Compiled with -msimd128 (this file only; CMake option DSC_SIMD).
 *
 * Same contract, shapes, formulas and accumulation order as f32-mlp-scalar.c (see there), so the two
 * kernels give the same bits (NaN payloads aside). Vector lanes are the 4 rows of a group: each lane
 * performs the scalar kernel's float32 operations for its row in the scalar kernel's order.
 *   forward   per unit: acc = W[k][0]·A[0]; acc += W[k][i]·A[i]; acc += b[k] with W splatted and A the
 *             4 rows' activations (a group's inputs are transposed into lanes first); tanh in vectors
 *             (tanh4: mlp.h's dsc_mlp_tanh, same operations), the sigmoid's exp per lane with the
 *             libm call of mlp.h, the rest in vectors
 *   backward  per input i: g = W[0][i]·δ[0]; g += W[k][i]·δ[k]; δ = g·act′ in vectors
 *   (forward units and backward inputs 4 at a time: 4 independent sums, each in the scalar order)
 *   gradient  per parameter: lanes += δ·A (one vector multiply and add for 4 rows)
 * A short last group (1..3 rows) is padded with zero rows whose ℓ and ℓ′ are masked to +0, so they
 * add ±0 to every lane sum (see f32-mlp-scalar.c: a sum that starts at +0 stays unchanged). */
#include <string.h>
#include <wasm_simd128.h>

#include "descent.h"
#include "lossgrad.h"
#include "mlp.h"

#define F32(v) wasm_f32x4_splat(v)

/* dsc_mlp_tanh of 4 lanes, with its operations in its order: both branches, then a select. */
static inline v128_t tanh4(v128_t x) {
  const v128_t a = wasm_f32x4_abs(x);
  /* |x| < 0.55: x + x·(u·g(u)) */
  const v128_t u = wasm_f32x4_mul(x, x);
  v128_t g = F32(DSC_TANH_G6);
  g = wasm_f32x4_add(wasm_f32x4_mul(g, u), F32(DSC_TANH_G5));
  g = wasm_f32x4_add(wasm_f32x4_mul(g, u), F32(DSC_TANH_G4));
  g = wasm_f32x4_add(wasm_f32x4_mul(g, u), F32(DSC_TANH_G3));
  g = wasm_f32x4_add(wasm_f32x4_mul(g, u), F32(DSC_TANH_G2));
  g = wasm_f32x4_add(wasm_f32x4_mul(g, u), F32(DSC_TANH_G1));
  g = wasm_f32x4_add(wasm_f32x4_mul(g, u), F32(DSC_TANH_G0));
  const v128_t small = wasm_f32x4_add(x, wasm_f32x4_mul(x, wasm_f32x4_mul(u, g)));
  /* otherwise: sign(x)·(1 − 2/(eʸ + 1)), y = 2·min(|x|, 10) */
  const v128_t y = wasm_f32x4_mul(F32(2.0f), wasm_v128_bitselect(F32(DSC_TANH_CLAMP), a, wasm_f32x4_gt(a, F32(DSC_TANH_CLAMP))));
  const v128_t kr = wasm_f32x4_add(wasm_f32x4_mul(y, F32(DSC_EXP_LOG2E)), F32(DSC_EXP_ROUND));
  const v128_t k = wasm_f32x4_sub(kr, F32(DSC_EXP_ROUND));
  const v128_t r = wasm_f32x4_sub(wasm_f32x4_sub(y, wasm_f32x4_mul(k, F32(DSC_EXP_LN2_HI))), wasm_f32x4_mul(k, F32(DSC_EXP_LN2_LO)));
  v128_t p = F32(1.0f / 5040.0f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), F32(1.0f / 720.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), F32(1.0f / 120.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), F32(1.0f / 24.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), F32(1.0f / 6.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), F32(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), F32(1.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), F32(1.0f));
  const v128_t two_k = wasm_i32x4_shl(
      wasm_i32x4_add(wasm_i32x4_sub(kr, wasm_i32x4_splat((int32_t)DSC_EXP_ROUND_BITS)), wasm_i32x4_splat(127)), 23);
  const v128_t t = wasm_f32x4_sub(F32(1.0f), wasm_f32x4_div(F32(2.0f), wasm_f32x4_add(wasm_f32x4_mul(p, two_k), F32(1.0f))));
  const v128_t big = wasm_v128_or(t, wasm_v128_and(x, wasm_i32x4_splat(INT32_MIN))); /* copysign: t >= 0 */
  return wasm_v128_bitselect(small, big, wasm_f32x4_lt(a, F32(DSC_TANH_SMALL)));
}

/* The activation of 4 lanes, as dsc_mlp_act per lane. */
static inline v128_t act4(dsc_activation act, v128_t s) {
  switch (act) {
    case DSC_ACT_RELU: /* s < 0 ? 0 : s */
      return wasm_v128_bitselect(F32(0.0f), s, wasm_f32x4_lt(s, F32(0.0f)));
    case DSC_ACT_SIGMOID: { /* 1/(1 + e), e = expf(−s) per lane */
      float v[4];
      wasm_v128_store(v, s);
      for (int k = 0; k < 4; k++) v[k] = expf(-v[k]);
      return wasm_f32x4_div(F32(1.0f), wasm_f32x4_add(F32(1.0f), wasm_v128_load(v)));
    }
    case DSC_ACT_TANH: return tanh4(s);
    default: { /* an unknown activation: NaN, as the scalar helper */
      float v[4];
      wasm_v128_store(v, s);
      for (int k = 0; k < 4; k++) v[k] = dsc_mlp_act(act, v[k]);
      return wasm_v128_load(v);
    }
  }
}

/* δ = g·act′(a) of 4 lanes, as dsc_mlp_dact per lane. */
static inline v128_t dact4(dsc_activation act, v128_t a, v128_t g) {
  switch (act) {
    case DSC_ACT_TANH: return wasm_f32x4_mul(g, wasm_f32x4_sub(F32(1.0f), wasm_f32x4_mul(a, a)));
    case DSC_ACT_RELU: return wasm_v128_bitselect(g, F32(0.0f), wasm_f32x4_gt(a, F32(0.0f)));
    case DSC_ACT_SIGMOID:
      return wasm_f32x4_mul(g, wasm_f32x4_mul(wasm_f32x4_sub(F32(1.0f), a), a));
  }
  return F32(NAN);
}

void dsc_f32_mlp__wasmsimd(const dsc_model_config *cfg, const dsc_batch *batch, const float *params,
                           float *scratch, double *loss_sum, double *grad_sum) {
  dsc_mlp_layout L;
  const size_t d = batch->d;
  const dsc_activation act = (dsc_activation)cfg->activation;
  const dsc_loss loss = (dsc_loss)cfg->loss;
  const int32_t H = cfg->n_hidden;
  dsc_mlp_layout_of(cfg, d, &L);
  float *G = scratch + L.grad;
  for (size_t start = 0; start < batch->rows; start += DSC_BLOCK_ROWS) {
    size_t m = batch->rows - start;
    if (m > DSC_BLOCK_ROWS) m = DSC_BLOCK_ROWS;
    v128_t Ls = F32(0.0f);
    if (grad_sum) memset(G, 0, 4 * L.np * sizeof(float));
    for (size_t p = 0; p < m; p += 4) {
      const size_t k = m - p < 4 ? m - p : 4; /* rows in this group */
      float yv[4] = {0.0f, 0.0f, 0.0f, 0.0f};
      float *A0 = scratch + L.act[0];
      /* inputs, transposed into lanes (zero rows past the end) */
      for (size_t r = 0; r < 4; r++) {
        if (r < k) {
          const size_t i = batch->idx ? (size_t)batch->idx[start + p + r] : start + p + r;
          const float *x = batch->X + i * d;
          for (size_t j = 0; j < d; j++) A0[4 * j + r] = x[j];
          yv[r] = batch->y[i];
        } else {
          for (size_t j = 0; j < d; j++) A0[4 * j + r] = 0.0f;
        }
      }
      /* forward */
      v128_t z = F32(0.0f);
      for (int32_t l = 0; l <= H; l++) {
        const size_t in = (size_t)L.size[l], out = (size_t)L.size[l + 1];
        const float *W = params + L.w[l], *bias = params + L.b[l];
        const float *a = scratch + L.act[l];
        size_t u = 0;
        /* 4 units at a time: 4 independent sums (each still in the scalar order) hide the latency of
           one sum's chain of additions */
        for (; u + 4 <= out; u += 4) {
          const float *W0 = W + u * in, *W1 = W0 + in, *W2 = W1 + in, *W3 = W2 + in;
          const v128_t a0 = wasm_v128_load(a);
          v128_t s0 = wasm_f32x4_mul(F32(W0[0]), a0), s1 = wasm_f32x4_mul(F32(W1[0]), a0);
          v128_t s2 = wasm_f32x4_mul(F32(W2[0]), a0), s3 = wasm_f32x4_mul(F32(W3[0]), a0);
          for (size_t i = 1; i < in; i++) {
            const v128_t ai = wasm_v128_load(a + 4 * i);
            s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(F32(W0[i]), ai));
            s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(F32(W1[i]), ai));
            s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(F32(W2[i]), ai));
            s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(F32(W3[i]), ai));
          }
          /* out >= 4 units: a hidden layer (the output layer has 1) */
          float *next = scratch + L.act[l + 1] + 4 * u;
          wasm_v128_store(next, act4(act, wasm_f32x4_add(s0, F32(bias[u]))));
          wasm_v128_store(next + 4, act4(act, wasm_f32x4_add(s1, F32(bias[u + 1]))));
          wasm_v128_store(next + 8, act4(act, wasm_f32x4_add(s2, F32(bias[u + 2]))));
          wasm_v128_store(next + 12, act4(act, wasm_f32x4_add(s3, F32(bias[u + 3]))));
        }
        for (; u < out; u++) {
          const float *Wu = W + u * in;
          v128_t acc = wasm_f32x4_mul(F32(Wu[0]), wasm_v128_load(a));
          for (size_t i = 1; i < in; i++)
            acc = wasm_f32x4_add(acc, wasm_f32x4_mul(F32(Wu[i]), wasm_v128_load(a + 4 * i)));
          acc = wasm_f32x4_add(acc, F32(bias[u]));
          if (l < H) wasm_v128_store(scratch + L.act[l + 1] + 4 * u, act4(act, acc));
          else z = acc;
        }
      }
      /* loss and ℓ′ per lane, masked past the end */
      v128_t lv, ev;
      if (loss == DSC_LOSS_MSE) { /* ℓ = r², ℓ′ = 2r = r + r */
        const v128_t r = wasm_f32x4_sub(z, wasm_v128_load(yv));
        lv = wasm_f32x4_mul(r, r);
        ev = wasm_f32x4_add(r, r);
      } else {
        float zs[4], ls[4], es[4];
        wasm_v128_store(zs, z);
        for (size_t r = 0; r < 4; r++) dsc_lossgrad_row(loss, zs[r], yv[r], 1.0f, &ls[r], &es[r]);
        lv = wasm_v128_load(ls);
        ev = wasm_v128_load(es);
      }
      if (k < 4) {
        const v128_t keep = wasm_i32x4_make(0 < k ? -1 : 0, 1 < k ? -1 : 0, 2 < k ? -1 : 0, 0);
        lv = wasm_v128_and(lv, keep);
        ev = wasm_v128_and(ev, keep);
      }
      Ls = wasm_f32x4_add(Ls, lv);
      if (!grad_sum) continue;
      /* backward */
      float ebuf[4];
      wasm_v128_store(ebuf, ev);
      for (int32_t l = H; l >= 0; l--) {
        const size_t in = (size_t)L.size[l], out = (size_t)L.size[l + 1];
        const float *a = scratch + L.act[l];
        const float *dl = l == H ? ebuf : scratch + L.delta[l + 1];
        for (size_t u = 0; u < out; u++) {
          const v128_t du = wasm_v128_load(dl + 4 * u);
          float *Gw = G + 4 * (L.w[l] + u * in);
          for (size_t i = 0; i < in; i++)
            wasm_v128_store(Gw + 4 * i, wasm_f32x4_add(wasm_v128_load(Gw + 4 * i),
                                                       wasm_f32x4_mul(du, wasm_v128_load(a + 4 * i))));
          float *Gb = G + 4 * (L.b[l] + u);
          wasm_v128_store(Gb, wasm_f32x4_add(wasm_v128_load(Gb), du));
        }
        if (l == 0) break;
        const float *W = params + L.w[l];
        float *dd = scratch + L.delta[l];
        size_t i = 0;
        for (; i + 4 <= in; i += 4) { /* 4 inputs at a time, as the forward's 4 units */
          const v128_t d0 = wasm_v128_load(dl);
          v128_t g0 = wasm_f32x4_mul(F32(W[i]), d0), g1 = wasm_f32x4_mul(F32(W[i + 1]), d0);
          v128_t g2 = wasm_f32x4_mul(F32(W[i + 2]), d0), g3 = wasm_f32x4_mul(F32(W[i + 3]), d0);
          for (size_t u = 1; u < out; u++) {
            const float *Wu = W + u * in + i;
            const v128_t du = wasm_v128_load(dl + 4 * u);
            g0 = wasm_f32x4_add(g0, wasm_f32x4_mul(F32(Wu[0]), du));
            g1 = wasm_f32x4_add(g1, wasm_f32x4_mul(F32(Wu[1]), du));
            g2 = wasm_f32x4_add(g2, wasm_f32x4_mul(F32(Wu[2]), du));
            g3 = wasm_f32x4_add(g3, wasm_f32x4_mul(F32(Wu[3]), du));
          }
          wasm_v128_store(dd + 4 * i, dact4(act, wasm_v128_load(a + 4 * i), g0));
          wasm_v128_store(dd + 4 * i + 4, dact4(act, wasm_v128_load(a + 4 * i + 4), g1));
          wasm_v128_store(dd + 4 * i + 8, dact4(act, wasm_v128_load(a + 4 * i + 8), g2));
          wasm_v128_store(dd + 4 * i + 12, dact4(act, wasm_v128_load(a + 4 * i + 12), g3));
        }
        for (; i < in; i++) {
          v128_t g = wasm_f32x4_mul(F32(W[i]), wasm_v128_load(dl));
          for (size_t u = 1; u < out; u++)
            g = wasm_f32x4_add(g, wasm_f32x4_mul(F32(W[u * in + i]), wasm_v128_load(dl + 4 * u)));
          wasm_v128_store(dd + 4 * i, dact4(act, wasm_v128_load(a + 4 * i), g));
        }
      }
    }
    *loss_sum += (double)((wasm_f32x4_extract_lane(Ls, 0) + wasm_f32x4_extract_lane(Ls, 1)) +
                          (wasm_f32x4_extract_lane(Ls, 2) + wasm_f32x4_extract_lane(Ls, 3)));
    if (!grad_sum) continue;
    for (size_t q = 0; q < L.np; q++) {
      const float *g = G + 4 * q;
      grad_sum[q] += (double)((g[0] + g[1]) + (g[2] + g[3]));
    }
  }
}
