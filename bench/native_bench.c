/* native_bench.c — the "native" implementation of `npm run bench`: descent's C core built with
 * -O3 -march=native (CMake -DDSC_NATIVE_ARCH=ON -DDSC_BENCH=ON, in build/bench-native), timing the
 * same runs that bench/impl-descent.mjs times through the JavaScript engine.
 *
 * Usage: native_bench REFERENCE_FILE CASE...
 *   CASE            name:n:d:batch:updates:reps:record — batch 0 is the full batch; `updates` per
 *                   timed repetition; record is "none" (history points only at the ends) or "auto".
 *   REFERENCE_FILE  first line "rtol_loss rtol_grad", then one line per dataset "n d loss g_0 … g_d":
 *                   the float64 loss and mean gradient at the start point (bench.mjs computes them).
 * Per case: generate the dataset (bench_data_create), compute the loss and gradient at the start
 * point through a run (one SGD step at lr 1 from w0: g = w0 − w1) and compare them with the
 * reference — a case that disagrees is not timed —, then run one warm-up repetition and `reps` timed
 * repetitions of dsc_run_advance(run, updates). Batch size 1 also times the update arithmetic alone
 * (bench_sgd_arith). Prints one JSON object per case on stdout; exits 1 when a check fails. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_core.h"

#define MAX_REPS 64

typedef struct bench_case {
  char name[64];
  int32_t n, d, batch, reps;
  int64_t updates;
  int record_auto;
} bench_case;

typedef struct reference {
  double rtol_loss, rtol_grad;
  FILE *f;
} reference;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return 1e3 * (double)t.tv_sec + 1e-6 * (double)t.tv_nsec;
}

static int parse_case(const char *s, bench_case *c) {
  char record[16];
  long long updates;
  memset(c, 0, sizeof *c);
  if (sscanf(s, "%63[^:]:%d:%d:%d:%lld:%d:%15s", c->name, &c->n, &c->d, &c->batch, &updates, &c->reps,
             record) != 7)
    return 0;
  c->updates = (int64_t)updates;
  c->record_auto = strcmp(record, "auto") == 0;
  return c->n >= 2 && c->d >= 1 && c->d <= DSC_MAX_FEATURES && c->batch >= 0 && c->updates >= 1 &&
         c->reps >= 1 && c->reps <= MAX_REPS && (c->record_auto || strcmp(record, "none") == 0);
}

/* Reads the reference loss and gradient of dataset (n, d) into want[0] (loss), want[1..d+1]. */
static int find_reference(reference *ref, int32_t n, int32_t d, double *want) {
  int rn, rd;
  rewind(ref->f);
  if (fscanf(ref->f, "%lf %lf", &ref->rtol_loss, &ref->rtol_grad) != 2) return 0;
  while (fscanf(ref->f, "%d %d", &rn, &rd) == 2) {
    int match = rn == n && rd == d;
    for (int32_t j = 0; j < rd + 2; j++) {
      double v;
      if (fscanf(ref->f, "%lf", &v) != 1) return 0;
      if (match) want[j] = v;
    }
    if (match) return 1;
  }
  return 0;
}

/* A run over data from w0: SGD at lr, constant schedule, shuffled mini-batches (or full batch). */
static dsc_run *run_create(const dsc_data *data, int32_t batch, double lr, double iterations,
                           int32_t record_every, dsc_error *err) {
  dsc_model_config model;
  dsc_optim_config optim;
  dsc_sched_config sched;
  dsc_train_config train;
  double w0[DSC_MAX_FEATURES + 1];
  dsc_run *run = NULL;
  dsc_model_config_default(&model);
  dsc_optim_config_default(&optim, DSC_OPTIM_SGD);
  optim.lr = lr;
  dsc_sched_config_default(&sched, DSC_SCHED_CONSTANT);
  dsc_train_config_default(&train);
  train.batch_size = batch;
  train.shuffle = 1;
  train.record_every = record_every;
  train.max_iterations = iterations;
  bench_w0(w0, dsc_data_d(data));
  if (dsc_run_create(data, &model, &optim, &sched, &train, w0, BENCH_SEED, &run, err) != DSC_OK)
    return NULL;
  return run;
}

/* Loss and mean gradient at w0 through the trainer: one full-batch step at lr 1 gives w1 = w0 − g. */
static int check_case(const dsc_data *data, double *got, dsc_error *err) {
  const int32_t d = dsc_data_d(data);
  double w0[DSC_MAX_FEATURES + 1];
  int32_t status;
  dsc_run *run = run_create(data, 0, 1.0, 1, 1, err);
  if (!run) return 0;
  if (dsc_run_advance(run, 1, &status, err) != DSC_OK) {
    dsc_run_free(run);
    return 0;
  }
  bench_w0(w0, d);
  got[0] = dsc_run_history(run, DSC_HIST_TRAIN_LOSS)[0];
  for (int32_t j = 0; j <= d; j++) got[1 + j] = w0[j] - dsc_run_params(run)[j];
  dsc_run_free(run);
  return 1;
}

static int agrees(const double *got, const double *want, int32_t d, const reference *ref) {
  double gmax = 0;
  for (int32_t j = 0; j <= d; j++) gmax = fmax(gmax, fabs(want[1 + j]));
  if (!(fabs(got[0] - want[0]) <= ref->rtol_loss * fabs(want[0]))) return 0;
  for (int32_t j = 0; j <= d; j++)
    if (!(fabs(got[1 + j] - want[1 + j]) <= ref->rtol_grad * gmax)) return 0;
  return 1;
}

/* Prints ,"error":"message"} and a newline, with the message JSON-escaped. */
static void print_error(const char *prefix, const char *message) {
  printf(",\"error\":\"%s", prefix);
  for (const char *p = message; *p; p++) {
    if (*p == '"' || *p == '\\') putchar('\\');
    if ((unsigned char)*p >= 0x20) putchar(*p);
  }
  printf("\"}\n");
}

static void print_times(const char *key, const double *t, int reps) {
  printf(",\"%s\":[", key);
  for (int r = 0; r < reps; r++) printf("%s%.6f", r ? "," : "", t[r]);
  printf("]");
}

/* Runs one case; returns 0 when its check fails or the core reports an error. */
static int run_case(const bench_case *c, reference *ref) {
  double got[DSC_MAX_FEATURES + 2], want[DSC_MAX_FEATURES + 2], times[MAX_REPS], arith[MAX_REPS];
  dsc_error err = {{0}};
  int ok = 0;
  dsc_data *data = bench_data_create(c->n, c->d);
  dsc_run *run = NULL;
  printf("{\"impl\":\"native\",\"name\":\"%s\",\"n\":%d,\"d\":%d,\"batch\":%d", c->name, c->n, c->d,
         c->batch);
  if (!data) {
    printf(",\"error\":\"cannot generate the dataset\"}\n");
    return 0;
  }
  if (!check_case(data, got, &err)) {
    print_error("check: ", err.message);
    goto done;
  }
  printf(",\"check\":{\"loss\":%.17g,\"grad\":[", got[0]);
  for (int32_t j = 0; j <= c->d; j++) printf("%s%.17g", j ? "," : "", got[1 + j]);
  printf("]}");
  if (!find_reference(ref, c->n, c->d, want)) {
    printf(",\"error\":\"no reference for n=%d d=%d\"}\n", c->n, c->d);
    goto done;
  }
  if (!agrees(got, want, c->d, ref)) {
    printf(",\"error\":\"loss/gradient disagree with the float64 reference: not timed\"}\n");
    goto done;
  }
  /* budget: warm-up + reps repetitions, plus one update so that the run never ends while timed */
  run = run_create(data, c->batch, 1e-3, (double)(c->updates * (c->reps + 1) + 1),
                   c->record_auto ? 0 : (int32_t)(c->updates * (c->reps + 1) + 1), &err);
  if (!run) {
    print_error("", err.message);
    goto done;
  }
  {
    int32_t status;
    double e0, e1;
    if (dsc_run_advance(run, c->updates, &status, &err) != DSC_OK) goto core_error; /* warm-up */
    e0 = dsc_run_epoch(run);
    for (int r = 0; r < c->reps; r++) {
      const double t0 = now_ms();
      if (dsc_run_advance(run, c->updates, &status, &err) != DSC_OK) goto core_error;
      times[r] = now_ms() - t0;
    }
    e1 = dsc_run_epoch(run);
    if (status != DSC_RUN_RUNNING) {
      printf(",\"error\":\"the run ended while timed (status %d)\"}\n", (int)status);
      goto done;
    }
    printf(",\"updates\":%lld,\"epochsPerRep\":%.9g,\"recordEvery\":%d,\"reps\":%d",
           (long long)c->updates, (e1 - e0) / c->reps, (int)dsc_run_record_every(run), c->reps);
    print_times("timesMs", times, c->reps);
  }
  if (c->batch == 1) {
    volatile double sink = bench_sgd_arith(data, (double)c->updates, 1e-3); /* warm-up */
    for (int r = 0; r < c->reps; r++) {
      const double t0 = now_ms();
      sink = bench_sgd_arith(data, (double)c->updates, 1e-3);
      arith[r] = now_ms() - t0;
    }
    (void)sink;
    print_times("arithTimesMs", arith, c->reps);
  }
  printf("}\n");
  ok = 1;
  goto done;
core_error:
  print_error("", err.message);
done:
  fflush(stdout);
  dsc_run_free(run);
  dsc_data_free(data);
  return ok;
}

int main(int argc, char **argv) {
  reference ref = {0, 0, NULL};
  int ok = 1;
  if (argc < 3) {
    fprintf(stderr, "usage: native_bench REFERENCE_FILE name:n:d:batch:updates:reps:record ...\n");
    return 2;
  }
  ref.f = fopen(argv[1], "r");
  if (!ref.f) {
    fprintf(stderr, "native_bench: cannot open %s\n", argv[1]);
    return 2;
  }
  for (int a = 2; a < argc; a++) {
    bench_case c;
    if (!parse_case(argv[a], &c)) {
      fprintf(stderr, "native_bench: bad case '%s'\n", argv[a]);
      ok = 0;
      continue;
    }
    ok &= run_case(&c, &ref);
  }
  fclose(ref.f);
  return ok ? 0 : 1;
}
