/* hessian.c — the Hessian H of the training objective of a linear or logistic model, and its extreme
 * eigenvalues: λmax (gradient descent is stable for lr < 2/λmax), λmin and κ = λmax/λmin.
 *
 * θ = [w, b], a_i = [x_i, 1] (m = d + 1 unknowns), P = diag(1, …, 1, 0) (the penalty spares the bias):
 *   linear, MSE     f(θ) = (1/n) Σ (a_i·θ − y_i)² + λ₁‖w‖₁ + λ₂‖w‖²
 *                   H = (2/n) Σ a_i a_iᵀ + 2λ₂P, the same at every θ (λ₁‖w‖₁ has no curvature where it
 *                   is differentiable). Also the H of the standardised features (x_j − μ_j)/s_j (training
 *                   mean, population standard deviation, as data.c standardises), from the same sums:
 *                   G = (1/n) Σ a_i a_iᵀ has μ_j = G_jd and s_j² = G_jj − μ_j², and the standardised
 *                   Gram matrix is (G_jk − μ_j μ_k)/(s_j s_k) for j, k < d, 0 beside the bias, 1 on it.
 *   logistic, BCE   f(θ) = (1/n) Σ softplus(z_i) − y_i z_i + λ₂‖w‖², z_i = a_i·θ
 *                   H(θ) = (1/n) Σ σ(z_i)(1 − σ(z_i)) a_i a_iᵀ + 2λ₂P, taken at the minimiser θ*: Newton's
 *                   method from θ = 0, θ ← θ − t·H⁻¹∇f with t halved until f does not rise (Armijo,
 *                   c = 1e-4), until the step is below 1e-10·(1 + max|θ_j|). Separable classes have no
 *                   minimiser (f decreases toward 0 as ‖w‖ grows): Newton then fails (H singular, or no
 *                   convergence in DSC_NEWTON_MAX steps, or f < 1e-9) and dsc_hessian_advance says so.
 *                   Or at a given θ (the point a run ended at), without Newton.
 * All in double: the data are float32, so every product of two of them is exact.
 *
 * Eigenvalues: for m <= DSC_HESSIAN_JACOBI_MAX the cyclic Jacobi method (Golub & Van Loan, Matrix
 * Computations, §8.5; all eigenvalues to rounding), else power iteration for λmax and inverse iteration
 * with the Cholesky factor for λmin (Golub & Van Loan §7.3, §7.6.1), each stopped when the Rayleigh
 * quotient changes by less than DSC_POWER_RTOL relative, or after DSC_POWER_MAX iterations (then `converged` is 0).
 *
 * In steps, like the closed-form solve (solve.c): a step does about max_ops multiply-adds and never
 * splits a unit (a row of the sums, a row of a factor, a Jacobi sweep, a power iteration), so the result
 * is the same to the bit however the work is divided. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "descent.h"
#include "linalg.h"

#define DSC_NEWTON_MAX 50   /* Newton steps before the logistic objective is declared without minimiser */
#define DSC_HALVINGS_MAX 40 /* step halvings of one Newton step */
#define DSC_POWER_MAX 3000 /* iterations of the power / inverse iteration, each */
#define DSC_POWER_RTOL 1e-12 /* ...stopped when the Rayleigh quotient changes by less than this, relative */
#define DSC_JACOBI_SWEEPS 60 /* Jacobi sweeps at most (quadratic convergence: ~10 are used) */

/* Phases of the work. */
enum {
  PH_SUMS,   /* accumulate Σ w_i a_i a_iᵀ (and the gradient, objective) at θ, row by row */
  PH_FACTOR, /* logistic Newton: factor H row by row */
  PH_LINE,   /* logistic Newton: the objective at θ − tΔ, row by row */
  PH_EIGEN,  /* eigenvalues of the current problem (H, then the standardised H) */
  PH_DONE
};

/* Sub-phases of the eigenvalue phase for large m. */
enum { EIG_POWER, EIG_FACTOR, EIG_INVERSE };

struct dsc_hessian {
  const dsc_data *data;   /* borrowed */
  dsc_model_config model; /* copied */
  size_t n, d, m;
  int logistic;           /* BCE model (else linear MSE) */
  int newton;             /* logistic at the optimum: Newton steps before the final Hessian */
  int final;              /* the sums being accumulated are those of the final point */
  int phase;
  size_t row;             /* next row of the phase */
  int64_t ops, max_ops;   /* multiply-adds done, estimated in all */
  int32_t newton_iterations;
  int halvings;
  double t;               /* Newton step length */
  double f, f_trial;      /* objective at θ, at θ − tΔ (data part summed, then mean + penalty) */
  double slope;           /* ∇fᵀΔ (> 0) */
  int problems, problem;  /* eigenproblems (1, or 2 with the standardised one), the current one */
  int eig_sub;            /* EIG_* */
  int iterations;         /* of the current iterative method */
  double lambda, lambda_prev;
  int converged;          /* every eigenvalue method converged */
  int failed;             /* PH_DONE with an error (no minimiser) */
  dsc_hessian_info info;
  /* one allocation: */
  double *theta, *grad, *delta, *trial; /* m each */
  double *G;              /* m×m: the sums (lower triangle), then H (full) */
  double *E;              /* m×m: the matrix being worked on (Jacobi, factor) */
  double *v, *w;          /* m each: power / inverse iteration vectors */
};

/* Multiply-adds of one row of the sums: the lower triangle of a aᵀ (+ z and the gradient). */
static int64_t sums_ops(const dsc_hessian *h) { return (int64_t)(h->m * (h->m + 1) / 2 + 2 * h->m); }

dsc_status dsc_hessian_create(const dsc_data *data, const dsc_model_config *model,
                              const double *params, dsc_hessian **out, dsc_error *err) {
  if (!out) return dsc_error_set(err, DSC_EINVAL, "out: must not be NULL");
  *out = NULL;
  if (!data) return dsc_error_set(err, DSC_EINVAL, "data: must not be NULL");
  dsc_status st = dsc_model_config_check(model, err);
  if (st != DSC_OK) return st;
  const int linear = model->kind == DSC_MODEL_LINEAR && model->loss == DSC_LOSS_MSE;
  const int logistic = model->kind == DSC_MODEL_LOGISTIC;
  if (!linear && !logistic)
    return dsc_error_set(err, DSC_EINVAL,
                         "model: the Hessian is computed for linear models with MSE and logistic "
                         "models (kind %d, loss %d)", (int)model->kind, (int)model->loss);
  if (logistic && model->l1 != 0.0 && !params)
    return dsc_error_set(err, DSC_EINVAL,
                         "l1: Newton's method needs a smooth objective; with an L1 penalty give params");
  const size_t n = (size_t)dsc_data_n_train(data), d = (size_t)dsc_data_d(data), m = d + 1;
  if (n < 1 || d < 1 || d > DSC_MAX_FEATURES)
    return dsc_error_set(err, DSC_EINVAL, "data: needs n_train >= 1 and 1 <= d <= %d, got %d and %d",
                         DSC_MAX_FEATURES, (int)n, (int)d);
  if (params)
    for (size_t j = 0; j < m; j++)
      if (!isfinite(params[j]))
        return dsc_error_set(err, DSC_EINVAL, "params[%d]: must be finite, got %g", (int)j, params[j]);
  dsc_hessian *h = calloc(1, sizeof *h);
  double *slab = h ? calloc(6 * m + 2 * m * m, sizeof(double)) : NULL;
  if (!slab) {
    free(h);
    return dsc_error_set(err, DSC_ENOMEM, "out of memory: the %d×%d Hessian", (int)m, (int)m);
  }
  h->data = data;
  h->model = *model;
  h->n = n;
  h->d = d;
  h->m = m;
  h->logistic = logistic;
  h->theta = slab;
  h->grad = slab + m;
  h->delta = slab + 2 * m;
  h->trial = slab + 3 * m;
  h->v = slab + 4 * m;
  h->w = slab + 5 * m;
  h->G = slab + 6 * m;
  h->E = h->G + m * m;
  if (params) memcpy(h->theta, params, m * sizeof(double));
  h->newton = logistic && !params;
  h->final = !h->newton;
  h->phase = PH_SUMS;
  h->converged = 1;
  h->problems = linear ? 2 : 1;
  const int64_t m3 = (int64_t)m * (int64_t)m * (int64_t)m;
  const int64_t eig = m <= DSC_HESSIAN_JACOBI_MAX ? 10 * 4 * m3 : 200 * (int64_t)(m * m) + m3 / 6;
  h->max_ops = (int64_t)n * sums_ops(h) * (h->newton ? 16 : 1) + (h->newton ? 8 * m3 / 6 : 0) +
               h->problems * eig;
  h->info.lambda_max = h->info.lambda_min = NAN;
  h->info.std_lambda_max = h->info.std_lambda_min = NAN;
  h->info.objective = NAN;
  *out = h;
  return DSC_OK;
}

void dsc_hessian_free(dsc_hessian *h) {
  if (!h) return;
  free(h->theta);
  free(h);
}

/* softplus(z) = log(1 + e^z), stable; σ(z) stable for either sign. */
static double softplus(double z) { return (z > 0 ? z : 0.0) + log1p(exp(-fabs(z))); }
static double sigmoid(double z) {
  const double e = exp(-fabs(z));
  return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

/* z = b + Σ_j x_j θ_j of row i (double). */
static double row_z(const dsc_hessian *h, size_t i, const double *theta) {
  const float *x = dsc_data_x_train(h->data) + i * h->d;
  double z = theta[h->d];
  for (size_t j = 0; j < h->d; j++) z += (double)x[j] * theta[j];
  return z;
}

/* The data part of the objective of row i at θ: (z − y)² or softplus(z) − y·z. */
static double row_loss(const dsc_hessian *h, size_t i, const double *theta) {
  const double z = row_z(h, i, theta), y = (double)dsc_data_y_train(h->data)[i];
  return h->logistic ? softplus(z) - y * z : (z - y) * (z - y);
}

/* Penalty λ₁‖w‖₁ + λ₂‖w‖² of θ. */
static double penalty(const dsc_hessian *h, const double *theta) {
  double a = 0.0, q = 0.0;
  for (size_t j = 0; j < h->d; j++) {
    a += fabs(theta[j]);
    q += theta[j] * theta[j];
  }
  return h->model.l1 * a + h->model.l2 * q;
}

/* Row i's terms: G += c·a aᵀ (lower triangle) with c = 1 (linear) or σ(1 − σ) (logistic); logistic
   also ∇ += (σ − y)·a and f += loss. */
static void sums_row(dsc_hessian *h, size_t i) {
  const size_t d = h->d, m = h->m;
  const float *x = dsc_data_x_train(h->data) + i * d;
  double c = 1.0;
  if (h->logistic) {
    const double z = row_z(h, i, h->theta), y = (double)dsc_data_y_train(h->data)[i];
    const double s = sigmoid(z);
    c = s * (1.0 - s);
    h->f += softplus(z) - y * z;
    for (size_t j = 0; j < d; j++) h->grad[j] += (s - y) * (double)x[j];
    h->grad[d] += s - y;
  } else {
    h->f += row_loss(h, i, h->theta);
  }
  double *G = h->G;
  for (size_t j = 0; j < d; j++) {
    const double cx = c * (double)x[j];
    double *Gj = G + j * m;
    for (size_t k = 0; k <= j; k++) Gj[k] += cx * (double)x[k];
    G[d * m + j] += cx;
  }
  G[d * m + d] += c;
}

/* H = scale·G/n + 2λ₂P, written to E as a full symmetric matrix (G keeps the sums / n). */
static void form_hessian(dsc_hessian *h, double scale) {
  const size_t m = h->m;
  for (size_t j = 0; j < m; j++)
    for (size_t k = 0; k <= j; k++) {
      const double v = scale * h->G[j * m + k];
      h->E[j * m + k] = h->E[k * m + j] = v;
    }
  for (size_t j = 0; j < h->d; j++) h->E[j * m + j] += 2.0 * h->model.l2;
}

/* The standardised problem's H (linear MSE) into E from G = (1/n) Σ a aᵀ; 0 when a feature is constant. */
static int form_standardised(dsc_hessian *h) {
  const size_t d = h->d, m = h->m;
  const double *G = h->G;
  double *s = h->w; /* standard deviations */
  for (size_t j = 0; j < d; j++) {
    const double mu = G[d * m + j], var = G[j * m + j] - mu * mu;
    if (!(var > 0.0)) return 0;
    s[j] = sqrt(var);
  }
  for (size_t j = 0; j < d; j++)
    for (size_t k = 0; k <= j; k++) {
      const double g = (G[j * m + k] - G[d * m + j] * G[d * m + k]) / (s[j] * s[k]);
      h->E[j * m + k] = h->E[k * m + j] = 2.0 * g;
    }
  for (size_t j = 0; j < d; j++) {
    h->E[j * m + j] += 2.0 * h->model.l2;
    h->E[j * m + d] = h->E[d * m + j] = 0.0;
  }
  h->E[d * m + d] = 2.0;
  return 1;
}

/* One cyclic Jacobi sweep over E (full symmetric): every (p, q), p < q, rotated to zero. Returns the
   off-diagonal Σ a_pq² left relative to Σ a_pp² (0 when the sweep found nothing to rotate). */
static double jacobi_sweep(double *E, size_t m) {
  for (size_t p = 0; p + 1 < m; p++)
    for (size_t q = p + 1; q < m; q++) {
      const double apq = E[p * m + q];
      if (apq == 0.0) continue;
      /* θ = (a_qq − a_pp)/(2a_pq), t = sgn(θ)/(|θ| + √(θ² + 1)), c = 1/√(t² + 1), s = t·c */
      const double theta = (E[q * m + q] - E[p * m + p]) / (2.0 * apq);
      const double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
      const double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
      for (size_t k = 0; k < m; k++) { /* columns p, q: E ← E·J */
        const double akp = E[k * m + p], akq = E[k * m + q];
        E[k * m + p] = c * akp - s * akq;
        E[k * m + q] = s * akp + c * akq;
      }
      for (size_t k = 0; k < m; k++) { /* rows p, q: E ← Jᵀ·E */
        const double apk = E[p * m + k], aqk = E[q * m + k];
        E[p * m + k] = c * apk - s * aqk;
        E[q * m + k] = s * apk + c * aqk;
      }
      E[p * m + q] = E[q * m + p] = 0.0;
    }
  double off = 0.0, diag = 0.0;
  for (size_t p = 0; p < m; p++) {
    diag += E[p * m + p] * E[p * m + p];
    for (size_t q = p + 1; q < m; q++) off += E[p * m + q] * E[p * m + q];
  }
  return diag > 0.0 ? off / diag : off;
}

/* w = M v for the full symmetric M (m×m); returns vᵀw. */
static double mat_vec(const double *M, size_t m, const double *v, double *w) {
  double r = 0.0;
  for (size_t j = 0; j < m; j++) {
    double s = 0.0;
    for (size_t k = 0; k < m; k++) s += M[j * m + k] * v[k];
    w[j] = s;
    r += v[j] * s;
  }
  return r;
}

/* v = w/‖w‖ (v = w when ‖w‖ is 0). */
static void normalise(const double *w, double *v, size_t m) {
  double q = 0.0;
  for (size_t j = 0; j < m; j++) q += w[j] * w[j];
  const double inv = q > 0.0 ? 1.0 / sqrt(q) : 1.0;
  for (size_t j = 0; j < m; j++) v[j] = w[j] * inv;
}

/* A start vector for the power / inverse iteration: v_j ∝ 1 + 1/(j + 2) (no symmetry to be caught in). */
static void start_vector(double *v, size_t m) {
  for (size_t j = 0; j < m; j++) v[j] = 1.0 + 1.0 / (double)(j + 2);
  normalise(v, v, m);
}

/* Stores the eigenvalues of the current problem. */
static void store(dsc_hessian *h, double lmax, double lmin) {
  if (h->problem == 0) {
    h->info.lambda_max = lmax;
    h->info.lambda_min = lmin;
  } else {
    h->info.std_lambda_max = lmax;
    h->info.std_lambda_min = lmin;
  }
}

/* Sets up problem h->problem in E (the Hessian, or the standardised one); returns 0 when there is
   none (the standardised problem with a constant feature). */
static int start_problem(dsc_hessian *h) {
  if (h->problem == 0) form_hessian(h, h->logistic ? 1.0 : 2.0);
  else if (!form_standardised(h)) return 0;
  h->eig_sub = EIG_POWER;
  h->iterations = 0;
  h->row = 0;
  h->lambda_prev = NAN;
  if (h->m > DSC_HESSIAN_JACOBI_MAX) start_vector(h->v, h->m);
  return 1;
}

/* Moves to the next eigenproblem, or to PH_DONE. */
static void next_problem(dsc_hessian *h) {
  while (++h->problem < h->problems)
    if (start_problem(h)) return;
  h->phase = PH_DONE;
}

/* One unit of the eigenvalue phase; returns its multiply-adds. */
static int64_t eigen_unit(dsc_hessian *h) {
  const size_t m = h->m;
  double *E = h->E;
  if (m <= DSC_HESSIAN_JACOBI_MAX) {
    const double off = jacobi_sweep(E, m);
    h->iterations++;
    if (off <= 1e-32 || h->iterations >= DSC_JACOBI_SWEEPS) {
      if (off > 1e-32) h->converged = 0;
      double lmax = E[0], lmin = E[0];
      for (size_t j = 1; j < m; j++) {
        lmax = fmax(lmax, E[j * m + j]);
        lmin = fmin(lmin, E[j * m + j]);
      }
      store(h, lmax, lmin);
      next_problem(h);
    }
    return 4 * (int64_t)(m * m * (m - 1));
  }
  if (h->eig_sub == EIG_POWER) { /* λmax: v ← Ev/‖Ev‖, λ = vᵀEv */
    const double r = mat_vec(E, m, h->v, h->w);
    normalise(h->w, h->v, m);
    h->iterations++;
    const int done = fabs(r - h->lambda_prev) <= DSC_POWER_RTOL * fabs(r);
    h->lambda_prev = r;
    if (done || h->iterations >= DSC_POWER_MAX) {
      if (!done) h->converged = 0;
      h->lambda = r;
      h->eig_sub = EIG_FACTOR;
      h->row = 0;
    }
    return (int64_t)(m * m);
  }
  if (h->eig_sub == EIG_FACTOR) { /* Cholesky of E in its lower triangle, row by row */
    double pivot;
    const size_t i = h->row++;
    /* a pivot below 1e-13 of its diagonal: singular to working precision, λmin taken as 0 */
    if (!dsc_cholesky_row(E, m, i, 1e-13, &pivot)) {
      store(h, h->lambda, 0.0);
      next_problem(h);
    } else if (h->row == m) {
      h->eig_sub = EIG_INVERSE;
      h->iterations = 0;
      h->lambda_prev = NAN;
      start_vector(h->v, m);
    }
    return (int64_t)(i * (i + 1) / 2 + i + 1);
  }
  /* λmin: w = E⁻¹v (the factor), μ = vᵀw, v ← w/‖w‖, λmin = 1/μ */
  dsc_cholesky_solve_factor(E, m, h->v, h->w);
  double mu = 0.0;
  for (size_t j = 0; j < m; j++) mu += h->v[j] * h->w[j];
  normalise(h->w, h->v, m);
  h->iterations++;
  const int done = fabs(mu - h->lambda_prev) <= DSC_POWER_RTOL * fabs(mu);
  h->lambda_prev = mu;
  if (done || h->iterations >= DSC_POWER_MAX) {
    if (!done) h->converged = 0;
    store(h, h->lambda, 1.0 / mu);
    next_problem(h);
  }
  return (int64_t)(m * m);
}

/* Ends the work without a minimiser. */
static dsc_status no_minimiser(dsc_hessian *h, dsc_error *err) {
  h->phase = PH_DONE;
  h->failed = 1;
  return dsc_error_set(err, DSC_ENUMERIC,
                       "no minimiser: the classes are separable (or nearly), so the objective keeps "
                       "falling as the weights grow (add an L2 penalty)");
}

/* The sums of the current point are complete: the final Hessian's eigenproblems, or a Newton step. */
static dsc_status sums_done(dsc_hessian *h, dsc_error *err) {
  const size_t m = h->m, d = h->d;
  const double inv_n = 1.0 / (double)h->n;
  for (size_t j = 0; j < m; j++) {
    for (size_t k = 0; k <= j; k++) h->G[j * m + k] *= inv_n;
    h->grad[j] *= inv_n;
  }
  h->f = h->f * inv_n + penalty(h, h->theta);
  if (h->final) {
    h->info.objective = h->f;
    h->phase = PH_EIGEN;
    h->problem = 0;
    start_problem(h);
    return DSC_OK;
  }
  if (h->f < 1e-9) return no_minimiser(h, err);
  for (size_t j = 0; j < d; j++) h->grad[j] += 2.0 * h->model.l2 * h->theta[j];
  form_hessian(h, 1.0);
  h->phase = PH_FACTOR;
  h->row = 0;
  return DSC_OK;
}

/* Starts accumulating the sums at θ. */
static void start_sums(dsc_hessian *h) {
  memset(h->G, 0, h->m * h->m * sizeof(double));
  memset(h->grad, 0, h->m * sizeof(double));
  h->f = 0.0;
  h->phase = PH_SUMS;
  h->row = 0;
}

/* The trial point's objective is complete: accept the step, or halve it. */
static dsc_status line_done(dsc_hessian *h, dsc_error *err) {
  const size_t m = h->m;
  h->f_trial = h->f_trial / (double)h->n + penalty(h, h->trial);
  const int decrease = h->f_trial <= h->f - 1e-4 * h->t * h->slope;
  const int flat = h->f_trial <= h->f + 1e-15 * fabs(h->f); /* rounding at the minimiser */
  if (!decrease && !flat && ++h->halvings <= DSC_HALVINGS_MAX) {
    h->t *= 0.5;
    h->f_trial = 0.0;
    h->row = 0;
    for (size_t j = 0; j < m; j++) h->trial[j] = h->theta[j] - h->t * h->delta[j];
    return DSC_OK;
  }
  double step = 0.0, size = 0.0;
  if (decrease || flat) {
    for (size_t j = 0; j < m; j++) {
      step = fmax(step, fabs(h->trial[j] - h->theta[j]));
      h->theta[j] = h->trial[j];
      size = fmax(size, fabs(h->theta[j]));
    }
  }
  h->newton_iterations++;
  /* converged: a step below 1e-10 of θ's size (or no step could lower f: at the minimiser) */
  if (step <= 1e-10 * (1.0 + size) || !(decrease || flat)) {
    h->final = 1;
  } else if (h->newton_iterations >= DSC_NEWTON_MAX) {
    return no_minimiser(h, err);
  }
  start_sums(h);
  return DSC_OK;
}

dsc_status dsc_hessian_advance(dsc_hessian *h, int64_t max_ops, int32_t *done_out, dsc_error *err) {
  if (!h || !done_out)
    return dsc_error_set(err, DSC_EINVAL, "%s: must not be NULL", !h ? "hessian" : "done_out");
  *done_out = 0;
  if (max_ops < 1)
    return dsc_error_set(err, DSC_EINVAL, "max_ops: must be >= 1, got %lld", (long long)max_ops);
  if (h->failed)
    return dsc_error_set(err, DSC_ENUMERIC,
                         "no minimiser: the classes are separable (or nearly), so the objective keeps "
                         "falling as the weights grow (add an L2 penalty)");
  const size_t m = h->m;
  int64_t budget = max_ops;
  dsc_status st = DSC_OK;
  while (budget > 0 && h->phase != PH_DONE && st == DSC_OK) {
    int64_t used = 0;
    switch (h->phase) {
      case PH_SUMS:
        if (h->row < h->n) {
          sums_row(h, h->row++);
          used = sums_ops(h);
        } else {
          st = sums_done(h, err);
          used = (int64_t)(m * m);
        }
        break;
      case PH_FACTOR: {
        double pivot;
        const size_t i = h->row++;
        if (!dsc_cholesky_row(h->E, m, i, 1e-13, &pivot)) {
          st = no_minimiser(h, err);
          break;
        }
        used = (int64_t)(i * (i + 1) / 2 + i + 1);
        if (h->row == m) { /* Δ = H⁻¹∇f, slope ∇fᵀΔ, trial θ − Δ */
          dsc_cholesky_solve_factor(h->E, m, h->grad, h->delta);
          h->slope = 0.0;
          for (size_t j = 0; j < m; j++) {
            h->slope += h->grad[j] * h->delta[j];
            h->trial[j] = h->theta[j] - h->delta[j];
          }
          h->t = 1.0;
          h->halvings = 0;
          h->f_trial = 0.0;
          h->phase = PH_LINE;
          h->row = 0;
          used += (int64_t)(m * m);
        }
        break;
      }
      case PH_LINE:
        if (h->row < h->n) {
          h->f_trial += row_loss(h, h->row++, h->trial);
          used = (int64_t)m;
        } else {
          st = line_done(h, err);
          used = (int64_t)m;
        }
        break;
      case PH_EIGEN:
        used = eigen_unit(h);
        break;
    }
    h->ops += used;
    budget -= used;
  }
  if (st != DSC_OK) return st;
  if (h->ops > h->max_ops) h->max_ops = h->ops + 1;
  if (h->phase == PH_DONE) {
    h->max_ops = h->ops;
    h->info.exact = m <= DSC_HESSIAN_JACOBI_MAX;
    h->info.converged = h->converged;
    h->info.newton_iterations = h->newton_iterations;
    *done_out = 1;
  }
  return DSC_OK;
}

int64_t dsc_hessian_ops(const dsc_hessian *h) { return h ? h->ops : 0; }
int64_t dsc_hessian_max_ops(const dsc_hessian *h) { return h ? h->max_ops : 0; }

const dsc_hessian_info *dsc_hessian_result(const dsc_hessian *h) {
  return h && h->phase == PH_DONE && !h->failed ? &h->info : NULL;
}

const double *dsc_hessian_point(const dsc_hessian *h) {
  return h && h->phase == PH_DONE && !h->failed ? h->theta : NULL;
}
