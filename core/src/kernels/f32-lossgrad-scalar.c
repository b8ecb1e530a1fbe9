/* f32-lossgrad-scalar.c — fused loss + gradient pass, portable scalar reference (dsc_lossgrad_fn).
 *
 * Shapes: X is n × d float32 row-major, y has n float32 targets, w has d float32 weights, b is the
 * bias; the batch is rows B = batch->rows, either X[0..B) or X[idx[0..B)]; d <= DSC_MAX_FEATURES.
 * Per row i:  z_i = x_i·w + b              (float32, order below)
 *             r_i = z_i − y_i              (regression losses)
 *   MSE    ℓ = r²                          ℓ' = 2r
 *   MAE    ℓ = |r|                         ℓ' = sign(r), 0 at r = 0 (torch L1Loss)
 *   Huber  ℓ = ½r² if |r| < δ              ℓ' = r
 *            δ(|r| − ½δ) otherwise             δ·sign(r)          (torch HuberLoss)
 *   BCE    ℓ = max(z, 0) − y·z + log1p(e^{−|z|})   ℓ' = σ(z) − y  (BCEWithLogits, stable form)
 * Outputs (sums, not means; units of the loss and loss·feature):
 *   *loss_sum += Σ_i ℓ_i,  grad_sum[j] += Σ_i ℓ'_i x_ij (j < d),  grad_sum[d] += Σ_i ℓ'_i.
 *
 * Accumulation order — the contract both kernels implement exactly, so that the wasmsimd kernel gives
 * the same bits as this one (every operation is one IEEE float32 operation in a fixed order). It is
 * the order a 4-wide SIMD kernel reaches without horizontal sums per row:
 *   - d4 = d rounded down to a multiple of 4 ("chunk columns" j < d4, "tail columns" d4 <= j < d).
 *   - Dot product, d4 >= 4: one accumulator of 4 lane sums takes the chunks c = 0..d4/4−1 (4 columns
 *     each) in order, a[k] = −0 + Σ_c x[4c+k]·w[4c+k] (−0 is the exact additive identity, so the first
 *     term costs nothing), and z = (a[0] + a[2]) + (a[1] + a[3]) (the order of a 4×4 transpose by
 *     unpack shuffles). d4 == 0: z = x_0·w_0. Then z += x_j·w_j for the tail columns in order, then
 *     z += b. (One accumulator per row lets the SIMD kernel keep 4 rows' accumulators in 4 registers
 *     and load each chunk of w once per group of 4 rows; the rows are read front to back.)
 *   - Rows are taken in blocks of DSC_BLOCK_ROWS; a block's rows (positions 0..m−1) are processed in
 *     groups of 4 (the last group may have 1..3 rows).
 *   - Lane sums (float32, lane = position mod 4): Σ ℓ, Σ ℓ', and Σ ℓ'·x_j for each tail column. At the
 *     end of the block the 4 lanes are combined as (s_0 + s_1) + (s_2 + s_3).
 *   - Chunk columns: per group, t = (ℓ'_0 x_0j + ℓ'_1 x_1j) + (ℓ'_2 x_2j + ℓ'_3 x_3j) (a short group
 *     drops the missing terms: a, a + b, (a + b) + c) is added to the column's float32 block sum.
 *   - Each block's float32 sums are then added into the double outputs (loss, columns 0..d−1, bias).
 * Pairing rows in the gradient and lanes in the sums also keeps float32 error growth low: a block sum
 * adds at most 16 terms in sequence. */
#include <math.h>

#include "descent.h"
#include "lossgrad.h"

/* z = x·w + b in the order above. */
static float dot_plus_bias(const float *x, const float *w, size_t d, float b) {
  const size_t d4 = d & ~(size_t)3;
  size_t j;
  float z;
  if (d4 > 0) {
    float a[4] = {-0.0f, -0.0f, -0.0f, -0.0f}; /* a[k]: Σ x[4c+k]·w[4c+k] over the chunks c, from −0 */
    for (j = 0; j < d4; j++) a[j % 4] += x[j] * w[j];
    z = (a[0] + a[2]) + (a[1] + a[3]);
  } else {
    z = x[0] * w[0];
    j = 1;
  }
  for (; j < d; j++) z += x[j] * w[j];
  return z + b;
}

void dsc_f32_lossgrad__scalar(const dsc_batch *batch, const float *w, float b, dsc_loss loss,
                              float delta, double *loss_sum, double *grad_sum) {
  const size_t d = batch->d, d4 = d & ~(size_t)3;
  const float *X = batch->X;
  const float *y = batch->y;
  const uint32_t *idx = batch->idx;
  float G[DSC_MAX_FEATURES]; /* block sums of the chunk columns */

  for (size_t start = 0; start < batch->rows; start += DSC_BLOCK_ROWS) {
    size_t m = batch->rows - start;
    if (m > DSC_BLOCK_ROWS) m = DSC_BLOCK_ROWS;
    float L[4] = {0}, S[4] = {0}; /* lane sums of ℓ and ℓ' */
    float T[3][4] = {{0}};        /* lane sums of ℓ'·x_j, tail column j = d4 + t */
    for (size_t j = 0; j < d4; j++) G[j] = 0.0f;
    for (size_t p = 0; p < m; p += 4) {
      const size_t k = m - p < 4 ? m - p : 4; /* rows in this group */
      const float *x[4];
      float g[4];
      for (size_t r = 0; r < k; r++) {
        const size_t i = idx ? (size_t)idx[start + p + r] : start + p + r;
        float l;
        x[r] = X + i * d;
        dsc_lossgrad_row(loss, dot_plus_bias(x[r], w, d, b), y[i], delta, &l, &g[r]);
        L[r] += l;
        S[r] += g[r];
        if (grad_sum)
          for (size_t j = d4; j < d; j++) T[j - d4][r] += g[r] * x[r][j];
      }
      if (!grad_sum) continue;
      for (size_t j = 0; j < d4; j++) { /* t = (a + b) + (c + d), short groups drop terms */
        float t = g[0] * x[0][j];
        if (k > 1) t += g[1] * x[1][j];
        if (k > 2) {
          float u = g[2] * x[2][j];
          if (k > 3) u += g[3] * x[3][j];
          t += u;
        }
        G[j] += t;
      }
    }
    *loss_sum += (double)((L[0] + L[1]) + (L[2] + L[3]));
    if (!grad_sum) continue;
    for (size_t j = 0; j < d4; j++) grad_sum[j] += (double)G[j];
    for (size_t j = d4; j < d; j++) {
      const float *t = T[j - d4];
      grad_sum[j] += (double)((t[0] + t[1]) + (t[2] + t[3]));
    }
    grad_sum[d] += (double)((S[0] + S[1]) + (S[2] + S[3]));
  }
}
