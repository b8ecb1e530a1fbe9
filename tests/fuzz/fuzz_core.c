/* fuzz_core.c — libFuzzer harness over descent's public C API (core/include/descent.h), built with
 * clang -fsanitize=fuzzer,address,undefined (CMake option DSC_FUZZ; `npm run test:fuzz` builds it and
 * runs a short fixed campaign). One input drives, from its bytes:
 *   data       a generator config (every field, in and out of range) or user arrays (any float bits)
 *   model      a model config; the objective, the loss and the metrics of fuzzed parameters
 *   solve      the closed form in one go and in steps of fuzzed sizes (the same bits either way)
 *   runs       up to 3 runs: optimizer, schedule and train configs (every field), fuzzed initial
 *              parameters, advanced in fuzzed chunks; the history read back
 * The core must refuse what it cannot do with a status, never crash, leak or invoke undefined
 * behaviour. Sizes are clamped (rows <= 256, features <= 16, updates <= 3000 per run) so that an input
 * runs in milliseconds; the limits themselves are checked with sizes the core refuses before it
 * allocates (a huge n is passed as is to dsc_data_config_check).
 *
 *   build/fuzz/fuzz_core tests/fuzz/corpus            # as long as one likes
 *   build/fuzz/fuzz_core -runs=20000 -seed=1 tests/fuzz/corpus   # what npm test runs
 * A crash input becomes a regression: copy it into tests/fuzz/corpus/ (every run replays the corpus). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "descent.h"

typedef struct {
  const uint8_t *p;
  size_t n;
} input;

static uint8_t u8(input *in) {
  if (in->n == 0) return 0;
  in->n--;
  return *in->p++;
}

static uint32_t u32(input *in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v = (v << 8) | u8(in);
  return v;
}

/* An integer in [lo, hi] (hi - lo < 2^32). */
static int64_t range(input *in, int64_t lo, int64_t hi) {
  return lo + (int64_t)(u32(in) % (uint64_t)(hi - lo + 1));
}

/* A double: mostly values that matter at boundaries, sometimes raw bits. */
static double num(input *in) {
  static const double special[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 0.1, 0.9, 0.99, 1e-8, 1e-300,
                                   5e-324, 1e300, 1.7976931348623157e308, 3.4028234663852886e38,
                                   3.5e38, 1e6, 1e-45, 0.999999, 1.000001, 3.0, 10.0, 100.0, 1e9};
  uint8_t sel = u8(in);
  if (sel < 96) return special[sel % (sizeof special / sizeof special[0])];
  if (sel < 112) return sel & 1 ? INFINITY : (sel & 2 ? -INFINITY : NAN);
  if (sel < 200) return (double)(int32_t)u32(in) / 1024.0;
  uint64_t bits = ((uint64_t)u32(in) << 32) | u32(in);
  double v;
  memcpy(&v, &bits, sizeof v);
  return v;
}

/* An int32 field: small values around the valid ranges, sometimes any value. */
static int32_t i32(input *in, int32_t lo, int32_t hi) {
  uint8_t sel = u8(in);
  if (sel < 200) return (int32_t)range(in, lo, hi);
  return (int32_t)u32(in);
}

static int maybe(input *in) { return u8(in) & 1; }

static void fill_data_config(input *in, dsc_data_config *cfg, double *weights, double *scales,
                             double *coefs) {
  dsc_data_config_default(cfg, (dsc_generator)i32(in, -1, 4));
  if (maybe(in)) cfg->n = i32(in, -2, 256);
  if (cfg->n > 256 || cfg->n < -2) { /* sizes beyond the clamp: only the check sees them */
    dsc_error err;
    (void)dsc_data_config_check(cfg, &err);
    cfg->n = 64;
  }
  if (maybe(in)) cfg->d = i32(in, -1, 16);
  if (cfg->d > 16 || cfg->d < -1) cfg->d = 3;
  if (maybe(in)) cfg->noise = i32(in, -1, 2);
  if (maybe(in)) cfg->degree = i32(in, -1, 13);
  if (cfg->degree > 13 || cfg->degree < -1) cfg->degree = 3;
  if (maybe(in)) cfg->standardize = i32(in, -1, 2);
  if (maybe(in)) cfg->noise_level = num(in);
  if (maybe(in)) cfg->bias = num(in);
  if (maybe(in)) cfg->test_fraction = num(in);
  if (maybe(in)) cfg->frequency = num(in);
  if (maybe(in)) cfg->separation = num(in);
  if (maybe(in) && cfg->d >= 1) {
    for (int j = 0; j < cfg->d; j++) weights[j] = num(in);
    cfg->weights = weights;
  }
  if (maybe(in) && cfg->d >= 1) {
    for (int j = 0; j < cfg->d; j++) scales[j] = num(in);
    cfg->scales = scales;
  }
  if (maybe(in)) {
    int32_t k = (int32_t)range(in, 0, 14);
    for (int j = 0; j < k; j++) coefs[j] = num(in);
    cfg->coefficients = k ? coefs : NULL;
    cfg->n_coefficients = maybe(in) ? k : i32(in, -1, 15);
    if (cfg->n_coefficients > 14) cfg->n_coefficients = 14; /* the array holds 14 */
  }
}

/* The stepped generator, in steps of a size taken from the seed (no input is read, so the corpus keeps its
   meaning), makes the bytes dsc_data_generate made. */
static void same_as_stepped(const dsc_data_config *cfg, uint64_t seed, const dsc_data *once) {
  dsc_datagen *gen = NULL;
  dsc_error err;
  int32_t done = 0;
  if (dsc_datagen_create(cfg, seed, &gen, &err) != DSC_OK) abort();
  if (dsc_datagen_advance(gen, 0, &done, &err) != DSC_EINVAL) abort();
  const int64_t step = (int64_t)(seed % 97u) + 1;
  while (!done)
    if (dsc_datagen_advance(gen, step, &done, &err) != DSC_OK) abort();
  if (dsc_datagen_values(gen) != dsc_datagen_max_values(gen)) abort();
  dsc_data *data = NULL;
  if (dsc_datagen_finish(gen, &data, &err) != DSC_OK) abort();
  dsc_datagen_free(gen);
  const size_t n = (size_t)dsc_data_n_train(once) + (size_t)dsc_data_n_test(once);
  const size_t d = (size_t)dsc_data_d(once);
  if (dsc_data_n_train(data) != dsc_data_n_train(once) || dsc_data_d(data) != dsc_data_d(once) ||
      memcmp(dsc_data_x_train(data), dsc_data_x_train(once), n * d * sizeof(float)) != 0 ||
      memcmp(dsc_data_y_train(data), dsc_data_y_train(once), n * sizeof(float)) != 0 ||
      !dsc_data_raw_train(data) != !dsc_data_raw_train(once) ||
      (dsc_data_raw_train(once) &&
       memcmp(dsc_data_raw_train(data), dsc_data_raw_train(once), n * sizeof(float)) != 0) ||
      memcmp(dsc_data_feature_mean(data), dsc_data_feature_mean(once), d * sizeof(double)) != 0 ||
      memcmp(dsc_data_feature_scale(data), dsc_data_feature_scale(once), d * sizeof(double)) != 0)
    abort();
  dsc_data_free(data);
}

static dsc_data *make_data(input *in, uint64_t seed) {
  dsc_data *data = NULL;
  dsc_error err;
  if (maybe(in)) {
    dsc_data_config cfg;
    double weights[16], scales[16], coefs[15];
    fill_data_config(in, &cfg, weights, scales, coefs);
    if (dsc_data_config_check(&cfg, &err) == DSC_OK) {
      if (dsc_data_generate(&cfg, seed, &data, &err) != DSC_OK) data = NULL;
      if (data) same_as_stepped(&cfg, seed, data);
    } else {
      /* generate must refuse what check refuses, and so must the stepped generator */
      dsc_datagen *gen = NULL;
      if (dsc_data_generate(&cfg, seed, &data, &err) == DSC_OK) abort();
      if (dsc_datagen_create(&cfg, seed, &gen, &err) != DSC_EINVAL || gen) abort();
      data = NULL;
    }
  } else {
    int32_t n = (int32_t)range(in, -1, 128), d = (int32_t)range(in, -1, 12);
    size_t cells = n > 0 && d > 0 ? (size_t)n * (size_t)d : 1;
    float *X = malloc(cells * sizeof(float));
    float *y = malloc((n > 0 ? (size_t)n : 1) * sizeof(float));
    int raw = maybe(in); /* any float bits, or modest values */
    for (size_t i = 0; i < cells; i++) {
      uint32_t bits = u32(in);
      float v;
      if (raw) memcpy(&v, &bits, sizeof v);
      else v = (float)(int32_t)bits / 65536.0f;
      X[i] = v;
    }
    for (int32_t i = 0; i < (n > 0 ? n : 1); i++) y[i] = maybe(in) ? (float)(u8(in) & 1) : (float)num(in);
    if (dsc_data_from_arrays(n, d, X, y, num(in), i32(in, -1, 2), seed, &data, &err) != DSC_OK) data = NULL;
    free(X);
    free(y);
  }
  return data;
}

static void fill_model(input *in, dsc_model_config *m) {
  dsc_model_config_default(m);
  if (maybe(in)) m->kind = i32(in, -1, 2);
  if (maybe(in)) m->loss = i32(in, -1, 4);
  if (maybe(in)) m->delta = num(in);
  if (maybe(in)) m->l1 = num(in);
  if (maybe(in)) m->l2 = num(in);
}

static void fill_optim(input *in, dsc_optim_config *o) {
  dsc_optim_config_default(o, (dsc_optim_kind)i32(in, -1, 12)); /* every kind (LBFGS 10, Newton 11) */
  if (maybe(in)) o->nesterov = i32(in, -1, 2);
  if (maybe(in)) o->amsgrad = i32(in, -1, 2);
  if (maybe(in)) o->centered = i32(in, -1, 2);
  if (maybe(in)) o->lr = num(in);
  if (maybe(in)) o->momentum = num(in);
  if (maybe(in)) o->dampening = num(in);
  if (maybe(in)) o->weight_decay = num(in);
  if (maybe(in)) o->beta1 = num(in);
  if (maybe(in)) o->beta2 = num(in);
  if (maybe(in)) o->eps = num(in);
  if (maybe(in)) o->alpha = num(in);
  if (maybe(in)) o->initial_accumulator_value = num(in);
  if (maybe(in)) o->lr_decay = num(in);
  if (maybe(in)) o->max_iter = i32(in, -1, 30);
  if (maybe(in)) o->max_eval = i32(in, -1, 40);
  if (maybe(in)) o->history_size = i32(in, -1, 20);
  if (maybe(in)) o->line_search = i32(in, -1, 2);
  if (maybe(in)) o->tolerance_grad = num(in);
  if (maybe(in)) o->tolerance_change = num(in);
  if (maybe(in)) o->damping = num(in);
}

static void fill_sched(input *in, dsc_sched_config *s) {
  dsc_sched_config_default(s, (dsc_sched_kind)i32(in, -1, 7));
  if (maybe(in)) s->per = i32(in, -1, 2);
  if (maybe(in)) s->step_size = i32(in, -1, 50);
  if (maybe(in)) s->t_max = i32(in, -1, 50);
  if (maybe(in)) s->total_iters = i32(in, -1, 50);
  if (maybe(in)) s->patience = i32(in, -1, 20);
  if (maybe(in)) s->cooldown = i32(in, -1, 20);
  if (maybe(in)) s->threshold_mode = i32(in, -1, 2);
  if (maybe(in)) s->gamma = num(in);
  if (maybe(in)) s->eta_min = num(in);
  if (maybe(in)) s->start_factor = num(in);
  if (maybe(in)) s->end_factor = num(in);
  if (maybe(in)) s->factor = num(in);
  if (maybe(in)) s->threshold = num(in);
  if (maybe(in)) s->min_lr = num(in);
  if (maybe(in)) s->eps = num(in);
  if (maybe(in)) s->increase = num(in);
  if (maybe(in)) s->decrease = num(in);
}

static void fill_train(input *in, dsc_train_config *t, int32_t n_train) {
  dsc_train_config_default(t);
  if (maybe(in)) t->batch_size = i32(in, -1, n_train + 1);
  if (maybe(in)) t->shuffle = i32(in, -1, 2);
  if (maybe(in)) t->record_every = i32(in, -1, 40);
  if (maybe(in)) t->max_iterations = maybe(in) ? (double)range(in, -1, 3000) : num(in);
  if (maybe(in)) t->max_epochs = maybe(in) ? (double)range(in, 0, 40) / 4.0 : num(in);
  if (maybe(in)) t->target_loss = num(in);
  if (maybe(in)) t->tolerance = num(in);
  if (maybe(in)) t->diverge_factor = num(in);
}

/* Reads everything a finished or stopped run exposes (ASan checks every access). */
static double read_run(const dsc_run *run, size_t np) {
  double s = (double)dsc_run_status_of(run) + (double)dsc_run_iteration(run) + dsc_run_epoch(run) +
             (double)dsc_run_diverged_at(run) + (double)dsc_run_max_iterations(run) +
             (double)dsc_run_samples(run) + (double)dsc_run_max_samples(run) +
             (double)dsc_run_record_every(run);
  const double *p = dsc_run_params(run);
  for (size_t j = 0; j < np; j++) s += p[j];
  size_t len = dsc_run_history_len(run);
  for (int c = 0; c < DSC_HIST_COLUMNS; c++) {
    const double *h = dsc_run_history(run, (dsc_history_column)c);
    if (h && len) s += h[0] + h[len - 1];
  }
  return s;
}

volatile double sink; /* keeps results alive */

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size) {
  input in = {bytes, size};
  uint64_t seed = ((uint64_t)u32(&in) << 32) | u32(&in);
  dsc_data *data = make_data(&in, seed);
  if (!data) return 0;
  dsc_error err;
  const int32_t n_train = dsc_data_n_train(data), n_test = dsc_data_n_test(data);
  const size_t d = (size_t)dsc_data_d(data), np = d + 1;
  double *params = malloc(np * sizeof(double));
  for (size_t j = 0; j < np; j++) params[j] = num(&in);

  dsc_model_config model;
  fill_model(&in, &model);
  int model_ok = dsc_model_config_check(&model, &err) == DSC_OK;
  if (model_ok) {
    dsc_metrics m;
    sink = dsc_model_objective(&model, dsc_data_x_train(data), dsc_data_y_train(data), (size_t)n_train, d, params);
    sink = dsc_model_loss(&model, dsc_data_x_test(data), dsc_data_y_test(data), (size_t)n_test, d, params);
    dsc_model_metrics(&model, dsc_data_x_train(data), dsc_data_y_train(data), (size_t)n_train, d, params, &m);
    sink = m.mse + m.accuracy;
  }

  /* the closed form in one go and in steps: the same status, the same bits */
  double l2 = maybe(&in) ? num(&in) : 0.0;
  double *once = malloc(np * sizeof(double));
  dsc_status one = dsc_solve_least_squares(data, l2, once, &err);
  dsc_solver *solver = NULL;
  if (dsc_solver_create(data, l2, &solver, &err) == DSC_OK) {
    int32_t done = 0;
    dsc_status st = DSC_OK;
    int64_t step = range(&in, -1, 5000);
    for (int k = 0; k < 100000 && st == DSC_OK && !done; k++) st = dsc_solver_advance(solver, step, &done, &err);
    if (step >= 1 && (st == DSC_OK) != (one == DSC_OK)) abort();
    if (step >= 1 && done && memcmp(dsc_solver_params(solver), once, np * sizeof(double)) != 0) abort();
    dsc_solver_free(solver);
  } else if (one == DSC_OK) {
    abort();
  }
  free(once);

  int runs = (int)range(&in, 0, 3);
  for (int r = 0; r < runs && model_ok; r++) {
    dsc_optim_config optim;
    dsc_sched_config sched;
    dsc_train_config train;
    fill_optim(&in, &optim);
    fill_sched(&in, &sched);
    fill_train(&in, &train, n_train);
    for (size_t j = 0; j < np; j++) params[j] = maybe(&in) ? num(&in) : 0.0;
    dsc_run *run = NULL;
    if (dsc_run_create(data, &model, &optim, &sched, &train, params, seed, &run, &err) != DSC_OK) continue;
    int64_t left = 3000;
    int32_t status = DSC_RUN_RUNNING;
    while (left > 0 && status == DSC_RUN_RUNNING) {
      int64_t chunk = range(&in, 0, 700);
      if (dsc_run_advance(run, chunk, &status, &err) != DSC_OK) break; /* chunk 0: refused */
      left -= chunk;
    }
    if (status != DSC_RUN_RUNNING && dsc_run_advance(run, 1, &status, &err) == DSC_OK) abort(); /* ended */
    sink = read_run(run, np);
    dsc_run_free(run);
  }
  free(params);
  dsc_data_free(data);
  return 0;
}
