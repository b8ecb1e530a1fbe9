/* f32-mlp-scalar.c — a network's loss and gradient over a batch, portable scalar reference (dsc_mlp_fn).
 *
 * Shapes: X is n × d float32 row-major (d = batch->d inputs), y n targets; the batch is rows
 * B = batch->rows, X[0..B) or X[idx[0..B)]; params are the np float32 parameters in torch order
 * (kernels/mlp.h gives the layout), scratch dsc_mlp_scratch_floats floats.
 * Per row (A_0 = x; l = 0..H over the weight layers; H hidden layers):
 *   forward   s_k = W_l[k]·A_l + b_l[k],  A_{l+1}[k] = act(s_k) (l < H),  z = s_0 of layer H
 *   loss      ℓ, e = ℓ′(z) = dsc_lossgrad_row: MSE (z − y)², 2(z − y); BCE with logits (stable form)
 *   backward  δ_{H+1} = e;  for l = H..1: g_i = Σ_k W_l[k][i]·δ_{l+1}[k],  δ_l[i] = g_i·act′ (kernels/mlp.h)
 *   gradient  ∂ℓ/∂W_l[k][i] = δ_{l+1}[k]·A_l[i],  ∂ℓ/∂b_l[k] = δ_{l+1}[k]       (backprop: Rumelhart,
 *             Hinton & Williams 1986; torch.nn.Linear's weight/bias gradients)
 * Outputs (sums, not means): *loss_sum += Σ ℓ, grad_sum[p] += Σ ∂ℓ/∂θ_p (when grad_sum is not NULL).
 *
 * Accumulation order — the contract the wasmsimd kernel implements exactly (it gives the same bits):
 *   - Every value of one row is one IEEE float32 operation at a time: a dot product is
 *     s = W[0]·a[0], then s += W[i]·a[i] for i = 1, 2, … in order, then s += b (forward), and
 *     g = W[0][i]·δ[0], then g += W[k][i]·δ[k] for k = 1, 2, … (backward); act/act′ as in mlp.h.
 *   - Rows are taken in blocks of DSC_BLOCK_ROWS, a block's rows (positions 0..m−1) in groups of 4;
 *     lane = position mod 4. Each parameter and the loss keep 4 float32 lane sums per block, starting
 *     at +0: the row in lane r adds its term (one product, one addition) to lane r.
 *   - At the end of a block every lane quadruple is combined as (s_0 + s_1) + (s_2 + s_3) and added
 *     into the double output.
 * A lane sum adds at most DSC_BLOCK_ROWS/4 = 16 terms in float32. Lanes of rows past the batch's end
 * are left alone (the SIMD kernel adds ±0 to them, which leaves a sum that started at +0 unchanged). */
#include <string.h>

#include "descent.h"
#include "lossgrad.h"
#include "mlp.h"

/* Backward pass of the row in lane r with output derivative e: adds its terms to the gradient lanes. */
static void backward_row(const dsc_mlp_layout *L, dsc_activation act, const float *params,
                         float *scratch, float e, size_t r) {
  float *G = scratch + L->grad;
  for (int32_t l = L->hidden; l >= 0; l--) {
    const size_t in = (size_t)L->size[l], out = (size_t)L->size[l + 1];
    const float *a = scratch + L->act[l] + r;
    /* δ_{l+1}: the output's e, or the hidden layer's δ lanes */
    const float *dl = l == L->hidden ? &e : scratch + L->delta[l + 1] + r;
    const size_t ds = l == L->hidden ? 0 : 4; /* stride of dl */
    for (size_t k = 0; k < out; k++) {
      const float dk = dl[ds * k];
      float *Gw = G + 4 * (L->w[l] + k * in) + r;
      for (size_t i = 0; i < in; i++) Gw[4 * i] += dk * a[4 * i];
      G[4 * (L->b[l] + k) + r] += dk;
    }
    if (l == 0) break;
    /* δ_l[i] = act′(A_l[i]) · Σ_k W_l[k][i]·δ_{l+1}[k] */
    const float *W = params + L->w[l];
    float *d = scratch + L->delta[l] + r;
    for (size_t i = 0; i < in; i++) {
      float g = W[i] * dl[0];
      for (size_t k = 1; k < out; k++) g += W[k * in + i] * dl[ds * k];
      d[4 * i] = dsc_mlp_dact(act, a[4 * i], g);
    }
  }
}

void dsc_f32_mlp__scalar(const dsc_model_config *cfg, const dsc_batch *batch, const float *params,
                         float *scratch, double *loss_sum, double *grad_sum) {
  dsc_mlp_layout L;
  const size_t d = batch->d;
  const dsc_activation act = (dsc_activation)cfg->activation;
  const dsc_loss loss = (dsc_loss)cfg->loss;
  dsc_mlp_layout_of(cfg, d, &L);
  float *G = scratch + L.grad;
  for (size_t start = 0; start < batch->rows; start += DSC_BLOCK_ROWS) {
    size_t m = batch->rows - start;
    if (m > DSC_BLOCK_ROWS) m = DSC_BLOCK_ROWS;
    float Ls[4] = {0.0f, 0.0f, 0.0f, 0.0f}; /* lane sums of ℓ */
    if (grad_sum) memset(G, 0, 4 * L.np * sizeof(float));
    for (size_t p = 0; p < m; p++) {
      const size_t r = p % 4;
      const size_t i = batch->idx ? (size_t)batch->idx[start + p] : start + p;
      float l, e;
      const float z = dsc_mlp_forward_row(&L, act, params, batch->X + i * d, scratch, r);
      dsc_lossgrad_row(loss, z, batch->y[i], 1.0f, &l, &e);
      Ls[r] += l;
      if (grad_sum) backward_row(&L, act, params, scratch, e, r);
    }
    *loss_sum += (double)((Ls[0] + Ls[1]) + (Ls[2] + Ls[3]));
    if (!grad_sum) continue;
    for (size_t q = 0; q < L.np; q++) {
      const float *g = G + 4 * q;
      grad_sum[q] += (double)((g[0] + g[1]) + (g[2] + g[3]));
    }
  }
}
