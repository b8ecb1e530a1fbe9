/* mlp.h — private to the network kernels, core/src/mlp.c and model.c: where a network's parameters and scratch
 * lie, and the per-lane float32 operations both kernels (and predictions) perform alike.
 *
 * Network d → h_1 → … → h_H → 1 (H = n_hidden). Weight layer l (l = 0..H) maps the activations A_l
 * (A_0 = the inputs, size[l] values) to A_{l+1} (size[l+1] values; A_{H+1} is the output z, no
 * activation). Parameters in torch order: for l = 0..H, W_l [size[l+1] × size[l]] row-major at w[l],
 * then b_l [size[l+1]] at b[l].
 *
 * Scratch (floats), lane-major: 4 lanes per value (lane = row position in its group of 4):
 *   act    A_l[k] lanes for l = 0..H (inputs and hidden activations) at act[l] + 4k
 *   delta  δ_l[k] lanes for hidden layers l = 1..H at delta[l] + 4k
 *   grad   4 lane sums per parameter at grad + 4p
 */
#ifndef DSC_KERNELS_MLP_H
#define DSC_KERNELS_MLP_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "descent.h"

typedef struct dsc_mlp_layout {
  int32_t hidden;                          /* H, hidden layers */
  int32_t size[DSC_MAX_HIDDEN_LAYERS + 2]; /* size[0] = d, size[1..H] = units, size[H+1] = 1 */
  size_t w[DSC_MAX_HIDDEN_LAYERS + 1];     /* offset of W_l in the parameters */
  size_t b[DSC_MAX_HIDDEN_LAYERS + 1];     /* offset of b_l */
  size_t np;                               /* parameters */
  size_t act[DSC_MAX_HIDDEN_LAYERS + 1];   /* scratch offset of A_l, l = 0..H */
  size_t delta[DSC_MAX_HIDDEN_LAYERS + 1]; /* scratch offset of δ_l, l = 1..H */
  size_t grad;                             /* scratch offset of the gradient lane sums */
  size_t scratch;                          /* scratch floats in all */
} dsc_mlp_layout;

/* The layout of cfg's network on d inputs (cfg assumed valid, 1 <= d). */
static inline void dsc_mlp_layout_of(const dsc_model_config *cfg, size_t d, dsc_mlp_layout *L) {
  const int32_t H = cfg->n_hidden;
  size_t off = 0, s = 0;
  L->hidden = H;
  L->size[0] = (int32_t)d;
  for (int32_t l = 1; l <= H; l++) L->size[l] = cfg->hidden[l - 1];
  L->size[H + 1] = 1;
  for (int32_t l = 0; l <= H; l++) {
    L->w[l] = off;
    off += (size_t)L->size[l + 1] * (size_t)L->size[l];
    L->b[l] = off;
    off += (size_t)L->size[l + 1];
  }
  L->np = off;
  for (int32_t l = 0; l <= H; l++) {
    L->act[l] = s;
    s += 4 * (size_t)L->size[l];
  }
  L->delta[0] = 0; /* unused: the inputs have no δ */
  for (int32_t l = 1; l <= H; l++) {
    L->delta[l] = s;
    s += 4 * (size_t)L->size[l];
  }
  L->grad = s;
  L->scratch = s + 4 * L->np;
}

/* tanh in float32 arithmetic: +, −, ×, ÷ and bit moves, no libm call, so that the wasmsimd kernel
 * computes it in vectors with the very same operations (f32-mlp-wasmsimd.c tanh4) and both kernels
 * round alike. (tanhf was one libm call per unit, row and pass: most of a tanh network's time.)
 * Max error 1.52 ulp over every float32 (exhaustive check against double tanh); odd; ±1 at ±∞; NaN
 * stays NaN; tanh(−0) = +0.
 *   |x| < 0.55  x + x·(u·g(u)), u = x², g of degree 6 interpolating (tanh(√u)/√u − 1)/u at Chebyshev
 *               nodes on [0, 0.55²] (Horner, float32)
 *   otherwise   sign(x)·(1 − 2/(eʸ + 1)), y = 2·min(|x|, 10); eʸ = 2ᵏ·eʳ with k = round(y/ln 2) (by the
 *               1.5·2²³ rounding constant, whose low bits then hold k), r = y − k·ln2_hi − k·ln2_lo
 *               (Cody–Waite, musl expf's split of ln 2), eʳ by its Taylor polynomial of degree 7
 *               (|r| ≤ ln 2 / 2: truncation < 6e-9), 2ᵏ from its exponent bits. */
#define DSC_TANH_SMALL 0.55f /* below: the odd polynomial */
#define DSC_TANH_CLAMP 10.0f /* 1 − tanh(10) < 2^−28: tanh rounds to 1 beyond */
#define DSC_TANH_G0 (-3.333333433e-01f)
#define DSC_TANH_G1 1.333333254e-01f
#define DSC_TANH_G2 (-5.396806449e-02f)
#define DSC_TANH_G3 2.186564729e-02f
#define DSC_TANH_G4 (-8.826135658e-03f)
#define DSC_TANH_G5 3.404759336e-03f
#define DSC_TANH_G6 (-9.655737085e-04f)
#define DSC_EXP_ROUND 12582912.0f            /* 1.5·2²³: y·log2(e) + this rounds to an integer k */
#define DSC_EXP_ROUND_BITS 0x4B400000u       /* its bits: the sum's bits minus these are k */
#define DSC_EXP_LOG2E 1.44269502163f         /* log2(e) */
#define DSC_EXP_LN2_HI 6.93145751953125e-1f  /* ln 2 in two parts (k·LN2_HI is exact for |k| < 2⁹) */
#define DSC_EXP_LN2_LO 1.42860682030941723212e-6f

static inline float dsc_mlp_tanh(float x) {
  const float a = fabsf(x);
  if (a < DSC_TANH_SMALL) {
    const float u = x * x;
    float g = DSC_TANH_G6;
    g = g * u + DSC_TANH_G5;
    g = g * u + DSC_TANH_G4;
    g = g * u + DSC_TANH_G3;
    g = g * u + DSC_TANH_G2;
    g = g * u + DSC_TANH_G1;
    g = g * u + DSC_TANH_G0;
    return x + x * (u * g);
  }
  const float y = 2.0f * (a > DSC_TANH_CLAMP ? DSC_TANH_CLAMP : a); /* keeps NaN */
  const float kr = y * DSC_EXP_LOG2E + DSC_EXP_ROUND;
  const float k = kr - DSC_EXP_ROUND;
  const float r = (y - k * DSC_EXP_LN2_HI) - k * DSC_EXP_LN2_LO;
  float p = 1.0f / 5040.0f; /* eʳ = Σ rⁱ/i!, i = 0..7 */
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  uint32_t bits;
  float two_k;
  memcpy(&bits, &kr, sizeof bits);
  bits = (bits - DSC_EXP_ROUND_BITS + 127u) << 23; /* 2ᵏ, 0 <= k <= 29 (unsigned: any NaN bits wrap) */
  memcpy(&two_k, &bits, sizeof bits);
  return copysignf(1.0f - 2.0f / (p * two_k + 1.0f), x);
}

/* The activation of a hidden unit with pre-activation s (float32). ReLU keeps NaN (s < 0 is false). */
static inline float dsc_mlp_act(dsc_activation act, float s) {
  switch (act) {
    case DSC_ACT_TANH: return dsc_mlp_tanh(s);
    case DSC_ACT_RELU: return s < 0.0f ? 0.0f : s;
    case DSC_ACT_SIGMOID: return 1.0f / (1.0f + expf(-s));
  }
  return NAN;
}

/* δ = g·act′ from the unit's output a: tanh g·(1 − a·a); sigmoid g·((1 − a)·a); ReLU g where a > 0,
   else 0 (torch's threshold_backward). */
static inline float dsc_mlp_dact(dsc_activation act, float a, float g) {
  switch (act) {
    case DSC_ACT_TANH: return g * (1.0f - a * a);
    case DSC_ACT_RELU: return a > 0.0f ? g : 0.0f;
    case DSC_ACT_SIGMOID: return g * ((1.0f - a) * a);
  }
  return NAN;
}

/* Forward pass of one row x in lane r (0..3): fills A_0..A_H lanes r of act (scratch) and returns z.
   Each unit: s = W[k][0]·a[0], s += W[k][i]·a[i] for i = 1.. in order, s += b[k] (float32). */
static inline float dsc_mlp_forward_row(const dsc_mlp_layout *L, dsc_activation act, const float *params,
                                        const float *x, float *scratch, size_t r) {
  float z = 0.0f;
  for (int32_t i = 0; i < L->size[0]; i++) scratch[L->act[0] + 4 * (size_t)i + r] = x[i];
  for (int32_t l = 0; l <= L->hidden; l++) {
    const size_t in = (size_t)L->size[l], out = (size_t)L->size[l + 1];
    const float *W = params + L->w[l], *bias = params + L->b[l];
    const float *a = scratch + L->act[l] + r;
    for (size_t k = 0; k < out; k++) {
      const float *Wk = W + k * in;
      float s = Wk[0] * a[0];
      for (size_t i = 1; i < in; i++) s += Wk[i] * a[4 * i];
      s += bias[k];
      if (l < L->hidden) scratch[L->act[l + 1] + 4 * k + r] = dsc_mlp_act(act, s);
      else z = s;
    }
  }
  return z;
}

/* Outputs z of the network for n rows of X (d inputs) in the kernels' forward order (float32), written
   as doubles (core/src/mlp.c). cfg is a valid mlp config. DSC_ENOMEM when its float32 copy of the
   parameters and scratch cannot be allocated. */
dsc_status dsc_mlp_outputs(const dsc_model_config *cfg, const float *X, size_t n, size_t d,
                           const double *params, double *z_out, dsc_error *err);

#endif
