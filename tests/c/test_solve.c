/* test_solve.c — Cholesky and the closed-form (ridge) least squares. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "descent.h"

static int has(const dsc_error *e, const char *s) { return strstr(e->message, s) != NULL; }

static void test_cholesky(void) {
  /* A = L Lᵀ with L = [[2,0,0],[1,2,0],[1,1,2]]; x = (1, −2, 3) → b = A x = (6, 1, 14) */
  double A[9] = {4, 2, 2, 2, 5, 3, 2, 3, 6};
  const double b[3] = {6, 1, 14};
  double x[3];
  dsc_error e;
  CHECK(dsc_solve_cholesky(A, 3, b, x, &e) == DSC_OK);
  CHECK_NEAR(x[0], 1.0, 1e-14);
  CHECK_NEAR(x[1], -2.0, 1e-14);
  CHECK_NEAR(x[2], 3.0, 1e-14);
  /* the factor is in the lower triangle; the strict upper triangle is untouched */
  CHECK(A[0] == 2 && A[3] == 1 && A[4] == 2 && A[6] == 1 && A[7] == 1 && A[8] == 2);
  CHECK(A[1] == 2 && A[2] == 2 && A[5] == 3);
  /* x may alias b */
  double A2[9] = {4, 2, 2, 2, 5, 3, 2, 3, 6}, bx[3] = {6, 1, 14};
  CHECK(dsc_solve_cholesky(A2, 3, bx, bx, &e) == DSC_OK);
  CHECK_NEAR(bx[0], 1.0, 1e-14);
  CHECK_NEAR(bx[2], 3.0, 1e-14);

  /* not positive definite: eigenvalues 3 and −1 */
  double N[4] = {1, 2, 2, 1};
  const double b2[2] = {1, 1};
  double x2[2];
  memset(e.message, 0, sizeof e.message);
  CHECK(dsc_solve_cholesky(N, 2, b2, x2, &e) == DSC_ENUMERIC);
  CHECK(has(&e, "positive definite"));
  /* singular (pivot exactly 0), and a NaN entry */
  double S[4] = {1, 1, 1, 1};
  CHECK(dsc_solve_cholesky(S, 2, b2, x2, &e) == DSC_ENUMERIC);
  double Q[4] = {1, 0, NAN, 1};
  CHECK(dsc_solve_cholesky(Q, 2, b2, x2, &e) == DSC_ENUMERIC);
  /* err may be NULL */
  double N2[4] = {-1, 0, 0, 1};
  CHECK(dsc_solve_cholesky(N2, 2, b2, x2, NULL) == DSC_ENUMERIC);
}

/* Builds a dataset from n rows (test_fraction 0: all training, order kept). */
static dsc_data *arrays(int n, int d, const float *X, const float *y) {
  dsc_data *data = NULL;
  dsc_error e;
  if (dsc_data_from_arrays(n, d, X, y, 0.0, 0, 1u, &data, &e) != DSC_OK)
    fprintf(stderr, "from_arrays: %s\n", e.message);
  return data;
}

static void test_least_squares_exact(void) {
  /* y = 2x₀ − x₁ + 0.5 with x in multiples of 1/8: every value exact in float32 */
  enum { n = 12 };
  float X[n * 2], y[n];
  for (int i = 0; i < n; i++) {
    X[2 * i] = (float)((i % 5) - 2) / 8.0f * 3.0f;
    X[2 * i + 1] = (float)((i * 7) % 11 - 5) / 8.0f;
    y[i] = 2.0f * X[2 * i] - X[2 * i + 1] + 0.5f;
  }
  dsc_data *data = arrays(n, 2, X, y);
  CHECK(data != NULL);
  if (!data) return;
  double p[3];
  dsc_error e;
  CHECK(dsc_solve_least_squares(data, 0.0, p, &e) == DSC_OK);
  CHECK_NEAR(p[0], 2.0, 1e-9);
  CHECK_NEAR(p[1], -1.0, 1e-9);
  CHECK_NEAR(p[2], 0.5, 1e-9);
  dsc_data_free(data);
}

static void test_ridge_1d(void) {
  /* x = (0, 1, 2, 3), y = (1, 3, 5, 8): x̄ = 1.5, var x = 1.25, ȳ = 4.25, cov = 2.875 (population).
     Minimising (1/n) Σ (w x + b − y)² + λ w²: w = cov / (var + λ), b = ȳ − x̄ w. */
  const float X[4] = {0, 1, 2, 3}, y[4] = {1, 3, 5, 8};
  dsc_data *data = arrays(4, 1, X, y);
  CHECK(data != NULL);
  if (!data) return;
  double p[2];
  dsc_error e;
  CHECK(dsc_solve_least_squares(data, 0.0, p, &e) == DSC_OK);
  CHECK_NEAR(p[0], 2.3, 1e-12);
  CHECK_NEAR(p[1], 0.8, 1e-12);
  CHECK(dsc_solve_least_squares(data, 0.5, p, &e) == DSC_OK);
  CHECK_NEAR(p[0], 2.875 / 1.75, 1e-12);
  CHECK_NEAR(p[1], 4.25 - 1.5 * 2.875 / 1.75, 1e-12);
  CHECK(dsc_solve_least_squares(data, -1.0, p, &e) == DSC_EINVAL && has(&e, "l2"));
  dsc_data_free(data);
}

/* On noisy generated data the solution is a stationary point of the ridge objective. */
static void test_stationary(void) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.d = 3;
  cfg.n = 200;
  cfg.noise = DSC_NOISE_GAUSSIAN;
  cfg.test_fraction = 0.25;
  dsc_data *data = NULL;
  dsc_error e;
  CHECK(dsc_data_generate(&cfg, 9u, &data, &e) == DSC_OK);
  if (!data) return;
  const double l2 = 0.01;
  double p[4];
  CHECK(dsc_solve_least_squares(data, l2, p, &e) == DSC_OK);
  size_t n = (size_t)dsc_data_n_train(data), d = 3;
  const float *X = dsc_data_x_train(data), *y = dsc_data_y_train(data);
  double g[4] = {0};
  for (size_t i = 0; i < n; i++) { /* ∇ = (2/n) Σ r_i [x_i, 1] + 2λ [w, 0] */
    double r = p[d] - y[i];
    for (size_t j = 0; j < d; j++) r += X[i * d + j] * p[j];
    for (size_t j = 0; j < d; j++) g[j] += 2.0 * r * X[i * d + j] / (double)n;
    g[d] += 2.0 * r / (double)n;
  }
  for (size_t j = 0; j < d; j++) g[j] += 2.0 * l2 * p[j];
  for (size_t j = 0; j <= d; j++) CHECK_NEAR(g[j], 0.0, 1e-12);
  dsc_data_free(data);
}

static void test_collinear(void) {
  static const char msg[] =
      "features are collinear: the closed-form solution is not unique (add an L2 penalty)";
  enum { n = 20 };
  float X[n * 2], y[n];
  dsc_rng rng;
  dsc_rng_stream(&rng, 4u, DSC_STREAM_DATA);
  double p[3];
  dsc_error e;
  /* a duplicated column */
  for (int i = 0; i < n; i++) {
    X[2 * i] = X[2 * i + 1] = (float)dsc_rng_uniform(&rng);
    y[i] = (float)dsc_rng_uniform(&rng);
  }
  dsc_data *data = arrays(n, 2, X, y);
  CHECK(dsc_solve_least_squares(data, 0.0, p, &e) == DSC_ENUMERIC && strcmp(e.message, msg) == 0);
  /* with an L2 penalty the solution is unique and splits the weight evenly */
  CHECK(dsc_solve_least_squares(data, 0.1, p, &e) == DSC_OK);
  CHECK_NEAR(p[0], p[1], 1e-12);
  dsc_data_free(data);
  /* x₁ = 3x₀ rounded to float32: collinear up to rounding, still detected */
  for (int i = 0; i < n; i++) X[2 * i + 1] = (float)(3.0 * X[2 * i]);
  data = arrays(n, 2, X, y);
  CHECK(dsc_solve_least_squares(data, 0.0, p, &e) == DSC_ENUMERIC && strcmp(e.message, msg) == 0);
  dsc_data_free(data);
  /* a constant column is collinear with the bias */
  for (int i = 0; i < n; i++) X[2 * i + 1] = 0.75f;
  data = arrays(n, 2, X, y);
  CHECK(dsc_solve_least_squares(data, 0.0, p, &e) == DSC_ENUMERIC && strcmp(e.message, msg) == 0);
  dsc_data_free(data);
}

/* The stepped solve gives the one-go solve's bits whatever the step size, counts its work, and
   reports collinear features from the step that finds them. */
static void test_solver_steps(void) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.n = 300;
  cfg.d = 7;
  dsc_data *data = NULL;
  dsc_error e;
  CHECK(dsc_data_generate(&cfg, 5u, &data, &e) == DSC_OK);
  if (!data) return;
  double want[8];
  CHECK(dsc_solve_least_squares(data, 0.0, want, &e) == DSC_OK);
  static const int64_t steps[] = {1, 7, 36, 1000, INT64_MAX};
  for (size_t t = 0; t < sizeof steps / sizeof steps[0]; t++) {
    dsc_solver *s = NULL;
    CHECK(dsc_solver_create(data, 0.0, &s, &e) == DSC_OK);
    CHECK(dsc_solver_params(s) == NULL);
    int32_t done = 0;
    int64_t calls = 0, last = -1;
    while (!done) {
      CHECK(dsc_solver_advance(s, steps[t], &done, &e) == DSC_OK);
      CHECK(dsc_solver_ops(s) > last); /* every step makes progress */
      last = dsc_solver_ops(s);
      if (++calls > 100000) break;
    }
    CHECK(dsc_solver_ops(s) == dsc_solver_max_ops(s));
    const double *p = dsc_solver_params(s);
    CHECK(p != NULL && memcmp(p, want, sizeof want) == 0);
    if (steps[t] == INT64_MAX) CHECK(calls == 1);
    dsc_solver_free(s);
  }
  /* arguments */
  dsc_solver *s = NULL;
  int32_t done = 0;
  CHECK(dsc_solver_create(NULL, 0.0, &s, &e) == DSC_EINVAL && s == NULL);
  CHECK(dsc_solver_create(data, -1.0, &s, &e) == DSC_EINVAL && has(&e, "l2"));
  CHECK(dsc_solver_create(data, 0.0, NULL, &e) == DSC_EINVAL);
  CHECK(dsc_solver_create(data, 0.0, &s, &e) == DSC_OK);
  CHECK(dsc_solver_advance(s, 0, &done, &e) == DSC_EINVAL && has(&e, "max_ops"));
  CHECK(dsc_solver_advance(NULL, 1, &done, &e) == DSC_EINVAL);
  dsc_solver_free(s);
  dsc_solver_free(NULL);
  dsc_data_free(data);
  /* collinear: an error from the step that meets the bad pivot, and from every later call */
  enum { n = 20 };
  float X[n * 2], y[n];
  for (int i = 0; i < n; i++) {
    X[2 * i] = X[2 * i + 1] = (float)i / 8.0f;
    y[i] = (float)(i % 3);
  }
  data = arrays(n, 2, X, y);
  CHECK(dsc_solver_create(data, 0.0, &s, &e) == DSC_OK);
  dsc_status status = DSC_OK;
  for (int k = 0; k < 1000 && status == DSC_OK && !done; k++) status = dsc_solver_advance(s, 3, &done, &e);
  CHECK(status == DSC_ENUMERIC && has(&e, "collinear") && !done);
  CHECK(dsc_solver_advance(s, 3, &done, &e) == DSC_ENUMERIC && dsc_solver_params(s) == NULL);
  dsc_solver_free(s);
  dsc_data_free(data);
}

int main(void) {
  test_cholesky();
  test_least_squares_exact();
  test_ridge_1d();
  test_stationary();
  test_collinear();
  test_solver_steps();
  return check_summary("test_solve");
}
