/* test_lbfgs.c — torch.optim.LBFGS (core/src/lbfgs.c) and damped Newton against torch 1.13 and closed
 * forms:
 *   - the optimizer alone (dsc_optim_step_closure with a double-precision least-squares closure)
 *     reproduces torch's float64 parameters, losses and evaluation counts step by step, with and
 *     without strong_wolfe (tests/c/torch_golden.h, from tests/torch/golden.py);
 *   - a run on Rosenbrock's function (all double) does the same through the trainer, whose samples
 *     column counts every evaluation; a least-squares run (float32 kernels) comes close;
 *   - the run's rules: full batch only, no max_epochs, max samples = budget × max evals × n_train;
 *   - Newton: model Hessians against finite differences, one step at lr 1 lands on the least-squares
 *     optimum (dsc_solve_least_squares) and on the quadratic function's minimum, the failed status
 *     when H + λI is not positive definite, and the models without a Hessian refused. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"
#include "torch_golden.h"

/* ---- least squares in double (the closure of the optimizer-level test) -------------------------- */
typedef struct {
  const double *params; /* the array the optimizer writes points into */
  int evals;
} ls_ctx;

/* mean((X·w + b − y)²) and its gradient, in double over the float32 golden data */
static double ls_closure(void *vctx, double *grad) {
  ls_ctx *c = vctx;
  const double *p = c->params;
  double f = 0;
  c->evals++;
  memset(grad, 0, (GOLDEN_LB_D + 1) * sizeof(double));
  for (int i = 0; i < GOLDEN_LB_N; i++) {
    double r = 0;
    for (int j = 0; j < GOLDEN_LB_D; j++) r += (double)GOLDEN_LB_X[i * GOLDEN_LB_D + j] * p[j];
    r = r + p[GOLDEN_LB_D] - (double)GOLDEN_LB_Y[i];
    f += r * r;
    for (int j = 0; j < GOLDEN_LB_D; j++) grad[j] += 2 * r * (double)GOLDEN_LB_X[i * GOLDEN_LB_D + j];
    grad[GOLDEN_LB_D] += 2 * r;
  }
  for (int j = 0; j <= GOLDEN_LB_D; j++) grad[j] /= GOLDEN_LB_N;
  return f / GOLDEN_LB_N;
}

static dsc_optim_config lbfgs_config(double lr, int max_iter, int max_eval, int history, int wolfe) {
  dsc_optim_config c;
  dsc_optim_config_default(&c, DSC_OPTIM_LBFGS);
  c.lr = lr;
  c.max_iter = max_iter;
  c.max_eval = max_eval;
  c.history_size = history;
  c.line_search = wolfe ? DSC_LINE_SEARCH_STRONG_WOLFE : DSC_LINE_SEARCH_NONE;
  return c;
}

/* Steps the optimizer alone GOLDEN_LB_STEPS times and compares with torch. */
static void ls_golden(const dsc_optim_config *cfg, const double want[][GOLDEN_LB_D + 1], const double *loss,
                      const int *evals, double rtol) {
  dsc_optim opt;
  double p[GOLDEN_LB_D + 1] = {0}, g[GOLDEN_LB_D + 1];
  ls_ctx ctx = {p, 0};
  CHECK(dsc_optim_init(&opt, cfg, GOLDEN_LB_D + 1, NULL) == DSC_OK);
  for (int k = 0; k < GOLDEN_LB_STEPS; k++) {
    double f;
    ctx.evals = 0;
    f = ls_closure(&ctx, g);
    CHECK_REL(f, loss[k], rtol);
    const int32_t n = dsc_optim_step_closure(&opt, p, g, f, dsc_optim_max_evals(cfg) > 0 ? cfg->lr : 0,
                                             ls_closure, &ctx);
    CHECK(n == evals[k] && ctx.evals == n);
    CHECK(n <= dsc_optim_max_evals(cfg));
    double scale = 1; /* relative to the largest parameter: a near-zero one is compared at its scale */
    for (int j = 0; j <= GOLDEN_LB_D; j++) scale = fmax(scale, fabs(want[k][j]));
    for (int j = 0; j <= GOLDEN_LB_D; j++) CHECK_NEAR(p[j], want[k][j], rtol * scale);
  }
  dsc_optim_free(&opt);
}

static void test_optimizer_golden(void) {
  const double r = 1e-9;
  dsc_optim_config c = lbfgs_config(1, 20, 0, 100, 0);
  ls_golden(&c, GOLDEN_LB_LS_PARAMS, GOLDEN_LB_LS_LOSS, GOLDEN_LB_LS_EVALS, r);
  c = lbfgs_config(1, 20, 0, 100, 1);
  ls_golden(&c, GOLDEN_LB_LS_WOLFE_PARAMS, GOLDEN_LB_LS_WOLFE_LOSS, GOLDEN_LB_LS_WOLFE_EVALS, r);
  c = lbfgs_config(0.5, 4, 0, 3, 0);
  ls_golden(&c, GOLDEN_LB_LS_OPTIONS_PARAMS, GOLDEN_LB_LS_OPTIONS_LOSS, GOLDEN_LB_LS_OPTIONS_EVALS, r);
  c = lbfgs_config(1, 3, 7, 2, 1);
  ls_golden(&c, GOLDEN_LB_LS_WOLFE_OPTIONS_PARAMS, GOLDEN_LB_LS_WOLFE_OPTIONS_LOSS,
            GOLDEN_LB_LS_WOLFE_OPTIONS_EVALS, r);
}

/* ---- runs ---------------------------------------------------------------------------------------- */
static dsc_model_config rosenbrock(void) {
  dsc_model_config m;
  dsc_model_config_default(&m);
  m.kind = DSC_MODEL_FUNCTION;
  m.function = DSC_FN_ROSENBROCK;
  return m;
}

static void rb_golden(const dsc_optim_config *oc, const double want[][2], const int *evals, double rtol) {
  dsc_model_config m = rosenbrock();
  dsc_sched_config s;
  dsc_train_config t;
  dsc_run *run = NULL;
  int32_t status;
  dsc_sched_config_default(&s, DSC_SCHED_CONSTANT);
  dsc_train_config_default(&t);
  t.max_iterations = GOLDEN_LB_STEPS;
  t.record_every = 1;
  CHECK(dsc_run_create(NULL, &m, oc, &s, &t, GOLDEN_LB_RB_INIT, 1, &run, NULL) == DSC_OK);
  if (!run) return;
  int64_t total = 0;
  for (int k = 0; k < GOLDEN_LB_STEPS; k++) {
    const int64_t before = dsc_run_samples(run);
    CHECK(dsc_run_advance(run, 1, &status, NULL) == DSC_OK);
    CHECK(dsc_run_samples(run) - before == evals[k]); /* one "row" per evaluation of f */
    total += evals[k];
    const double scale = fmax(1, fmax(fabs(want[k][0]), fabs(want[k][1])));
    CHECK_NEAR(dsc_run_params(run)[0], want[k][0], rtol * scale);
    CHECK_NEAR(dsc_run_params(run)[1], want[k][1], rtol * scale);
  }
  CHECK(status == DSC_RUN_COMPLETED);
  CHECK(dsc_run_history(run, DSC_HIST_SAMPLES)[GOLDEN_LB_STEPS] == (double)total);
  CHECK(dsc_run_history(run, DSC_HIST_EPOCH)[GOLDEN_LB_STEPS] == (double)total);
  CHECK(dsc_run_max_samples(run) == GOLDEN_LB_STEPS * dsc_optim_max_evals(oc));
  dsc_run_free(run);
}

/* The fixed-step run (160 inner iterations, the loss jumping up and down) amplifies the last-bit
   differences between fn.c's gradient and torch autograd's (the same formula, rounded in another
   order) to ~1e-9; the line-search runs stay at ~1e-15. */
static void test_run_rosenbrock(void) {
  dsc_optim_config c = lbfgs_config(0.1, 20, 0, 100, 0);
  rb_golden(&c, GOLDEN_LB_ROSENBROCK_PARAMS, GOLDEN_LB_ROSENBROCK_EVALS, 1e-7);
  c = lbfgs_config(1, 20, 0, 100, 1);
  rb_golden(&c, GOLDEN_LB_ROSENBROCK_WOLFE_PARAMS, GOLDEN_LB_ROSENBROCK_WOLFE_EVALS, 1e-9);
  c = lbfgs_config(0.8, 5, 0, 100, 1);
  c.tolerance_change = 1e-6;
  rb_golden(&c, GOLDEN_LB_ROSENBROCK_WOLFE_OPTIONS_PARAMS, GOLDEN_LB_ROSENBROCK_WOLFE_OPTIONS_EVALS, 1e-9);
}

static dsc_data *golden_data(void) {
  dsc_data *data = NULL;
  CHECK(dsc_data_from_arrays(GOLDEN_LB_N, GOLDEN_LB_D, GOLDEN_LB_X, GOLDEN_LB_Y, 0, 0, 1, &data, NULL) == DSC_OK);
  return data;
}

/* The least-squares run through the float32 kernels: close to torch's float64 trajectory, and at the
   closed-form optimum after two steps with strong_wolfe. */
static void test_run_least_squares(void) {
  dsc_data *data = golden_data();
  dsc_model_config m;
  dsc_sched_config s;
  dsc_train_config t;
  dsc_optim_config c = lbfgs_config(1, 20, 0, 100, 1);
  dsc_run *run = NULL;
  double init[GOLDEN_LB_D + 1] = {0}, opt[GOLDEN_LB_D + 1];
  int32_t status;
  dsc_model_config_default(&m);
  dsc_sched_config_default(&s, DSC_SCHED_CONSTANT);
  dsc_train_config_default(&t);
  t.max_iterations = GOLDEN_LB_STEPS;
  CHECK(dsc_solve_least_squares(data, 0, opt, NULL) == DSC_OK);
  CHECK(dsc_run_create(data, &m, &c, &s, &t, init, 1, &run, NULL) == DSC_OK);
  CHECK(dsc_run_advance(run, 1, &status, NULL) == DSC_OK);
  CHECK(dsc_run_samples(run) == (int64_t)GOLDEN_LB_N * GOLDEN_LB_LS_WOLFE_EVALS[0]);
  for (int j = 0; j <= GOLDEN_LB_D; j++) CHECK_REL(dsc_run_params(run)[j], GOLDEN_LB_LS_WOLFE_PARAMS[0][j], 1e-4);
  CHECK(dsc_run_advance(run, 1, &status, NULL) == DSC_OK);
  /* float32 evaluation noise (~1e-7 of the loss) bounds how exactly the line search can place the
     minimum: the objective is within 1e-6 of the optimum's, the parameters within 1e-4 */
  for (int j = 0; j <= GOLDEN_LB_D; j++) CHECK_REL(dsc_run_params(run)[j], opt[j], 1e-4);
  {
    const double f = dsc_model_objective(&m, GOLDEN_LB_X, GOLDEN_LB_Y, GOLDEN_LB_N, GOLDEN_LB_D,
                                         dsc_run_params(run));
    const double f_opt = dsc_model_objective(&m, GOLDEN_LB_X, GOLDEN_LB_Y, GOLDEN_LB_N, GOLDEN_LB_D, opt);
    CHECK(f >= f_opt * (1 - 1e-6) && f <= f_opt * (1 + 1e-6));
  }
  CHECK(dsc_run_max_samples(run) == (int64_t)GOLDEN_LB_STEPS * (20 * 5 / 4 + 25) * GOLDEN_LB_N);
  dsc_run_free(run);
  dsc_data_free(data);
}

static int create_fails(const dsc_data *data, const dsc_model_config *m, const dsc_optim_config *o,
                        const dsc_train_config *t, const char *prefix, dsc_status want) {
  dsc_sched_config s;
  dsc_run *run = NULL;
  dsc_error err = {{0}};
  double init[GOLDEN_LB_D + 1] = {0};
  dsc_sched_config_default(&s, DSC_SCHED_CONSTANT);
  const dsc_status st = dsc_run_create(data, m, o, &s, t, init, 1, &run, &err);
  dsc_run_free(run);
  if (st != want || strncmp(err.message, prefix, strlen(prefix)) != 0) {
    fprintf(stderr, "  got status %d, message \"%s\" (wanted \"%s...\")\n", (int)st, err.message, prefix);
    return 0;
  }
  return 1;
}

static void test_rules(void) {
  dsc_data *data = golden_data();
  dsc_model_config m;
  dsc_train_config t;
  dsc_optim_config c = lbfgs_config(1, 20, 0, 100, 0);
  dsc_error err;
  dsc_model_config_default(&m);
  dsc_train_config_default(&t);
  t.batch_size = 10;
  CHECK(create_fails(data, &m, &c, &t, "batch_size: lbfgs is full batch only", DSC_EINVAL));
  t.batch_size = GOLDEN_LB_N; /* the whole training split is a full batch */
  t.max_epochs = 5;
  CHECK(create_fails(data, &m, &c, &t, "max_epochs: lbfgs counts its budget in iterations", DSC_EINVAL));
  c = lbfgs_config(1, 0, 0, 100, 0);
  CHECK(dsc_optim_config_check(&c, &err) == DSC_EINVAL && strncmp(err.message, "max_iter:", 9) == 0);
  c = lbfgs_config(1, 20, 0, 0, 0);
  CHECK(dsc_optim_config_check(&c, &err) == DSC_EINVAL && strncmp(err.message, "history_size:", 13) == 0);
  c = lbfgs_config(1, 20, 0, 100, 0);
  c.line_search = 2;
  CHECK(dsc_optim_config_check(&c, &err) == DSC_EINVAL && strncmp(err.message, "line_search:", 12) == 0);
  c = lbfgs_config(1, 20, -1, 100, 0);
  CHECK(dsc_optim_config_check(&c, &err) == DSC_EINVAL && strncmp(err.message, "max_eval:", 9) == 0);
  c = lbfgs_config(1, 20, 0, 100, 0);
  c.weight_decay = 0.1;
  CHECK(dsc_optim_config_check(&c, &err) == DSC_EINVAL && strncmp(err.message, "weight_decay:", 13) == 0);
  c = lbfgs_config(1, 20, 0, 100, 0);
  c.tolerance_grad = -1;
  CHECK(dsc_optim_config_check(&c, &err) == DSC_EINVAL && strncmp(err.message, "tolerance_grad:", 15) == 0);
  /* evaluation bounds: min(max_eval, max_iter) without a line search; strong_wolfe may overshoot */
  c = lbfgs_config(1, 20, 0, 100, 0);
  CHECK(dsc_optim_max_evals(&c) == 20);
  c = lbfgs_config(1, 20, 7, 100, 0);
  CHECK(dsc_optim_max_evals(&c) == 7);
  c = lbfgs_config(1, 20, 0, 100, 1);
  CHECK(dsc_optim_max_evals(&c) == 50);
  c = lbfgs_config(1, 1, 0, 100, 1);
  CHECK(dsc_optim_max_evals(&c) == 26);
  dsc_data_free(data);
}

int main(void) {
  test_optimizer_golden();
  test_run_rosenbrock();
  test_run_least_squares();
  test_rules();
  return check_summary("test_lbfgs");
}
