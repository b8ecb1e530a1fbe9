/* test_hessian.c — the Hessian diagnostics against an independent computation in this file: H from
 * its formula, eigenvalues by a plain cyclic Jacobi; the logistic minimiser's gradient; steps. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"

/* Eigenvalues of the symmetric m×m A (destroyed) by cyclic Jacobi: min and max. */
static void jacobi(double *A, size_t m, double *lmin, double *lmax) {
  for (int sweep = 0; sweep < 100; sweep++) {
    double off = 0.0;
    for (size_t p = 0; p < m; p++)
      for (size_t q = p + 1; q < m; q++) off += A[p * m + q] * A[p * m + q];
    if (off < 1e-300) break;
    for (size_t p = 0; p < m; p++)
      for (size_t q = p + 1; q < m; q++) {
        double apq = A[p * m + q];
        if (apq == 0.0) continue;
        double th = (A[q * m + q] - A[p * m + p]) / (2 * apq);
        double t = (th >= 0 ? 1.0 : -1.0) / (fabs(th) + sqrt(th * th + 1));
        double c = 1 / sqrt(t * t + 1), s = t * c;
        for (size_t k = 0; k < m; k++) {
          double a = A[k * m + p], b = A[k * m + q];
          A[k * m + p] = c * a - s * b;
          A[k * m + q] = s * a + c * b;
        }
        for (size_t k = 0; k < m; k++) {
          double a = A[p * m + k], b = A[q * m + k];
          A[p * m + k] = c * a - s * b;
          A[q * m + k] = s * a + c * b;
        }
      }
  }
  *lmin = *lmax = A[0];
  for (size_t j = 1; j < m; j++) {
    *lmin = fmin(*lmin, A[j * m + j]);
    *lmax = fmax(*lmax, A[j * m + j]);
  }
}

/* H = (2/n) Σ a aᵀ + 2 l2 P of a linear MSE model (weights c_i = 1) or Σ c_i a aᵀ / n (logistic). */
static double *hessian_of(const dsc_data *data, double l2, const double *theta, int logistic) {
  const size_t n = (size_t)dsc_data_n_train(data), d = (size_t)dsc_data_d(data), m = d + 1;
  const float *X = dsc_data_x_train(data);
  double *H = calloc(m * m, sizeof(double));
  for (size_t i = 0; i < n; i++) {
    double a[DSC_MAX_FEATURES + 1];
    for (size_t j = 0; j < d; j++) a[j] = X[i * d + j];
    a[d] = 1.0;
    double c = 2.0;
    if (logistic) {
      double z = 0;
      for (size_t j = 0; j < m; j++) z += a[j] * theta[j];
      double s = 1 / (1 + exp(-z));
      c = s * (1 - s);
    }
    for (size_t j = 0; j < m; j++)
      for (size_t k = 0; k < m; k++) H[j * m + k] += c * a[j] * a[k] / (double)n;
  }
  for (size_t j = 0; j < d; j++) H[j * m + j] += 2 * l2;
  return H;
}

static const dsc_hessian_info *run_to_end(dsc_hessian *h, int64_t step, dsc_status *st) {
  dsc_error e;
  int32_t done = 0;
  while (!done) {
    *st = dsc_hessian_advance(h, step, &done, &e);
    if (*st != DSC_OK) return NULL;
  }
  return dsc_hessian_result(h);
}

static dsc_data *linear_data(int n, int d, int standardize) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.n = n;
  cfg.d = d;
  cfg.standardize = standardize;
  double scales[DSC_MAX_FEATURES];
  for (int j = 0; j < d; j++) scales[j] = 1.0 + 3.0 * j;
  cfg.scales = scales;
  dsc_data *data = NULL;
  dsc_error e;
  CHECK(dsc_data_generate(&cfg, 42u, &data, &e) == DSC_OK);
  return data;
}

static void test_linear(int d, double l2, double rel) {
  dsc_data *data = linear_data(200, d, 0);
  dsc_model_config model;
  dsc_model_config_default(&model);
  model.l2 = l2;
  dsc_hessian *h = NULL;
  dsc_error e;
  CHECK(dsc_hessian_create(data, &model, NULL, &h, &e) == DSC_OK);
  dsc_status st;
  const dsc_hessian_info *info = run_to_end(h, INT64_MAX, &st);
  CHECK(st == DSC_OK && info != NULL);
  const size_t m = (size_t)d + 1;
  double *H = hessian_of(data, l2, NULL, 0);
  double lmin, lmax;
  jacobi(H, m, &lmin, &lmax);
  CHECK_REL(info->lambda_max, lmax, rel);
  CHECK_REL(info->lambda_min, lmin, rel);
  CHECK(info->exact == (m <= DSC_HESSIAN_JACOBI_MAX));
  CHECK(info->converged == 1);
  /* the standardised problem: the same data generated standardised */
  dsc_data *sdata = linear_data(200, d, 1);
  double *S = hessian_of(sdata, l2, NULL, 0);
  jacobi(S, m, &lmin, &lmax);
  CHECK_REL(info->std_lambda_max, lmax, 1e-6); /* the standardised data are float32 */
  CHECK_REL(info->std_lambda_min, lmin, 1e-5);
  /* in steps of 1 multiply-add: the same bits */
  dsc_hessian *h2 = NULL;
  CHECK(dsc_hessian_create(data, &model, NULL, &h2, &e) == DSC_OK);
  const dsc_hessian_info *info2 = run_to_end(h2, 1, &st);
  CHECK(info2 && memcmp(info, info2, sizeof *info) == 0);
  CHECK(dsc_hessian_ops(h2) == dsc_hessian_max_ops(h2));
  free(H);
  free(S);
  dsc_hessian_free(h);
  dsc_hessian_free(h2);
  dsc_data_free(data);
  dsc_data_free(sdata);
}

static void test_logistic(void) {
  dsc_data_config cfg;
  dsc_data_config_default(&cfg, DSC_GEN_BLOBS);
  cfg.separation = 1.0; /* overlapping classes: a minimiser exists */
  dsc_data *data = NULL;
  dsc_error e;
  CHECK(dsc_data_generate(&cfg, 7u, &data, &e) == DSC_OK);
  dsc_model_config model;
  dsc_model_config_default(&model);
  model.kind = DSC_MODEL_LOGISTIC;
  model.loss = DSC_LOSS_BCE;
  dsc_hessian *h = NULL;
  CHECK(dsc_hessian_create(data, &model, NULL, &h, &e) == DSC_OK);
  dsc_status st;
  const dsc_hessian_info *info = run_to_end(h, 1000, &st);
  CHECK(st == DSC_OK && info != NULL);
  CHECK(info->newton_iterations >= 3 && info->newton_iterations < 20);
  const double *theta = dsc_hessian_point(h);
  /* the gradient vanishes at the minimiser: (1/n) Σ (σ(z) − y) a = 0 */
  const size_t n = (size_t)dsc_data_n_train(data), d = 2;
  const float *X = dsc_data_x_train(data), *y = dsc_data_y_train(data);
  double g[3] = {0, 0, 0};
  for (size_t i = 0; i < n; i++) {
    double z = theta[2] + X[2 * i] * theta[0] + X[2 * i + 1] * theta[1];
    double r = 1 / (1 + exp(-z)) - y[i];
    g[0] += r * X[2 * i];
    g[1] += r * X[2 * i + 1];
    g[2] += r;
  }
  for (size_t j = 0; j <= d; j++) CHECK_NEAR(g[j] / (double)n, 0.0, 1e-12);
  double *H = hessian_of(data, 0.0, theta, 1);
  double lmin, lmax;
  jacobi(H, 3, &lmin, &lmax);
  CHECK_REL(info->lambda_max, lmax, 1e-12);
  CHECK_REL(info->lambda_min, lmin, 1e-11);
  CHECK(isnan(info->std_lambda_max));
  /* in steps of 1 multiply-add (Newton, line searches, factors): the same bits */
  dsc_hessian *h1 = NULL;
  CHECK(dsc_hessian_create(data, &model, NULL, &h1, &e) == DSC_OK);
  const dsc_hessian_info *info1 = run_to_end(h1, 1, &st);
  CHECK(info1 && memcmp(info, info1, sizeof *info) == 0);
  CHECK(memcmp(theta, dsc_hessian_point(h1), 3 * sizeof(double)) == 0);
  dsc_hessian_free(h1);
  free(H);
  dsc_hessian_free(h);

  /* separable classes: no minimiser, and the message says so */
  cfg.separation = 20.0;
  dsc_data *sep = NULL;
  CHECK(dsc_data_generate(&cfg, 7u, &sep, &e) == DSC_OK);
  CHECK(dsc_hessian_create(sep, &model, NULL, &h, &e) == DSC_OK);
  info = run_to_end(h, INT64_MAX, &st);
  CHECK(st == DSC_ENUMERIC && info == NULL && dsc_hessian_result(h) == NULL);
  int32_t done = 0;
  memset(&e, 0, sizeof e);
  CHECK(dsc_hessian_advance(h, 10, &done, &e) == DSC_ENUMERIC && strstr(e.message, "separable"));
  dsc_hessian_free(h);
  /* ...but at a given point there is a Hessian */
  const double at[3] = {1.0, 1.0, 0.0};
  CHECK(dsc_hessian_create(sep, &model, at, &h, &e) == DSC_OK);
  info = run_to_end(h, INT64_MAX, &st);
  CHECK(st == DSC_OK && info && info->newton_iterations == 0);
  H = hessian_of(sep, 0.0, at, 1);
  jacobi(H, 3, &lmin, &lmax);
  CHECK_REL(info->lambda_max, lmax, 1e-12);
  free(H);
  dsc_hessian_free(h);
  dsc_data_free(sep);

  /* refused: other models, an L1 logistic minimiser, NULL arguments */
  model.l1 = 0.1;
  CHECK(dsc_hessian_create(data, &model, NULL, &h, &e) == DSC_EINVAL && h == NULL);
  model.kind = DSC_MODEL_LINEAR;
  model.loss = DSC_LOSS_MAE;
  model.l1 = 0;
  CHECK(dsc_hessian_create(data, &model, NULL, &h, &e) == DSC_EINVAL);
  CHECK(dsc_hessian_create(NULL, &model, NULL, &h, &e) == DSC_EINVAL);
  dsc_data_free(data);
  dsc_hessian_free(NULL);
}

int main(void) {
  test_linear(1, 0.0, 1e-13);
  test_linear(3, 0.01, 1e-13);
  test_linear(70, 0.0, 1e-9); /* power and inverse iteration */
  test_logistic();
  return check_summary("test_hessian");
}
