/* test_newton.c — damped Newton (not in torch) against closed forms:
 *   - dsc_fn_hessian of every test function and dsc_model_hessian of linear MSE and logistic BCE (with
 *     an L2 penalty) against central differences of their gradients;
 *   - one step at lr 1 on linear MSE lands on the least-squares optimum (dsc_solve_least_squares, with
 *     and without ridge), and on the quadratic function's minimum;
 *   - a few steps on logistic regression drive the gradient to float32 noise;
 *   - H + λI not positive definite (the saddle, undamped) ends the run FAILED at that state, parameters
 *     untouched; damping λ > 2 makes the same step work;
 *   - models without an exact Hessian (mlp, mae/huber, L1) and mini-batches are refused by name. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "descent.h"

static dsc_optim_config newton(double lr, double damping) {
  dsc_optim_config c;
  dsc_optim_config_default(&c, DSC_OPTIM_NEWTON);
  c.lr = lr;
  c.damping = damping;
  return c;
}

static dsc_model_config function(dsc_function f) {
  dsc_model_config m;
  dsc_model_config_default(&m);
  m.kind = DSC_MODEL_FUNCTION;
  m.function = (int32_t)f;
  return m;
}

static void test_fn_hessians(void) {
  for (int f = DSC_FN_ROSENBROCK; f <= DSC_FN_RASTRIGIN; f++) {
    dsc_model_config c = function((dsc_function)f);
    c.a = 1.3, c.b = 7.0, c.condition = 25.0, c.angle = 17.0;
    dsc_rng rng;
    dsc_rng_seed(&rng, 7, (uint64_t)f);
    for (int k = 0; k < 100; k++) {
      double th[2] = {4 * dsc_rng_uniform(&rng) - 2, 4 * dsc_rng_uniform(&rng) - 2}, H[4];
      dsc_fn_hessian(&c, th, H);
      CHECK(H[1] == H[2]);
      for (int j = 0; j < 2; j++) {
        const double h = 1e-6;
        double p[2] = {th[0], th[1]}, m[2] = {th[0], th[1]}, gp[2], gm[2];
        p[j] += h;
        m[j] -= h;
        dsc_fn_value_grad(&c, p, gp);
        dsc_fn_value_grad(&c, m, gm);
        for (int i = 0; i < 2; i++) {
          const double fd = (gp[i] - gm[i]) / (2 * h);
          CHECK_NEAR(H[i * 2 + j], fd, 1e-5 * (fabs(fd) + 1.0));
        }
      }
    }
  }
}

static dsc_data *linear_data(int32_t d, uint64_t seed) {
  dsc_data_config dc;
  dsc_data *data = NULL;
  double scales[4] = {1, 3, 0.5, 2}, weights[4] = {1, -2, 0.5, 3};
  dsc_data_config_default(&dc, DSC_GEN_LINEAR);
  dc.n = 200;
  dc.d = d;
  dc.scales = scales;
  dc.weights = weights;
  dc.noise = DSC_NOISE_GAUSSIAN;
  dc.noise_level = 0.3;
  dc.test_fraction = 0;
  CHECK(dsc_data_generate(&dc, seed, &data, NULL) == DSC_OK);
  return data;
}

static dsc_data *blobs(void) {
  dsc_data_config dc;
  dsc_data *data = NULL;
  dsc_data_config_default(&dc, DSC_GEN_BLOBS);
  dc.test_fraction = 0;
  dc.separation = 1.5; /* overlapping classes: a finite optimum */
  CHECK(dsc_data_generate(&dc, 3, &data, NULL) == DSC_OK);
  return data;
}

/* The model Hessian against central differences of the objective's gradient (float32 kernels: the
   gradient carries ~1e-7 relative noise, so h is large and the tolerance 1e-4 of the largest entry). */
static void check_model_hessian(const dsc_model_config *m, const dsc_data *data, const double *theta) {
  const size_t d = (size_t)dsc_data_d(data), n = (size_t)dsc_data_n_train(data), np = d + 1;
  const float *X = dsc_data_x_train(data), *y = dsc_data_y_train(data);
  double H[25], gp[5], gm[5], big = 0;
  dsc_model_hessian(m, X, y, n, d, theta, H);
  for (size_t i = 0; i < np * np; i++) big = fmax(big, fabs(H[i]));
  for (size_t j = 0; j < np; j++) {
    const double h = 1e-2;
    double p[5], q[5];
    memcpy(p, theta, np * sizeof(double));
    memcpy(q, theta, np * sizeof(double));
    p[j] += h;
    q[j] -= h;
    dsc_model_objective_grad(m, X, y, n, d, p, gp);
    dsc_model_objective_grad(m, X, y, n, d, q, gm);
    for (size_t i = 0; i < np; i++) {
      CHECK_NEAR(H[i * np + j], (gp[i] - gm[i]) / (2 * h), 1e-4 * big);
      CHECK(H[i * np + j] == H[j * np + i]);
    }
  }
}

static void test_model_hessians(void) {
  dsc_data *lin = linear_data(3, 5), *cls = blobs();
  dsc_model_config m;
  const double t3[4] = {0.3, -0.2, 0.7, 0.1}, t2[3] = {0.4, -0.3, 0.2};
  dsc_model_config_default(&m);
  check_model_hessian(&m, lin, t3);
  m.l2 = 0.05;
  check_model_hessian(&m, lin, t3);
  dsc_model_config_default(&m);
  m.kind = DSC_MODEL_LOGISTIC;
  m.loss = DSC_LOSS_BCE;
  check_model_hessian(&m, cls, t2);
  m.l2 = 0.1;
  check_model_hessian(&m, cls, t2);
  dsc_data_free(lin);
  dsc_data_free(cls);
}

static dsc_run *newton_run(const dsc_data *data, const dsc_model_config *m, const dsc_optim_config *o,
                           int iterations, const double *init) {
  dsc_sched_config s;
  dsc_train_config t;
  dsc_run *run = NULL;
  dsc_error err;
  dsc_sched_config_default(&s, DSC_SCHED_CONSTANT);
  dsc_train_config_default(&t);
  t.max_iterations = iterations;
  t.record_every = 1;
  if (dsc_run_create(data, m, o, &s, &t, init, 1, &run, &err) != DSC_OK) fprintf(stderr, "  %s\n", err.message);
  CHECK(run != NULL);
  return run;
}

/* One step at lr 1 from zeros: the least-squares optimum (ridge too), to float32 gradient noise. */
static void test_one_step_least_squares(void) {
  dsc_data *data = linear_data(4, 9);
  for (int ridge = 0; ridge < 2; ridge++) {
    dsc_model_config m;
    dsc_optim_config o = newton(1, 0);
    double init[5] = {0}, opt[5];
    int32_t status;
    dsc_model_config_default(&m);
    m.l2 = ridge ? 0.2 : 0;
    CHECK(dsc_solve_least_squares(data, m.l2, opt, NULL) == DSC_OK);
    dsc_run *run = newton_run(data, &m, &o, 3, init);
    if (!run) continue;
    CHECK(dsc_run_advance(run, 1, &status, NULL) == DSC_OK);
    for (int j = 0; j < 5; j++) CHECK_NEAR(dsc_run_params(run)[j], opt[j], 1e-5 * fmax(1, fabs(opt[j])));
    CHECK(dsc_run_samples(run) == dsc_data_n_train(data)); /* one evaluation per update */
    CHECK(dsc_run_max_samples(run) == 3 * (int64_t)dsc_data_n_train(data));
    dsc_run_free(run);
  }
  dsc_data_free(data);
}

static void test_quadratic_one_step(void) {
  dsc_model_config m = function(DSC_FN_QUADRATIC);
  dsc_optim_config o = newton(1, 0);
  const double init[2] = {3, -2};
  int32_t status;
  m.condition = 1e4;
  m.angle = 30;
  dsc_run *run = newton_run(NULL, &m, &o, 2, init);
  if (!run) return;
  CHECK(dsc_run_advance(run, 1, &status, NULL) == DSC_OK);
  CHECK_NEAR(dsc_run_params(run)[0], 0, 1e-10); /* κ = 1e4: H's rounding, ~κ·ε */
  CHECK_NEAR(dsc_run_params(run)[1], 0, 1e-10);
  dsc_run_free(run);
  /* lr 0.5 halves the way; damping λ shrinks the step along each eigenvector by κ_i/(κ_i + λ) */
  o = newton(0.5, 0);
  run = newton_run(NULL, &m, &o, 1, init);
  CHECK(dsc_run_advance(run, 1, &status, NULL) == DSC_OK);
  CHECK_NEAR(dsc_run_params(run)[0], 1.5, 1e-12);
  CHECK_NEAR(dsc_run_params(run)[1], -1.0, 1e-12);
  dsc_run_free(run);
  m.condition = 1;
  o = newton(1, 1);
  run = newton_run(NULL, &m, &o, 1, init);
  CHECK(dsc_run_advance(run, 1, &status, NULL) == DSC_OK);
  CHECK_NEAR(dsc_run_params(run)[0], 1.5, 1e-12); /* H = I: θ − (2I)⁻¹θ */
  CHECK_NEAR(dsc_run_params(run)[1], -1.0, 1e-12);
  dsc_run_free(run);
}

static void test_logistic(void) {
  dsc_data *data = blobs();
  dsc_model_config m;
  dsc_optim_config o = newton(1, 0);
  double init[3] = {0}, g[3];
  int32_t status;
  dsc_model_config_default(&m);
  m.kind = DSC_MODEL_LOGISTIC;
  m.loss = DSC_LOSS_BCE;
  dsc_run *run = newton_run(data, &m, &o, 8, init);
  if (run) {
    CHECK(dsc_run_advance(run, 8, &status, NULL) == DSC_OK);
    CHECK(status == DSC_RUN_COMPLETED);
    dsc_model_objective_grad(&m, dsc_data_x_train(data), dsc_data_y_train(data),
                             (size_t)dsc_data_n_train(data), 2, dsc_run_params(run), g);
    for (int j = 0; j < 3; j++) CHECK(fabs(g[j]) < 1e-6);
    dsc_run_free(run);
  }
  dsc_data_free(data);
}

static void test_not_positive_definite(void) {
  dsc_model_config m = function(DSC_FN_SADDLE);
  dsc_optim_config o = newton(1, 0);
  const double init[2] = {1, 1};
  int32_t status;
  dsc_run *run = newton_run(NULL, &m, &o, 5, init);
  if (run) {
    CHECK(dsc_run_advance(run, 5, &status, NULL) == DSC_OK);
    CHECK(status == DSC_RUN_FAILED);
    CHECK(dsc_run_diverged_at(run) == 0 && dsc_run_iteration(run) == 0);
    CHECK(dsc_run_params(run)[0] == 1 && dsc_run_params(run)[1] == 1);
    CHECK(dsc_run_history_len(run) == 1);
    CHECK(dsc_run_advance(run, 1, &status, NULL) == DSC_ESTATE);
    dsc_run_free(run);
  }
  /* λ = 3: H + λI = diag(5, 1), θ ← θ − (2/5, −2/1)·θ = (0.6, 3) */
  o = newton(1, 3);
  run = newton_run(NULL, &m, &o, 1, init);
  if (run) {
    CHECK(dsc_run_advance(run, 1, &status, NULL) == DSC_OK);
    CHECK_NEAR(dsc_run_params(run)[0], 0.6, 1e-15);
    CHECK_NEAR(dsc_run_params(run)[1], 3.0, 1e-15);
    dsc_run_free(run);
  }
}

static int create_fails(const dsc_data *data, const dsc_model_config *m, const dsc_train_config *t,
                        const char *prefix) {
  dsc_sched_config s;
  dsc_optim_config o = newton(1, 0);
  dsc_run *run = NULL;
  dsc_error err = {{0}};
  double init[64] = {0};
  dsc_sched_config_default(&s, DSC_SCHED_CONSTANT);
  const dsc_status st = dsc_run_create(data, m, &o, &s, t, init, 1, &run, &err);
  dsc_run_free(run);
  if (st != DSC_EINVAL || strncmp(err.message, prefix, strlen(prefix)) != 0) {
    fprintf(stderr, "  got status %d, message \"%s\" (wanted \"%s...\")\n", (int)st, err.message, prefix);
    return 0;
  }
  return 1;
}

static void test_refused(void) {
  dsc_data *data = linear_data(2, 4);
  dsc_model_config m;
  dsc_train_config t;
  dsc_optim_config o = newton(1, -1);
  dsc_error err;
  dsc_train_config_default(&t);
  dsc_model_config_default(&m);
  m.loss = DSC_LOSS_MAE;
  CHECK(create_fails(data, &m, &t, "loss: Newton needs an exact Hessian"));
  m.loss = DSC_LOSS_HUBER;
  CHECK(create_fails(data, &m, &t, "loss: Newton needs an exact Hessian"));
  m.loss = DSC_LOSS_MSE;
  m.l1 = 0.1;
  CHECK(create_fails(data, &m, &t, "l1: Newton needs an exact Hessian"));
  dsc_model_config_default(&m);
  m.kind = DSC_MODEL_MLP;
  CHECK(create_fails(data, &m, &t, "kind: Newton needs an exact Hessian"));
  dsc_model_config_default(&m);
  t.batch_size = 7;
  CHECK(create_fails(data, &m, &t, "batch_size: newton is full batch only"));
  CHECK(dsc_optim_config_check(&o, &err) == DSC_EINVAL && strncmp(err.message, "damping:", 8) == 0);
  o = newton(1, 0);
  o.weight_decay = 0.1;
  CHECK(dsc_optim_config_check(&o, &err) == DSC_EINVAL && strncmp(err.message, "weight_decay:", 13) == 0);
  dsc_data_free(data);
}

int main(void) {
  test_fn_hessians();
  test_model_hessians();
  test_one_step_least_squares();
  test_quadratic_one_step();
  test_logistic();
  test_not_positive_definite();
  test_refused();
  return check_summary("test_newton");
}
