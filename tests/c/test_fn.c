/* test_fn.c — test functions: every gradient against central differences at many points, the known
 * minima (value and stationarity), the quadratic's rotation, the grid, config checks, and function runs
 * in the trainer: plain GD against the recurrence θ ← θ − lr·∇f written out here, no data, the saddle
 * ending as diverged, and seeded gradient noise. */
#include <string.h>

#include "check.h"
#include "descent.h"

static dsc_model_config fn_config(dsc_function f) {
  dsc_model_config c;
  dsc_model_config_default(&c);
  c.kind = DSC_MODEL_FUNCTION;
  c.function = (int32_t)f;
  return c;
}

/* ∇f against central differences with step h = 1e-6·max(1, |θ_j|): the truncation error is
   O(h²·f‴) and the rounding error O(ε·|f|/h), so the tolerance is relative 1e-6 plus an absolute
   term scaled by |f|. */
static void test_gradients(void) {
  for (int f = DSC_FN_ROSENBROCK; f <= DSC_FN_RASTRIGIN; f++) {
    dsc_model_config c = fn_config((dsc_function)f);
    c.a = 1.3, c.b = 7.0, c.condition = 25.0, c.angle = 17.0;
    dsc_rng rng;
    dsc_rng_seed(&rng, 99, (uint64_t)f);
    for (int k = 0; k < 200; k++) {
      double th[2] = {6 * dsc_rng_uniform(&rng) - 3, 6 * dsc_rng_uniform(&rng) - 3}, g[2];
      const double v = dsc_fn_value_grad(&c, th, g);
      CHECK(v == dsc_fn_value(&c, th));
      for (int j = 0; j < 2; j++) {
        const double h = 1e-6 * fmax(1.0, fabs(th[j]));
        double p[2] = {th[0], th[1]}, m[2] = {th[0], th[1]};
        p[j] += h;
        m[j] -= h;
        const double fd = (dsc_fn_value(&c, p) - dsc_fn_value(&c, m)) / (2 * h);
        CHECK_NEAR(g[j], fd, 1e-6 * (fabs(fd) + 1.0) + 1e-9 * fabs(v));
      }
    }
  }
}

/* The minima listed in fn.c: values, zero gradients (to rounding), and the himmelblau set. */
static void test_minima(void) {
  double th[2], g[2];
  dsc_model_config c = fn_config(DSC_FN_ROSENBROCK);
  c.a = 2.0;
  CHECK(dsc_fn_minimum(&c, th) == 0.0 && th[0] == 2.0 && th[1] == 4.0);
  const double want[] = {0, 0, 0, 0, -INFINITY, -1.0316284534898774, 0};
  for (int f = DSC_FN_ROSENBROCK; f <= DSC_FN_RASTRIGIN; f++) {
    c = fn_config((dsc_function)f);
    const double v = dsc_fn_minimum(&c, th);
    if (f == DSC_FN_SADDLE) {
      CHECK(v == -INFINITY && th[0] == 0.0 && th[1] == 0.0);
      dsc_fn_value_grad(&c, th, g);
      CHECK(g[0] == 0.0 && g[1] == 0.0); /* a stationary point, not a minimum */
      continue;
    }
    CHECK_NEAR(v, want[f], 1e-15);
    dsc_fn_value_grad(&c, th, g);
    CHECK_NEAR(g[0], 0.0, 1e-12);
    CHECK_NEAR(g[1], 0.0, 1e-12);
  }
  c = fn_config(DSC_FN_HIMMELBLAU);
  const double others[3][2] = {{-2.805118086952745, 3.131312518250573},
                               {-3.779310253377747, -3.2831859912861696},
                               {3.5844283403304917, -1.8481265269644034}};
  for (int k = 0; k < 3; k++) {
    CHECK_NEAR(dsc_fn_value_grad(&c, others[k], g), 0.0, 1e-24);
    CHECK_NEAR(g[0], 0.0, 1e-12);
  }
  /* six-hump camel: the symmetric global minimum and a local one */
  c = fn_config(DSC_FN_SIX_HUMP_CAMEL);
  const double mirror[2] = {-0.08984201310031807, 0.7126564030207396};
  CHECK_NEAR(dsc_fn_value(&c, mirror), -1.0316284534898774, 1e-15);
  const double local[2] = {1.7036067, -0.7960835};
  CHECK_NEAR(dsc_fn_value(&c, local), -0.2154638, 1e-6);
}

/* quadratic: along the rotated axes the curvatures are 1 and κ: f(t·(cos φ, sin φ)) = t²/2 and
   f(t·(−sin φ, cos φ)) = κt²/2. */
static void test_quadratic_axes(void) {
  dsc_model_config c = fn_config(DSC_FN_QUADRATIC);
  c.condition = 10.0, c.angle = 30.0;
  const double phi = 30.0 * (3.141592653589793 / 180.0);
  const double u[2] = {2 * cos(phi), 2 * sin(phi)}, v[2] = {-2 * sin(phi), 2 * cos(phi)};
  CHECK_NEAR(dsc_fn_value(&c, u), 2.0, 1e-14);
  CHECK_NEAR(dsc_fn_value(&c, v), 20.0, 1e-13);
}

static void test_grid(void) {
  dsc_model_config c = fn_config(DSC_FN_HIMMELBLAU);
  double out[12];
  dsc_error e;
  CHECK(dsc_fn_grid(&c, -1, 2, 4, 0, 1, 3, out, &e) == DSC_OK);
  for (int j = 0; j < 3; j++)
    for (int i = 0; i < 4; i++) {
      const double th[2] = {-1 + i, 0.5 * j};
      CHECK(out[j * 4 + i] == dsc_fn_value(&c, th));
    }
  CHECK(dsc_fn_grid(&c, 1, 2, 1, 3, 4, 1, out, &e) == DSC_OK);
  {
    const double th[2] = {1, 3};
    CHECK(out[0] == dsc_fn_value(&c, th));
  }
  CHECK(dsc_fn_grid(&c, 0, 1, 0, 0, 1, 2, out, &e) == DSC_EINVAL && strstr(e.message, "nx:"));
  CHECK(dsc_fn_grid(&c, 0, 1, 2, 0, 1, DSC_MAX_GRID + 1, out, &e) == DSC_EINVAL &&
        strstr(e.message, "ny:"));
  CHECK(dsc_fn_grid(&c, 0, INFINITY, 2, 0, 1, 2, out, &e) == DSC_EINVAL && strstr(e.message, "finite"));
  c.kind = DSC_MODEL_LINEAR;
  CHECK(dsc_fn_grid(&c, 0, 1, 2, 0, 1, 2, out, &e) == DSC_EINVAL && strstr(e.message, "kind:"));
}

static void test_config_check(void) {
  dsc_error e;
  dsc_model_config c = fn_config(DSC_FN_BEALE), bad;
  CHECK(dsc_model_config_check(&c, &e) == DSC_OK);
  bad = c, bad.loss = 77; /* ignored by function models */
  CHECK(dsc_model_config_check(&bad, &e) == DSC_OK);
  bad = c, bad.function = DSC_FN_RASTRIGIN + 1;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "function:"));
  bad = c, bad.noise = -1;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "noise:"));
  bad = c, bad.condition = 0;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "condition:"));
  bad = c, bad.b = -1;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "b:"));
  bad = c, bad.angle = NAN;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "angle:"));
  bad = c, bad.l2 = 0.1;
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "l2:"));
  dsc_model_config_default(&bad);
  bad.noise = 0.5; /* noise belongs to function models */
  CHECK(dsc_model_config_check(&bad, &e) == DSC_EINVAL && strstr(e.message, "noise:"));
  CHECK(dsc_model_param_count(&c, 0) == 2 && dsc_model_param_count(&c, 7) == 2);
}

typedef struct setup {
  dsc_model_config model;
  dsc_optim_config optim;
  dsc_sched_config sched;
  dsc_train_config train;
} setup;

static setup fn_setup(dsc_function f, double lr, double iterations) {
  setup s;
  s.model = fn_config(f);
  dsc_optim_config_default(&s.optim, DSC_OPTIM_SGD);
  s.optim.lr = lr;
  dsc_sched_config_default(&s.sched, DSC_SCHED_CONSTANT);
  dsc_train_config_default(&s.train);
  s.train.max_iterations = iterations;
  s.train.record_every = 1;
  return s;
}

static dsc_run *fn_run(const setup *s, const double *init, uint64_t seed) {
  dsc_run *run = NULL;
  dsc_error e;
  dsc_status st = dsc_run_create(NULL, &s->model, &s->optim, &s->sched, &s->train, init, seed, &run, &e);
  if (st != DSC_OK) fprintf(stderr, "create: %s\n", e.message);
  CHECK(st == DSC_OK);
  return run;
}

/* Plain GD on rosenbrock equals θ ← θ − lr·∇f(θ) bit for bit; the history holds f and θ per step, an
   epoch per update, no test loss. */
static void test_gd_run(void) {
  setup s = fn_setup(DSC_FN_ROSENBROCK, 1e-3, 200);
  const double init[2] = {-1.5, 2.0};
  dsc_run *run = fn_run(&s, init, 1);
  int32_t status;
  dsc_error e;
  CHECK(dsc_run_advance(run, 1000, &status, &e) == DSC_OK && status == DSC_RUN_COMPLETED);
  const size_t len = dsc_run_history_len(run);
  CHECK(len == 201);
  const double *f = dsc_run_history(run, DSC_HIST_TRAIN_LOSS);
  const double *p0 = dsc_run_history(run, DSC_HIST_PARAM0), *p1 = dsc_run_history(run, DSC_HIST_PARAM1);
  const double *test = dsc_run_history(run, DSC_HIST_TEST_LOSS);
  const double *epoch = dsc_run_history(run, DSC_HIST_EPOCH);
  double th[2] = {init[0], init[1]}, g[2];
  int same = 1;
  for (size_t k = 0; k < len; k++) {
    const double v = dsc_fn_value_grad(&s.model, th, g);
    same &= f[k] == v && p0[k] == th[0] && p1[k] == th[1] && isnan(test[k]) && epoch[k] == (double)k;
    th[0] -= 1e-3 * g[0];
    th[1] -= 1e-3 * g[1];
  }
  CHECK(same);
  CHECK(dsc_run_epoch(run) == 200.0 && dsc_run_samples(run) == 200);
  CHECK(f[len - 1] < f[0]);
  dsc_run_free(run);
}

/* The saddle: from near the saddle point GD runs down −y² towards −∞ and ends diverged once the
   objective is below −diverge_factor·max(|f₀|, 1), long before any overflow. */
static void test_saddle_diverges(void) {
  setup s = fn_setup(DSC_FN_SADDLE, 0.1, 100000);
  s.train.record_every = 0;
  const double init[2] = {1.0, 1e-3};
  dsc_run *run = fn_run(&s, init, 1);
  int32_t status;
  dsc_error e;
  CHECK(dsc_run_advance(run, 100000, &status, &e) == DSC_OK && status == DSC_RUN_DIVERGED);
  const int64_t at = dsc_run_diverged_at(run);
  /* y_k = 1e-3·1.2^k; f ≈ −y² < −1e6 once y > 1000: k = ⌈ln(1e6)/ln 1.2⌉ = 76 */
  CHECK(at == 76);
  const double *f = dsc_run_history(run, DSC_HIST_TRAIN_LOSS);
  CHECK(f[dsc_run_history_len(run) - 1] < -1e6 && isfinite(f[dsc_run_history_len(run) - 1]));
  dsc_run_free(run);
}

/* Gradient noise: the same seed gives the same path, another seed another; σ = 0 makes no draw. */
static void test_noise(void) {
  setup s = fn_setup(DSC_FN_QUADRATIC, 0.05, 50);
  s.model.noise = 0.5;
  const double init[2] = {1.0, 1.0};
  dsc_run *a = fn_run(&s, init, 7), *b = fn_run(&s, init, 7), *c = fn_run(&s, init, 8);
  int32_t status;
  dsc_error e;
  dsc_run_advance(a, 50, &status, &e);
  dsc_run_advance(b, 20, &status, &e); /* in two chunks */
  dsc_run_advance(b, 30, &status, &e);
  dsc_run_advance(c, 50, &status, &e);
  const double *pa = dsc_run_params(a), *pb = dsc_run_params(b), *pc = dsc_run_params(c);
  CHECK(pa[0] == pb[0] && pa[1] == pb[1]);
  CHECK(pa[0] != pc[0] && pa[1] != pc[1]);
  /* the noise is exactly σ·normal from DSC_STREAM_NOISE: replay the first update by hand */
  dsc_rng rng;
  dsc_rng_stream(&rng, 7, DSC_STREAM_NOISE);
  double g[2];
  dsc_fn_value_grad(&s.model, init, g);
  g[0] += 0.5 * dsc_rng_normal(&rng);
  g[1] += 0.5 * dsc_rng_normal(&rng);
  CHECK(dsc_run_history(a, DSC_HIST_PARAM0)[1] == 1.0 - 0.05 * g[0]);
  CHECK(dsc_run_history(a, DSC_HIST_PARAM1)[1] == 1.0 - 0.05 * g[1]);
  /* the recorded objective is f itself, not a noisy value */
  const double th1[2] = {dsc_run_history(a, DSC_HIST_PARAM0)[1], dsc_run_history(a, DSC_HIST_PARAM1)[1]};
  CHECK(dsc_run_history(a, DSC_HIST_TRAIN_LOSS)[1] == dsc_fn_value(&s.model, th1));
  dsc_run_free(a);
  dsc_run_free(b);
  dsc_run_free(c);
}

/* A function model takes no data, a data model needs data; batch size 1 is the full batch. */
static void test_create_rules(void) {
  setup s = fn_setup(DSC_FN_BEALE, 0.01, 10);
  const double init[2] = {1, 1};
  dsc_run *run = NULL;
  dsc_error e;
  float X[4] = {1, 2, 3, 4}, y[4] = {1, 2, 3, 4};
  dsc_data *data = NULL;
  CHECK(dsc_data_from_arrays(4, 1, X, y, 0, 0, 1, &data, &e) == DSC_OK);
  CHECK(dsc_run_create(data, &s.model, &s.optim, &s.sched, &s.train, init, 1, &run, &e) == DSC_EINVAL &&
        strstr(e.message, "data:") && run == NULL);
  s.train.batch_size = 2;
  CHECK(dsc_run_create(NULL, &s.model, &s.optim, &s.sched, &s.train, init, 1, &run, &e) == DSC_EINVAL &&
        strstr(e.message, "batch_size:"));
  s.train.batch_size = 1;
  CHECK(dsc_run_create(NULL, &s.model, &s.optim, &s.sched, &s.train, init, 1, &run, &e) == DSC_OK);
  dsc_run_free(run);
  const double bad[2] = {1, NAN};
  s.train.batch_size = 0;
  CHECK(dsc_run_create(NULL, &s.model, &s.optim, &s.sched, &s.train, bad, 1, &run, &e) == DSC_EINVAL &&
        strstr(e.message, "init[1]"));
  s.model.kind = DSC_MODEL_LINEAR;
  CHECK(dsc_run_create(NULL, &s.model, &s.optim, &s.sched, &s.train, init, 1, &run, &e) == DSC_EINVAL &&
        strstr(e.message, "data:"));
  dsc_data_free(data);
}

int main(void) {
  test_gradients();
  test_minima();
  test_quadratic_axes();
  test_grid();
  test_config_check();
  test_gd_run();
  test_saddle_diverges();
  test_noise();
  test_create_rules();
  return check_summary("test_fn");
}
