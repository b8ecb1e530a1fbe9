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

/* The activation of a hidden unit with pre-activation s (float32). ReLU keeps NaN (s < 0 is false). */
static inline float dsc_mlp_act(dsc_activation act, float s) {
  switch (act) {
    case DSC_ACT_TANH: return tanhf(s);
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
