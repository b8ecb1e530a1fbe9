/* test_kernels.c — the scalar fused loss+gradient kernel against a float64 reference loop.
 *
 * Every loss, d = 1..9 plus d = 12, 16, 17, 20, 33, 40 (the 4-accumulator dot products of d >= 16
 * and their leftover chunks and columns), batch sizes 1..2·DSC_BLOCK_ROWS+7 (every tail mod 4 and
 * mod 8, one and two full blocks plus tails), rows taken in order (idx NULL) and through an index
 * list with repeats. Tolerance: the kernel rounds z in float32 (d products and sums) and sums ℓ, ℓ'·x
 * over at most DSC_BLOCK_ROWS rows in float32, so the error bound is c·(d + m + 4)·ε_f32 times the sum
 * of the magnitudes involved, with m = min(rows, DSC_BLOCK_ROWS) (n·ε scaling, as XNNPACK's tests
 * do). The SIMD kernel is compared with this one bit for bit from JavaScript, in the wasm build. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"

#define NMAX 160 /* rows of the test matrix */
#define DMAX 40
#define RMAX (2 * DSC_BLOCK_ROWS + 7)

/* ℓ, ℓ', and a bound on |ℓ''| in double (the reference definitions of dsc_loss). */
static void ref_row(dsc_loss loss, double z, double y, double delta, double *l, double *dl,
                    double *curv) {
  double r = z - y;
  switch (loss) {
    case DSC_LOSS_MSE:
      *l = r * r, *dl = 2 * r, *curv = 2;
      return;
    case DSC_LOSS_MAE:
      *l = fabs(r), *dl = r > 0 ? 1 : (r < 0 ? -1 : 0), *curv = 0;
      return;
    case DSC_LOSS_HUBER:
      if (fabs(r) < delta)
        *l = 0.5 * r * r, *dl = r;
      else
        *l = delta * (fabs(r) - 0.5 * delta), *dl = r > 0 ? delta : -delta;
      *curv = 1;
      return;
    case DSC_LOSS_BCE:
      *l = fmax(z, 0) - y * z + log1p(exp(-fabs(z)));
      *dl = 1.0 / (1.0 + exp(-z)) - y;
      *curv = 0.25;
      return;
  }
}

typedef struct {
  float X[NMAX * DMAX], y[NMAX], w[DMAX], b;
  uint32_t idx[RMAX];
} fixture;

/* Random data for one loss and d. For MAE the targets keep |r| >= 0.1 so that the float32 and
   double residuals cannot disagree on the sign (the derivative is discontinuous at 0). */
static void make_fixture(fixture *f, dsc_rng *rng, dsc_loss loss, size_t d) {
  for (size_t j = 0; j < d; j++) f->w[j] = (float)(2 * dsc_rng_uniform(rng) - 1);
  f->b = (float)(2 * dsc_rng_uniform(rng) - 1);
  for (size_t i = 0; i < NMAX; i++) {
    double z = f->b;
    for (size_t j = 0; j < d; j++) {
      f->X[i * d + j] = (float)(4 * dsc_rng_uniform(rng) - 2);
      z += (double)f->X[i * d + j] * f->w[j];
    }
    if (loss == DSC_LOSS_BCE) {
      f->y[i] = (float)dsc_rng_below(rng, 2);
    } else {
      f->y[i] = (float)(6 * dsc_rng_uniform(rng) - 3);
      if (loss == DSC_LOSS_MAE && fabs(z - f->y[i]) < 0.1) f->y[i] = (float)(z + 0.25);
    }
  }
  for (size_t r = 0; r < RMAX; r++) f->idx[r] = dsc_rng_below(rng, NMAX);
}

/* One comparison; returns 1 when every output is within tolerance (prints the first miss). */
static int compare(const fixture *f, dsc_loss loss, size_t d, size_t rows, int use_idx) {
  const float delta = 0.7f;
  const double eps = FLT_EPSILON;
  const double c = 4.0 * (double)(d + (rows < DSC_BLOCK_ROWS ? rows : DSC_BLOCK_ROWS) + 4) * eps;
  double rl = 0, rg[DMAX + 1] = {0}, tl = 0, tg[DMAX + 1] = {0};
  for (size_t r = 0; r < rows; r++) {
    size_t i = use_idx ? f->idx[r] : r;
    const float *x = f->X + i * d;
    double z = f->b, a = fabs(f->b) + fabs(f->y[i]);
    for (size_t j = 0; j < d; j++) {
      z += (double)x[j] * f->w[j];
      a += fabs((double)x[j] * f->w[j]);
    }
    double l, dl, curv;
    ref_row(loss, z, f->y[i], delta, &l, &dl, &curv);
    rl += l;
    tl += fabs(l) + fabs(dl) * a; /* |ℓ| rounding plus ℓ'·(error of z) */
    for (size_t j = 0; j <= d; j++) {
      double xj = j < d ? x[j] : 1.0;
      rg[j] += dl * xj;
      tg[j] += fabs(dl * xj) + curv * a * fabs(xj) + (loss == DSC_LOSS_BCE ? fabs(xj) : 0.0);
    }
  }
  /* the kernel adds into what is there */
  double loss_sum = 1.5, grad[DMAX + 1], loss_only = -2.0;
  for (size_t j = 0; j <= d; j++) grad[j] = (double)j;
  dsc_batch batch = {f->X, f->y, use_idx ? f->idx : NULL, rows, d};
  dsc_f32_lossgrad__scalar(&batch, f->w, f->b, loss, delta, &loss_sum, grad);
  dsc_f32_lossgrad__scalar(&batch, f->w, f->b, loss, delta, &loss_only, NULL);
  int ok = fabs((loss_sum - 1.5) - rl) <= c * tl + 1e-30;
  ok &= loss_only + 2.0 == loss_sum - 1.5; /* grad_sum NULL: same loss, same order */
  for (size_t j = 0; j <= d; j++) ok &= fabs((grad[j] - (double)j) - rg[j]) <= c * tg[j] + 1e-30;
  if (!ok) {
    fprintf(stderr, "loss %d d %zu rows %zu idx %d: loss %.9g vs %.9g (tol %.3g)\n", (int)loss, d,
            rows, use_idx, loss_sum - 1.5, rl, c * tl);
    for (size_t j = 0; j <= d; j++)
      fprintf(stderr, "  grad[%zu] %.9g vs %.9g (tol %.3g)\n", j, grad[j] - (double)j, rg[j],
              c * tg[j]);
  }
  return ok;
}

static void test_against_reference(void) {
  static fixture f;
  dsc_rng rng;
  dsc_rng_stream(&rng, 11u, DSC_STREAM_TUNE);
  static const size_t dims[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17, 20, 33, 40};
  for (int loss = DSC_LOSS_MSE; loss <= DSC_LOSS_BCE; loss++) {
    for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++) {
      const size_t d = dims[k];
      make_fixture(&f, &rng, (dsc_loss)loss, d);
      int ok = 1;
      for (size_t rows = 1; rows <= RMAX; rows++)
        for (int use_idx = 0; use_idx <= 1; use_idx++)
          ok &= compare(&f, (dsc_loss)loss, d, rows, use_idx);
      CHECK(ok); /* one check per (loss, d): all batch sizes, with and without idx */
    }
  }
}

/* Values that can be worked out by hand. */
static void test_exact_cases(void) {
  /* d = 2, rows (1, 2) y 1 and (0, −1) y 0; w = (0.5, 0.25), b = −1: z = (0, −1.25) */
  const float X[4] = {1, 2, 0, -1}, y[2] = {1, 0}, w[2] = {0.5f, 0.25f};
  dsc_batch batch = {X, y, NULL, 2, 2};
  double l = 0, g[3] = {0};
  /* MSE: r = (−1, −1.25): ℓ = 1 + 1.5625, ℓ' = (−2, −2.5) */
  dsc_f32_lossgrad__scalar(&batch, w, -1.0f, DSC_LOSS_MSE, 1.0f, &l, g);
  CHECK(l == 2.5625);
  CHECK(g[0] == -2.0 && g[1] == -4.0 + 2.5 && g[2] == -4.5);
  /* MAE: ℓ = 2.25, ℓ' = (−1, −1) */
  l = 0, g[0] = g[1] = g[2] = 0;
  dsc_f32_lossgrad__scalar(&batch, w, -1.0f, DSC_LOSS_MAE, 1.0f, &l, g);
  CHECK(l == 2.25 && g[0] == -1.0 && g[1] == -2.0 + 1.0 && g[2] == -2.0);
  /* Huber δ = 1.125: |r| = 1 < δ → ½; 1.25 >= δ → δ(1.25 − δ/2) = 0.773438 (exact in binary) */
  l = 0, g[0] = g[1] = g[2] = 0;
  dsc_f32_lossgrad__scalar(&batch, w, -1.0f, DSC_LOSS_HUBER, 1.125f, &l, g);
  CHECK(l == 0.5 + 1.125 * (1.25 - 0.5625));
  CHECK(g[0] == -1.0 && g[1] == -2.0 + 1.125 && g[2] == -1.0 - 1.125);
  /* MAE at r = 0 exactly: derivative 0 (torch L1Loss) */
  const float x0[1] = {1}, y0[1] = {1}, w0[1] = {0.5f};
  dsc_batch one = {x0, y0, NULL, 1, 1};
  l = 0, g[0] = g[1] = 7;
  dsc_f32_lossgrad__scalar(&one, w0, 0.5f, DSC_LOSS_MAE, 1.0f, &l, g);
  CHECK(l == 0.0 && g[0] == 7.0 && g[1] == 7.0);
  /* BCE at z = 0: ℓ = log 2, ℓ' = ½ − y */
  l = 0, g[0] = g[1] = 0;
  dsc_f32_lossgrad__scalar(&one, w0, -0.5f, DSC_LOSS_BCE, 1.0f, &l, g);
  CHECK_NEAR(l, log(2.0), 1e-7);
  CHECK(g[0] == -0.5 && g[1] == -0.5);
  /* BCE far out, z = ±100: finite, ℓ ≈ 0 or ≈ 100, ℓ' ∈ {0, ±1} within ε */
  const float yb[2] = {1, 0}, xb[2] = {1, 1}, wb[1] = {100.0f};
  dsc_batch two = {xb, yb, NULL, 2, 1};
  l = 0, g[0] = g[1] = 0;
  dsc_f32_lossgrad__scalar(&two, wb, 0.0f, DSC_LOSS_BCE, 1.0f, &l, g); /* z = 100, y = 1 and 0 */
  CHECK(isfinite(l) && isfinite(g[0]) && isfinite(g[1]));
  CHECK_NEAR(l, 100.0, 1e-4); /* log1p(e^-100) + (0 and 100) */
  CHECK_NEAR(g[1], 1.0, 1e-7); /* (σ − 1) + (σ − 0) = 2σ − 1 = 1 */
  /* an empty batch adds nothing */
  dsc_batch none = {xb, yb, NULL, 0, 1};
  l = 3;
  g[0] = g[1] = 4;
  dsc_f32_lossgrad__scalar(&none, wb, 0.0f, DSC_LOSS_MSE, 1.0f, &l, g);
  CHECK(l == 3 && g[0] == 4 && g[1] == 4);
  /* the build's kernel is one of the declared ones */
  dsc_lossgrad_fn k = dsc_lossgrad_kernel();
  CHECK(k != NULL);
#if !DSC_HAVE_WASMSIMD
  CHECK(k == dsc_f32_lossgrad__scalar);
#endif
}

int main(void) {
  test_against_reference();
  test_exact_cases();
  return check_summary("test_kernels");
}
