/* solve.c — closed-form least squares: normal equations in double, solved by Cholesky.
 *
 * The closed form is the reference the playground compares gradient descent against, so it is kept
 * simple and in double: the data are float32 and every product of two floats is exact in double. */
#include <math.h>
#include <stdlib.h>

#include "descent.h"

/* Lower Cholesky in place (Cholesky–Banachiewicz, row by row): for each j,
   L_jj = √(A_jj − Σ_{k<j} L_jk²) and L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj for i > j.
   Only the lower triangle is read and written. A pivot fails when it is not finite or
   <= rel_tol·A_jj (rel_tol 0: the plain positive-definiteness test). Returns the failing index,
   or n when the factorisation succeeded; *pivot_out gets the failing pivot. */
static size_t cholesky_factor(double *A, size_t n, double rel_tol, double *pivot_out) {
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j <= i; j++) {
      double s = A[i * n + j];
      for (size_t k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
      if (i == j) {
        if (!isfinite(s) || !(s > rel_tol * A[i * n + i])) {
          *pivot_out = s;
          return i;
        }
        A[i * n + i] = sqrt(s);
      } else {
        A[i * n + j] = s / A[j * n + j];
      }
    }
  }
  return n;
}

/* Solves L Lᵀ x = b with the factor in A's lower triangle: L z = b forward, then Lᵀ x = z backward.
   x may alias b. */
static void cholesky_solve(const double *L, size_t n, const double *b, double *x) {
  for (size_t i = 0; i < n; i++) {
    double s = b[i];
    for (size_t k = 0; k < i; k++) s -= L[i * n + k] * x[k];
    x[i] = s / L[i * n + i];
  }
  for (size_t i = n; i-- > 0;) {
    double s = x[i];
    for (size_t k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
}

dsc_status dsc_solve_cholesky(double *A, size_t n, const double *b, double *x, dsc_error *err) {
  double pivot = 0.0;
  size_t bad = cholesky_factor(A, n, 0.0, &pivot);
  if (bad < n)
    return dsc_error_set(err, DSC_ENUMERIC,
                         "matrix is not positive definite: pivot %d is %g (must be finite and > 0)",
                         (int)bad, pivot);
  cholesky_solve(A, n, b, x);
  return DSC_OK;
}

/* A pivot below this share of its diagonal entry means the column lies in the span of the earlier
   ones to within float32 resolution (exactly collinear float data give ~1e-16 after rounding): the
   system is then treated as singular rather than solved into meaningless huge weights. */
#define DSC_COLLINEAR_RTOL 1e-10

dsc_status dsc_solve_least_squares(const dsc_data *data, double l2, double *params_out,
                                   dsc_error *err) {
  if (!data || !params_out)
    return dsc_error_set(err, DSC_EINVAL, "%s: must not be NULL", !data ? "data" : "params_out");
  if (!(l2 >= 0.0 && isfinite(l2)))
    return dsc_error_set(err, DSC_EINVAL, "l2: must be a finite number >= 0, got %g", l2);
  const size_t n = (size_t)dsc_data_n_train(data);
  const size_t d = (size_t)dsc_data_d(data);
  if (n < 1 || d > DSC_MAX_FEATURES)
    return dsc_error_set(err, DSC_EINVAL, "data: needs n_train >= 1 and d <= %d, got %d and %d",
                         DSC_MAX_FEATURES, (int)n, (int)d);
  const float *X = dsc_data_x_train(data);
  const float *y = dsc_data_y_train(data);
  const size_t m = d + 1; /* unknowns [w, b] */
  double *A = malloc((m * m + m) * sizeof(double));
  if (!A)
    return dsc_error_set(err, DSC_ENOMEM, "out of memory: the %d×%d normal equations", (int)m,
                         (int)m);
  double *rhs = A + m * m;
  for (size_t k = 0; k < m * m + m; k++) A[k] = 0.0;
  /* Lower triangle of Σ_i [x_i, 1][x_i, 1]ᵀ and Σ_i [x_i, 1] y_i (bias as column d). */
  for (size_t i = 0; i < n; i++) {
    const float *x = X + i * d;
    double yi = (double)y[i];
    for (size_t j = 0; j < d; j++) {
      double xj = (double)x[j];
      double *Aj = A + j * m;
      for (size_t k = 0; k <= j; k++) Aj[k] += xj * (double)x[k];
      rhs[j] += xj * yi;
      A[d * m + j] += xj;
    }
    rhs[d] += yi;
  }
  /* A = [[XᵀX/n + l2·I, Xᵀ1/n], [1ᵀX/n, 1]], rhs = [Xᵀy/n; mean(y)] (the gradient of
     (1/n)‖Xw + b1 − y‖² + l2‖w‖² set to zero, halved) */
  const double inv_n = 1.0 / (double)n;
  for (size_t j = 0; j < m; j++) {
    for (size_t k = 0; k <= j; k++) A[j * m + k] *= inv_n;
    rhs[j] *= inv_n;
  }
  A[d * m + d] = 1.0;
  for (size_t j = 0; j < d; j++) A[j * m + j] += l2;
  double pivot = 0.0;
  size_t bad = cholesky_factor(A, m, l2 > 0.0 ? 0.0 : DSC_COLLINEAR_RTOL, &pivot);
  if (bad < m) {
    free(A);
    return dsc_error_set(err, DSC_ENUMERIC,
                         "features are collinear: the closed-form solution is not unique "
                         "(add an L2 penalty)");
  }
  cholesky_solve(A, m, rhs, params_out);
  free(A);
  return DSC_OK;
}
