/* f32-lossgrad-scalar.c — fused loss + gradient pass, portable scalar reference (dsc_lossgrad_fn).
 *
 * Shapes: X is n × d float32 row-major, y has n float32 targets, w has d float32 weights, b is the
 * bias; the batch is rows B = batch->rows, either X[0..B) or X[idx[0..B)].
 * Per row i:  z_i = Σ_j x_ij w_j + b  (float32, j = 0..d−1 in order, then + b)
 *             r_i = z_i − y_i          (regression losses)
 *   MSE    ℓ = r²                          ℓ' = 2r
 *   MAE    ℓ = |r|                         ℓ' = sign(r), 0 at r = 0 (torch L1Loss)
 *   Huber  ℓ = ½r² if |r| < δ              ℓ' = r
 *            δ(|r| − ½δ) otherwise             δ·sign(r)          (torch HuberLoss)
 *   BCE    ℓ = max(z, 0) − y·z + log1p(e^{−|z|})   ℓ' = σ(z) − y  (BCEWithLogits, stable form)
 * Outputs (sums, not means; units of the loss and loss·feature):
 *   *loss_sum += Σ_i ℓ_i,  grad_sum[j] += Σ_i ℓ'_i x_ij (j < d),  grad_sum[d] += Σ_i ℓ'_i.
 *
 * Accumulation order (shared with f32-lossgrad-wasmsimd.c): rows are taken in blocks of
 * DSC_BLOCK_ROWS. Inside a block, ℓ and ℓ' are summed in float32 in row order, and each column's
 * Σ ℓ'_i x_ij is a float32 sum in row order; each block's sums are then added into the double outputs.
 * The SIMD kernel keeps this order for the loss and gradient sums (only its dot products z_i differ). */
#include <math.h>

#include "descent.h"
#include "lossgrad.h"

void dsc_f32_lossgrad__scalar(const dsc_batch *batch, const float *w, float b, dsc_loss loss,
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
    float lblock = 0.0f; /* Σ ℓ_i over the block */
    float gbias = 0.0f;  /* Σ ℓ'_i over the block */
    for (size_t r = 0; r < m; r++) {
      size_t i = idx ? (size_t)idx[start + r] : start + r;
      const float *x = X + i * d;
      float z = 0.0f; /* z = Σ_j x_j w_j + b, j in order */
      for (size_t j = 0; j < d; j++) z += x[j] * w[j];
      z += b;
      float l, dl;
      dsc_lossgrad_row(loss, z, y[i], delta, &l, &dl);
      row[r] = x;
      g[r] = dl;
      lblock += l;
      gbias += dl;
    }
    *loss_sum += (double)lblock;
    if (!grad_sum) continue;
    for (size_t j = 0; j < d; j++) {
      float s = 0.0f; /* Σ_r ℓ'_r x_rj, r in order */
      for (size_t r = 0; r < m; r++) s += g[r] * row[r][j];
      grad_sum[j] += (double)s;
    }
    grad_sum[d] += (double)gbias;
  }
}
