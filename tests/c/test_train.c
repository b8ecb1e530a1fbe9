/* test_train.c — the training loop: convergence to the closed form, history layout, stopping rules
 * (divergence, target, tolerance, budget), chunked and seeded determinism, mini-batch epoch counting,
 * schedule placement, bold driver undo, validation messages and leak-free create/free. */
#include <string.h>

#include "check.h"
#include "descent.h"

#define N 20

static float X1[N], Y1[N];      /* 1-D data: x_i = i/19, y = 3x + 2 + 0.3·sin(7i) */
static float X2[N * 2], Y2[N];  /* 2-D data: x = (i/19, cos(i)), y = x₀ − 2x₁ + 1 + 0.1·sin(5i) */

static void make_data(void) {
  for (int i = 0; i < N; i++) {
    float x = (float)i / (float)(N - 1);
    X1[i] = x;
    Y1[i] = 3.0f * x + 2.0f + 0.3f * (float)sin(7.0 * i);
    X2[2 * i] = x;
    X2[2 * i + 1] = (float)cos((double)i);
    Y2[i] = X2[2 * i] - 2.0f * X2[2 * i + 1] + 1.0f + 0.1f * (float)sin(5.0 * i);
  }
}

static dsc_data *data_1d(int n, double test_fraction) {
  dsc_data *data = NULL;
  dsc_error err;
  dsc_status st = dsc_data_from_arrays(n, 1, X1, Y1, test_fraction, 0, 42, &data, &err);
  if (st != DSC_OK) fprintf(stderr, "data: %s\n", err.message);
  CHECK(st == DSC_OK);
  return data;
}

typedef struct setup {
  dsc_model_config model;
  dsc_optim_config optim;
  dsc_sched_config sched;
  dsc_train_config train;
  double init[3];
} setup;

/* GD with constant lr 0.5 on MSE, init 0, 100 iterations, record every update. */
static void setup_default(setup *s) {
  dsc_model_config_default(&s->model);
  dsc_optim_config_default(&s->optim, DSC_OPTIM_SGD);
  s->optim.lr = 0.5;
  dsc_sched_config_default(&s->sched, DSC_SCHED_CONSTANT);
  dsc_train_config_default(&s->train);
  s->train.max_iterations = 100;
  s->train.record_every = 1;
  s->init[0] = s->init[1] = s->init[2] = 0.0;
}

static dsc_run *make_run(const dsc_data *data, const setup *s, uint64_t seed) {
  dsc_run *run = NULL;
  dsc_error err;
  dsc_status st = dsc_run_create(data, &s->model, &s->optim, &s->sched, &s->train, s->init, seed,
                                 &run, &err);
  if (st != DSC_OK) fprintf(stderr, "create: %s\n", err.message);
  CHECK(st == DSC_OK);
  return run;
}

static int32_t advance_all(dsc_run *run) {
  int32_t status = -1;
  dsc_error err;
  dsc_status st = dsc_run_advance(run, INT64_MAX, &status, &err);
  if (st != DSC_OK) fprintf(stderr, "advance: %s\n", err.message);
  CHECK(st == DSC_OK);
  return status;
}

static const double *col(const dsc_run *run, dsc_history_column c) { return dsc_run_history(run, c); }
static double last(const dsc_run *run, dsc_history_column c) {
  return dsc_run_history(run, c)[dsc_run_history_len(run) - 1];
}

/* Automatic record_every: as many points (2..500) as fit in 10% of the training work, or in 2.5e7
   evaluated values when that is more; k = ⌈budget / points⌉. */
static void test_auto_record_every(void) {
  dsc_data_config dc;
  dsc_data *data = NULL;
  dsc_error err;
  setup s;
  dsc_data_config_default(&dc, DSC_GEN_LINEAR);
  dc.n = 1000000; /* n_train 750000, n_test 250000: a point evaluates 1e6 rows × 2 values */
  dc.test_fraction = 0.25;
  CHECK(dsc_data_generate(&dc, 5, &data, &err) == DSC_OK);
  setup_default(&s);
  s.train.record_every = 0;
  s.train.max_iterations = 1000;
  dsc_run *run = make_run(data, &s, 1);
  /* full batch: 10% of 1000 × 750000 × 2 = 1.5e8 values → 75 points → k = ⌈1000/75⌉ = 14,
     the "evaluation <= 10% of training" cadence ⌈10·1e6/750000⌉ */
  CHECK(dsc_run_record_every(run) == 14);
  dsc_run_free(run);
  s.train.batch_size = 16;
  s.train.max_iterations = 10000;
  run = make_run(data, &s, 1);
  /* mini-batch 16: 10% of training is 3.2e6 values, less than the 2.5e7 floor → 12 points → k = 834 */
  CHECK(dsc_run_record_every(run) == 834);
  dsc_run_free(run);
  s.train.batch_size = 100;
  s.train.max_iterations = 1e8;
  run = make_run(data, &s, 1);
  /* long run: 10% of 1e8 × 100 × 2 = 2e9 values → 1000 points, capped at 500 → k = 200000 */
  CHECK(dsc_run_record_every(run) == 200000);
  dsc_run_free(run);
  dsc_data_free(data);
}

/* Full-batch GD reaches the closed-form least-squares objective; history point 0 is the initial state. */
static void test_gd_closed_form(void) {
  dsc_data *data = data_1d(N, 0.0);
  setup s;
  double star[2];
  dsc_error err;
  setup_default(&s);
  s.train.max_iterations = 2000;
  s.train.record_every = 0; /* automatic: tiny data, so ~500 points: ⌈2000/500⌉ = 4 */
  s.init[0] = 0.5;
  s.init[1] = -1.0;
  dsc_run *run = make_run(data, &s, 1);
  CHECK(dsc_run_record_every(run) == 4);
  CHECK(dsc_run_max_iterations(run) == 2000);
  CHECK(dsc_run_history_len(run) == 0);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  CHECK(dsc_run_iteration(run) == 2000);
  CHECK(dsc_run_history_len(run) == 501);
  CHECK(dsc_solve_least_squares(data, 0.0, star, &err) == DSC_OK);
  {
    const double obj_star = dsc_model_objective(&s.model, dsc_data_x_train(data),
                                                dsc_data_y_train(data), N, 1, star);
    CHECK_REL(last(run, DSC_HIST_TRAIN_LOSS), obj_star, 1e-6);
    CHECK_NEAR(dsc_run_params(run)[0], star[0], 1e-3);
    CHECK_NEAR(dsc_run_params(run)[1], star[1], 1e-3);
  }
  /* point 0 = the initial state */
  CHECK(col(run, DSC_HIST_ITERATION)[0] == 0);
  CHECK(col(run, DSC_HIST_EPOCH)[0] == 0);
  CHECK(col(run, DSC_HIST_SAMPLES)[0] == 0);
  CHECK(col(run, DSC_HIST_LR)[0] == 0.5);
  CHECK(col(run, DSC_HIST_PARAM0)[0] == 0.5);
  CHECK(col(run, DSC_HIST_PARAM1)[0] == -1.0);
  CHECK(col(run, DSC_HIST_TRAIN_LOSS)[0] ==
        dsc_model_objective(&s.model, dsc_data_x_train(data), dsc_data_y_train(data), N, 1, s.init));
  CHECK(isnan(col(run, DSC_HIST_TEST_LOSS)[0]));
  /* every 4th iteration, full batch: epoch = iteration */
  for (size_t k = 0; k < dsc_run_history_len(run); k++) {
    CHECK(col(run, DSC_HIST_ITERATION)[k] == 4.0 * (double)k);
    CHECK(col(run, DSC_HIST_EPOCH)[k] == 4.0 * (double)k);
    CHECK(col(run, DSC_HIST_SAMPLES)[k] == 80.0 * (double)k);
  }
  CHECK(last(run, DSC_HIST_PARAM0) == dsc_run_params(run)[0]);
  CHECK(last(run, DSC_HIST_PARAM1) == dsc_run_params(run)[1]);
  {
    int32_t status;
    CHECK(dsc_run_advance(run, 1, &status, &err) == DSC_ESTATE);
    CHECK(strstr(err.message, "ended") != NULL);
  }
  dsc_run_free(run);
  dsc_data_free(data);
}

/* History lengths for explicit record_every, the test column, and d > 1 (no parameter columns). */
static void test_history_layout(void) {
  dsc_data *data = data_1d(N, 0.25); /* 15 train, 5 test */
  setup s;
  setup_default(&s);
  s.train.max_iterations = 50;
  s.train.record_every = 7; /* points 0, 7, ..., 49 and the last state 50 */
  dsc_run *run = make_run(data, &s, 1);
  CHECK(dsc_data_n_train(data) == 15);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  CHECK(dsc_run_history_len(run) == 9);
  CHECK(col(run, DSC_HIST_ITERATION)[7] == 49);
  CHECK(col(run, DSC_HIST_ITERATION)[8] == 50);
  CHECK(col(run, DSC_HIST_TEST_LOSS)[0] ==
        dsc_model_loss(&s.model, dsc_data_x_test(data), dsc_data_y_test(data), 5, 1, s.init));
  CHECK(col(run, DSC_HIST_TEST_LOSS)[8] == dsc_model_loss(&s.model, dsc_data_x_test(data),
                                                          dsc_data_y_test(data), 5, 1,
                                                          dsc_run_params(run)));
  CHECK(dsc_run_history(run, DSC_HIST_COLUMNS) == NULL);
  dsc_run_free(run);
  dsc_data_free(data);

  {
    dsc_data *d2 = NULL;
    dsc_error err;
    CHECK(dsc_data_from_arrays(N, 2, X2, Y2, 0.0, 0, 7, &d2, &err) == DSC_OK);
    setup_default(&s);
    s.train.max_iterations = 10;
    s.optim.lr = 0.1;
    run = make_run(d2, &s, 1);
    CHECK(advance_all(run) == DSC_RUN_COMPLETED);
    CHECK(dsc_run_history_len(run) == 11);
    CHECK(isnan(col(run, DSC_HIST_PARAM0)[3]) && isnan(col(run, DSC_HIST_PARAM1)[3]));
    CHECK(last(run, DSC_HIST_TRAIN_LOSS) < col(run, DSC_HIST_TRAIN_LOSS)[0]);
    dsc_run_free(run);
    dsc_data_free(d2);
  }
}

/* float64 recomputation of full-batch GD on MSE: the first state whose objective exceeds factor × f₀. */
static int64_t reference_diverged_at(double lr, double factor, int max_it) {
  double w = 0, b = 0, f0 = 0;
  for (int i = 0; i <= max_it; i++) {
    double f = 0, gw = 0, gb = 0;
    for (int r = 0; r < N; r++) {
      double res = w * X1[r] + b - Y1[r]; /* MSE: (1/n) Σ r², ∇ = (2/n) Σ r·[x, 1] */
      f += res * res;
      gw += 2 * res * X1[r];
      gb += 2 * res;
    }
    f /= N;
    if (i == 0) f0 = f;
    if (!isfinite(f) || f > factor * f0) return i;
    w -= lr * gw / N;
    b -= lr * gb / N;
  }
  return -1;
}

static void test_divergence(void) {
  dsc_data *data = data_1d(N, 0.0);
  setup s;
  setup_default(&s);
  s.optim.lr = 5.0; /* stable only below 2/λ_max ≈ 0.79 */
  s.train.record_every = 10;
  dsc_run *run = make_run(data, &s, 1);
  const int64_t want = reference_diverged_at(5.0, 1e6, 100);
  CHECK(want > 0);
  CHECK(advance_all(run) == DSC_RUN_DIVERGED);
  CHECK(dsc_run_diverged_at(run) == want);
  CHECK(dsc_run_iteration(run) == want); /* the bad state is the final state */
  CHECK(last(run, DSC_HIST_ITERATION) == (double)want);
  CHECK(last(run, DSC_HIST_TRAIN_LOSS) > 1e6 * col(run, DSC_HIST_TRAIN_LOSS)[0]);
  dsc_run_free(run);

  /* a smaller factor stops earlier, at the same recomputed state */
  s.train.diverge_factor = 10;
  run = make_run(data, &s, 1);
  CHECK(advance_all(run) == DSC_RUN_DIVERGED);
  CHECK(dsc_run_diverged_at(run) == reference_diverged_at(5.0, 10, 100));
  dsc_run_free(run);

  /* mini-batches: every batch objective is checked, so divergedAt does not depend on the cadence */
  s.train.diverge_factor = 1e6;
  s.train.batch_size = 4;
  s.train.max_iterations = 1000;
  {
    int64_t at[3];
    const int32_t every[3] = {1, 7, 100};
    for (int c = 0; c < 3; c++) {
      s.train.record_every = every[c];
      run = make_run(data, &s, 1);
      CHECK(advance_all(run) == DSC_RUN_DIVERGED);
      at[c] = dsc_run_diverged_at(run);
      CHECK(at[c] > 0 && at[c] == dsc_run_iteration(run));
      CHECK(last(run, DSC_HIST_ITERATION) == (double)at[c]); /* the bad state is recorded */
      dsc_run_free(run);
    }
    CHECK(at[0] == at[1] && at[1] == at[2]);
  }
  dsc_data_free(data);
}

static void test_target_and_tolerance(void) {
  dsc_data *data = data_1d(N, 0.0);
  setup s;
  double star[2], obj_star;
  dsc_error err;
  CHECK(dsc_solve_least_squares(data, 0.0, star, &err) == DSC_OK);
  setup_default(&s);
  obj_star = dsc_model_objective(&s.model, dsc_data_x_train(data), dsc_data_y_train(data), N, 1, star);
  s.train.max_iterations = 1000;
  s.train.target_loss = 2 * obj_star;
  dsc_run *run = make_run(data, &s, 1);
  CHECK(advance_all(run) == DSC_RUN_TARGET_REACHED);
  {
    const size_t len = dsc_run_history_len(run);
    CHECK(dsc_run_iteration(run) < 1000);
    CHECK(last(run, DSC_HIST_ITERATION) == (double)dsc_run_iteration(run));
    CHECK(last(run, DSC_HIST_TRAIN_LOSS) <= 2 * obj_star);
    CHECK(col(run, DSC_HIST_TRAIN_LOSS)[len - 2] > 2 * obj_star); /* the first state below target */
    CHECK(dsc_run_diverged_at(run) == -1);
  }
  dsc_run_free(run);

  /* tolerance: stops when the relative change between evaluations drops below 1e-9 */
  s.train.target_loss = -INFINITY;
  s.train.tolerance = 1e-9;
  s.train.max_iterations = 100000;
  s.train.record_every = 100;
  run = make_run(data, &s, 1);
  CHECK(advance_all(run) == DSC_RUN_CONVERGED);
  CHECK(dsc_run_iteration(run) < 100000);
  CHECK_REL(last(run, DSC_HIST_TRAIN_LOSS), obj_star, 1e-6);
  dsc_run_free(run);

  /* a target met by the initial state stops at once */
  s.train.tolerance = 0;
  s.train.target_loss = 1e9;
  s.train.batch_size = 5;
  run = make_run(data, &s, 1);
  CHECK(advance_all(run) == DSC_RUN_TARGET_REACHED);
  CHECK(dsc_run_iteration(run) == 0 && dsc_run_history_len(run) == 1);
  dsc_run_free(run);
  dsc_data_free(data);
}

/* An objective that reaches exactly 0 converges: y = 2x + 1 exactly in float32 (x = i/8), started at
   the solution, so every residual is 0 and every state has f = 0 (0/0 used to make the relative test
   NaN, and the run went on to its budget). */
static void test_tolerance_at_zero(void) {
  enum { NZ = 16 };
  float X[NZ], y[NZ];
  dsc_data *data = NULL;
  setup s;
  for (int i = 0; i < NZ; i++) {
    X[i] = (float)i / 8.0f;
    y[i] = 2.0f * X[i] + 1.0f;
  }
  CHECK(dsc_data_from_arrays(NZ, 1, X, y, 0.0, 0, 1, &data, NULL) == DSC_OK);
  setup_default(&s);
  s.init[0] = 2.0;
  s.init[1] = 1.0;
  s.train.tolerance = 1e-6;
  /* full batch: state 0 is the first evaluation, state 1 (unchanged) the second */
  dsc_run *run = make_run(data, &s, 1);
  CHECK(advance_all(run) == DSC_RUN_CONVERGED);
  CHECK(dsc_run_iteration(run) == 1);
  CHECK(last(run, DSC_HIST_TRAIN_LOSS) == 0.0 && col(run, DSC_HIST_TRAIN_LOSS)[0] == 0.0);
  CHECK(dsc_run_params(run)[0] == 2.0 && dsc_run_params(run)[1] == 1.0);
  dsc_run_free(run);
  /* mini-batches: the checks run at recorded points (every 3rd update) */
  s.train.batch_size = 4;
  s.train.record_every = 3;
  run = make_run(data, &s, 1);
  CHECK(advance_all(run) == DSC_RUN_CONVERGED);
  CHECK(dsc_run_iteration(run) == 3);
  dsc_run_free(run);
  /* tolerance 0 still disables the test: the run uses its whole budget */
  s.train.tolerance = 0;
  run = make_run(data, &s, 1);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  CHECK(dsc_run_iteration(run) == 100);
  dsc_run_free(run);
  dsc_data_free(data);
}

/* dsc_run_samples and dsc_run_max_samples against hand counts: n_train 80, an epoch of B = 16 is 5
   updates of 16 rows; of B = 7, 12 updates (11 of 7 rows, then 3). */
static void test_samples(void) {
  dsc_data_config dc;
  dsc_data *data = NULL;
  setup s;
  dsc_data_config_default(&dc, DSC_GEN_LINEAR); /* 100 rows, test_fraction 0.2: 80 training rows */
  CHECK(dsc_data_generate(&dc, 4, &data, NULL) == DSC_OK);
  CHECK(dsc_data_n_train(data) == 80);
  static const struct {
    int32_t B;
    double iterations, epochs;
    int64_t updates, samples;
  } cases[] = {
      {16, 37, 0, 37, 7 * 80 + 2 * 16},   /* 37 = 7 epochs of 5 + 2 updates */
      {7, 37, 0, 37, 3 * 80 + 1 * 7},     /* 37 = 3 epochs of 12 + 1 */
      {16, 0, 2.5, 13, 2 * 80 + 3 * 16},  /* half an epoch is 40 rows: ⌈40/16⌉ = 3 more updates */
      {7, 0, 2.5, 30, 2 * 80 + 6 * 7},    /* ⌈40/7⌉ = 6 more updates */
      {7, 0, 1, 12, 80},                  /* one whole epoch, its last batch 3 rows */
      {7, 20, 2.5, 20, 80 + 8 * 7},       /* both set: the 20 updates come first */
      {0, 10, 0, 10, 10 * 80},            /* full batch */
  };
  setup_default(&s);
  s.optim.lr = 0.01;
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    s.train.batch_size = cases[k].B;
    s.train.max_iterations = cases[k].iterations;
    s.train.max_epochs = cases[k].epochs;
    dsc_run *run = make_run(data, &s, 1);
    int32_t status;
    CHECK(dsc_run_max_iterations(run) == cases[k].updates);
    CHECK(dsc_run_max_samples(run) == cases[k].samples);
    CHECK(dsc_run_samples(run) == 0);
    CHECK(dsc_run_advance(run, 5, &status, NULL) == DSC_OK);
    CHECK(dsc_run_samples(run) == 5 * (cases[k].B ? cases[k].B : 80)); /* 5 updates, none short */
    CHECK(advance_all(run) == DSC_RUN_COMPLETED);
    CHECK(dsc_run_samples(run) == cases[k].samples);
    CHECK(last(run, DSC_HIST_SAMPLES) == (double)cases[k].samples);
    dsc_run_free(run);
  }
  dsc_data_free(data);
}

static int same_history(const dsc_run *a, const dsc_run *b) {
  if (dsc_run_history_len(a) != dsc_run_history_len(b)) return 0;
  for (int c = 0; c < DSC_HIST_COLUMNS; c++)
    if (memcmp(dsc_run_history(a, (dsc_history_column)c), dsc_run_history(b, (dsc_history_column)c),
               dsc_run_history_len(a) * sizeof(double)) != 0)
      return 0;
  return memcmp(dsc_run_params(a), dsc_run_params(b), 2 * sizeof(double)) == 0;
}

/* Advancing in chunks of 7 gives the same bits as one call; the same seed gives the same run. */
static void test_determinism(void) {
  dsc_data *data = data_1d(N, 0.25);
  setup s;
  setup_default(&s);
  dsc_optim_config_default(&s.optim, DSC_OPTIM_ADAM);
  s.optim.lr = 0.05;
  dsc_sched_config_default(&s.sched, DSC_SCHED_PLATEAU);
  s.sched.patience = 1;
  s.train.batch_size = 4; /* 15 train rows: 4 updates per epoch, the last of 3 rows */
  s.train.max_iterations = 0;
  s.train.max_epochs = 25;
  s.train.record_every = 3;
  dsc_run *one = make_run(data, &s, 99);
  dsc_run *chunked = make_run(data, &s, 99);
  dsc_run *other = make_run(data, &s, 100);
  CHECK(dsc_run_max_iterations(one) == 100);
  CHECK(advance_all(one) == DSC_RUN_COMPLETED);
  {
    int32_t status = DSC_RUN_RUNNING;
    dsc_error err;
    int calls = 0;
    while (status == DSC_RUN_RUNNING) {
      CHECK(dsc_run_advance(chunked, 7, &status, &err) == DSC_OK);
      calls++;
    }
    CHECK(calls == 15); /* ⌈100/7⌉ */
    CHECK(status == DSC_RUN_COMPLETED);
  }
  CHECK(same_history(one, chunked));
  CHECK(advance_all(other) == DSC_RUN_COMPLETED);
  CHECK(!same_history(one, other)); /* another shuffle order */
  CHECK(dsc_run_epoch(one) == 25.0);
  dsc_run_free(other);
  other = make_run(data, &s, 99);
  CHECK(advance_all(other) == DSC_RUN_COMPLETED);
  CHECK(same_history(one, other));
  dsc_run_free(one);
  dsc_run_free(chunked);
  dsc_run_free(other);
  dsc_data_free(data);
}

/* Full batch takes a due history point from the next update's pass (or, when a chunk ends on it,
   evaluates it at the end of dsc_run_advance): chunk ends on and off record points give the same
   bits, and after every call the history holds every point due so far. */
static void test_full_batch_record_points(void) {
  dsc_data *data = data_1d(N, 0.25);
  setup s;
  setup_default(&s);
  s.train.max_iterations = 22;
  s.train.record_every = 4;
  dsc_run *one = make_run(data, &s, 5);
  CHECK(advance_all(one) == DSC_RUN_COMPLETED);
  CHECK(dsc_run_history_len(one) == 1 + 5 + 1); /* 0, 4, …, 20 and the last state, 22 */
  for (int64_t chunk = 1; chunk <= 5; chunk++) {
    dsc_run *chunked = make_run(data, &s, 5);
    int32_t status = DSC_RUN_RUNNING;
    dsc_error err;
    int ok = 1;
    while (status == DSC_RUN_RUNNING) {
      CHECK(dsc_run_advance(chunked, chunk, &status, &err) == DSC_OK);
      const int64_t it = dsc_run_iteration(chunked);
      const size_t due = 1 + (size_t)(it / 4) + (status != DSC_RUN_RUNNING && it % 4 != 0);
      ok &= dsc_run_history_len(chunked) == due;
    }
    CHECK(ok);
    CHECK(same_history(one, chunked));
    dsc_run_free(chunked);
  }
  dsc_run_free(one);
  dsc_data_free(data);
}

/* Shuffled mini-batches gather their rows ahead into the run's stage; the updates must still be those
   of the shuffle stream's order, bit for bit: two epochs of a run against a hand loop over
   dsc_rng_shuffle's permutation and the kernel reading the rows through the index list. Batch sizes
   below, at and above the stage size (256 rows), with a short last batch per epoch. */
static void test_shuffled_batches(void) {
  enum { NB = 700, DB = 3 };
  dsc_data_config cfg;
  dsc_data *data = NULL;
  dsc_data_config_default(&cfg, DSC_GEN_LINEAR);
  cfg.n = NB;
  cfg.d = DB;
  cfg.test_fraction = 0.0;
  CHECK(dsc_data_generate(&cfg, 11, &data, NULL) == DSC_OK);
  static const int32_t batches[] = {1, 3, 7, 64, 256, 300, NB - 1};
  for (size_t k = 0; k < sizeof batches / sizeof batches[0]; k++) {
    const int32_t B = batches[k];
    dsc_model_config model;
    dsc_optim_config optim;
    dsc_sched_config sched;
    dsc_train_config train;
    double init[DB + 1] = {0.5, -0.25, 1.0, 0.125}, p[DB + 1], g[DB + 1];
    uint32_t perm[NB];
    dsc_rng rng;
    dsc_run *run = NULL;
    dsc_model_config_default(&model);
    dsc_optim_config_default(&optim, DSC_OPTIM_SGD);
    optim.lr = 0.01;
    dsc_sched_config_default(&sched, DSC_SCHED_CONSTANT);
    dsc_train_config_default(&train);
    train.batch_size = B;
    train.max_iterations = 0;
    train.max_epochs = 2;
    CHECK(dsc_run_create(data, &model, &optim, &sched, &train, init, 21, &run, NULL) == DSC_OK);
    CHECK(advance_all(run) == DSC_RUN_COMPLETED);
    /* the hand loop: run_lossgrad's and sgd_step's arithmetic, rows through the index list */
    memcpy(p, init, sizeof p);
    dsc_rng_stream(&rng, 21, DSC_STREAM_SHUFFLE);
    for (int epoch = 0; epoch < 2; epoch++) {
      for (uint32_t i = 0; i < NB; i++) perm[i] = i;
      dsc_rng_shuffle(&rng, perm, NB);
      for (size_t pos = 0; pos < NB; pos += (size_t)B) {
        const size_t rows = NB - pos < (size_t)B ? NB - pos : (size_t)B;
        dsc_batch batch = {dsc_data_x_train(data), dsc_data_y_train(data), perm + pos, rows, DB};
        float wf[DB];
        double loss = 0;
        for (int j = 0; j < DB; j++) wf[j] = (float)p[j];
        memset(g, 0, sizeof g);
        dsc_lossgrad_kernel()(&batch, wf, (float)p[DB], DSC_LOSS_MSE, 1.0f, &loss, g);
        for (int j = 0; j <= DB; j++) p[j] = p[j] - 0.01 * (g[j] * (1.0 / (double)rows));
      }
    }
    if (memcmp(p, dsc_run_params(run), sizeof p) != 0)
      fprintf(stderr, "batch %d: run w0 %.17g, hand loop %.17g\n", (int)B, dsc_run_params(run)[0], p[0]);
    CHECK(memcmp(p, dsc_run_params(run), sizeof p) == 0);
    dsc_run_free(run);
  }
  dsc_data_free(data);
}

/* n_train = 10, B = 4: batches of 4, 4, 2 rows, so epoch 1.0 after 3 updates. */
static void test_epochs(void) {
  dsc_data *data = data_1d(10, 0.0);
  setup s;
  setup_default(&s);
  s.optim.lr = 0.05;
  s.train.batch_size = 4;
  s.train.max_iterations = 0;
  s.train.max_epochs = 2;
  dsc_run *run = make_run(data, &s, 5);
  CHECK(dsc_run_max_iterations(run) == 6);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  {
    const double epoch[7] = {0, 0.4, 0.8, 1.0, 1.4, 1.8, 2.0};
    const double samples[7] = {0, 4, 8, 10, 14, 18, 20};
    CHECK(dsc_run_history_len(run) == 7);
    for (int k = 0; k < 7; k++) {
      CHECK(col(run, DSC_HIST_EPOCH)[k] == epoch[k]);
      CHECK(col(run, DSC_HIST_SAMPLES)[k] == samples[k]);
      CHECK(col(run, DSC_HIST_ITERATION)[k] == k);
    }
  }
  dsc_run_free(run);

  /* 1.5 epochs: the first update after which epoch >= 1.5 is the 5th (epoch 1.8) */
  s.train.max_epochs = 1.5;
  run = make_run(data, &s, 5);
  CHECK(dsc_run_max_iterations(run) == 5);
  dsc_run_free(run);
  /* both limits: the smaller applies */
  s.train.max_epochs = 10;
  s.train.max_iterations = 4;
  run = make_run(data, &s, 5);
  CHECK(dsc_run_max_iterations(run) == 4);
  dsc_run_free(run);
  /* 3 epochs with B = 3 (4 updates per epoch: 3, 3, 3, 1 rows) */
  s.train.batch_size = 3;
  s.train.max_epochs = 3;
  s.train.max_iterations = 0;
  run = make_run(data, &s, 5);
  CHECK(dsc_run_max_iterations(run) == 12);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  CHECK(dsc_run_epoch(run) == 3.0);
  dsc_run_free(run);
  dsc_data_free(data);
}

/* Per-epoch schedules change lr only at epoch boundaries; per-iteration ones after every update. */
static void test_schedule_placement(void) {
  dsc_data *data = data_1d(10, 0.0);
  setup s;
  setup_default(&s);
  s.optim.lr = 0.08;
  dsc_sched_config_default(&s.sched, DSC_SCHED_STEP);
  s.sched.step_size = 1;
  s.sched.gamma = 0.5;
  s.train.batch_size = 4;
  s.train.max_iterations = 9; /* three epochs */
  dsc_run *run = make_run(data, &s, 5);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  {
    /* point k carries the lr of update k + 1: epochs end after updates 3, 6, 9 */
    const double want[10] = {0.08, 0.08, 0.08, 0.04, 0.04, 0.04, 0.02, 0.02, 0.02, 0.01};
    CHECK(dsc_run_history_len(run) == 10);
    for (int k = 0; k < 10; k++) CHECK(col(run, DSC_HIST_LR)[k] == want[k]);
  }
  dsc_run_free(run);

  s.sched.per = DSC_PER_ITERATION;
  run = make_run(data, &s, 5);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  for (int k = 0; k < 10; k++) CHECK(col(run, DSC_HIST_LR)[k] == 0.08 * pow(0.5, k));
  dsc_run_free(run);

  /* plateau per epoch, patience 0, factor 0.5: lr can only change at epoch boundaries */
  dsc_sched_config_default(&s.sched, DSC_SCHED_PLATEAU);
  s.sched.patience = 0;
  s.sched.factor = 0.5;
  s.optim.lr = 0.9; /* too large: the epoch objective does not improve every epoch */
  s.train.max_iterations = 30;
  run = make_run(data, &s, 5);
  advance_all(run);
  {
    int changes = 0;
    for (size_t k = 1; k < dsc_run_history_len(run); k++)
      if (col(run, DSC_HIST_LR)[k] != col(run, DSC_HIST_LR)[k - 1]) {
        changes++;
        CHECK((int64_t)col(run, DSC_HIST_ITERATION)[k] % 3 == 0);
      }
    CHECK(changes >= 1);
  }
  dsc_run_free(run);
  dsc_data_free(data);
}

/* Bold driver: a worsening step is undone (parameters back, lr halved); improving steps grow lr. */
static void test_bold_driver(void) {
  dsc_data *data = data_1d(N, 0.0);
  setup s;
  int undone = 0, kept = 0;
  setup_default(&s);
  s.optim.lr = 2.0; /* far too large at first */
  dsc_sched_config_default(&s.sched, DSC_SCHED_BOLD_DRIVER);
  s.sched.per = DSC_PER_ITERATION;
  s.train.max_iterations = 200;
  dsc_run *run = make_run(data, &s, 1);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  {
    const double *loss = col(run, DSC_HIST_TRAIN_LOSS), *lr = col(run, DSC_HIST_LR);
    const double *p0 = col(run, DSC_HIST_PARAM0), *p1 = col(run, DSC_HIST_PARAM1);
    double best = loss[0];
    CHECK(dsc_run_history_len(run) == 201);
    CHECK(lr[0] == 2.0);
    CHECK(loss[1] == loss[0] && p0[1] == p0[0] && p1[1] == p1[0] && lr[1] == 1.0); /* undone */
    for (size_t k = 1; k < dsc_run_history_len(run); k++) {
      if (loss[k] < best) best = loss[k];
      CHECK(loss[k] <= best * (1 + s.sched.threshold));
      if (lr[k] == lr[k - 1] * 1.05) { /* kept: the step did not worsen the loss beyond noise */
        kept++;
      } else { /* undone: lr halved, back to the previous parameters and loss */
        undone++;
        CHECK(lr[k] == lr[k - 1] * 0.5);
        CHECK(p0[k] == p0[k - 1] && p1[k] == p1[k - 1]);
        CHECK(loss[k] == loss[k - 1]);
      }
    }
    CHECK(undone >= 2 && kept > 30);
    /* at convergence lr hovers instead of halving to 0 (steps that do not worsen are kept) */
    CHECK(lr[dsc_run_history_len(run) - 1] > 1e-3);
  }
  dsc_run_free(run);

  /* per epoch with mini-batches: the objective at epoch boundaries never rises beyond the threshold */
  s.sched.per = DSC_PER_EPOCH;
  s.optim.lr = 1.5;
  s.train.batch_size = 6; /* 4 updates per epoch */
  s.train.record_every = 4;
  s.train.max_iterations = 200;
  s.train.tolerance = 1e-12; /* an undone epoch must not count as convergence */
  run = make_run(data, &s, 3);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  {
    const double *loss = col(run, DSC_HIST_TRAIN_LOSS);
    int halved = 0;
    double best = loss[0];
    for (size_t k = 1; k < dsc_run_history_len(run); k++) {
      if (loss[k] < best) best = loss[k];
      CHECK(loss[k] <= best * (1 + s.sched.threshold));
      halved += col(run, DSC_HIST_LR)[k] < col(run, DSC_HIST_LR)[k - 1];
    }
    CHECK(halved >= 1);
  }
  dsc_run_free(run);
  dsc_data_free(data);
}

static int create_fails(const dsc_data *data, const setup *s, dsc_status want, const char *prefix);

/* The run's length reaches the schedule: cosine's default T_max ends at η_min with the run, per
   iteration and per epoch (10 rows, batch 4: 3 updates an epoch; 10 updates start 4 epochs). */
static void test_run_length_schedules(void) {
  dsc_data *data = data_1d(10, 0.0);
  setup s;
  dsc_run *run;
  setup_default(&s);
  s.optim.lr = 0.1;
  dsc_sched_config_default(&s.sched, DSC_SCHED_COSINE);
  s.sched.per = DSC_PER_ITERATION;
  s.train.max_iterations = 16;
  run = make_run(data, &s, 1);
  advance_all(run);
  CHECK_NEAR(col(run, DSC_HIST_LR)[8], 0.05, 1e-15); /* half way through 16 updates */
  CHECK_NEAR(last(run, DSC_HIST_LR), 0.0, 1e-17);     /* not T_max 100 */
  dsc_run_free(run);
  s.sched.per = DSC_PER_EPOCH;
  s.train.batch_size = 4;
  s.train.max_iterations = 10; /* epochs 1..3 complete, the 4th is started: length 4 */
  run = make_run(data, &s, 1);
  advance_all(run);
  CHECK_NEAR(col(run, DSC_HIST_LR)[9], 0.1 * (1 + cos(3.14159265358979323846 * 3 / 4)) / 2, 1e-16);
  dsc_run_free(run);
  dsc_data_free(data);
}

/* cycle_momentum writes the schedule's momentum into the optimizer before every step, as torch's
   OneCycleLR writes the param group: SGD with momentum 0 configured still gets a momentum buffer. */
static void test_momentum_cycling(void) {
  dsc_data *data = data_1d(N, 0.0);
  setup s, plain;
  dsc_run *a, *b;
  setup_default(&s);
  s.optim.lr = 0.1;
  dsc_sched_config_default(&s.sched, DSC_SCHED_ONE_CYCLE);
  s.sched.per = DSC_PER_ITERATION;
  s.train.max_iterations = 30;
  plain = s;
  s.sched.cycle_momentum = 1;
  a = make_run(data, &s, 1);
  b = make_run(data, &plain, 1);
  advance_all(a);
  advance_all(b);
  CHECK(col(a, DSC_HIST_LR)[10] == col(b, DSC_HIST_LR)[10]); /* same rates */
  CHECK(fabs(last(a, DSC_HIST_PARAM0) - last(b, DSC_HIST_PARAM0)) > 1e-3); /* momentum changes the path */
  dsc_run_free(a);
  dsc_run_free(b);
  /* optimizers without momentum or betas refuse it, as torch raises */
  dsc_optim_config_default(&s.optim, DSC_OPTIM_ADAGRAD);
  CHECK(create_fails(data, &s, DSC_EINVAL, "cycle_momentum: optimizer kind 1 has no momentum or betas"));
  dsc_optim_config_default(&s.optim, DSC_OPTIM_ADAM);
  CHECK((a = make_run(data, &s, 1)) != NULL);
  dsc_run_free(a);
  dsc_sched_config_default(&s.sched, DSC_SCHED_CYCLIC); /* torch 1.13's CyclicLR: momentum only */
  s.sched.max_lr = 0.5, s.sched.cycle_momentum = 1;
  CHECK(create_fails(data, &s, DSC_EINVAL, "cycle_momentum: optimizer kind 3 has no momentum to cycle"));
  /* an explicit total_steps shorter than the run: OneCycleLR would raise */
  dsc_optim_config_default(&s.optim, DSC_OPTIM_SGD);
  dsc_sched_config_default(&s.sched, DSC_SCHED_ONE_CYCLE);
  s.sched.per = DSC_PER_ITERATION;
  s.sched.total_steps = 29;
  CHECK(create_fails(data, &s, DSC_EINVAL, "total_steps: the run takes 30 schedule steps (per iteration), more than total_steps 29"));
  s.sched.total_steps = 30;
  CHECK((a = make_run(data, &s, 1)) != NULL);
  dsc_run_free(a);
  s.sched.pct_start = 1.0 / 30.0; /* 30·(1/30) − 1 = 0: an empty first phase */
  CHECK(create_fails(data, &s, DSC_EINVAL, "pct_start:"));
  dsc_data_free(data);
}

static int create_fails(const dsc_data *data, const setup *s, dsc_status want, const char *prefix) {
  dsc_run *run = (dsc_run *)&run; /* must be reset to NULL */
  dsc_error err;
  memset(err.message, 0, sizeof err.message);
  dsc_status st = dsc_run_create(data, &s->model, &s->optim, &s->sched, &s->train, s->init, 1, &run,
                                 &err);
  if (st != want || strncmp(err.message, prefix, strlen(prefix)) != 0) {
    fprintf(stderr, "create: status %d \"%s\", want %d \"%s...\"\n", (int)st, err.message, (int)want,
            prefix);
    return 0;
  }
  return run == NULL;
}

static void test_validation(void) {
  dsc_data *data = data_1d(N, 0.0);
  setup s;
  dsc_error err;
  setup_default(&s);
  s.train.batch_size = N + 1;
  CHECK(create_fails(data, &s, DSC_EINVAL, "batch_size:"));
  setup_default(&s);
  s.init[1] = NAN;
  CHECK(create_fails(data, &s, DSC_EINVAL, "init[1]: must be finite"));
  setup_default(&s);
  s.optim.lr = -0.1;
  CHECK(create_fails(data, &s, DSC_EINVAL, "lr: must be > 0"));
  setup_default(&s);
  s.sched.kind = DSC_SCHED_STEP;
  s.sched.step_size = 0;
  CHECK(create_fails(data, &s, DSC_EINVAL, "step_size:"));
  setup_default(&s);
  s.model.loss = DSC_LOSS_BCE;
  CHECK(create_fails(data, &s, DSC_EINVAL, "loss:"));
  setup_default(&s);
  s.model.kind = DSC_MODEL_LOGISTIC;
  s.model.loss = DSC_LOSS_BCE;
  CHECK(create_fails(data, &s, DSC_EINVAL, "y:")); /* targets are not 0/1 */
  setup_default(&s);
  s.train.max_iterations = 0;
  CHECK(create_fails(data, &s, DSC_EINVAL, "max_iterations:"));
  s.train.max_iterations = 2.5;
  CHECK(create_fails(data, &s, DSC_EINVAL, "max_iterations:"));
  s.train.max_iterations = 1e9;
  s.train.record_every = 1;
  CHECK(create_fails(data, &s, DSC_EINVAL, "record_every:"));
  s.train.record_every = 1000; /* 1,000,001 points */
  CHECK(create_fails(data, &s, DSC_EINVAL, "record_every:"));
  s.train.record_every = 1001;
  CHECK(dsc_train_config_check(&s.train, N, &err) == DSC_OK);
  s.train.max_iterations = 0;
  s.train.max_epochs = 1e9; /* 1e9 updates at full batch: allowed; 1e9 at B = 1 is 2e10 */
  s.train.batch_size = 1;
  CHECK(create_fails(data, &s, DSC_EINVAL, "max_epochs:"));
  setup_default(&s);
  s.train.diverge_factor = 1;
  CHECK(create_fails(data, &s, DSC_EINVAL, "diverge_factor:"));
  setup_default(&s);
  s.train.tolerance = -1;
  CHECK(create_fails(data, &s, DSC_EINVAL, "tolerance:"));
  setup_default(&s);
  s.train.shuffle = 2;
  CHECK(create_fails(data, &s, DSC_EINVAL, "shuffle:"));
  setup_default(&s);
  {
    dsc_run *run = make_run(data, &s, 1);
    int32_t status;
    CHECK(dsc_run_advance(run, 0, &status, &err) == DSC_EINVAL);
    CHECK(strncmp(err.message, "max_updates:", 12) == 0);
    dsc_run_free(run);
  }
  dsc_train_config_default(&s.train);
  CHECK(s.train.batch_size == 0 && s.train.shuffle == 1 && s.train.record_every == 0 &&
        s.train.max_iterations == 1000 && s.train.diverge_factor == 1e6 &&
        isinf(s.train.target_loss));
  CHECK(dsc_train_config_check(&s.train, N, &err) == DSC_OK);
  dsc_run_free(NULL);
  dsc_data_free(data);
}

/* One round of create/advance/free over every optimizer, schedule and batch mode, plus failed creates. */
static void create_free_round(const dsc_data *data) {
  setup s;
  for (int i = 0; i < 60; i++) {
    setup_default(&s);
    dsc_optim_config_default(&s.optim, (dsc_optim_kind)(i % 5));
    s.optim.amsgrad = i % 2;
    s.optim.lr = 0.01;
    dsc_sched_config_default(&s.sched, (dsc_sched_kind)(i % 7));
    s.train.batch_size = i % 3 == 0 ? 0 : 4;
    s.train.record_every = i % 4;
    s.train.max_iterations = 37;
    dsc_run *run = make_run(data, &s, (uint64_t)i);
    if (run) {
      int32_t status;
      dsc_error err;
      dsc_run_advance(run, 10, &status, &err);
      dsc_run_free(run);
    }
    s.init[0] = INFINITY;
    CHECK(create_fails(data, &s, DSC_EINVAL, "init[0]"));
  }
}

/* Creating, running and freeing many runs leaves the heap as it was. glibc keeps up to 7 freed chunks
   per size in its thread cache and mallinfo counts them as in use, so a first round warms the cache up
   and the measured rounds must then leave the count unchanged. */
static void test_no_leaks(void) {
  dsc_data *data = data_1d(N, 0.25);
  create_free_round(data);
  create_free_round(data);
  const size_t before = dsc_heap_used();
  for (int r = 0; r < 5; r++) create_free_round(data);
  CHECK(dsc_heap_used() == before);
  dsc_data_free(data);
}

/* The running estimate of a mini-batch run: every ⌈budget/500⌉ updates the batch-size-weighted mean of
   the batch objectives since the previous point (each on the state before its update), recomputed here
   from the parameters of a twin run advanced one update at a time; none for full batch or a dense
   history; a last point for the updates since when the run ends off the cadence. */
static void test_estimate(void) {
  dsc_data *data = data_1d(N, 0.0);
  const float *X = dsc_data_x_train(data), *Y = dsc_data_y_train(data);
  setup s;
  setup_default(&s);
  s.optim.lr = 0.05;
  s.train.batch_size = 3; /* 7 updates an epoch of 20 rows, the last of 2 rows */
  s.train.shuffle = 0;
  s.train.max_iterations = 2001;
  s.train.record_every = 100;
  dsc_run *run = make_run(data, &s, 1), *twin = make_run(data, &s, 1);
  CHECK(dsc_run_estimate_every(run) == 5); /* ⌈2001/500⌉ */
  CHECK(dsc_run_estimate_len(run) == 0);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  CHECK(dsc_run_estimate_len(run) == 401); /* 400 on the cadence, then update 2001 alone */
  {
    const double *it = dsc_run_estimate(run, DSC_EST_ITERATION);
    const double *sm = dsc_run_estimate(run, DSC_EST_SAMPLES);
    const double *bl = dsc_run_estimate(run, DSC_EST_BATCH_LOSS);
    double sum = 0, rows = 0, worst = 0;
    size_t k = 0;
    int64_t pos = 0, samples = 0;
    dsc_error err;
    for (int64_t i = 1; i <= 2001; i++) {
      const int64_t b = pos + 3 <= N ? 3 : N - pos;
      sum += dsc_model_loss(&s.model, X + pos, Y + pos, (size_t)b, 1, dsc_run_params(twin)) * (double)b;
      rows += (double)b;
      samples += b;
      pos = (pos + b) % N;
      CHECK(dsc_run_advance(twin, 1, NULL, &err) == DSC_OK);
      if (i % 5 == 0 || i == 2001) {
        CHECK(it[k] == (double)i);
        CHECK(sm[k] == (double)samples);
        worst = fmax(worst, fabs(bl[k] - sum / rows) / (sum / rows));
        sum = rows = 0;
        k++;
      }
    }
    CHECK(k == 401);
    CHECK(worst < 1e-6); /* the loss-only kernel rounds its float32 sums differently */
  }
  dsc_run_free(twin);
  dsc_run_free(run);
  /* full batch, or a history as dense as the estimate: none */
  s.train.batch_size = 0;
  run = make_run(data, &s, 1);
  CHECK(dsc_run_estimate_every(run) == 0);
  CHECK(advance_all(run) == DSC_RUN_COMPLETED);
  CHECK(dsc_run_estimate_len(run) == 0);
  CHECK(dsc_run_estimate(run, DSC_EST_BATCH_LOSS) == NULL);
  dsc_run_free(run);
  s.train.batch_size = 3;
  s.train.record_every = 5;
  run = make_run(data, &s, 1);
  CHECK(dsc_run_estimate_every(run) == 0);
  dsc_run_free(run);
  /* a run that diverges keeps the updates up to its end */
  s.train.record_every = 1000;
  s.optim.lr = 50;
  run = make_run(data, &s, 1);
  CHECK(advance_all(run) == DSC_RUN_DIVERGED);
  CHECK(dsc_run_estimate_len(run) >= 1);
  CHECK(dsc_run_estimate(run, DSC_EST_ITERATION)[dsc_run_estimate_len(run) - 1] == (double)dsc_run_iteration(run));
  CHECK(dsc_run_estimate(run, DSC_EST_COLUMNS) == NULL);
  dsc_run_free(run);
  dsc_data_free(data);
}

int main(void) {
  make_data();
  test_auto_record_every();
  test_gd_closed_form();
  test_history_layout();
  test_divergence();
  test_target_and_tolerance();
  test_tolerance_at_zero();
  test_samples();
  test_determinism();
  test_full_batch_record_points();
  test_shuffled_batches();
  test_epochs();
  test_schedule_placement();
  test_bold_driver();
  test_validation();
  test_run_length_schedules();
  test_momentum_cycling();
  test_estimate();
  test_no_leaks();
  return check_summary("test_train");
}
