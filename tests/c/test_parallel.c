/* test_parallel.c — dsc_lossgrad_parallel (core/src/parallel.c): a pass split into per-block partials
 * added in block order gives the same bits as one call of the same kernel over the whole batch, for
 * every loss, feature counts with and without a SIMD tail, and row counts around the block size
 * (one row, a partial block, whole blocks, a partial last block). The blocks here are computed on
 * this thread (the native build has no threads); descent-mt.wasm computes the same blocks on its
 * workers (tests/node/threads.test.js). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"

#define NMAX 4200
#define DMAX 17

static float X[NMAX * DMAX], y[NMAX], w[DMAX];

static void fill(dsc_rng *rng, dsc_loss loss, size_t d) {
  for (size_t j = 0; j < d; j++) w[j] = (float)(2 * dsc_rng_uniform(rng) - 1);
  for (size_t i = 0; i < NMAX * d; i++) X[i] = (float)(4 * dsc_rng_uniform(rng) - 2);
  for (size_t i = 0; i < NMAX; i++)
    y[i] = loss == DSC_LOSS_BCE ? (float)dsc_rng_below(rng, 2) : (float)(6 * dsc_rng_uniform(rng) - 3);
}

/* 1 when the parallel pass and the plain call agree bit for bit (loss and every gradient sum). */
static int same_bits(dsc_lossgrad_fn kernel, dsc_loss loss, size_t d, size_t rows, int gradient) {
  const dsc_batch batch = {X, y, NULL, rows, d};
  double loss1 = 0, loss2 = 0, grad1[DMAX + 1] = {0}, grad2[DMAX + 1] = {0};
  double *partials = malloc(dsc_lossgrad_partials_len(rows, d) * sizeof(double));
  if (!partials) return 0;
  kernel(&batch, w, 0.25f, loss, 0.5f, &loss1, gradient ? grad1 : NULL);
  dsc_lossgrad_parallel(kernel, &batch, w, 0.25f, loss, 0.5f, partials, &loss2, gradient ? grad2 : NULL);
  free(partials);
  int ok = memcmp(&loss1, &loss2, sizeof loss1) == 0 && memcmp(grad1, grad2, sizeof grad1) == 0;
  if (!ok)
    fprintf(stderr, "loss %d, d %zu, rows %zu, gradient %d: loss %.17g vs %.17g\n", (int)loss, d, rows,
            gradient, loss1, loss2);
  return ok;
}

int main(void) {
  static const size_t ds[] = {1, 3, 4, 13, 16, 17};
  static const size_t rows[] = {1, 5, 63, 64, 65, 128, 1000, 4097, NMAX};
  dsc_lossgrad_fn kernels[] = {dsc_f32_lossgrad__scalar, dsc_lossgrad_kernel()};
  dsc_rng rng;
  dsc_rng_seed(&rng, 42, 7);
  CHECK(dsc_lossgrad_partials_len(1, 16) == 18);
  CHECK(dsc_lossgrad_partials_len(64, 16) == 18);
  CHECK(dsc_lossgrad_partials_len(65, 3) == 10);
  for (int loss = DSC_LOSS_MSE; loss <= DSC_LOSS_BCE; loss++)
    for (size_t a = 0; a < sizeof ds / sizeof *ds; a++) {
      fill(&rng, (dsc_loss)loss, ds[a]);
      for (size_t k = 0; k < 2; k++)
        for (size_t r = 0; r < sizeof rows / sizeof *rows; r++)
          for (int g = 0; g <= 1; g++) CHECK(same_bits(kernels[k], (dsc_loss)loss, ds[a], rows[r], g));
    }
  return check_summary("test_parallel");
}
