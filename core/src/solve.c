/* solve.c — closed-form least squares: normal equations in double, solved by Cholesky.
 *
 * The closed form is the reference the playground compares gradient descent against, so it is kept
 * simple and in double: the data are float32 and every product of two floats is exact in double. */
#include <math.h>
#include <stdlib.h>

#include "descent.h"
#include "linalg.h"

/* One row i of the lower Cholesky factor in place (Cholesky–Banachiewicz, row by row): for j <= i,
   L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj and L_ii = √(A_ii − Σ_{k<i} L_ik²). Only the lower
   triangle is read and written. The pivot fails when it is not finite or <= rel_tol·A_ii (rel_tol 0:
   the plain positive-definiteness test): returns 0 with *pivot_out set, else 1. */
int dsc_cholesky_row(double *A, size_t n, size_t i, double rel_tol, double *pivot_out) {
  for (size_t j = 0; j <= i; j++) {
    double s = A[i * n + j];
    for (size_t k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
    if (i == j) {
      if (!isfinite(s) || !(s > rel_tol * A[i * n + i])) {
        *pivot_out = s;
        return 0;
      }
      A[i * n + i] = sqrt(s);
    } else {
      A[i * n + j] = s / A[j * n + j];
    }
  }
  return 1;
}

/* The whole lower Cholesky factor, row by row (cholesky_row). Returns the failing row, or n when the
   factorisation succeeded; *pivot_out gets the failing pivot. */
static size_t cholesky_factor(double *A, size_t n, double rel_tol, double *pivot_out) {
  for (size_t i = 0; i < n; i++)
    if (!dsc_cholesky_row(A, n, i, rel_tol, pivot_out)) return i;
  return n;
}

/* Solves L Lᵀ x = b with the factor in A's lower triangle: L z = b forward, then Lᵀ x = z backward.
   x may alias b. */
void dsc_cholesky_solve_factor(const double *L, size_t n, const double *b, double *x) {
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
  dsc_cholesky_solve_factor(A, n, b, x);
  return DSC_OK;
}

/* A pivot below this share of its diagonal entry means the column lies in the span of the earlier
   ones to within float32 resolution (exactly collinear float data give ~1e-16 after rounding): the
   system is then treated as singular rather than solved into meaningless huge weights. */
#define DSC_COLLINEAR_RTOL 1e-10

/* The solve's phases: accumulate the normal equations row by row, scale them, factor them row by
   row, solve. A step never splits a row, so the operations and their order are those of a solve in
   one go, and the result is the same to the bit however the work is divided. */
enum { PHASE_ACCUMULATE, PHASE_FACTOR, PHASE_DONE };

struct dsc_solver {
  const dsc_data *data; /* not owned: must outlive the solver */
  double l2;
  size_t n, d, m;       /* training rows, features, unknowns m = d + 1 */
  int phase;
  size_t row;           /* next row of the current phase */
  int64_t ops, max_ops; /* multiply-adds done so far, and in all */
  double *A;            /* m×m normal equations (lower triangle), then their factor */
  double *rhs;          /* m right-hand sides, then the solution [w, b] */
};

/* Multiply-adds of accumulating one row: the lower triangle of xxᵀ, xy and the bias column. */
static int64_t row_ops(size_t d) { return (int64_t)(d * (d + 1) / 2 + 2 * d + 1); }

/* Multiply-adds of factor row i of an m×m matrix: Σ_{j<=i} j = i(i+1)/2, and one more per entry. */
static int64_t factor_ops(size_t i) { return (int64_t)(i * (i + 1) / 2 + i + 1); }

dsc_status dsc_solver_create(const dsc_data *data, double l2, dsc_solver **out, dsc_error *err) {
  if (!out) return dsc_error_set(err, DSC_EINVAL, "out: must not be NULL");
  *out = NULL;
  if (!data) return dsc_error_set(err, DSC_EINVAL, "data: must not be NULL");
  if (!(l2 >= 0.0 && isfinite(l2)))
    return dsc_error_set(err, DSC_EINVAL, "l2: must be a finite number >= 0, got %g", l2);
  const size_t n = (size_t)dsc_data_n_train(data);
  const size_t d = (size_t)dsc_data_d(data);
  if (n < 1 || d > DSC_MAX_FEATURES)
    return dsc_error_set(err, DSC_EINVAL, "data: needs n_train >= 1 and d <= %d, got %d and %d",
                         DSC_MAX_FEATURES, (int)n, (int)d);
  const size_t m = d + 1; /* unknowns [w, b] */
  dsc_solver *s = malloc(sizeof *s);
  double *A = s ? malloc((m * m + m) * sizeof(double)) : NULL;
  if (!A) {
    free(s);
    return dsc_error_set(err, DSC_ENOMEM, "out of memory: the %d×%d normal equations", (int)m,
                         (int)m);
  }
  for (size_t k = 0; k < m * m + m; k++) A[k] = 0.0;
  int64_t total = (int64_t)n * row_ops(d) + (int64_t)(m * m);
  for (size_t i = 0; i < m; i++) total += factor_ops(i);
  *s = (dsc_solver){.data = data, .l2 = l2, .n = n, .d = d, .m = m, .phase = PHASE_ACCUMULATE,
                    .row = 0, .ops = 0, .max_ops = total, .A = A, .rhs = A + m * m};
  *out = s;
  return DSC_OK;
}

/* Adds row i's terms to the lower triangle of Σ_i [x_i, 1][x_i, 1]ᵀ and to Σ_i [x_i, 1] y_i (bias as
   column d). */
static void accumulate_row(dsc_solver *s, size_t i) {
  const size_t d = s->d, m = s->m;
  const float *x = dsc_data_x_train(s->data) + i * d;
  double yi = (double)dsc_data_y_train(s->data)[i];
  double *A = s->A, *rhs = s->rhs;
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
static void scale_equations(dsc_solver *s) {
  const size_t d = s->d, m = s->m;
  double *A = s->A, *rhs = s->rhs;
  const double inv_n = 1.0 / (double)s->n;
  for (size_t j = 0; j < m; j++) {
    for (size_t k = 0; k <= j; k++) A[j * m + k] *= inv_n;
    rhs[j] *= inv_n;
  }
  A[d * m + d] = 1.0;
  for (size_t j = 0; j < d; j++) A[j * m + j] += s->l2;
}

dsc_status dsc_solver_advance(dsc_solver *s, int64_t max_ops, int32_t *done_out, dsc_error *err) {
  if (!s || !done_out)
    return dsc_error_set(err, DSC_EINVAL, "%s: must not be NULL", !s ? "solver" : "done_out");
  *done_out = 0;
  if (max_ops < 1)
    return dsc_error_set(err, DSC_EINVAL, "max_ops: must be >= 1, got %lld", (long long)max_ops);
  int64_t budget = max_ops;
  const int64_t per_row = row_ops(s->d);
  while (s->phase == PHASE_ACCUMULATE && budget > 0) {
    if (s->row == s->n) {
      scale_equations(s);
      s->ops += (int64_t)(s->m * s->m);
      s->phase = PHASE_FACTOR;
      s->row = 0;
      break;
    }
    accumulate_row(s, s->row++);
    s->ops += per_row;
    budget -= per_row;
  }
  while (s->phase == PHASE_FACTOR && budget > 0) {
    double pivot = 0.0;
    size_t i = s->row;
    /* A pivot below DSC_COLLINEAR_RTOL of its diagonal entry: collinear (without a penalty). */
    if (!dsc_cholesky_row(s->A, s->m, i, s->l2 > 0.0 ? 0.0 : DSC_COLLINEAR_RTOL, &pivot)) {
      s->phase = PHASE_DONE;
      s->row = s->m + 1; /* marks the failure: params are not available */
      return dsc_error_set(err, DSC_ENUMERIC,
                           "features are collinear: the closed-form solution is not unique "
                           "(add an L2 penalty)");
    }
    s->ops += factor_ops(i);
    budget -= factor_ops(i);
    if (++s->row == s->m) {
      dsc_cholesky_solve_factor(s->A, s->m, s->rhs, s->rhs);
      s->phase = PHASE_DONE;
    }
  }
  if (s->phase == PHASE_DONE && s->row > s->m)
    return dsc_error_set(err, DSC_ENUMERIC,
                         "features are collinear: the closed-form solution is not unique "
                         "(add an L2 penalty)");
  *done_out = s->phase == PHASE_DONE;
  if (*done_out) s->ops = s->max_ops;
  return DSC_OK;
}

int64_t dsc_solver_ops(const dsc_solver *s) { return s ? s->ops : 0; }
int64_t dsc_solver_max_ops(const dsc_solver *s) { return s ? s->max_ops : 0; }

const double *dsc_solver_params(const dsc_solver *s) {
  return s && s->phase == PHASE_DONE && s->row <= s->m ? s->rhs : NULL;
}

void dsc_solver_free(dsc_solver *s) {
  if (!s) return;
  free(s->A);
  free(s);
}

dsc_status dsc_solve_least_squares(const dsc_data *data, double l2, double *params_out,
                                   dsc_error *err) {
  if (!data || !params_out)
    return dsc_error_set(err, DSC_EINVAL, "%s: must not be NULL", !data ? "data" : "params_out");
  dsc_solver *s = NULL;
  dsc_status status = dsc_solver_create(data, l2, &s, err);
  if (status != DSC_OK) return status;
  int32_t done = 0;
  status = dsc_solver_advance(s, INT64_MAX, &done, err);
  if (status == DSC_OK)
    for (size_t j = 0; j < s->m; j++) params_out[j] = s->rhs[j];
  dsc_solver_free(s);
  return status;
}
